"""Regenerate the demonstration local data in data/sample/local/: two invented partner returns, imported
through the same checks as a council's own, plus a research register and a filled-in checklist.

    .venv/bin/python scripts/make_sample_local.py

Every count here is invented. One dataset is public (pupils with English as an additional language,
by first language and by sex) and one restricted (asylum seekers arriving, by nationality), so the
demonstration internal build differs from the public one.
"""

from __future__ import annotations

import csv
import random
import shutil
import tempfile
from pathlib import Path

from migration_profiles.local import checklist, kinds, store
from migration_profiles.util.paths import Workspace

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sample" / "local"
AREAS = {"E06000002": "Middlesbrough", "E06000014": "York"}
# Four of Middlesbrough's MSOAs (2021 codes and names, as in ONS's MSOA boundaries), so that the demo
# shows a table of small-area local data. The counts for them are invented like every other.
MSOAS = {"E02002496": "Middlesbrough 001", "E02002497": "Middlesbrough 002", "E02002498": "Middlesbrough 003",
         "E02002499": "Middlesbrough 004"}
# Eight of York's twelve invented small areas in the demonstration MSOA boundaries (make_sample_msoa.py),
# so that the demo page maps local data; the other four are left out, as a partner's return may
# cover only part of a council. The Middlesbrough MSOAs above are not in those boundaries, so their
# page shows the table and says why there is no map.
YORK_MSOAS = {f"E0209{n:04d}": f"York {n:03d}" for n in range(1, 9)}
RECEIVED = "2026-02-02"


def _rows(period: str, code: str, name: str, column: str, counts: dict[str, int], extra: dict | None = None):
    base = {c: "" for c in kinds.COLUMNS} | {
        kinds.PERIOD: period,
        kinds.LEVEL: "local_authority",
        kinds.AREA: code,
        kinds.AREA_NAME: name,
    }
    rows = [base | {column: k, kinds.COUNT: v} for k, v in counts.items()]
    for other, split in (extra or {}).items():
        rows += [base | {other: k, kinds.COUNT: v} for k, v in split.items()]
    rows.append(base | {kinds.COUNT: sum(counts.values())})
    return rows


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(kinds.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(13)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    lines = ["code,name,council_code"] + [f"{c},{n},E06000002" for c, n in MSOAS.items()]
    lines += [f"{c},{n},E06000014" for c, n in YORK_MSOAS.items()]
    (OUT / store.AREAS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    councils = store.council_codes(Workspace(ROOT))
    eal, arrivals = [], []
    for code, name in AREAS.items():
        languages = {
            "pol": rng.randint(150, 400),
            "ara": rng.randint(100, 300),
            "urd": rng.randint(80, 250),
            "kur": rng.randint(20, 90),
            "prs": rng.randint(3, 9),
            "tir": rng.randint(10, 40),
            "Other": rng.randint(200, 500),
        }
        total = sum(languages.values())
        female = total // 2 - rng.randint(0, 20)
        eal += _rows(
            "2026",
            code,
            name,
            "main_language",
            languages,
            {"sex": {"Female": female, "Male": total - female}},
        )
        if code == "E06000002":
            counts = [rng.randint(20, 90), rng.randint(20, 90), rng.randint(3, 8), rng.randint(20, 90)]
            msoas = MSOAS
        else:  # a generator of its own, so that the figures above stay as they were
            york = random.Random(2013)
            counts = [york.randint(15, 80) for _ in YORK_MSOAS]
            counts[2] = york.randint(2, 8)  # one small count, withheld on the map as on the table
            msoas = YORK_MSOAS
        for (msoa, msoa_name), count in zip(msoas.items(), counts, strict=True):
            msoa_row = {kinds.PERIOD: "2026", kinds.LEVEL: "msoa", kinds.AREA: msoa}
            eal.append({c: "" for c in kinds.COLUMNS} | msoa_row | {kinds.AREA_NAME: msoa_name,
                                                                      kinds.COUNT: count})
        nationalities = {
            "IRN": rng.randint(10, 30),
            "ERI": rng.randint(8, 25),
            "SDN": rng.randint(5, 20),
            "AFG": rng.randint(2, 15),
            "SYR": rng.randint(1, 6),
            "Other": rng.randint(10, 30),
        }
        arrivals += _rows("2025-Q4", code, name, "nationality", nationalities)
    with tempfile.TemporaryDirectory() as tmp:
        eal_file, arrivals_file = Path(tmp) / "eal_pupils_demo.csv", Path(tmp) / "asylum_arrivals_demo.csv"
        _write(eal_file, eal)
        _write(arrivals_file, arrivals)
        store.import_file(
            OUT,
            eal_file,
            kinds.kind("school_census_eal"),
            "School census team (demonstration)",
            "public",
            councils,
            agreement="Demonstration data: no agreement",
            received=RECEIVED,
        )
        store.import_file(
            OUT,
            arrivals_file,
            kinds.kind("asylum_liaison"),
            "Asylum liaison officer (demonstration)",
            store.RESTRICTED,
            councils,
            agreement="Demonstration data: no agreement",
            received=RECEIVED,
        )
    (OUT / "register.yaml").write_text(REGISTER, encoding="utf-8")
    checklist_text = checklist.template().replace(
        'in_place: "no"\n    by: ""\n    reviewed: ""',
        'in_place: "partly"\n    by: "Policy team (demonstration)"\n    reviewed: "2026-01-15"',
        3,
    )
    (OUT / "checklist.yaml").write_text(checklist_text, encoding="utf-8")
    print(f"wrote {OUT}")


REGISTER = """# Demonstration register: every entry is invented.
entries:
  - title: "Welcome survey of new residents (demonstration)"
    owner: "Community cohesion team"
    date: 2025-06
    topic: "Community survey"
    found: "Invented for the demonstration: new residents said an ESOL class was the hardest thing to find."
    classification: public
  - title: "Focus groups with asylum seekers in dispersed housing (demonstration)"
    owner: "Voluntary sector partnership"
    date: 2025-11
    topic: "Community events and focus groups"
    found: "Invented for the demonstration: restricted, so it appears only in the internal build."
    classification: restricted
"""


if __name__ == "__main__":
    main()
