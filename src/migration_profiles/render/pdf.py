"""Board-paper PDFs: A4 documents per area, from the same profile and wording as its web page.

Two variants: the full profile (every chart, each with its table, as on the web page) and the short
board paper (summary, overview, six key charts, the caveats of the sources it cites, and the charts'
tables in an appendix), `<code>-<name>-board.pdf`.

Each area gets one source document, a Quarto Markdown file (templates/profile.qmd.j2) that shares
its partials with the web page (templates/_profile.md.j2) and is filled from the same profile model
(profiles.build_profile). Two engines render that same file:

- ``quarto``: ``quarto render`` through subprocess, when Quarto is on PATH;
- ``typst``: an embedded engine that installs from PyPI alone. pandoc (``pypandoc-binary``) turns
  the Markdown body into Typst, the style in the document's front matter goes in front of it, and
  the ``typst`` package compiles the PDF, tagged and checked against PDF/UA-1.

Charts are drawn once each as SVG (print_charts.py) and kept in build/cache/pdf/charts under a hash
of what they show, so neither engine run nor a second export draws a chart again.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from migration_profiles.render import print_charts, print_tables
from migration_profiles.render.inputs import built_at as build_time
from migration_profiles.render.inputs import load_geography, profile_inputs
from migration_profiles.render.profiles import LA_PREFIXES, build_profile
from migration_profiles.render.templating import environment, keep_compiled
from migration_profiles.sources import all_sources
from migration_profiles.stages.publish import PublicationRules, visible_sources
from migration_profiles.stages.tidy import load_tidy
from migration_profiles.util import atomic, escape
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace, usable_tool_cache

ENGINES = ("auto", "quarto", "typst")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."
PDF_STANDARDS = ["ua-1"]  # tagged PDF, checked by Typst against PDF/UA-1
CHART_MAX_WIDTH_CM = 14.0
CHART_MAX_HEIGHT_CM = 8.0  # a chart, its heading, caption and table fit on a page; none is split
CACHE = ("cache", "pdf")
CHUNK = 6  # areas per task: one pandoc run converts them all
TYPST_THREADS = "RAYON_NUM_THREADS"  # the typst package's layout threads (a rayon pool), per process
PARALLEL_FROM = 4  # fewer areas than this are rendered in this process: starting workers costs more
DOCUMENT_BREAK = "// migration-profiles: the next document begins here"
# A raw Typst block as the templates write it, and what pandoc is given in its place.
RAW_BLOCK = re.compile(r"^```\{=typst\}\n(.*?)\n```$", re.MULTILINE | re.DOTALL)
RAW_STAND_IN = "// migration-profiles: raw Typst block "
QUARTO_MINIMUM = (1, 6)  # bundles Typst 0.12, the oldest that has everything the style uses
SITE_FOLDER = "pdf"  # build/docs/pdf/: MkDocs copies it into the site beside the area pages
INSTALL_HELP = (
    "Install one of:\n"
    "  - the embedded engine, from PyPI alone: pip install 'migration-profiles[pdf]' "
    "(or: pip install typst pypandoc-binary)\n"
    "  - Quarto, from https://quarto.org/docs/get-started/, with `quarto` on PATH"
)
Progress = Callable[[int, int], None]


# ----------------------------------------------------------------------------------------- naming

def slug(name: str) -> str:
    """'Bristol, City of' -> 'bristol-city-of'; 'Ynys Môn' -> 'ynys-mon'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "area"


def file_name(area: dict, variant: str = "full") -> str:
    """The PDF's file name: `<area_code>-<area-slug>.pdf`, and `...-board.pdf` for the short paper."""
    suffix = "" if variant == "full" else f"-{variant}"
    return f"{area['code']}-{slug(area['name'])}{suffix}.pdf"


# ------------------------------------------------------------------------------------------ fonts

@dataclass(frozen=True)
class Fonts:
    families: tuple[str, ...]  # first choice first; Typst falls back along the list
    paths: tuple[str, ...]  # folders handed to Typst; its own embedded fonts are always there


def fonts() -> Fonts:
    """Liberation Sans (Debian `fonts-liberation`) when installed, else Typst's embedded fonts."""
    if (LIBERATION / "LiberationSans-Regular.ttf").exists():
        return Fonts(("Liberation Sans", "Liberation Serif", "Libertinus Serif"), (str(LIBERATION),))
    return Fonts(("Libertinus Serif",), ())


