"""The local research register (the toolkit's Appendix 3): surveys, consultations and research already
done in the area, so that new work builds on them instead of asking the same people again."""

from __future__ import annotations

import re
from pathlib import Path

from migration_profiles.local.validate import Problem
from migration_profiles.local.yamlfile import entries, refuse, text

TEMPLATE = "register"
FIELDS = ("title", "owner", "date", "topic", "found", "link", "classification")
REQUIRED = ("title", "owner", "date", "topic", "found")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# The kinds of local source Appendix 3 lists, as topics a council can file entries under.
TOPICS = (
    "Local survey or consultation",
    "Community events and focus groups",
    "Neighbourhood policing survey",
    "Insight research with target groups",
    "Voluntary sector research",
    "Residents survey",
    "School survey",
    "Joint Strategic Needs Assessment",
    "Community survey",
    "Topic needs assessment",
    "University or voluntary sector research report",
    "Empty properties",
    "Environmental incidents",
    "Community tension monitoring",
    "Selective landlord licensing",
    "Other",
)


def template() -> str:
    topics = "\n".join(f"#   - {t}" for t in TOPICS)
    return f"""# Local research register: surveys, consultations and research about migration in the area.
# One entry per piece of work. Every field is required except link. date: YYYY, YYYY-MM or YYYY-MM-DD.
# classification: public (shown on the public site) or restricted (shown only in internal builds).
# topic: one of
{topics}
entries:
  - title: "Residents survey of two central wards"
    owner: "Public health team"
    date: 2025-03
    topic: "Residents survey"
    found: "What residents said about housing conditions and access to GP services."
    link: "https://www.example.org/reports/residents-survey"
    classification: public
"""


def load(path: Path) -> list[dict]:
    """The register's entries, checked; every problem is reported at once."""
    problems, out = [], []
    for line, entry in entries(path, "entries"):

        def bad(field: str, expected: str, entry=entry, line=line) -> None:
            problems.append(Problem(path.name, line, field, text(entry, field), expected))

        if not isinstance(entry, dict):
            problems.append(
                Problem(path.name, line, "entry", str(entry), "an entry with " + ", ".join(FIELDS))
            )
            continue
        for field in REQUIRED:
            if not text(entry, field):
                bad(field, "a value (this field is required)")
        for field in set(entry) - set(FIELDS):
            bad(field, f"only the fields {', '.join(FIELDS)}")
        if text(entry, "date") and not DATE.match(text(entry, "date")):
            bad("date", "a date such as 2025, 2025-03 or 2025-03-14")
        if text(entry, "topic") and text(entry, "topic") not in TOPICS:
            bad("topic", f"one of: {'; '.join(TOPICS)}")
        link = text(entry, "link")
        if link and not re.match(r"^https?://[^\s<>\"]+$", link):
            bad("link", "an http:// or https:// address")
        classification = text(entry, "classification") or "public"
        if classification not in ("public", "restricted"):
            bad("classification", "public or restricted")
        out.append({f: text(entry, f) for f in FIELDS} | {"classification": classification})
    refuse(path, problems)
    return out
