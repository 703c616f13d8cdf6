#!/usr/bin/env python3
"""Time each build stage on a UK-sized synthetic snapshot, and say whether it meets its target.

A maintenance script: the package never imports it. It

1. makes a throwaway project (mkdocs.yml, docs/, overrides/ copied from this repository);
2. writes a demonstration snapshot with every source and indicator for about 370 local authorities
   with scripts/make_sample_data.py (``--years`` periods per table);
3. runs tidy, indicators, pages and site one after another, each in a fresh Python process, so that
   each one's peak memory (the process's maximum resident set size) is its own;
4. deletes build/ and runs a whole cold build, then deletes build/ and the tool cache (what the tool
   makes from its own code alone, kept between builds; see util/paths.tool_cache) and runs another, as
   a first build on a new machine would, then a build with nothing changed, which should skip every
   stage (before any step, the tool cache is filled, untimed, so the stages and the `pdf` commands
   run as in a second build or export);
5. counts what the pages stage spends compiling chart templates with Altair against filling them
   per area, to show Altair is paid once per chart, not once per area;
6. runs the `pdf` command as a user would, each time with no chart drawn yet: one area, then every
   area with two workers, for the full profile and then the short board paper (skip with --no-pdf);
7. with --against REV, does all of the above in turns with the package, mkdocs.yml, docs/ and
   overrides/ of an older commit (taken with `git archive` into the working folder, run with this
   virtual environment through PYTHONPATH) on the same synthetic snapshot, and prints how many times
   faster the current code is, step by step, in elapsed and CPU time, and each site's size;
8. with --scale, builds the pages and the site for 10 to 380 areas and fits the cost to a line.

Measure on a quiet machine; each step prints the load average with the figures. Each side's package
is compiled to bytecode first, as an installed package is.

Stage rows call the pipeline's stage functions directly (pipeline._tidy_into, indicators_stage,
pages_stage, site.mkdocs_build), as build() does; if those are renamed, this script fails loudly.

Examples:
  .venv/bin/python scripts/benchmark.py
  .venv/bin/python scripts/benchmark.py --against 1390bd3 --rounds 3   # make benchmark AGAINST=1390bd3
  .venv/bin/python scripts/benchmark.py --no-pdf --scale 10,40,160,380
  .venv/bin/python scripts/benchmark.py --areas-limit 50 --keep --workdir /tmp/bench
  .venv/bin/python scripts/benchmark.py --profile pages
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "scripts" / "make_sample_data.py"
# "workbooks" (each area's XLSX, made beside MkDocs in a build, timed here alone in one process) is a
# stage only of the commits that have render/workbooks.py; other commits show "-" for it. Earlier ones
# made no workbooks or made them in the pages stage; later ones leave them to the reader's browser
# (assets/workbook.js).
STAGES = ("tidy", "indicators", "pages", "workbooks", "site")
# A cold build deletes build/; what the tool makes from its own code alone (the Vega runtime, minified
# scripts, compiled chart templates) is kept in its tool cache (util/paths.tool_cache), here one per side,
# filled by the first steps. This second cold build empties that cache too: what a first build on a new
# machine costs. An older commit kept them in build/ and has no such cache, so for it both are the same.
EMPTY_CACHE_BUILD = "cold build, no tool cache"
WHOLE_BUILDS = ("cold build", EMPTY_CACHE_BUILD, "no-change rebuild")
TARGETS = {"pages": 5.0, "cold build": 60.0, EMPTY_CACHE_BUILD: 60.0, "no-change rebuild": 5.0,  # seconds
           "pdf, one area (cold)": 2.0, "pdf --all (2 workers)": 120.0,
           "pdf board, one area (cold)": 2.0, "pdf board --all (2 workers)": 120.0}
CODES_FILE = "benchmark-areas.json"
ALL_CODES_FILE = "benchmark-all-areas.json"  # every local authority, for --scale
SCALE_STEPS = ("pages", "site")  # the steps whose cost grows with the number of area pages
# Targets against the older commit (--against): how many times faster, and the site's size.
SPEED_UP_TARGETS = {"cold build": 2.2, "site": 2.5}
SITE_MB_TARGET = 150
PDF_STEPS = {  # step name -> the `pdf` command's arguments, given the --pdf-area code
    "pdf, one area (cold)": lambda area: ["--area", area],
    "pdf --all (2 workers)": lambda area: ["--all", "--jobs", "2"],
    # The short board paper (summary, overview, six key charts, caveats), from the commit that added it.
    "pdf board, one area (cold)": lambda area: ["--area", area, "--variant", "board"],
    "pdf board --all (2 workers)": lambda area: ["--all", "--jobs", "2", "--variant", "board"],
}


# --- child process: one step, reported as one JSON line on stdout ----------------------------------------

def _usage() -> dict:
    """Peak resident set size (MB) of this process and of its finished children (MkDocs runs as one),
    and the CPU seconds of both: on a busy machine CPU time varies less than elapsed time."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, kilobytes on Linux
    return {"peak_mb": own.ru_maxrss / scale, "children_peak_mb": children.ru_maxrss / scale,
            "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}



def _module(name: str, flat: str | None = None):
    """The package's module `name` (its path in the layered package, e.g. "util.paths"), or `flat`
    (by default the same last name) in the flat layout of older commits, which --against also runs."""
    try:
        return importlib.import_module(f"migration_profiles.{name}")
    except ModuleNotFoundError:
        return importlib.import_module(f"migration_profiles.{flat or name.rpartition('.')[2]}")


def _recording_progress():
    """A quiet Progress that also remembers how long each stage took inside build()."""
    Progress = _module("util.progress").Progress

    class Recording(Progress):
        def __init__(self):
            super().__init__(quiet=True)
            self.seconds: dict[str, float] = {}
            self._began: dict[str, float] = {}

        def step(self, name, message):
            self._began[name] = time.perf_counter()
            super().step(name, message)

        def done(self, name, message="done"):
            self.seconds[name] = time.perf_counter() - self._began.pop(name, time.perf_counter())
            super().done(name, message)

    return Recording()


def _options(workdir: Path):
    from migration_profiles.pipeline import BuildOptions

    codes_file = workdir / CODES_FILE
    codes = json.loads(codes_file.read_text()) if codes_file.exists() else None
    return BuildOptions(areas=codes)


def _instrument_charts():
    """Count and time chart compiles (Altair -> Vega-Lite) and per-area chart data (an area's rows put
    beside the template). The counters live in shared memory: the pages stage forks workers, and
    counts kept in a worker's own memory would be lost when it ends. Older code filled a copy of the
    template per chart (charts.fill); newer code writes each area's rows only
    (chart_scripts.area_script): whichever this package has is counted. Times are the CPU time of the
    process doing the work: with several workers on a busy machine, elapsed time counts their waits."""
    charts = _module("render.charts")
    shared = multiprocessing.Array("d", 4)  # compiles, compile seconds, charts filled, fill seconds
    compile_ = charts._compile

    def add(index: int, count: float, seconds: float) -> None:
        with shared.get_lock():
            shared[index] += count
            shared[index + 1] += seconds

    def timed_compile(*args, **kwargs):
        start = time.process_time()
        try:
            return compile_(*args, **kwargs)
        finally:
            add(0, 1, time.process_time() - start)

    def timed(function, count):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                add(2, count(*args), time.process_time() - start)
        return wrapper

    if hasattr(charts, "_TEMPLATES"):
        charts._TEMPLATES.clear()
    else:
        charts.template.cache_clear()
    charts._compile = timed_compile  # template() looks _compile up in the module on each miss
    # Where each commit makes an area's rows for its charts: now the chart's table, which the browser
    # draws from (chart_table.html); earlier a per-area script (chart_scripts.area_script), and before
    # that each chart filled in by charts.fill. Each is called through its module, so wrapping it counts.
    try:
        chart_table = _module("render.chart_table")
        chart_table.html = timed(chart_table.html, lambda chart: 1)
    except ImportError:
        try:
            chart_scripts = _module("render.chart_scripts")
            chart_scripts.area_script = timed(chart_scripts.area_script, lambda code, profile: sum(
                len(theme["charts"]) for theme in profile["themes"]))
        except (ImportError, AttributeError):
            charts.fill = timed(charts.fill, lambda *args: 1)

    def read() -> dict:
        return {"compiles": int(shared[0]), "compile_s": shared[1],
                "fills": int(shared[2]), "fill_s": shared[3]}

    return read


def _pick_areas(ws, limit: int | None, workdir: Path) -> None:
    import pandas as pd

    LA_PREFIXES = _module("render.profiles").LA_PREFIXES

    codes = pd.read_parquet(ws.indicators / "indicators.parquet", columns=["area_code"])["area_code"]
    every = sorted(c for c in codes.unique() if str(c).startswith(LA_PREFIXES))
    (workdir / ALL_CODES_FILE).write_text(json.dumps(every))
    if limit:
        (workdir / CODES_FILE).write_text(json.dumps(every[:limit]))


def _edition(ws) -> tuple[bool, str]:
    """What build() would call this edition, read without pandas so the site step stays small."""
    meta = json.loads((ws.tidy / "snapshots.json").read_text())
    if meta["demo"]:
        return True, "demo"
    from migration_profiles.pipeline import default_edition

    return False, default_edition(meta["snapshots"], False)


def _child(step: str, workdir: Path, areas_limit: int | None, profile: bool, pdf_area: str) -> None:
    import migration_profiles
    Workspace = _module("util.paths").Workspace

    ws = Workspace(workdir / "project")
    result: dict = {"step": step, "package": str(Path(migration_profiles.__file__).parent)}
    chart_stats = _instrument_charts() if step in ("pages", "cold build", EMPTY_CACHE_BUILD) else None

    # Imports and arguments are prepared before the clock starts; only the stage itself is timed.
    if step == "tidy":
        from migration_profiles import pipeline
        from migration_profiles.sources import all_sources
        snapshot_root = _module("stages.tidy").snapshot_root

        root, demo = snapshot_root(ws)
        sources = all_sources()
        # Parsed from the snapshot, as in a cold build: in a second round the cold build of the first has
        # left each source's parsed tables in the cache (stages/tidy.py, ParsedCache), and the median of
        # the rounds was then the time to read them back.
        shutil.rmtree(ws.build / "cache" / "parsed", ignore_errors=True)

        def run():
            pipeline._tidy_into(ws, root, sources, demo)
    elif step == "indicators":
        from migration_profiles import pipeline
        def run():
            pipeline.indicators_stage(ws)
    elif step == "pages":
        from migration_profiles import pipeline
        Progress = _module("util.progress").Progress

        demo, edition = _edition(ws)
        options = _options(workdir)

        def run():
            result["areas"] = pipeline.pages_stage(ws, options, edition, demo, Progress(quiet=True))
    elif step == "workbooks":
        try:
            workbooks = importlib.import_module("migration_profiles.render.workbooks")
        except ModuleNotFoundError:  # an older commit: its pages stage made them
            result.update(seconds=0.0, missing=True, **_usage())
            print(json.dumps(result))
            return
        shutil.rmtree(ws.workbooks, ignore_errors=True)  # made from scratch, as in a cold build

        def run():
            result["made"] = workbooks.make(ws.workbook_inputs, ws.workbooks)[0]
    elif step == "site":
        # No pandas here: MkDocs is started from a small process, so that the MkDocs column is its own
        # peak (a child's maximum RSS starts from its parent's size when it is spawned).
        site = _module("site.adapter", flat="site")
        demo, edition = _edition(ws)
        extra = {}
        if (getattr(ws, "workbooks", None) is not None and (ws.workbooks / "index.json").exists()):
            # The workbooks go into the site as a build puts them there, so its size counts them.
            install = importlib.import_module("migration_profiles.render.workbooks").install
            extra["before_swap"] = lambda folder: install(ws.workbooks, folder)

        def run():
            site.mkdocs_build(ws, demo=demo, edition=edition, **extra)
    elif step == "fill tool cache":
        # Untimed, before the steps: what a build keeps in the tool cache between builds, so that the
        # stage rows and "cold build" measure a build with it, and EMPTY_CACHE_BUILD one without.
        paths = _module("util.paths")
        if not hasattr(paths, "tool_cache"):  # an older commit: its cache is in build/
            result.update(seconds=0.0, missing=True, **_usage())
            print(json.dumps(result))
            return
        pages, charts = _module("render.pages"), _module("render.charts")
        templating = _module("render.templating")
        units = {ind.id: ind.unit for ind in _module("stages.indicators").INDICATORS}

        def run():
            pages.vega_bundle(paths.tool_cache())
            pages.own_scripts(paths.tool_cache())
            charts.warm(lambda chart: units[chart.indicator_ids[0]], paths.tool_cache())
            if hasattr(templating, "keep_compiled"):  # the Jinja templates, the PDFs' among them
                templating.keep_compiled(paths.tool_cache())
                env = templating.environment()
                for name in env.list_templates():
                    env.get_template(name)
    elif step in WHOLE_BUILDS:
        from migration_profiles import pipeline
        options = _options(workdir)

        def run():
            recorder = _recording_progress()
            report = pipeline.build(ws, options, recorder)
            result["ran"] = report.ran
            result["stages"] = recorder.seconds
            result["areas"] = report.areas
    elif step in PDF_STEPS:
        # The command as a user runs it, with no chart drawn yet. Judged on the whole process's time,
        # so interpreter start-up and imports count (a cold start); CPU s includes the workers.
        from migration_profiles import cli
        if "--variant" in PDF_STEPS[step](pdf_area) and not hasattr(_module("render.pdf"), "VARIANTS"):
            result.update(seconds=0.0, missing=True, **_usage())  # an older commit: no board paper
            print(json.dumps(result))
            return
        arguments = PDF_STEPS[step](pdf_area)

        def run():
            if cli.main(["--root", str(ws.root), "--quiet", "pdf", *arguments]) != 0:
                raise SystemExit(f"pdf {' '.join(arguments)} failed")
            result["pdfs"] = len(list(ws.pdf.rglob("*.pdf")))
    else:
        raise SystemExit(f"unknown step {step!r}")

    start = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(run)
        out = workdir / f"profile-{step.replace(' ', '-')}.prof"
        profiler.dump_stats(out)
        result["profile"] = str(out)
        stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
        print(f"\n--- cProfile of {step}: top 30 by cumulative time ({out}) ---", file=sys.stderr)
        stats.print_stats(30)
    else:
        run()
    result["seconds"] = time.perf_counter() - start
    if step == "indicators":
        _pick_areas(ws, areas_limit, workdir)
    result.update(_usage())
    if chart_stats is not None:
        result["charts"] = chart_stats()
    print(json.dumps(result))


# --- parent: set up, run each step in its own process, print the table -----------------------------------

class Side:
    """One version of the code under test: its package, and a project (mkdocs.yml, docs/, overrides/,
    the snapshot) of its own, so the two versions never read each other's build."""

    def __init__(self, name: str, label: str, folder: Path, code: Path):
        self.name, self.label, self.folder, self.code = name, label, folder, code

    @property
    def project(self) -> Path:
        return self.folder / "project"

    @property
    def tool_cache(self) -> Path:
        return self.folder / "tool-cache"


def _run_child(step: str, side: Side, args) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--workdir", str(side.folder),
               "--pdf-area", args.pdf_area]
    if args.areas_limit:
        command += ["--areas-limit", str(args.areas_limit)]
    if args.profile == step:
        command.append("--child-profile")
    # The children import the side's copy of the package (see _freeze_package and _archive).
    pythonpath = os.pathsep.join(p for p in (str(side.code), os.environ.get("PYTHONPATH")) if p)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": pythonpath, "MIGRATION_PROFILES_CACHE": str(side.tool_cache)}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if args.profile == step or done.returncode != 0:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"step '{step}' failed with {side.label} (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    expected = str(side.code / "migration_profiles")
    if result["package"] != expected:
        raise SystemExit(f"step '{step}' imported {result['package']}, not {expected}")
    result["process_s"] = wall
    result["load"] = os.getloadavg()[0]
    if step in ("site", "cold build", EMPTY_CACHE_BUILD):
        result["site_mb"] = _size_mb(side.project / "build" / "site")
        result["site_parts"] = _site_parts(side.project / "build" / "site")
    return result


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


# Where a site's size is: each area's page and its files, by kind, and the rest.
SITE_PARTS = {"area pages (HTML)": "areas/*/index.html", "area JSON": "data/areas/*.json",
              "area CSV": "data/areas/*.csv", "area XLSX": "data/areas/*.xlsx",
              "per-chart CSVs": "data/areas/*/*.csv", "chart rows (JS)": "assets/charts/*.js"}


def _site_parts(folder: Path) -> dict[str, float]:
    """MB of each part of SITE_PARTS in the site, and of everything else (files counted once)."""
    if not folder.is_dir():
        return {}
    parts, seen = {}, set()
    for name, pattern in SITE_PARTS.items():
        files = [f for f in folder.glob(pattern) if f.is_file()]
        seen.update(files)
        parts[name] = sum(f.stat().st_size for f in files) / 1e6
    parts["everything else"] = sum(f.stat().st_size for f in folder.rglob("*")
                                   if f.is_file() and f not in seen) / 1e6
    return parts


def _compile_bytecode(code: Path) -> None:
    """Compile the side's package to bytecode before anything is timed, as installing it does. With
    PYTHONDONTWRITEBYTECODE set (as in some containers) no step would ever find it compiled, and
    each process, every PDF worker among them, would compile about a hundred modules again: half a
    second of CPU that no installed copy pays."""
    import compileall

    compileall.compile_dir(str(code), quiet=1, force=True)


def _freeze_package(folder: Path) -> Path:
    """Copy the package as it is now, so that edits made while the benchmark runs (the pipeline hashes
    its own source) neither change what is measured nor make the no-change rebuild run again."""
    import migration_profiles

    source = Path(migration_profiles.__file__).resolve().parent
    shutil.copytree(source, folder / "code" / "migration_profiles",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return source


# The package and the site's files, and the synthetic-data generator with the test helper it imports.
ARCHIVED = ("src", "mkdocs.yml", "docs", "overrides", "requirements.lock", "scripts", "tests/__init__.py",
            "tests/odsfile.py")
REALDATA = REPO.parent / "shared" / "realdata"  # read by the generators for area codes and names only


def _archive(rev: str, folder: Path) -> str:
    """The older commit's package and site files, unpacked into `folder/tree`; returns its short hash."""
    def git(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, check=False, **kwargs)

    found = git("rev-parse", "--verify", "--short", f"{rev}^{{commit}}", text=True)
    if found.returncode != 0:
        raise SystemExit(f"--against {rev}: no such commit in {REPO}")
    listed = git("ls-tree", "-r", "--name-only", rev, text=True).stdout.split()
    listed = {name for name in ARCHIVED if name in listed or any(n.startswith(name + "/") for n in listed)}
    tree = folder / "tree"
    tree.mkdir(parents=True)
    archive = git("archive", "--format=tar", rev, *[name for name in ARCHIVED if name in listed])
    if archive.returncode != 0:
        raise SystemExit(f"git archive {rev} failed: {archive.stderr.decode(errors='replace')}")
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return found.stdout.strip()


def _dependencies_differ(tree: Path) -> list[str]:
    """Pinned versions that differ between the older commit and this one: its code runs in this
    virtual environment, so any difference is reported beside the figures."""
    def pins(path: Path) -> set[str]:
        lines = path.read_text().splitlines() if path.exists() else []
        return {line.strip() for line in lines if line.strip() and not line.startswith("#")}

    ours, theirs = pins(REPO / "requirements.lock"), pins(tree / "requirements.lock")
    return sorted(theirs ^ ours)


def _make_project(project: Path, tree: Path = REPO) -> Path:
    project.mkdir(parents=True)
    shutil.copy(tree / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        if (tree / folder).is_dir():
            shutil.copytree(tree / folder, project / folder)
    return project


def _generator_code(generator: Path) -> list[tuple[str, bytes]]:
    """The generator's code: its entry script and, where the commit has one, its sample_data package
    (comparing the entry script alone would miss a change to one source's writer)."""
    package = sorted((generator.parent / "sample_data").glob("*.py"))
    return [(path.name, path.read_bytes()) for path in [generator, *package]]


def _generate(project: Path, years: int, generator: Path = GENERATOR) -> float:
    if not generator.exists():
        raise SystemExit(f"{generator} not found: it writes the snapshot this benchmark builds from")
    out = project / "data" / "sample" / "snapshots"
    start = time.perf_counter()
    command = [sys.executable, str(generator), "--out", str(out), "--years", str(years), "--quiet"]
    if REALDATA.is_dir():
        command += ["--realdata", str(REALDATA)]
    # It imports helpers from its own checkout (tests/odsfile.py) and that checkout's package, not the
    # one installed in this virtual environment: an older generator reads older parsers' names.
    tree = generator.parents[1]
    paths = (str(tree / "src"), str(tree), os.environ.get("PYTHONPATH"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
    done = subprocess.run(command, capture_output=True, text=True, cwd=tree, env=env)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{generator} failed (exit {done.returncode})")
    return time.perf_counter() - start


def _verdict(name: str, seconds: float) -> tuple[str, str]:
    target = TARGETS.get(name)
    if target is None:
        return "", ""
    return f"< {target:g} s", "ok" if seconds < target else "MISSED"


def _table(rows: list[dict]) -> str:
    header = ("step", "seconds", "process s", "CPU s", "peak MB", "MkDocs MB", "target", "")
    lines = [header]
    for r in rows:
        if r.get("missing"):
            lines.append((r["step"], "-", "-", "-", "-", "-", "", "not in this commit"))
            continue
        target, verdict = _verdict(r["step"], r["judged_s"])
        # Only the site step starts MkDocs from a small process; in a whole build MkDocs' maximum RSS
        # would start from the build process's own size, so it is not shown there.
        child = f"{r['children_peak_mb']:.0f}" if r["step"] == "site" else "-"
        lines.append((r["step"], f"{r['seconds']:.2f}", f"{r['process_s']:.2f}", f"{r['cpu_s']:.2f}",
                      f"{r['peak_mb']:.0f}", child, target, verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(cell.ljust(w) if i in (0, 6, 7) else cell.rjust(w)
                             for i, (cell, w) in enumerate(zip(line, widths, strict=True))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _median(rows: list[dict]) -> dict:
    """The run with the median elapsed time of a step's rounds (its other figures come with it)."""
    ordered = sorted(rows, key=lambda r: r["judged_s"])
    return ordered[(len(ordered) - 1) // 2]


def _comparison(steps: list[str], results: dict, old: Side, new: Side) -> str:
    """Each step's time with the older commit and now, and how many times faster now is."""
    header = ("step", f"{old.label} s", "now s", "faster", f"{old.label} CPU s", "now CPU s", "CPU faster",
              "target")
    lines = [header]
    for step in steps:
        a, b = _median(results[old.name][step]), _median(results[new.name][step])
        if a.get("missing") or b.get("missing"):  # a step one of the two commits does not have
            lines.append((step, "-" if a.get("missing") else f"{a['judged_s']:.2f}",
                          "-" if b.get("missing") else f"{b['judged_s']:.2f}", "-", "-", "-", "-", ""))
            continue
        wall, cpu = a["judged_s"] / b["judged_s"], a["cpu_s"] / max(b["cpu_s"], 1e-9)
        target = SPEED_UP_TARGETS.get(step)
        verdict = ""
        if target:
            met = wall >= target and (step != "cold build" or cpu >= target)
            verdict = f">= {target:g}x " + ("ok" if met else "MISSED")
        lines.append((step, f"{a['judged_s']:.2f}", f"{b['judged_s']:.2f}", f"{wall:.2f}x",
                      f"{a['cpu_s']:.2f}", f"{b['cpu_s']:.2f}", f"{cpu:.2f}x", verdict))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(c.ljust(w) if i in (0, 7) else c.rjust(w)
                             for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def _fit(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Least-squares line through (areas, seconds): (seconds per area, fixed seconds, R squared)."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in points)
    return slope, intercept, 1 - residual / total if total else 1.0


def _scale(side: Side, sizes: list[int], args) -> str:
    """Build the pages and the site for each number of areas; fit each step's cost to a line."""
    every = json.loads((side.folder / ALL_CODES_FILE).read_text())
    codes_file = side.folder / CODES_FILE
    kept = codes_file.read_text() if codes_file.exists() else None
    measured: dict[str, list[tuple[int, float, float]]] = {step: [] for step in SCALE_STEPS}
    try:
        for size in sizes:
            chosen = every[:size]
            codes_file.write_text(json.dumps(chosen))
            for step in SCALE_STEPS:
                row = _run_child(step, side, args)
                measured[step].append((len(chosen), row["seconds"], row["cpu_s"]))
            print(f"  scale: {len(chosen)} areas: " + ", ".join(
                f"{step} {measured[step][-1][1]:.2f} s" for step in SCALE_STEPS), flush=True)
    finally:
        if kept is None:
            codes_file.unlink(missing_ok=True)
        else:
            codes_file.write_text(kept)
    lines = ["areas  " + "  ".join(f"{step + ' s':>9}  {step + ' CPU s':>11}" for step in SCALE_STEPS)
             + "  pages+site s"]
    for n in range(len(sizes)):
        cells = [(measured[step][n][1], measured[step][n][2]) for step in SCALE_STEPS]
        lines.append(f"{measured[SCALE_STEPS[0]][n][0]:>5}  "
                     + "  ".join(f"{wall:>9.2f}  {cpu:>11.2f}" for wall, cpu in cells)
                     + f"  {sum(w for w, _ in cells):>12.2f}")
    for step in [*SCALE_STEPS, "pages+site"]:
        points = ([(a, sum(measured[s][n][1] for s in SCALE_STEPS)) for n, (a, _, _) in
                   enumerate(measured[SCALE_STEPS[0]])] if step == "pages+site"
                  else [(a, wall) for a, wall, _ in measured[step]])
        slope, intercept, r2 = _fit(points)
        lines.append(f"{step}: {slope * 1000:.1f} ms per area + {intercept:.2f} s (R\u00b2 {r2:.3f})")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Time each build stage (tidy, indicators, pages, site), a whole cold build and a "
                    "no-change rebuild on a UK-sized synthetic snapshot; print seconds and peak memory "
                    "against the targets (pages < 5 s, whole build < 60 s, no-change rebuild < 5 s).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Each step runs in a fresh Python process; 'peak MB' is that process's maximum resident set "
               "size and 'MkDocs MB' that of the MkDocs subprocess it started, if any. 'seconds' is the step "
               "itself; 'process s' adds interpreter start-up and imports, which is what a user of the "
               "command waits for (whole builds are judged on it); 'CPU s' is the process's CPU time, "
               "MkDocs included, which a busy machine disturbs less than elapsed time.")
    parser.add_argument("--areas-limit", type=int, metavar="N",
                        help="build pages for only the first N local authorities (default: all)")
    parser.add_argument("--years", type=int, default=10,
                        help="periods per table in the synthetic snapshot (default 10, as published)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder afterwards")
    parser.add_argument("--workdir", type=Path, metavar="DIR",
                        help="working folder (must be empty or absent; default: a new temporary folder)")
    parser.add_argument("--profile", choices=[*STAGES, *WHOLE_BUILDS], metavar="STEP",
                        help="run STEP under cProfile and print its 30 costliest calls "
                             "(tidy, indicators, pages, site, 'cold build', 'no-change rebuild'); "
                             "with --keep its .prof file stays in the working folder")
    parser.add_argument("--no-pdf", action="store_true", help="skip the four `pdf` timings")
    parser.add_argument("--pdf-area", default="E06000014", metavar="CODE",
                        help="the area of the one-area PDF timing (default E06000014, York)")
    parser.add_argument("--against", metavar="REV",
                        help="also build with the code of commit REV (e.g. 1390bd3), in turns with the "
                             "current code, and print how many times faster the current code is")
    parser.add_argument("--rounds", type=int, default=1, metavar="N",
                        help="run every step N times (sides in turns, order swapped each round); "
                             "report medians (default 1)")
    parser.add_argument("--scale", type=lambda text: [int(n) for n in text.split(",") if n.strip()],
                        metavar="N,N,...",
                        help="also build the pages and the site for each number of areas "
                             "(e.g. 10,40,160,380) and fit the cost to a line")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    return parser


def _run_steps(sides: list[Side], args, rounds: int) -> dict[str, dict[str, list[dict]]]:
    """Every step for every side, in turns: a step runs with one side and then the other (the order
    swapped each round), so a change in the machine's load falls on both alike."""
    steps = [*STAGES, *WHOLE_BUILDS, *([] if args.no_pdf else PDF_STEPS)]
    results: dict[str, dict[str, list[dict]]] = {side.name: {step: [] for step in steps} for side in sides}
    for n in range(rounds):
        order = sides if n % 2 == 0 else sides[::-1]
        for step in steps:
            for side in order:
                if step in ("cold build", EMPTY_CACHE_BUILD):
                    shutil.rmtree(side.project / "build")
                if step == EMPTY_CACHE_BUILD:
                    shutil.rmtree(side.tool_cache, ignore_errors=True)
                if step in PDF_STEPS:  # no chart drawn yet and no PDF left by the step before, removed
                    # here: deleting 380 PDFs in the timed process was up to 2 s of its process time
                    shutil.rmtree(side.project / "build" / "cache" / "pdf", ignore_errors=True)
                    shutil.rmtree(side.project / "build" / "pdf", ignore_errors=True)
                row = _run_child(step, side, args)
                if step == EMPTY_CACHE_BUILD:  # the next steps run with a full tool cache again
                    _run_child("fill tool cache", side, args)
                # Stages are judged on their own time; whole builds on what the user waits for.
                whole = step in WHOLE_BUILDS or step.startswith("pdf")
                row["judged_s"] = row["process_s"] if whole else row["seconds"]
                results[side.name][step].append(row)
                extra = f" for {row['pdfs']} PDF(s)" if "pdfs" in row else ""
                extra += f" ({row['made']} made)" if "made" in row else ""
                extra += " (not in this commit)" if row.get("missing") else ""
                print(f"  {side.label}: {step}: {row['judged_s']:.2f} s{extra} "
                      f"(load {row['load']:.1f})", flush=True)
    return results


def _report_side(side: Side, results: dict[str, list[dict]], args) -> list[str]:
    rows = [_median(runs) for runs in results.values()]
    by_step = {r["step"]: r for r in rows}
    cold, again, pages = by_step["cold build"], by_step["no-change rebuild"], by_step["pages"]
    print(f"\n{side.label}: {pages.get('areas')} area pages; site {by_step['site']['site_mb']:.0f} MB"
          f" (target <= {SITE_MB_TARGET} MB)")
    parts = by_step["site"].get("site_parts") or {}
    if parts:
        print("  of which " + ", ".join(f"{name} {mb:.1f} MB" for name, mb in parts.items() if mb))
    print(_table(rows))
    print("Inside the cold build: " + ", ".join(f"{k} {v:.2f} s" for k, v in cold["stages"].items()))
    skipped = [k for k, ran in again["ran"].items() if not ran]
    print(f"No-change rebuild skipped: {', '.join(skipped) or 'nothing'}"
          + ("" if len(skipped) == len(again["ran"]) else
             f"; RAN: {', '.join(k for k, ran in again['ran'].items() if ran)}"))
    c = pages["charts"]
    if c["compiles"] or c["fills"]:
        print("Charts in the pages stage (counted across the forked workers; CPU time):")
        if c["compiles"]:
            print(f"  compile (Altair -> Vega-Lite template): {c['compiles']} x "
                  f"{c['compile_s'] / c['compiles'] * 1000:.1f} ms = {c['compile_s']:.2f} s")
        else:
            print("  compile: none, every template came from the cache of an earlier build")
        if c["fills"]:
            print(f"  one area's rows for a chart: {c['fills']} x {c['fill_s'] / c['fills'] * 1e6:.0f} us "
                  f"= {c['fill_s']:.2f} s")
    missed = [r["step"] for r in rows if _verdict(r["step"], r["judged_s"])[1] == "MISSED"]
    if not all(not ran for ran in again["ran"].values()):
        missed.append("no-change rebuild skips every stage")
    return missed


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.child:
        _child(args.child, args.workdir, args.areas_limit, args.child_profile, args.pdf_area)
        return 0

    if args.workdir:
        workdir = args.workdir.resolve()
        if workdir.exists() and any(workdir.iterdir()):
            raise SystemExit(f"--workdir {workdir} is not empty")
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="mp-benchmark-"))
    try:
        load_start = os.getloadavg()[0]
        current = Side("current", "now", workdir / "current", workdir / "current" / "code")
        source = _freeze_package(current.folder)
        _make_project(current.project)
        print(f"Working in {workdir}, with a copy of {source} taken now")
        generated = _generate(current.project, args.years)
        print(f"Synthetic snapshot ({args.years} years) written in {generated:.1f} s by {GENERATOR.name}")
        sides = [current]
        if args.against:
            folder = workdir / "against"
            short = _archive(args.against, folder)
            older = Side("against", short, folder, folder / "tree" / "src")
            _make_project(older.project, folder / "tree")
            theirs = folder / "tree" / "scripts" / "make_sample_data.py"
            if theirs.exists() and _generator_code(theirs) != _generator_code(GENERATOR):
                # The demonstration files' layouts changed since then (newer editions of the publishers'
                # files), and older parsers do not read newer layouts: each commit builds the snapshot its
                # own generator writes, with the same seed, areas and --years.
                seconds = _generate(older.project, args.years, theirs)
                print(f"{short}'s own generator wrote its snapshot in {seconds:.1f} s (the layouts differ)")
            else:
                shutil.copytree(current.project / "data", older.project / "data")  # the same snapshot
            differ = _dependencies_differ(folder / "tree")
            print(f"Against {args.against} ({short}), run with this virtual environment"
                  + (f"; its pinned versions differ: {', '.join(differ)}" if differ else
                     ": its pinned dependencies are the same"))
            sides = [older, current]

        for side in sides:
            _compile_bytecode(side.code)
        for side in sides:
            _run_child("fill tool cache", side, args)
        results = _run_steps(sides, args, max(1, args.rounds))
        scale = _scale(current, sorted(set(args.scale)), args) if args.scale else None

        print()
        print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
              f"--years {args.years}; medians of {max(1, args.rounds)} round(s)")
        load_end = os.getloadavg()[0]
        print(f"Load average (1 min): {load_start:.1f} at the start, {load_end:.1f} at the end"
              + (" -- the machine was busy: compare CPU s, which others' work disturbs less"
                 if max(load_start, load_end) > (os.cpu_count() or 1) else ""))
        missed = []
        for side in sides:
            found = _report_side(side, results[side.name], args)
            if side is current:
                missed += found
        if args.against:
            print(f"\nHow many times faster now is than {sides[0].label} (its time / now; medians):")
            print(_comparison(list(results[current.name]), results, sides[0], current))
            for step, target in SPEED_UP_TARGETS.items():
                old, new = _median(results["against"][step]), _median(results["current"][step])
                if old["judged_s"] / new["judged_s"] < target or (
                        step == "cold build" and old["cpu_s"] / new["cpu_s"] < target):
                    missed.append(f"{step} {target:g}x faster")
        if _median(results["current"]["site"])["site_mb"] > SITE_MB_TARGET:
            missed.append(f"site <= {SITE_MB_TARGET} MB")
        if scale:
            print("\nHow the cost grows with the number of area pages (tidy and indicators do not: they "
                  "always cover every area):")
            print(scale)
        if missed:
            print(f"\nMissed: {', '.join(missed)}. Profile with: {Path(__file__).name} --profile '<step>'")
        return 1 if missed else 0
    finally:
        if args.keep:
            print(f"\nKept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