# ----------------------------------------------------------------------------------------- charts

def _svg_size(svg: str) -> tuple[float, float]:
    match = re.search(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    return (float(match.group(1)), float(match.group(2))) if match else (480.0, 300.0)


@cache
def _drawing_version() -> str:
    """A hash of the print chart code: a change to how charts are drawn draws them all again."""
    return hashlib.sha256(Path(print_charts.__file__).read_bytes()).hexdigest()[:16]


def chart_svg(chart: dict, cache_dir: Path) -> dict:
    """Draw a chart of the profile model once: its SVG is kept under a hash of what it was drawn from.

    Returns {"path": path relative to `cache_dir`, "width": Typst width}, sized so the chart keeps
    its proportions within CHART_MAX_WIDTH_CM by CHART_MAX_HEIGHT_CM.
    """
    drawn_from = {key: chart[key] for key in ("kind", "unit", "alt", "rows", "interval_note")}
    drawn_from["drawing"] = _drawing_version()
    key = hashlib.sha256(json.dumps(drawn_from, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]
    relative = f"charts/{key}.svg"
    path = cache_dir / relative
    if path.exists():
        svg = path.read_text(encoding="utf-8")
    else:
        svg = print_charts.svg(chart)
        atomic.write_text(path, svg)
    width, height = _svg_size(svg)
    width_cm = min(CHART_MAX_WIDTH_CM, CHART_MAX_HEIGHT_CM * width / height)
    return {"path": relative, "width": f"{width_cm:.2f}cm"}


# ------------------------------------------------------------------------------------ board paper

# The board paper's charts, first choice first: the six of these an area has figures for. They
# follow the summary's story: how the population changed and why, migration from abroad by three
# measures, who lives here, then the services that see arrivals first. A stand-in (aps_cob_...,
# births_cob_..., census_country_of_birth) comes after the chart it stands in for.
KEY_CHARTS = ("components", "ltim_flows", "three_measures", "non_uk_born_share", "aps_cob_non_uk_born_share",
              "nino_rate", "asylum_accommodated_rate", "eal_share", "births_share", "births_cob_non_uk_share",
              "internal_flows", "census_country_of_birth_eu", "census_country_of_birth", "population")
KEY_CHART_COUNT = 6
# Where a chart's text alternative says its figures are (profiles._describe and _bar_chart_model).
TABLE_BELOW, TABLE_IN_APPENDIX = "the table below the chart", "the chart's table in the appendix"
VARIANTS = ("full", "board")


def key_charts(profile: dict, count: int = KEY_CHART_COUNT) -> list[dict]:
    """The board paper's charts: the first `count` of KEY_CHARTS the profile has, in that order; an
    area with fewer than that gets the first charts of its profile after them."""
    charts = {chart["id"]: chart for theme in profile["themes"] for chart in theme["charts"]}
    chosen = [charts[i] for i in KEY_CHARTS if i in charts][:count]
    chosen += [c for c in charts.values() if c not in chosen][:count - len(chosen)]
    return chosen


def _table_in_appendix(alt: str) -> str:
    """A chart's text alternative, saying its table is in the appendix rather than below the chart."""
    return (alt.replace(TABLE_BELOW, TABLE_IN_APPENDIX)
            .replace(TABLE_BELOW.capitalize(), TABLE_IN_APPENDIX.capitalize()))


def board_paper(profile: dict, full_name: str) -> dict:
    """What the board paper shows beyond the summary and overview: its key charts, and the sources
    behind the overview and those charts, whose caveats and citations it prints. Each chart's text
    alternative points to its table in the appendix, where the full profile has it below the chart."""
    charts = [{**chart, "alt": _table_in_appendix(chart["alt"])} for chart in key_charts(profile)]
    total = sum(len(theme["charts"]) for theme in profile["themes"])
    used = {row["source_id"] for row in profile["overview"]}
    used.update(source for chart in charts for source in chart["source_ids"])
    return {
        "charts": charts,
        "sources": [s for s in profile["sources"] if s["id"] in used],
        "intro": (f"{len(charts)} of the {total} charts in this area's full profile, each with its figures "
                  f"in a table in the appendix. The full profile ({full_name}) and the area's web page "
                  "have every chart."),
        "appendix_intro": "The figures each key chart draws, as published.",
    }


# --------------------------------------------------------------------------------------- document

typst_string = escape.typst_str  # the one Typst escape, under the name pdf's callers know


def _built_on(built_at: str) -> str:
    try:
        moment = datetime.fromisoformat(built_at)
    except ValueError:
        return built_at[:10]
    return f"{moment.day} {moment:%B %Y}"


def _place(profile: dict) -> str:
    area = profile["area"]
    parts = [area["code"]] + [a["name"] for a in (area["region"], area["country"]) if a]
    return " · ".join(parts)


def _source_line(sources: list[dict]) -> str:
    cited = [f"{s['publisher']}, {s['title']}"
             + (f" (released {s['release_date']})" if s["release_date"] else "") for s in sources]
    return "Source: " + ("; ".join(cited) if cited else "no source") + "."


def _grid(header: list, rows: list[list], font: str) -> str:
    """A table's `columns:` and `rows:`: their sizes where print_tables knows them, else automatic."""
    return print_tables.grid(header, rows, font, LIBERATION)


def document(profile: dict, chart_files: dict[str, dict], font_families: Iterable[str],
             board: dict | None = None) -> str:
    """The area's source document (Quarto Markdown), rendered from the profile and shared partials:
    the full profile, or with `board` (board_paper) the short board paper."""
    env = environment()
    families = list(font_families)
    font = families[0] if families else ""
    kind = "board paper" if board else "profile"
    context = {
        "p": profile,
        "board": board,
        "sources": {s["id"]: s for s in profile["sources"]},
        "fonts": families,
        "document_title": f"{profile['area']['name']} ({profile['area']['code']}): migration {kind}, "
                          f"edition {profile['edition']}",
        "attribution": OGL_ATTRIBUTION,
        "banner": env.get_template("_profile.md.j2").module.demo_title,
        "table_style": {"size": print_tables.TEXT_SIZE_PT, "inset_x": print_tables.INSET_X_PT,
                        "inset_y": print_tables.INSET_Y_PT},
        # The columns and rows of a chart's table and of a local data table (the header first).
        "chart_grid": lambda chart: _grid([chart["row_heading"], *chart["columns"]],
                                          [[row["period"], *row["cells"]] for row in chart["table"]], font),
        "local_grid": lambda table: _grid([*table["columns"], "Count"],
                                          [[*row["labels"], row["shown"]] for row in table["rows"]], font),
    }
    style = env.get_template("profile_style.typ.j2").render(**context)
    return env.get_template("profile.qmd.j2").render(
        **context, style=style, charts=chart_files, place=_place(profile),
        built_on=_built_on(profile["built_at"]),
        source_line=_source_line(board["sources"] if board else profile["sources"]))


def split_front_matter(qmd: str) -> tuple[dict, str]:
    """(the YAML front matter, the Markdown body) of a source document."""
    match = re.match(r"---\n(.*?)\n---\n", qmd, re.DOTALL)
    if not match:
        return {}, qmd
    return yaml.safe_load(match.group(1)) or {}, qmd[match.end():]


def header_includes(meta: dict) -> str:
    """The Typst the front matter asks to be put in the document's header (its page style)."""
    includes = meta.get("format", {}).get("typst", {}).get("include-in-header", [])
    if isinstance(includes, (str, dict)):
        includes = [includes]
    return "\n".join(item["text"] if isinstance(item, dict) else Path(item).read_text() for item in includes)


# ---------------------------------------------------------------------------------------- engines

# Set once a typst compiler has been made in this process. Typst lays out pages on a pool of threads
# made at its first use; a forked child inherits that pool's state but not its threads, and its first
# compile waits for them for ever. So workers are forked only from a process that has compiled nothing.
_TYPST_STARTED: list[bool] = []


class TypstEngine:
    """pandoc (pypandoc-binary) turns the Markdown into Typst; the typst package compiles it."""

    name = "typst"

    def __init__(self, root: Path, font_paths: Iterable[str]):
        import pypandoc
        import typst

        self._pypandoc = pypandoc
        self._typst = typst
        self.root = root
        self.font_paths = list(font_paths)
        self._compiler = None

    @staticmethod
    def available() -> bool:
        try:
            import pypandoc
            import typst  # noqa: F401

            pypandoc.get_pandoc_path()
        except (ImportError, OSError):
            return False
        return True

    @staticmethod
    def describe() -> str:
        import pypandoc
        import typst

        return (f"typst (embedded: pandoc {pypandoc.get_pandoc_version()} from pypandoc-binary, typst "
                f"{typst.__version__}; tagged PDF checked against PDF/UA-1)")

    def to_typst(self, qmd: str) -> str:
        return self.to_typst_many([qmd])[0]

    def to_typst_many(self, qmds: list[str]) -> list[str]:
        """Typst for each document, the Markdown of all of them converted in one pandoc run.

        pandoc's start-up is much of its time for a document this size, so a few documents go
        through together, each closed by a raw Typst line that marks where the next begins. Without
        automatic heading ids, no document's output depends on which others shared its run.
        """
        parts = [split_front_matter(qmd) for qmd in qmds]
        # The raw Typst blocks (figures, tables, caveat lists) are nine tenths of the text and pandoc
        # passes them through unchanged, yet reading them was most of its time: each goes through as a
        # one-line stand-in and is put back after.
        raw: list[str] = []

        def stand_in(match: re.Match) -> str:
            raw.append(match.group(1))
            return f"```{{=typst}}\n{RAW_STAND_IN}{len(raw) - 1}\n```"

        joined = f"\n\n```{{=typst}}\n{DOCUMENT_BREAK}\n```\n\n".join(
            RAW_BLOCK.sub(stand_in, body) for _, body in parts)
        converted = self._pypandoc.convert_text(
            joined, "typst", format="markdown-citations-auto_identifiers",
            extra_args=["--columns=1000", "--wrap=none"])
        converted = re.sub(rf"^{re.escape(RAW_STAND_IN)}(\d+)$", lambda m: raw[int(m.group(1))], converted,
                           flags=re.MULTILINE)
        bodies = re.split(rf"^{re.escape(DOCUMENT_BREAK)}\n", converted, flags=re.MULTILINE)
        if len(bodies) != len(parts):
            raise ProfilesError(f"pandoc returned {len(bodies)} documents for {len(parts)}")
        return [header_includes(meta) + "\n" + body for (meta, _), body in zip(parts, bodies, strict=True)]

    def render(self, qmd: str, built_at: str) -> bytes:
        return self.render_many([qmd], built_at)[0]

    def render_many(self, qmds: list[str], built_at: str) -> list[bytes]:
        return [self._compile(source, built_at) for source in self.to_typst_many(qmds)]

    def _compile(self, typst_source: str, built_at: str) -> bytes:
        source = typst_source.encode("utf-8")
        if self._compiler is None:
            _TYPST_STARTED.append(True)  # from here on this process holds typst's threads: fork no workers
            self._compiler = self._typst.Compiler(root=str(self.root), font_paths=self.font_paths,
                                                  ignore_system_fonts=True)
        try:
            return self._compiler.compile(input=source, format="pdf", pdf_standards=PDF_STANDARDS,
                                          timestamp=_epoch(built_at))
        except self._typst.TypstError as error:
            hints = "; ".join(getattr(error, "hints", []) or [])
            raise ProfilesError(f"typst could not compile the PDF: {getattr(error, 'message', error)}"
                                + (f" ({hints})" if hints else "")) from None


class QuartoEngine:
    """`quarto render` on the same source document, in a scratch folder beside the chart cache."""

    name = "quarto"

    def __init__(self, root: Path, executable: str):
        self.root = root
        self.executable = executable

    @staticmethod
    def find() -> str | None:
        return shutil.which("quarto")

    @staticmethod
    def version(executable: str) -> tuple[int, ...] | None:
        try:
            text = subprocess.run([executable, "--version"], capture_output=True, text=True,
                                  timeout=60).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        match = re.match(r"\s*(\d+)\.(\d+)", text)
        return (int(match.group(1)), int(match.group(2))) if match else None

    @classmethod
    def usable(cls) -> tuple[str | None, str]:
        """(quarto's path when it can render our documents, else None; why not)."""
        executable = cls.find()
        if not executable:
            return None, "`quarto` is not on PATH"
        version = cls.version(executable)
        if version is None or version < QUARTO_MINIMUM:
            found = ".".join(map(str, version)) if version else "an unknown version"
            return None, (f"{executable} is Quarto {found}; the style needs Quarto "
                          f"{'.'.join(map(str, QUARTO_MINIMUM))} or newer (Typst 0.12)")
        return executable, ""

    def describe(self) -> str:
        version = self.version(self.executable)
        return f"quarto {'.'.join(map(str, version)) if version else '(version unknown)'} ({self.executable})"

    def render(self, qmd: str, built_at: str) -> bytes:
        self.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.root, prefix=".quarto-") as tmp:
            work = Path(tmp)
            for relative in set(re.findall(r'image\("(charts/[0-9a-f]+\.svg)"', qmd)):
                target = work / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(self.root / relative, target)
                except OSError:
                    shutil.copyfile(self.root / relative, target)
            (work / "profile.qmd").write_text(qmd, encoding="utf-8")
            env = {**os.environ, "SOURCE_DATE_EPOCH": str(_epoch(built_at))}
            result = subprocess.run([self.executable, "render", "profile.qmd", "--to", "typst"], cwd=work,
                                    capture_output=True, text=True, env=env, timeout=600)
            output = work / "profile.pdf"
            if result.returncode != 0 or not output.exists():
                tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-20:])
                raise ProfilesError(f"quarto render failed (exit {result.returncode}):\n{tail}")
            return output.read_bytes()

    def render_many(self, qmds: list[str], built_at: str) -> list[bytes]:
        return [self.render(qmd, built_at) for qmd in qmds]


