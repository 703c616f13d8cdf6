"""Local data: templates, import checks (every problem at once, nothing imported), the store, register
and checklist files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from migration_profiles.cli import main
from migration_profiles.local import checklist, codes, kinds, register, store, template
from migration_profiles.local.validate import check
from migration_profiles.util.errors import ProfilesError

from .workspace import make_project

COUNCILS = {"E06000002", "E06000014"}
WARDS = "code,name,council_code\nE05000001,Test ward one,E06000002\nE05000002,Test ward two,E06000002\n"


def _row(**values) -> dict:
    base = {c: "" for c in kinds.COLUMNS} | {
        kinds.PERIOD: "2025-Q4",
        kinds.LEVEL: "local_authority",
        kinds.AREA: "E06000002",
        kinds.AREA_NAME: "Middlesbrough",
    }
    return base | values


def _write(path: Path, rows: list[dict], extra_columns: tuple[str, ...] = ()) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[*kinds.COLUMNS, *extra_columns], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _good_rows() -> list[dict]:
    return [
        _row(nationality="IRN", count=15),
        _row(nationality="Eritrea", count=12),
        _row(nationality="Other", count=3),
        _row(count=30),
        _row(**{kinds.LEVEL: "ward", kinds.AREA: "E05000001"}, count=20),
        _row(**{kinds.LEVEL: "ward", kinds.AREA: "E05000002"}, count=10),
    ]


@pytest.fixture
def root(tmp_path) -> Path:
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / store.AREAS_FILE).write_text(WARDS, encoding="utf-8")
    return folder


def test_a_file_with_every_kind_of_error_reports_each_with_row_and_column_and_imports_nothing(root, tmp_path):
    rows = [
        _row(**{kinds.LEVEL: "ward", kinds.AREA: "E05999999"}, count=4),  # row 2: unknown ward code
        _row(nationality="Atlantis", count=5),  # row 3: unknown country
        _row(nationality="IRN", count=-2),  # row 4: negative count
        _row(nationality="ERI", count=6),  # row 5
        _row(count=50),  # row 6: total of rows 4-5 would be 4, not 50 (row 4 is refused, so rows 5 only)
        {**_row(nationality="SYR", count=1), "name": "A. Person"},  # row 7: a record about one person
        _row(main_language="xx-not-a-language", count=3),  # row 8: unknown language
        _row(sex='=HYPERLINK("http://x")', count=3),  # row 9: a formula
    ]
    path = _write(tmp_path / "return.csv", rows, extra_columns=("name",))
    with pytest.raises(ProfilesError) as caught:
        store.import_file(root, path, kinds.kind("asylum_liaison"), "Asylum team", "restricted", COUNCILS)
    message = str(caught.value)
    assert "nothing was imported" in message
    checked = check(path, kinds.kind("asylum_liaison"), COUNCILS, store.subarea_codes(root))
    found = {(p.row, p.column) for p in checked.problems}
    assert (2, kinds.AREA) in found  # unknown ward
    assert (3, "nationality") in found  # unknown country
    assert (4, kinds.COUNT) in found  # negative
    assert (6, kinds.COUNT) in found  # total that does not add up
    assert (7, "name") in found  # a person, not a count
    assert (8, "main_language") in found
    assert (9, "sex") in found
    for p in checked.problems:  # every problem names file, row, column, value and what was expected
        assert p.file == "return.csv" and p.row >= 2 and p.column and p.expected
        assert f"row {p.row}" in message
    total = next(p for p in checked.problems if p.row == 6)
    assert total.value == "50" and "6" in total.expected
    assert not [p for p in root.iterdir() if p.is_dir()]  # nothing stored


def test_a_repeated_cell_is_refused_as_records_not_counts(root, tmp_path):
    path = _write(
        tmp_path / "records.csv", [_row(nationality="IRN", count=1), _row(nationality="IRN", count=1)]
    )
    problems = check(path, kinds.kind("asylum_liaison"), COUNCILS, {}).problems
    assert [(p.row, p.column) for p in problems] == [(3, kinds.COUNT)]
    assert "records" in problems[0].expected


def test_wards_may_cover_part_of_their_council_but_never_add_up_to_more(root, tmp_path):
    ward = {kinds.LEVEL: "ward", kinds.AREA: "E05000001"}
    part = _write(tmp_path / "part.csv", [_row(count=30), _row(**ward, count=20)])
    assert check(part, kinds.kind("asylum_liaison"), COUNCILS, store.subarea_codes(root)).problems == []
    more = _write(tmp_path / "more.csv", [_row(count=30), _row(**ward, count=20),
                                          _row(**{**ward, kinds.AREA: "E05000002"}, count=15)])
    problems = check(more, kinds.kind("asylum_liaison"), COUNCILS, store.subarea_codes(root)).problems
    assert [(p.row, p.column, p.value) for p in problems] == [(2, kinds.COUNT, "30")]
    assert "at least 35" in problems[0].expected and "rows 3, 4" in problems[0].expected


def test_a_clean_file_is_stored_like_a_snapshot_and_listed(root, tmp_path, capsys):
    path = _write(tmp_path / "arrivals.csv", _good_rows())
    held = store.import_file(
        root,
        path,
        kinds.kind("asylum_liaison"),
        "Asylum liaison team",
        "restricted",
        COUNCILS,
        agreement="ISA 2025/14",
        threshold=5,
        received="2026-01-05",
    )
    manifest = json.loads((held.path / store.MANIFEST).read_text())
    assert manifest["provider"] == "Asylum liaison team" and manifest["classification"] == "restricted"
    assert manifest["agreement"] == "ISA 2025/14" and manifest["received"] == "2026-01-05"
    assert manifest["threshold"] == 5 and manifest["rows"] == 6
    assert (held.path / "arrivals.csv").read_bytes() == path.read_bytes()
    cells = held.cells()
    assert set(cells["nationality"]) == {"IRN", "ERI", "Other", ""}  # names made codes
    assert set(cells.loc[cells["subarea_code"] != "", kinds.AREA]) == {
        "E06000002"
    }  # wards under their council
    assert [h.id for h in store.held(root)] == ["asylum_liaison-asylum-liaison-team"]


def test_cli_import_refuses_with_exit_1_and_lists_problems(tmp_path, capsys):
    ws = make_project(tmp_path / "project", with_sample=True)
    bad = _write(tmp_path / "bad.csv", [_row(nationality="Atlantis", count=-1)])
    code = main(
        [
            "--root",
            str(ws.root),
            "local",
            "import",
            str(bad),
            "--kind",
            "asylum_liaison",
            "--provider",
            "Team",
            "--classification",
            "restricted",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "bad.csv, row 2, column 'nationality'" in err and "column 'count'" in err
    assert not (ws.data / "local").exists()
    good = _write(tmp_path / "good.csv", [_row(nationality="IRN", count=15), _row(count=15)])
    assert (
        main(
            [
                "--root",
                str(ws.root),
                "local",
                "import",
                str(good),
                "--kind",
                "asylum_liaison",
                "--provider",
                "Team",
                "--classification",
                "restricted",
                "--agreement",
                "ISA-1",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--root", str(ws.root), "local", "list"]) == 0
    listed = capsys.readouterr().out
    assert "restricted" in listed and "ISA-1" in listed and "Team" in listed


def test_templates_open_in_openpyxl_with_their_validation_lists(tmp_path):
    names = template.template_names()
    assert {k.id for k in kinds.KINDS} <= set(names) and "register" in names and "checklist" in names
    for kind in kinds.KINDS:
        csv_path, xlsx_path = template.write(kind.id, tmp_path)
        assert csv_path.read_text().strip().split(",") == list(kinds.COLUMNS)
        book = openpyxl.load_workbook(xlsx_path)
        assert book.sheetnames == ["data", "notes", "lists"]
        notes = "\n".join(str(c.value) for c in book["notes"]["A"] if c.value)
        assert "ISO 3166-1" in notes and "ISO 639-3" in notes and kind.title in notes
        rules = {str(dv.sqref).split(":")[0][0]: dv for dv in book["data"].data_validations.dataValidation}
        column = {name: openpyxl.utils.get_column_letter(i + 1) for i, name in enumerate(kinds.COLUMNS)}
        for name in ("nationality", "country_of_birth", "main_language", "sex", "age_band", "migrant_type"):
            rule = rules[column[name]]
            assert rule.type == "list"
            sheet, cells = rule.formula1.split("!")
            first, last = (int(part.split("$")[-1]) for part in cells.split(":"))
            values = [book["lists"][f"{cells.split('$')[1]}{r}"].value for r in range(first, last + 1)]
            assert all(values) and ("Not known" in values or name == kinds.LEVEL)
        assert rules[column[kinds.COUNT]].type == "whole"
    countries = [v for v in book["lists"]["B"] if v.value]
    assert any(c.value == "SYR Syrian Arab Republic" for c in countries)
    assert codes.languages().canonical("pol") == "pol" and codes.languages().canonical("Polish") == "pol"


def test_a_filled_in_xlsx_template_imports(root, tmp_path):
    _, xlsx = template.write("school_census_eal", tmp_path)
    book = openpyxl.load_workbook(xlsx)
    for row in (
        {**_row(main_language="pol Polish", count=20)},
        {**_row(main_language="Not known", count=4)},
        {**_row(count=24)},
    ):
        book["data"].append([row[c] for c in kinds.COLUMNS])
    book.save(xlsx)
    held = store.import_file(root, xlsx, kinds.kind("school_census_eal"), "Schools", "public", COUNCILS)
    assert set(held.cells()["main_language"]) == {"pol", "Not known", ""}


def test_register_and_checklist_templates_validate_and_report_problems_by_line(tmp_path):
    for name in ("register", "checklist"):
        template.write(name, tmp_path)
    assert register.load(tmp_path / "register.yaml")[0]["owner"] == "Public health team"
    assert len(checklist.load(tmp_path / "checklist.yaml")) == len(checklist.RECOMMENDATIONS)
    bad = tmp_path / "bad_register.yaml"
    bad.write_text(
        'entries:\n  - title: "x"\n    owner: ""\n    date: "March"\n    topic: "Nope"\n'
        '    found: "y"\n    link: "javascript:alert(1)"\n',
        encoding="utf-8",
    )
    with pytest.raises(ProfilesError) as caught:
        register.load(bad)
    text = str(caught.value)
    for column in ("owner", "date", "topic", "link"):
        assert f"bad_register.yaml, row 2, column '{column}'" in text
    bad = tmp_path / "bad_checklist.yaml"
    bad.write_text(
        "items:\n  - id: mandate\n    in_place: maybe\n  - id: not-an-item\n    in_place: yes\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfilesError) as caught:
        checklist.load(bad)
    assert "row 2, column 'in_place'" in str(caught.value) and "row 4, column 'id'" in str(caught.value)


def test_cli_template_list_and_write_and_register_import(tmp_path, capsys):
    assert main(["--root", str(tmp_path), "local", "template", "--list"]) == 0
    listed = capsys.readouterr().out.split()
    assert listed == template.template_names()
    assert main(["--root", str(tmp_path), "local", "template", "esol", "--out", str(tmp_path / "t")]) == 0
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["esol.csv", "esol.xlsx"]
    assert main(["--root", str(tmp_path), "local", "template", "no_such_kind"]) == 1
    assert "no local dataset kind 'no_such_kind'" in capsys.readouterr().err
    assert main(["--root", str(tmp_path), "local", "template", "register", "--out", str(tmp_path / "t")]) == 0
    register_file = tmp_path / "t" / "register.yaml"
    assert main(["--root", str(tmp_path), "local", "import", str(register_file), "--kind", "register"]) == 0
    assert (tmp_path / "data" / "local" / "register.yaml").read_bytes() == register_file.read_bytes()
