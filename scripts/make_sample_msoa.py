"""Write invented small-area (MSOA) files for demonstration and test builds: boundaries and census tables.

Nothing here is real but the layouts. Each council listed gets a block of square "small areas" in
British National Grid metres near where the council is, with invented codes (E0209xxxx, a range ONS
does not use) and names in ONS's style ("York 001"), written as the zipped shapefile ONS publishes
(.shp, .shx, .dbf, .prj); and invented counts for TS019 (migrant indicator) and TS029 (proficiency in
English) in ONS's long CSV layout or in the third-party wide layout.

    python scripts/make_sample_msoa.py OUT_DIR [--wide]
"""

from __future__ import annotations

import csv
import io
import random
import sys
import zipfile
from pathlib import Path

import shapefile

# Council, name, south-west corner (easting, northing), columns, rows of 2 km squares.
COUNCILS = (("E06000014", "York", 452000, 446000, 4, 3), ("E08000035", "Leeds", 418000, 426000, 5, 4))
SIDE = 2000
BNG_WKT = ('PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",'
           '6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
           'PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",'
           '-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],'
           'PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]')
TS019 = "Migrant indicator (5 categories)"
TS019_LABELS = ((-8, "Does not apply"),
                (0, "Address one year ago is the same as the address of enumeration"),
                (1, "Address one year ago is student term-time or boarding school address in the UK"),
                (2, "Migrant from within the UK: Address one year ago was in the UK"),
                (3, "Migrant from outside the UK: Address one year ago was outside the UK"))
TS029 = "Proficiency in English language (6 categories)"
_NOT = "Main language is not English (English or Welsh in Wales): "
TS029_LABELS = ((-8, "Does not apply"), (1, "Main language is English (English or Welsh in Wales)"),
                (2, _NOT + "Can speak English very well"), (3, _NOT + "Can speak English well"),
                (4, _NOT + "Cannot speak English well"), (5, _NOT + "Cannot speak English"))


def areas() -> list[tuple[str, str, list[list[float]]]]:
    found, serial = [], 1
    for _council, name, east, north, cols, rows in COUNCILS:
        for n in range(cols * rows):
            x, y = east + (n % cols) * SIDE, north + (n // cols) * SIDE
            ring = [[x, y], [x, y + SIDE], [x + SIDE, y + SIDE], [x + SIDE, y], [x, y]]  # clockwise: outer
            found.append((f"E0209{serial:04d}", f"{name} {n + 1:03d}", ring))
            serial += 1
    return found


def shapefile_zip(path: Path) -> None:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("MSOA21CD", "C", size=9)
        writer.field("MSOA21NM", "C", size=40)
        for code, name, ring in areas():
            writer.poly([ring])
            writer.record(code, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        stem = "MSOA_2021_EW_BSC_demo"
        for suffix, data in ((".shp", shp), (".shx", shx), (".dbf", dbf)):
            archive.writestr(stem + suffix, data.getvalue())
        archive.writestr(stem + ".prj", BNG_WKT)
        archive.writestr(stem + ".cpg", "UTF-8")


def counts() -> list[tuple[str, str, dict[int, int], dict[int, int]]]:
    rng = random.Random(2021)
    found = []
    for code, name, _ring in areas():
        residents = rng.randint(6000, 12000)
        outside = int(residents * rng.uniform(0.002, 0.04))
        student, within = int(residents * rng.uniform(0, 0.05)), int(residents * rng.uniform(0.05, 0.12))
        migrant = {-8: rng.randint(50, 130), 0: residents - outside - student - within, 1: student, 2: within,
                   3: outside}
        other = int(residents * rng.uniform(0.02, 0.2))
        parts = [int(other * share) for share in (0.55, 0.3, 0.12)]
        english = {-8: rng.randint(200, 400), 1: residents - other, 2: parts[0], 3: parts[1], 4: parts[2],
                   5: other - sum(parts)}
        found.append((code, name, migrant, english))
    return found


def write_long(out: Path) -> None:
    tables = (("TS019", TS019, TS019_LABELS, 2), ("TS029", TS029, TS029_LABELS, 3))
    for table, variable, labels, which in tables:
        with (out / f"{table}_2021_msoa.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(["Middle layer Super Output Areas Code", "Middle layer Super Output Areas",
                             f"{variable} Code", variable, "Observation"])
            for row in counts():
                for category, label in labels:
                    writer.writerow([row[0], row[1], category, label, row[which][category]])


def write_wide(out: Path) -> None:
    with (out / "demo_migration21_msoa21_TS019.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["msoa21_code", "msoa21_name", "all_usual_residents",
                         "address_one_year_ago_is_the_same",
                         "address_one_year_ago_is_student_or_boarding", "migrant_from_within_uk",
                         "migrant_from_outside_uk", "prop_migrated_from_within_uk",
                         "prop_migrated_from_outside_uk"])
        for code, name, m, _ in counts():
            total = sum(m.values())
            writer.writerow([code, name, f"{total}.0", f"{m[0]}.0", f"{m[1]}.0", f"{m[2]}.0", f"{m[3]}.0",
                             m[2] / total, m[3] / total])
    with (out / "demo_proficiency21_msoa21_TS029.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        not_english = "Main language is not English (English or Welsh in Wales)"
        writer.writerow(["msoa21_code", TS029_LABELS[1][1], not_english,
                         *(label for _, label in TS029_LABELS[2:]),
                         "Proportion who cannot speak English (well)"])
        for code, _name, _, e in counts():
            other = e[2] + e[3] + e[4] + e[5]
            writer.writerow([code, f"{e[1]}.0", f"{other}.0", *(f"{e[k]}.0" for k in (2, 3, 4, 5)),
                             (e[4] + e[5]) / (e[1] + other)])


def main(argv: list[str]) -> None:
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    if "--wide" in argv:
        write_wide(out)
    elif "--boundaries" in argv:
        shapefile_zip(out / "msoa21_bsc_demo.zip")
    else:
        write_long(out)


if __name__ == "__main__":
    main(sys.argv)