def _epoch(built_at: str) -> int:
    try:
        return int(datetime.fromisoformat(built_at).timestamp())
    except ValueError:
        return int(time.time())


def resolve_engine(requested: str = "auto") -> str:
    """The engine to use: Quarto when asked for or (auto) present, else the embedded typst engine."""
    if requested not in ENGINES:
        raise ProfilesError(f"unknown PDF engine '{requested}': choose one of {', '.join(ENGINES)}")
    if requested in ("auto", "quarto"):
        executable, why_not = QuartoEngine.usable()
        if executable:
            return "quarto"
        if requested == "quarto":
            raise ProfilesError(f"--engine quarto: {why_not}. Install Quarto from https://quarto.org/docs/"
                                "get-started/, or use --engine typst.\n" + INSTALL_HELP)
    if TypstEngine.available():
        return "typst"
    if requested == "typst":
        raise ProfilesError("--engine typst: the embedded engine needs the Python packages `typst` and "
                            "`pypandoc-binary`.\n" + INSTALL_HELP)
    raise ProfilesError("no PDF engine found: Quarto is not on PATH and the embedded engine is not "
                        "installed.\n" + INSTALL_HELP)


def make_engine(name: str, cache_dir: Path, font_paths: Iterable[str]):
    if name == "quarto":
        executable, why_not = QuartoEngine.usable()
        if not executable:
            raise ProfilesError(f"{why_not}.\n" + INSTALL_HELP)
        return QuartoEngine(cache_dir, executable)
    return TypstEngine(cache_dir, font_paths)


