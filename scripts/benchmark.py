#!/usr/bin/env python3
"""Time each build stage on a UK-sized synthetic snapshot, and say whether it meets its target.

A maintenance script: the package never imports it. It

1. makes a throwaway project (mkdocs.yml, docs/, overrides/ copied from this repository);
2. writes a demonstration snapshot with every source and indicator for about 370 local authorities
   with scripts/make_sample_data.py (``--years`` periods per table);
3. runs tidy, indicators, pages and site one after another, each in a fresh Python process, so that
   each one's peak memory (the process's maximum resident set size) is its own;
4. deletes build/ and runs a whole cold build, then a second build with nothing changed, which
   should skip every stage;
5. counts what the pages stage spends compiling chart templates with Altair against filling them
   per area, to show Altair is paid once per chart, not once per area;
6. runs the `pdf` command as a user would, each time with no chart drawn yet: one area, then every
   area with two workers (skip with --no-pdf).

Stage rows call the pipeline's stage functions directly (pipeline._tidy_into, indicators_stage,
pages_stage, site.mkdocs_build), as build() does; if those are renamed, this script fails loudly.

Examples:
  .venv/bin/python scripts/benchmark.py
  .venv/bin/python scripts/benchmark.py --areas-limit 50 --keep --workdir /tmp/bench
  .venv/bin/python scripts/benchmark.py --profile pages
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "scripts" / "make_sample_data.py"
STAGES = ("tidy", "indicators", "pages", "site")
TARGETS = {"pages": 5.0, "cold build": 60.0, "no-change rebuild": 5.0,  # seconds
           "pdf, one area (cold)": 2.0, "pdf --all (2 workers)": 120.0}
CODES_FILE = "benchmark-areas.json"
PDF_STEPS = {  # step name -> the `pdf` command's arguments, given the --pdf-area code
    "pdf, one area (cold)": lambda area: ["--area", area],
    "pdf --all (2 workers)": lambda area: ["--all", "--jobs", "2"],
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


def _recording_progress():
    """A quiet Progress that also remembers how long each stage took inside build()."""
    from migration_profiles.progress import Progress

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


def _instrument_charts() -> dict:
    """Count and time chart compiles (Altair -> Vega-Lite) and fills (copy + this area's rows)."""
    from migration_profiles import charts

    stats = {"compiles": 0, "compile_s": 0.0, "fills": 0, "fill_s": 0.0}
    compile_, fill = charts._compile, charts.fill

    def timed_compile(*args, **kwargs):
        start = time.perf_counter()
        try:
            return compile_(*args, **kwargs)
        finally:
            stats["compiles"] += 1
            stats["compile_s"] += time.perf_counter() - start

    def timed_fill(*args, **kwargs):
        start, compiling = time.perf_counter(), stats["compile_s"]
        try:
            return fill(*args, **kwargs)
        finally:
            stats["fills"] += 1  # a fill that first compiles its template: count only the fill
            stats["fill_s"] += time.perf_counter() - start - (stats["compile_s"] - compiling)

    charts.template.cache_clear()
    charts._compile = timed_compile  # template() looks _compile up in the module on each miss
    charts.fill = timed_fill  # pages.py calls charts.fill through the module
    return stats


def _pick_areas(ws, limit: int | None, workdir: Path) -> None:
    import pandas as pd

    from migration_profiles.profiles import LA_PREFIXES

    if not limit:
        return
    codes = pd.read_parquet(ws.indicators / "indicators.parquet", columns=["area_code"])["area_code"]
    chosen = sorted(c for c in codes.unique() if str(c).startswith(LA_PREFIXES))[:limit]
    (workdir / CODES_FILE).write_text(json.dumps(chosen))


def _edition(ws) -> tuple[bool, str]:
    """What build() would call this edition, read without pandas so the site step stays small."""
    meta = json.loads((ws.tidy / "snapshots.json").read_text())
    if meta["demo"]:
        return True, "demo"
    from migration_profiles.pipeline import default_edition

    return False, default_edition(meta["snapshots"], False)


def _child(step: str, workdir: Path, areas_limit: int | None, profile: bool, pdf_area: str) -> None:
    import migration_profiles
    from migration_profiles.paths import Workspace

    ws = Workspace(workdir / "project")
    result: dict = {"step": step, "package": str(Path(migration_profiles.__file__).parent)}
    chart_stats = _instrument_charts() if step in ("pages", "cold build") else None

    # Imports and arguments are prepared before the clock starts; only the stage itself is timed.
    if step == "tidy":
        from migration_profiles import pipeline
        from migration_profiles.sources import all_sources
        from migration_profiles.tidy import snapshot_root

        root, demo = snapshot_root(ws)
        sources = all_sources()

        def run():
            pipeline._tidy_into(ws, root, sources, demo)
    elif step == "indicators":
        from migration_profiles import pipeline

        def run():
            pipeline.indicators_stage(ws)
    elif step == "pages":
        from migration_profiles import pipeline
        from migration_profiles.progress import Progress

        demo, edition = _edition(ws)
        options = _options(workdir)

        def run():
            result["areas"] = pipeline.pages_stage(ws, options, edition, demo, Progress(quiet=True))
    elif step == "site":
        # No pandas here: MkDocs is started from a small process, so that the MkDocs column is its own
        # peak (a child's maximum RSS starts from its parent's size when it is spawned).
        from migration_profiles import site

        demo, edition = _edition(ws)

        def run():
            site.mkdocs_build(ws, demo=demo, edition=edition)
    elif step in ("cold build", "no-change rebuild"):
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

        shutil.rmtree(ws.build / "cache" / "pdf", ignore_errors=True)
        shutil.rmtree(ws.pdf, ignore_errors=True)
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
        result["charts"] = chart_stats
    print(json.dumps(result))


# --- parent: set up, run each step in its own process, print the table -----------------------------------

def _run_child(step: str, workdir: Path, args) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--workdir", str(workdir),
               "--pdf-area", args.pdf_area]
    if args.areas_limit:
        command += ["--areas-limit", str(args.areas_limit)]
    if args.profile == step:
        command.append("--child-profile")
    # The children import the copy of the package taken at the start (see _freeze_package).
    pythonpath = os.pathsep.join(p for p in (str(workdir / "code"), os.environ.get("PYTHONPATH")) if p)
    start = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": pythonpath}
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    if args.profile == step or done.returncode != 0:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"step '{step}' failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_s"] = wall
    return result


