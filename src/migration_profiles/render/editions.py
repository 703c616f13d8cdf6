"""Editions: what each published edition holds, what changed since the one before, and pages for
areas that no longer exist.

Every build writes the edition's record beside its pages, so it is published inside the edition's
own folder on the gh-pages branch and never changes afterwards:

* ``<edition>/data/edition/edition.json``: the edition's name, build time, the release and file
  hashes of each source, the area pages it has (code and name), the indicators it shows, and the
  areas it keeps a "no longer a current area" page for;
* ``<edition>/data/edition/figures.parquet``: every figure the edition published, after the
  publication rules (rounding, audience), exactly as readers saw them;
* ``<edition>/data/edition/revisions.csv``: every revision since the edition before.

The next build reads the previous edition's record with ``git show gh-pages:<edition>/...``. The
gh-pages branch is the one place that survives ``make clean``, is there in CI (the publishing
workflow fetches it to deploy anyway), holds exactly what was published (a record kept anywhere
else could drift from it), and keeps derived tables of public statistics off the main branch.

mike's ``versions.json`` on the same branch lists the editions and where the ``latest`` alias points.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import math
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from migration_profiles.render import spreadsheet_safe
from migration_profiles.render.templating import environment
from migration_profiles.stages.geography import MERGED, RECODED
from migration_profiles.stages.indicators import INDICATORS
from migration_profiles.stages.publish import format_number
from migration_profiles.util import atomic
from migration_profiles.util.errors import ProfilesError

BRANCH = "gh-pages"
LATEST = "latest"
RECORD_DIR = "data/edition"  # inside the docs folder, so inside the edition's folder once deployed
RECORD_FILE = "edition.json"
FIGURES_FILE = "figures.parquet"
REVISIONS_FILE = "revisions.csv"
REVISION_COLUMNS = ["area_code", "area_name", "indicator_id", "indicator", "period_label", "old_value",
                    "new_value",
                    "change", "relative_change", "old_status", "new_status"]
PAGE = "what-changed.md"
FIGURE_KEY = ["area_code", "indicator_id", "period_label"]
FIGURE_COLUMNS = [*FIGURE_KEY, "period_start", "period_end", "value", "ci_lower", "ci_upper", "status",
                  "source_id", "release"]
REVISIONS_ON_PAGE = 100  # the page lists the largest; the CSV has them all
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_GSS = re.compile(r"\b[EWSNK]\d{8}\b")


def check_name(edition: str) -> None:
    """An edition name becomes a folder and part of every URL: keep it short and plain."""
    if edition == LATEST or not _NAME.match(edition or ""):
        raise ProfilesError(f"'{edition}' cannot name an edition: use letters, digits, '.', '-' or '_' "
                            f"(for example 2026-08), and not '{LATEST}', which is the alias of the newest")


# --- what is published: the gh-pages branch, read with git -------------------------------------------


class PublishedEditions:
    """Read-only view of the editions on the gh-pages branch (local, or origin's when newer)."""

    def __init__(self, root: Path, branch: str = BRANCH) -> None:
        self.root = Path(root)
        self.branch = branch
        self.ref = self._resolve(branch)
        self._versions: list[dict] | None = None

    def _git(self, *args: str) -> subprocess.CompletedProcess:
        try:
            return subprocess.run(["git", "-C", str(self.root), *args], capture_output=True)
        except OSError:  # git is not installed: nothing can have been published from here
            return subprocess.CompletedProcess(args, 128, b"", b"")

    def _has(self, ref: str) -> bool:
        return self._git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0

    def _resolve(self, branch: str) -> str | None:
        # As mike does before deploying: the remote branch wins when the local one is missing or behind.
        local, remote = f"refs/heads/{branch}", f"refs/remotes/origin/{branch}"
        has_local, has_remote = self._has(local), self._has(remote)
        if has_local and has_remote:
            behind = self._git("merge-base", "--is-ancestor", local, remote).returncode == 0
            return remote if behind else local
        return local if has_local else remote if has_remote else None

    def read(self, path: str) -> bytes | None:
        if self.ref is None:
            return None
        result = self._git("show", f"{self.ref}:{path}")
        return result.stdout if result.returncode == 0 else None

    def versions(self) -> list[dict]:
        """mike's versions.json: newest first, each with version, title and aliases."""
        if self._versions is None:
            raw = self.read("versions.json")
            try:
                self._versions = [v for v in json.loads(raw) if isinstance(v, dict)] if raw else []
            except ValueError as exc:
                raise ProfilesError(f"versions.json on {self.branch} cannot be read: {exc}") from exc
        return self._versions

    def names(self) -> list[str]:
        return [str(v["version"]) for v in self.versions()]

    def latest(self) -> str | None:
        for v in self.versions():
            if LATEST in v.get("aliases", []):
                return str(v["version"])
        return None

    def previous(self, edition: str) -> str | None:
        """The edition this one is compared with: the latest, or for a rebuild the one before it."""
        names = self.names()
        if edition not in names:
            return self.latest() or (names[0] if names else None)
        later = names[names.index(edition) + 1:]
        return later[0] if later else None

    def takes_latest(self, edition: str) -> bool:
        """A new edition becomes the latest; rebuilding an older one leaves the alias where it is."""
        latest = self.latest()
        return latest is None or latest == edition or edition not in self.names()

    def record(self, edition: str) -> dict | None:
        raw = self.read(f"{edition}/{RECORD_DIR}/{RECORD_FILE}")
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def figures(self, edition: str) -> pd.DataFrame | None:
        raw = self.read(f"{edition}/{RECORD_DIR}/{FIGURES_FILE}")
        return pd.read_parquet(io.BytesIO(raw)) if raw else None

    def fingerprint(self, edition: str | None) -> str:
        """Changes whenever the edition a build compares with changes (a stage input)."""
        if edition is None:
            return ""
        raw = self.read(f"{edition}/{RECORD_DIR}/{RECORD_FILE}") or b""
        return f"{edition}:{hashlib.sha256(raw).hexdigest()}"


def newest_release_month(snapshots: dict, reference: Iterable[str] = ()) -> str:
    """The year and month an edition is named after: when the newest release it holds came out.

    A release whose publication date is not known came out after the period its figures cover ends,
    so that month stands for it: an edition is never named before the newest figures it shows (the
    real build of December 2026 was "Edition 2021-09" above figures to September 2024, because only
    the 2021 LAMI workbook stated its date). The releases of `reference` sources (boundaries, code
    lists) hold no figures: a code list of July 2025 does not make figures to September 2024 newer,
    so they name an edition only when no other release can. "" when no release has a date or a period.
    """
    def month(facts: dict) -> str:
        found = (facts.get("release_date") or facts.get("data_end") or "")[:7]
        return found if re.fullmatch(r"\d{4}-\d{2}", found) else ""

    reference = set(reference)
    figures = [m for sid, facts in snapshots.items() if sid not in reference and (m := month(facts))]
    return max(figures, default="") or max(filter(None, map(month, snapshots.values())), default="")


def day_in_words(iso: str) -> str:
    """2024-09-30 -> 30 September 2024 ("" for anything else)."""
    try:
        day = datetime.date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return ""
    return f"{day.day} {day:%B %Y}"


def releases_of(snapshots: dict) -> dict[str, str]:
    return {sid: facts.get("release", "") for sid, facts in sorted(snapshots.items())}


def default_name(base: str, published: PublishedEditions, snapshots: dict) -> str:
    """`base` (year and month of the newest release), unless an edition of that name is already
    published with different releases: then base.2, base.3, ... so a cited edition never changes.
    The same releases again reuse the name, so rebuilding an edition is idempotent."""
    names = set(published.names())
    wanted = releases_of(snapshots)
    candidate, n = base, 1
    while candidate in names:
        record = published.record(candidate)
        if record is not None and releases_of(record.get("sources", {})) == wanted:
            return candidate
        n += 1
        candidate = f"{base}.{n}"
    return candidate


# --- the record --------------------------------------------------------------------------------------


@dataclass
class Previous:
    name: str | None
    record: dict | None = None
    figures: pd.DataFrame | None = None

    @classmethod
    def load(cls, published: PublishedEditions, name: str | None) -> Previous:
        if name is None:
            return cls(None)
        return cls(name, published.record(name), published.figures(name))


def previous_values(root: Path, edition: str, demo: bool) -> dict:
    """(area, indicator, period) -> value as the edition before `edition` published it.

    Area pages and PDFs use it to say "revised from ..." where a newer release changed a figure.
    Empty when there is no earlier edition, or it was of the other kind (demonstration or real).
    """
    published = PublishedEditions(root)
    name = published.previous(edition)
    if name is None or bool((published.record(name) or {}).get("demo")) != demo:
        return {}
    figures = published.figures(name)
    if figures is None:
        return {}
    valued = figures[pd.to_numeric(figures["value"], errors="coerce").notna()]
    keys = zip(valued["area_code"], valued["indicator_id"], valued["period_label"], strict=True)
    return dict(zip(keys, pd.to_numeric(valued["value"]).astype(float), strict=True))


def _table(figures: pd.DataFrame) -> pd.DataFrame:
    table = figures.reindex(columns=FIGURE_COLUMNS).copy()
    for column in ("value", "ci_lower", "ci_upper"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    for column in [c for c in FIGURE_COLUMNS if c not in ("value", "ci_lower", "ci_upper")]:
        # Text stays text: made into a Python object per cell and back, the published figures' text
        # columns took five times as long as the rest of the edition's record.
        text = table[column]
        if not isinstance(text.dtype, pd.StringDtype):
            text = text.astype("object")
        table[column] = text.where(text.notna(), "").astype(str)
    return table.sort_values(FIGURE_KEY, kind="stable").reset_index(drop=True)


# --- what changed ------------------------------------------------------------------------------------


@dataclass
class Changes:
    edition: str
    previous: str | None
    comparable: bool  # False when there is no previous edition, or it was published without a record
    new_releases: list[dict] = field(default_factory=list)  # source_id, title, old, new, release_date
    revisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    area_changes: list[dict] = field(default_factory=list)  # code, name, change, successors, note
    indicators_added: list[dict] = field(default_factory=list)  # id, title
    indicators_removed: list[dict] = field(default_factory=list)


def _same(a: float, b: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def revisions(old: pd.DataFrame, new: pd.DataFrame, names: dict[str, str],
              titles: dict[str, str]) -> pd.DataFrame:
    """Figures for the same area, indicator and period in both editions whose value differs.

    Largest first: by the change relative to the earlier figure, then by its absolute size; a figure
    that appeared or was withdrawn comes after every numeric revision.
    """
    columns = ["area_code", "area_name", "indicator_id", "indicator", "period_label", "old_value",
               "new_value", "change", "relative_change", "old_status", "new_status"]
    a = _table(old).drop_duplicates(FIGURE_KEY)[[*FIGURE_KEY, "value", "status"]]
    b = _table(new).drop_duplicates(FIGURE_KEY)[[*FIGURE_KEY, "value", "status"]]
    both = a.merge(b, on=FIGURE_KEY, suffixes=("_old", "_new"))
    differs = [not _same(x, y) for x, y in zip(both["value_old"], both["value_new"], strict=True)]
    both = both[differs]
    if both.empty:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({
        "area_code": both["area_code"],
        "area_name": both["area_code"].map(lambda c: names.get(c, c)),
        "indicator_id": both["indicator_id"],
        "indicator": both["indicator_id"].map(lambda i: titles.get(i, i)),
        "period_label": both["period_label"],
        # Published figures are already rounded; this drops the binary noise of that rounding.
        "old_value": both["value_old"].round(9),
        "new_value": both["value_new"].round(9),
        "old_status": both["status_old"],
        "new_status": both["status_new"],
    })
    out["change"] = (out["new_value"] - out["old_value"]).round(9)
    base = out["old_value"].abs().where(out["old_value"] != 0)
    out["relative_change"] = out["change"] / base
    size = out["relative_change"].abs().fillna(float("inf")).where(out["change"].notna(), -1.0)
    out = out.assign(_size=size, _abs=out["change"].abs().fillna(-1.0))
    out = out.sort_values(["_size", "_abs", "area_code", "indicator_id", "period_label"],
                          ascending=[False, False, True, True, True], kind="stable")
    return out[columns].reset_index(drop=True)


def _successors(geography, code: str, resolution) -> list[str]:
    if resolution.action == RECODED:
        return [resolution.code]
    area = geography.area(code)
    listed = [c.strip() for c in (area.replaced_by if area else "").replace(",", ";").split(";") if c.strip()]
    if listed:
        return listed
    # Otherwise the successors named in the geography's own note ("... merged into NAME (CODE) ...").
    note = resolution.note
    if " merged into " in note:
        phrase = note.split(" merged into ", 1)[1].split(", which in turn", 1)[0].split(". ", 1)[0]
        return list(dict.fromkeys(_GSS.findall(phrase)))
    return []


def describe_retired(code: str, name: str, geography, pages: set[str]) -> dict:
    """Why an area that had a page no longer has figures, from this edition's geography."""
    resolution = geography.resolve(code)
    successors = [s for s in _successors(geography, code, resolution) if s != code]
    if resolution.action == RECODED:
        change = "code changed"
    elif resolution.action == MERGED:
        change = "merged" if successors else "abolished"
    else:
        change = "no longer published"
    return {
        "code": code,
        "name": name or geography.name(code),
        "change": change,
        "note": resolution.note,
        "successors": [{"code": s, "name": geography.name(s), "has_page": s in pages} for s in successors],
    }


def compare(edition: str, previous: Previous, record: dict, figures: pd.DataFrame, geography,
            sources: dict, indicator_titles: dict[str, str]) -> Changes:
    if previous.name is None or previous.record is None or previous.figures is None:
        return Changes(edition, previous.name, comparable=False)
    changes = Changes(edition, previous.name, comparable=True)
    old_sources, new_sources = previous.record.get("sources", {}), record["sources"]
    for sid, facts in new_sources.items():
        before = old_sources.get(sid, {}).get("release")
        if before != facts.get("release"):
            changes.new_releases.append({
                "source_id": sid, "title": sources[sid].title if sid in sources else sid,
                "old": before, "new": facts.get("release"), "release_date": facts.get("release_date") or "",
            })
    names = {**previous.record.get("areas", {}), **record["areas"]}
    names = {code: names.get(code) or geography.name(code) for code in
             set(figures["area_code"].unique()) | set(previous.figures["area_code"].unique())}
    changes.revisions = revisions(previous.figures, figures, names, indicator_titles)
    pages = set(record["areas"])
    for code in sorted(set(record["retired"]) - set(previous.record.get("retired", {}))):
        changes.area_changes.append(describe_retired(code, record["retired"][code]["name"], geography, pages))
    old_ids, new_ids = set(previous.record.get("indicators", [])), set(record["indicators"])
    changes.indicators_added = [{"id": i, "title": indicator_titles.get(i, i)}
                                for i in sorted(new_ids - old_ids)]
    changes.indicators_removed = [{"id": i, "title": indicator_titles.get(i, i)}
                                  for i in sorted(old_ids - new_ids)]
    return changes


# --- writing the edition's pages and record ----------------------------------------------------------


def _format(value: float, indicator) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "not available"
    if indicator is None:
        return f"{value:,g}"
    return format_number(value, indicator)


def _change_text(row, indicator) -> str:
    if math.isnan(row.change):
        return "new figure" if math.isnan(row.old_value) else "withdrawn"
    sign = "+" if row.change > 0 else "−"
    if indicator is not None and indicator.percent:  # a share: the change is in percentage points
        return f"{sign}{abs(row.change):,.{indicator.decimals}f} percentage points"
    text = sign + _format(abs(row.change), indicator)
    if not math.isnan(row.relative_change):
        text += f" ({sign}{abs(row.relative_change) * 100:.1f}%)"
    return text


def _carry_retired(previous: Previous, current_areas: set[str], geography,
                   pages: set[str]) -> dict[str, dict]:
    """Areas that had a page in an earlier edition and have no figures in this one."""
    if previous.record is None:
        return {}
    retired: dict[str, dict] = {}
    for code, entry in previous.record.get("retired", {}).items():
        if code not in current_areas:
            retired[code] = {**entry, **describe_retired(code, entry.get("name", ""), geography, pages),
                             "last_edition": entry.get("last_edition", "")}
    had = {**previous.record.get("areas", {})}
    for code in set(had) - current_areas:
        retired[code] = {**describe_retired(code, had[code], geography, pages), "last_edition": previous.name}
    return retired


def write_edition(docs: Path, *, edition: str, built_at: str, demo: bool, snapshots: dict,
                  figures: pd.DataFrame, pages: dict[str, str], current_areas: set[str], geography,
                  sources: dict, previous: Previous) -> Changes:
    """Write the edition's record, its "What changed" page and a page for every retired area.

    `pages` maps the codes of the area pages written to their names; `current_areas` holds every
    local authority with figures in this edition (a build of some areas only does not retire the rest).
    """
    by_id = {ind.id: ind for ind in INDICATORS}
    titles = {ind.id: ind.title for ind in INDICATORS}
    table = _table(figures)
    retired = _carry_retired(previous, current_areas, geography, set(pages))
    # How far each source's figures in this edition run: from the figures themselves, so it holds for
    # snapshots whose manifest never recorded it (the demonstration data), else as the manifest says.
    shown = table[table["period_end"] != ""]
    ends = shown.groupby("source_id")["period_end"].max().to_dict() if len(shown) else {}
    record = {
        "edition": edition,
        "built_at": built_at,
        "demo": demo,
        "previous": previous.name,
        "sources": {sid: {"release": f.get("release", ""), "release_date": f.get("release_date", ""),
                          "release_date_from": f.get("release_date_from", ""),
                          "data_end": str(ends.get(sid) or f.get("data_end") or "")[:10],
                          "files": [{"name": x.get("name", ""), "sha256": x.get("sha256", ""),
                                     "url": x.get("url", "")} for x in f.get("files", [])]}
                    for sid, f in sorted(snapshots.items())},
        "areas": dict(sorted(pages.items())),
        "indicators": sorted(set(table["indicator_id"].unique())),  # not every row's text in Python
        "retired": {code: {"name": r["name"], "last_edition": r["last_edition"], "change": r["change"],
                           "successors": [s["code"] for s in r["successors"]]}
                    for code, r in sorted(retired.items())},
    }
    folder = docs / RECORD_DIR
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    atomic.write_bytes(folder / FIGURES_FILE, buffer.getvalue())
    record["figures_sha256"] = hashlib.sha256(buffer.getvalue()).hexdigest()
    atomic.write_text(folder / RECORD_FILE, json.dumps(record, indent=1, ensure_ascii=False) + "\n")

    changes = compare(edition, previous, record, table, geography, sources, titles)
    columns = list(changes.revisions.columns) or REVISION_COLUMNS
    cells = changes.revisions.astype(object).where(changes.revisions.notna(), None)
    atomic.write_text(folder / REVISIONS_FILE,
                      spreadsheet_safe.csv_text(columns, cells.itertuples(index=False)))
    env = environment()
    shown = [{"area": r.area_name, "code": r.area_code, "indicator": r.indicator, "period": r.period_label,
              "old": _format(r.old_value, by_id.get(r.indicator_id)),
              "new": _format(r.new_value, by_id.get(r.indicator_id)),
              "change": _change_text(r, by_id.get(r.indicator_id))}
             for r in changes.revisions.head(REVISIONS_ON_PAGE).itertuples()]
    # What the edition holds: said on the "What changed" page of a first edition, which has nothing to
    # compare with.
    contents = {"areas": len(pages), "indicators": len(record["indicators"]),
                "sources": [{"id": sid, "title": getattr(sources.get(sid), "title", sid), **entry,
                             "figures_to": day_in_words(entry.get("data_end", ""))}
                            for sid, entry in record["sources"].items()],
                "newest": day_in_words(max((e.get("data_end") or "" for e in record["sources"].values()),
                                           default=""))}
    text = env.get_template("what_changed.md.j2").render(
        c=changes, revisions=shown, total_revisions=len(changes.revisions), on_page=REVISIONS_ON_PAGE,
        record_dir=RECORD_DIR, demo=demo, contents=contents,
    )
    atomic.write_text(docs / PAGE, text)
    stub = env.get_template("retired_area.md.j2")
    for code, entry in retired.items():
        if code not in pages:  # a page written for the code in this edition always wins
            atomic.write_text(docs / "areas" / f"{code}.md", stub.render(a=entry, edition=edition))
    return changes