# ----------------------------------------------------------------------------------------- export

@dataclass(frozen=True)
class Job:
    """What every worker needs to render areas the same way: picklable, small."""

    root: str
    edition: str
    built_at: str
    demo: bool
    rules: PublicationRules
    engine: str
    out_dir: str
    areas: tuple[str, ...] | None = None  # load only what these areas' profiles draw on
    variants: tuple[str, ...] = ("full",)  # each area's documents: "full", "board" or both


@dataclass
class ExportReport:
    engine: str
    engine_description: str
    edition: str
    demo: bool
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1


class Renderer:
    """Loads the published figures once, then renders area after area."""

    def __init__(self, job: Job, tidy_result=None):
        self.job = job
        self.ws = Workspace(Path(job.root), job.rules.audience)
        self.inputs = profile_inputs(self.ws, job.rules, job.edition, job.demo, areas=job.areas,
                                     when=job.built_at, tidy_result=tidy_result)
        self.cache_dir = self.ws.build.joinpath(*CACHE)
        keep_compiled(usable_tool_cache(self.ws))
        self.fonts = fonts()
        self._engine = None

    @property
    def engine(self):
        if self._engine is None:  # made on first use, so a parent process forks no engine threads
            self._engine = make_engine(self.job.engine, self.cache_dir, self.fonts.paths)
        return self._engine

    def profile(self, code: str) -> dict:
        return build_profile(code, self.inputs.index, self.inputs.geography, self.inputs.context)

    def source(self, code: str, variant: str = "full") -> tuple[dict, str]:
        """(the profile, its source document), drawing any chart not yet in the cache."""
        return self.sources(code, (variant,))[0]

    def sources(self, code: str, variants: Iterable[str]) -> list[tuple[dict, str]]:
        """(the profile, its source document) for each variant: the profile built once for all."""
        profile = self.profile(code)
        documents = []
        for variant in variants:
            board = board_paper(profile, file_name(profile["area"])) if variant == "board" else None
            charts = board["charts"] if board else [c for theme in profile["themes"] for c in theme["charts"]]
            chart_files = {chart["id"]: chart_svg(chart, self.cache_dir) for chart in charts}
            documents.append((profile, document(profile, chart_files, self.fonts.families, board)))
        return documents

    def render(self, code: str) -> Path:
        return self.render_many([code])[0]

    def render_many(self, codes: list[str]) -> list[Path]:
        """Each area's PDF of each of the job's variants."""
        variants = self.job.variants
        sources = [(variant, *pair) for code in codes
                   for variant, pair in zip(variants, self.sources(code, variants), strict=True)]
        paths = []
        rendered = self.engine.render_many([qmd for _, _, qmd in sources], self.job.built_at)
        for (variant, profile, _), data in zip(sources, rendered, strict=True):
            path = Path(self.job.out_dir) / file_name(profile["area"], variant)
            atomic.write_bytes(path, data)
            paths.append(path)
        return paths


