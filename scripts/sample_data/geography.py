"""Geography: the mySociety list of local authorities and ONS's code-change list."""

from __future__ import annotations

from .facts import Facts, Hierarchy
from .population import MYE_LAST_YEAR, Components
from .writers import csv_bytes

SNAPSHOT = ("geography", "demo-2025", "2025-04-01")
MYSOCIETY_FILE = "uk_local_authorities_current.csv"
CHANGES_FILE = "changes.csv"

# mySociety columns filled from the real list (facts about areas); the rest are left empty,
# except pop-2020, which is invented.
MYSOCIETY_IDENTITY = (
    "local-authority-code",
    "official-name",
    "nice-name",
    "gss-code",
    "start-date",
    "end-date",
    "replaced-by",
    "nation",
    "region",
    "local-authority-type",
    "local-authority-type-name",
    "county-la",
    "former-gss-codes",
    "current-authority",
)


def make(facts: Facts, hierarchy: Hierarchy, comps: Components) -> dict[str, bytes]:
    pop2020 = dict(zip(comps.lads, comps.population(MYE_LAST_YEAR).tolist(), strict=True))
    by_register = {r["local-authority-code"]: r for r in facts.mysociety_rows}
    wanted = [
        r for r in facts.mysociety_rows if r["gss-code"] and r["local-authority-type"] not in ("COMB", "SRA")
    ]
    # Areas created after 2021 get the sum of the 2021 authorities they replaced.
    successors: dict[str, list[str]] = {}
    for r in facts.mysociety_rows:
        if r["gss-code"] in pop2020 and r["replaced-by"]:
            for reg in r["replaced-by"].split(","):
                succ = by_register.get(reg.strip())
                if succ:
                    successors.setdefault(succ["gss-code"], []).append(r["gss-code"])

    rows = []
    for r in wanted:
        code = r["gss-code"]
        value: float | None = None
        if r.get("pop-2020"):  # the real list gives a 2020 population for this row
            if code in pop2020:
                value = pop2020[code]
            elif code in hierarchy.members:
                value = sum(pop2020[c] for c in hierarchy.members[code])
            elif code in successors:
                value = sum(pop2020[c] for c in successors[code])
        out = {column: "" for column in facts.mysociety_header}
        for column in MYSOCIETY_IDENTITY:
            out[column] = r[column]
        out["pop-2020"] = "" if value is None else f"{float(value):.1f}"
        rows.append([out[c] for c in facts.mysociety_header])
    mysociety = csv_bytes(facts.mysociety_header, rows, bom=False, crlf=False)

    codes = {r["gss-code"] for r in wanted}
    change_rows = [
        [r[c] for c in facts.changes_header]
        for r in facts.changes_rows
        if r["oldcd"] in codes or r["newcd"] in codes
    ]
    changes = csv_bytes(facts.changes_header, change_rows, bom=True, crlf=False)
    return {MYSOCIETY_FILE: mysociety, CHANGES_FILE: changes}
