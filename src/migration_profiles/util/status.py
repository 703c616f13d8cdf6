"""What a published cell says when it is not a plain number.

Publishers mark missing values with symbols. We keep the value missing and record why, so that a
suppressed figure can never turn into a zero further down the pipeline.
"""

from __future__ import annotations

import math
import re

OK = "ok"
PROVISIONAL = "provisional"
NOT_AVAILABLE = "not_available"
CONFIDENTIAL = "confidential"
NO_CONTACT = "no_contact"
ROUNDED_TO_ZERO = "rounded_to_zero"
NOT_APPLICABLE = "not_applicable"
BLANK = "blank"
SUPPRESSED = "suppressed"  # withheld by our own disclosure control, not by the publisher
SMALL_BASE = "small_base"  # a rate shown with a flag: its denominator is a very small population

STATUS_TEXT = {
    OK: "",
    PROVISIONAL: "provisional",
    NOT_AVAILABLE: "not available",
    CONFIDENTIAL: "withheld by the publisher to protect confidentiality",
    NO_CONTACT: "no survey contact in this area",
    ROUNDED_TO_ZERO: "fewer than half the rounding unit (rounded to zero)",
    NOT_APPLICABLE: "not applicable",
    BLANK: "left blank by the publisher",
    SUPPRESSED: "withheld: too small to publish safely",
    SMALL_BASE: "a rate over a very small population: a few people move it a long way",
}

# Statuses whose value is a number we may show.
HAS_VALUE = frozenset({OK, PROVISIONAL, SMALL_BASE})

# Markers used by ONS, DWP, NRS, Home Office and DfE tables, old style and the newer bracketed one.
MARKERS = {
    ":": NOT_AVAILABLE,
    "..": NOT_AVAILABLE,
    "x": NOT_AVAILABLE,
    "[x]": NOT_AVAILABLE,
    "no data": NOT_AVAILABLE,
    "n/a": NOT_AVAILABLE,
    "c": CONFIDENTIAL,
    "[c]": CONFIDENTIAL,
    "low": CONFIDENTIAL,
    ".": NO_CONTACT,
    "0~": ROUNDED_TO_ZERO,
    "~": ROUNDED_TO_ZERO,
    "z": NOT_APPLICABLE,
    "[z]": NOT_APPLICABLE,
}

# A number as publishers write it: thousands separators only between groups of three digits ("1,234",
# never "1,2,3"), an optional decimal part and exponent, and an optional provisional flag ("123p").
_NUMBER_WITH_FLAG = re.compile(
    r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+]?\.\d+)\s*(\[?p\]?)?$", re.IGNORECASE
)

# No figure any of the sources publishes comes near this; a larger one is a damaged cell.
SANE_BOUND = 1e12


class UnknownCell(ValueError):
    """A cell that is neither a number nor a marker we know; the parser adds where it was."""


def parse_cell(raw: object) -> tuple[float | None, str]:
    """Return (value, status) for one published cell.

    Numbers pass through; thousands separators and a trailing provisional flag ("123p") are
    understood; known markers (padded with spaces or not) give a missing value with their reason.
    """
    kind = type(raw)
    if kind is float or kind is int:  # most cells: skip the checks below (bool is not exactly int)
        return (None, BLANK) if raw != raw else (sane_number(float(raw), raw), OK)
    if raw is None:
        return None, BLANK
    if isinstance(raw, bool):
        raise UnknownCell(f"a true/false value ({raw!r})")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and math.isnan(raw):
            return None, BLANK
        return sane_number(float(raw), raw), OK
    text = str(raw).strip()
    if text == "":
        return None, BLANK
    marker = MARKERS.get(text.lower())
    if marker is not None:
        return None, marker
    match = _NUMBER_WITH_FLAG.match(text)
    if match:
        number = float(match.group(1).replace(",", ""))
        return sane_number(number, text), PROVISIONAL if match.group(2) else OK
    # "NaN", "inf", "1,2,3" and the like: float() would take some of them, a publisher writes none.
    raise UnknownCell(f"{text!r} is neither a number nor a known marker")


def sane_number(number: float, raw: object) -> float:
    """`number` when it is finite and within SANE_BOUND; otherwise UnknownCell naming what was found."""
    if not math.isfinite(number):
        raise UnknownCell(f"{raw!r}, which is not a finite number")
    if abs(number) > SANE_BOUND:
        raise UnknownCell(f"{raw!r}, beyond any figure the source could publish "
                          f"(more than {SANE_BOUND:,.0f})")
    return number