# A worker's Renderer: set in the parent just before forking (workers share its figures), or made by
# each spawned worker.
_WORKER: dict = {}


def _worker_init(job: Job) -> None:
    _WORKER["renderer"] = Renderer(job)


def _worker_render(codes: list[str]) -> list[str]:
    return [str(path) for path in _WORKER["renderer"].render_many(codes)]


def _chunks(codes: list[str], size: int) -> list[list[str]]:
    return [codes[i:i + size] for i in range(0, len(codes), size)]


def areas_with_figures(ws: Workspace, rules: PublicationRules) -> list[str]:
    """Every area with a figure the audience may see: what choosing areas needs, read from two
    columns of the indicators table rather than by loading and publishing every figure."""
    table = pd.read_parquet(ws.indicators / "indicators.parquet", columns=["area_code", "source_id"])
    visible = visible_sources({s.id: s for s in all_sources()}, rules)
    return sorted(table.loc[table["source_id"].isin(visible), "area_code"].unique())


def select_areas(with_figures: list[str], geography, areas: Iterable[str] | None = None,
                 region: str | None = None, all_areas: bool = False) -> list[str]:
    """The local authorities to export: named codes, those in a region or nation, or all.
    `with_figures`: the codes of every area with published figures (areas_with_figures)."""
    available = [code for code in with_figures if code.startswith(LA_PREFIXES)]
    if areas:
        codes = list(dict.fromkeys(a.strip() for a in areas if a.strip()))
        unknown = [c for c in codes if c not in set(with_figures)]
        if unknown:
            raise ProfilesError(f"no figures for area code(s) {', '.join(unknown)}; run `migration-profiles "
                                f"sources` to see what has been refreshed")
        return codes
    if region:
        codes = [c for c in available if region in (geography.region_of(c), geography.country_of(c))]
        if not codes:
            raise ProfilesError(f"no local authorities with figures in region or nation '{region}' "
                                f"(use an E12 region code or a nation code such as W92000004)")
        return codes
    if all_areas:
        return available
    raise ProfilesError("say which areas: --area CODE (repeatable), --region CODE or --all")


