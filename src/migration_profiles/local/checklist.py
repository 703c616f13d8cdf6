"""The toolkit's section 5 checklist for making migration data part of the council's routine work,
filled in by the council: which recommendations are in place, who owns each, when it was reviewed."""

from __future__ import annotations

import re
from pathlib import Path

from migration_profiles.local.validate import Problem
from migration_profiles.local.yamlfile import entries, refuse, text

TEMPLATE = "checklist"
STATES = ("yes", "partly", "no")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# (id, recommendation), paraphrasing the toolkit's checklist.
RECOMMENDATIONS = (
    ("systematic-approach", "A set way of gathering and analysing the data sources"),
    ("public-data-updates", "Public statistics updated and analysed on a schedule"),
    ("agency-snapshots", "Partner agencies send regular snapshots to one central point for analysis"),
    ("dashboard", "A dashboard of the sources, with regular reports and analysis"),
    (
        "needs-assessment",
        "International migration covered in, or linked from, the JSNA or other needs assessments",
    ),
    ("common-dataset", "Shared local migration indicators or a common dataset across agencies"),
    ("data-gaps", "A decision on which data gaps to close first"),
    ("measure-change", "A decision on how to measure population change and the effect on services locally"),
    ("definitions", "One choice of definitions of migration and migrant, used in every collection"),
    ("mandate", "Routine collection required by senior leaders"),
    ("consistent-datasets", "Key datasets made consistent with each other"),
    ("data-standards", "Agreed data management standards, common coding and accuracy checks"),
    (
        "core-fields",
        "The same fields collected everywhere: country of birth, nationality, year of arrival, "
        "main language, migrant status or type",
    ),
    ("same-categories", "The same categories used by every agency, for example for countries"),
    ("survey-questions", "Migration questions added to existing and planned local surveys"),
    ("commissioned-services", "Commissioned services required to record migration data the same way"),
    ("privacy-notices", "Privacy notices and consent that cover sharing and processing"),
    (
        "sharing-agreements",
        "Information sharing agreements in place, with the senior information risk owner involved",
    ),
    ("training", "Training on collecting data well and on what good data makes possible"),
    ("research-register", "One central record of current surveys, consultations and local research"),
)
IDS = tuple(i for i, _ in RECOMMENDATIONS)


def template() -> str:
    lines = [
        "# Section 5 checklist: which recommendations are in place in this council.",
        "# For each item: in_place (yes, partly or no), by (who owns it), reviewed (YYYY-MM-DD), note.",
        "# Keep every id; do not add new ones.",
        "items:",
    ]
    for item_id, text_ in RECOMMENDATIONS:
        lines += [
            f"  - id: {item_id}  # {text_}",
            '    in_place: "no"',
            '    by: ""',
            '    reviewed: ""',
            '    note: ""',
        ]
    return "\n".join(lines) + "\n"


def load(path: Path) -> list[dict]:
    """Every recommendation with the council's answer; every problem is reported at once."""
    problems, answers = [], {}
    for line, entry in entries(path, "items"):

        def bad(field: str, expected: str, entry=entry, line=line) -> None:
            problems.append(Problem(path.name, line, field, text(entry, field), expected))

        if not isinstance(entry, dict):
            problems.append(
                Problem(path.name, line, "item", str(entry), "an item with id, in_place, by, reviewed")
            )
            continue
        item_id = text(entry, "id")
        if item_id not in IDS:
            bad("id", f"one of the checklist's ids: {', '.join(IDS)}")
            continue
        if item_id in answers:
            bad("id", "each id once")
        if text(entry, "in_place") not in STATES:
            bad("in_place", "yes, partly or no")
        if text(entry, "reviewed") and not DATE.match(text(entry, "reviewed")):
            bad("reviewed", "a date as YYYY-MM-DD")
        if text(entry, "in_place") in ("yes", "partly") and not text(entry, "by"):
            bad("by", "who owns it, for an item in place")
        answers[item_id] = {f: text(entry, f) for f in ("in_place", "by", "reviewed", "note")}
    refuse(path, problems)
    blank = {"in_place": "not answered", "by": "", "reviewed": "", "note": ""}
    return [{"id": i, "recommendation": t, **answers.get(i, blank)} for i, t in RECOMMENDATIONS]