def _freeze_package(workdir: Path) -> Path:
    """Copy the package as it is now, so that edits made while the benchmark runs (the pipeline hashes
    its own source) neither change what is measured nor make the no-change rebuild run again."""
    import migration_profiles

    source = Path(migration_profiles.__file__).resolve().parent
    target = workdir / "code" / "migration_profiles"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
    return source


def _make_project(workdir: Path) -> Path:
    project = workdir / "project"
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for folder in ("docs", "overrides"):
        if (REPO / folder).is_dir():
            shutil.copytree(REPO / folder, project / folder)
    return project


def _generate(project: Path, years: int) -> float:
    if not GENERATOR.exists():
        raise SystemExit(f"{GENERATOR} not found: it writes the snapshot this benchmark builds from")
    out = project / "data" / "sample" / "snapshots"
    start = time.perf_counter()
    command = [sys.executable, str(GENERATOR), "--out", str(out), "--years", str(years), "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"{GENERATOR.name} failed (exit {done.returncode})")
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
    parser.add_argument("--profile", choices=[*STAGES, "cold build", "no-change rebuild"], metavar="STEP",
                        help="run STEP under cProfile and print its 30 costliest calls "
                             "(tidy, indicators, pages, site, 'cold build', 'no-change rebuild'); "
                             "with --keep its .prof file stays in the working folder")
    parser.add_argument("--no-pdf", action="store_true", help="skip the two `pdf` timings")
    parser.add_argument("--pdf-area", default="E06000014", metavar="CODE",
                        help="the area of the one-area PDF timing (default E06000014, York)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-profile", action="store_true", help=argparse.SUPPRESS)
    return parser


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
        project = _make_project(workdir)
        source = _freeze_package(workdir)
        print(f"Working in {workdir}, with a copy of {source} taken now")
        generated = _generate(project, args.years)
        print(f"Synthetic snapshot ({args.years} years) written in {generated:.1f} s by {GENERATOR.name}")

        rows = []
        for stage in STAGES:
            rows.append(_run_child(stage, workdir, args))
            print(f"  {stage}: {rows[-1]['seconds']:.2f} s", flush=True)
        pages = rows[2]
        areas = pages.get("areas")
        frozen = str(workdir / "code" / "migration_profiles")
        if rows[0]["package"] != frozen:
            raise SystemExit(f"the steps imported {rows[0]['package']}, not the copy in {frozen}")

        shutil.rmtree(project / "build")
        cold = _run_child("cold build", workdir, args)
        print(f"  cold build: {cold['seconds']:.2f} s", flush=True)
        again = _run_child("no-change rebuild", workdir, args)
        print(f"  no-change rebuild: {again['seconds']:.2f} s", flush=True)
        rows += [cold, again]
        if not args.no_pdf:
            for step in PDF_STEPS:
                rows.append(_run_child(step, workdir, args))
                print(f"  {step}: {rows[-1]['process_s']:.2f} s for {rows[-1]['pdfs']} PDF(s)", flush=True)
        for r in rows:
            # Stages are judged on their own time; whole builds on what the user waits for.
            whole = r["step"] in ("cold build", "no-change rebuild") or r["step"].startswith("pdf")
            r["judged_s"] = r["process_s"] if whole else r["seconds"]

        print()
        print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; "
              f"{areas} area pages; --years {args.years}")
        load_end = os.getloadavg()[0]
        print(f"Load average (1 min): {load_start:.1f} at the start, {load_end:.1f} at the end"
              + (" -- the machine was busy: compare CPU s, which others' work disturbs less"
                 if max(load_start, load_end) > (os.cpu_count() or 1) else ""))
        print(_table(rows))
        print()
        print("Inside the cold build: " + ", ".join(f"{k} {v:.2f} s" for k, v in cold["stages"].items()))
        skipped = [k for k, ran in again["ran"].items() if not ran]
        print(f"No-change rebuild skipped: {', '.join(skipped) or 'nothing'}"
              + ("" if len(skipped) == len(again["ran"]) else
                 f"; RAN: {', '.join(k for k, ran in again['ran'].items() if ran)}"))

        c = pages["charts"]
        if c["compiles"] and c["fills"]:
            per_compile = c["compile_s"] / c["compiles"]
            per_fill = c["fill_s"] / c["fills"]
            print()
            print("Charts in the pages stage:")
            print(f"  compile (Altair -> Vega-Lite template): {c['compiles']} x {per_compile * 1000:.1f} ms "
                  f"= {c['compile_s']:.2f} s, once per chart and unit")
            print(f"  fill (template copy + one area's rows): {c['fills']} x {per_fill * 1e6:.0f} us "
                  f"= {c['fill_s']:.2f} s")
            print(f"  compiling per area instead would cost about {c['fills'] * per_compile:.1f} s "
                  f"({c['fills']} x {per_compile * 1000:.1f} ms)")

        missed = [r["step"] for r in rows if _verdict(r["step"], r["judged_s"])[1] == "MISSED"]
        no_skip = not all(not ran for ran in again["ran"].values())
        if missed:
            print(f"\nMissed: {', '.join(missed)}. Profile with: {Path(__file__).name} --profile '<step>'")
        return 1 if missed or no_skip else 0
    finally:
        if args.keep:
            print(f"\nKept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