def export(ws: Workspace, *, edition: str, demo: bool, built_at: str, areas: list[str] | None = None,
           region: str | None = None, all_areas: bool = False, engine: str = "auto",
           rules: PublicationRules | None = None, out_dir: Path | None = None, jobs: int | None = None,
           progress: Progress | None = None, say: Callable[[str], None] | None = None,
           tidy_result=None, variants: Iterable[str] = ("full",)) -> ExportReport:
    """Render PDFs for the chosen areas into `out_dir` (default build/pdf/<edition>/): for each
    variant, the full profile (`<code>-<name>.pdf`) or the board paper (`<code>-<name>-board.pdf`).

    Many areas are spread over a process per core; a few are rendered in this process, which is
    quicker than starting workers. Each PDF is written atomically.
    """
    started = time.perf_counter()
    name = resolve_engine(engine)
    variants = tuple(dict.fromkeys(variants))
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants:
        raise ProfilesError(f"unknown PDF variant {', '.join(unknown) or '(none)'}: "
                            f"choose from {', '.join(VARIANTS)}")
    out = Path(out_dir) if out_dir else ws.pdf / edition
    rules = rules or PublicationRules()
    # Named areas load only the figures their profiles draw on; a region or --all needs them all.
    job = Job(root=str(ws.root), edition=edition, built_at=built_at, demo=demo, rules=rules, engine=name,
              out_dir=str(out), areas=tuple(areas) if areas else None, variants=variants)
    if tidy_result is None:
        tidy_result, _ = load_tidy(ws.tidy, observations=False)
    geography, local = load_geography(tidy_result), None
    if areas and len(set(areas)) < PARALLEL_FROM:
        # Rendered here: the figures loaded for them say which codes have any.
        local = Renderer(job, tidy_result)
        codes = select_areas(local.inputs.index.areas, geography, areas)
    else:
        codes = select_areas(areas_with_figures(ws, rules), geography, areas, region, all_areas)
    cache_dir = ws.build.joinpath(*CACHE)
    description = make_engine(name, cache_dir, ()).describe() if name == "quarto" else TypstEngine.describe()
    if say:
        say(f"engine: {description}")
    workers = max(1, min(jobs or os.cpu_count() or 1, len(codes)))
    if len(codes) < PARALLEL_FROM:
        workers = 1
    # Chunks small enough that every worker gets several, large enough to share a pandoc run.
    chunks = _chunks(codes, max(1, min(CHUNK, -(-len(codes) // (workers * 4)))))
    files: list[Path] = []
    if workers == 1:
        local = local or Renderer(job, tidy_result)  # workers load the figures themselves
        for chunk in chunks:
            files.extend(local.render_many(chunk))
            if progress:
                progress(len(files), len(codes) * len(variants))
    else:
        # Forked workers share the figures this process loads once; spawned ones (where fork is not
        # available, or typst already runs here: _TYPST_STARTED) each load them again, several seconds
        # of CPU a worker.
        forking = "fork" in multiprocessing.get_all_start_methods() and not _TYPST_STARTED
        worker_job = Job(**{**job.__dict__, "areas": None if all_areas else tuple(codes)})
        if forking:
            # No engine is made here (Renderer.engine is made on first use), so no typst threads or
            # compiler state are forked: each worker makes its own.
            _WORKER["renderer"] = Renderer(worker_job, tidy_result)
            gc.freeze()  # the collector would touch, and so copy, every shared page in each worker
        # Typst lays pages out on a thread per core; with a worker per core those threads only contend,
        # and their waiting for work costs about a tenth of the CPU a PDF takes. The workers inherit this.
        threads = os.environ.get(TYPST_THREADS)
        os.environ.setdefault(TYPST_THREADS, str(max(1, (os.cpu_count() or 1) // workers)))
        try:
            # A script that calls export() for many areas needs the usual `if __name__ == "__main__":`
            # where workers are spawned.
            with ProcessPoolExecutor(max_workers=workers,
                                     mp_context=multiprocessing.get_context("fork" if forking else "spawn"),
                                     initializer=None if forking else _worker_init,
                                     initargs=() if forking else (worker_job,)) as pool:
                futures = {pool.submit(_worker_render, chunk): chunk for chunk in chunks}
                for future in as_completed(futures):
                    try:
                        files.extend(Path(f) for f in future.result())
                    except ProfilesError as error:
                        for other in futures:
                            other.cancel()
                        raise ProfilesError(f"{', '.join(futures[future])}: {error}") from None
                    if progress:
                        progress(len(files), len(codes) * len(variants))
        finally:
            if threads is None:
                del os.environ[TYPST_THREADS]
            if forking:
                gc.unfreeze()
                _WORKER.clear()
        files.sort()
    return ExportReport(engine=name, engine_description=description, edition=edition, demo=demo, out_dir=out,
                        files=files, seconds=time.perf_counter() - started, workers=workers)


def site_stage(ws: Workspace, options, edition: str, demo: bool, progress) -> int:
    """`build --with-pdf`: every area page's PDF, into build/docs/pdf/ whole or not at all."""
    with atomic.replacing_dir(ws.docs / SITE_FOLDER) as folder:
        report = export(ws, edition=edition, demo=demo, built_at=build_time(), areas=options.areas,
                        all_areas=not options.areas, engine=options.pdf_engine, rules=options.rules,
                        out_dir=folder, progress=progress.counter("pdf"),
                        say=lambda message: progress.say(f"[pdf] {message}"))
    return len(report.files)
