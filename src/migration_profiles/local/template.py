"""Request templates for partners: a CSV and an XLSX per dataset kind, the XLSX with notes and drop-downs."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from migration_profiles.local import checklist, codes, kinds, register
from migration_profiles.util import atomic

if TYPE_CHECKING:
    import openpyxl

DATA_ROWS = 2000  # rows the drop-downs cover


def csv_text(kind: kinds.Kind) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(kinds.COLUMNS)
    return out.getvalue()


def notes(kind: kinds.Kind) -> list[str]:
    """The notes sheet, line by line: what to send and how, in the partner's terms."""
    used = ", ".join(kind.categories)
    return [
        f"Request: {kind.title}",
        f"Usually held by: {kind.provider}",
        f"What we ask for: {kind.ask}",
        "",
        "Send counts of people, never records about individuals: no names, dates of birth, NHS numbers, "
        "pupil numbers, postcodes or addresses.",
        "One row per count. Leave a category blank to mean 'all'; a row with every category blank is the "
        "total for the area and period.",
        "Totals must equal the sum of the rows they cover, so add 'Other' and 'Not known' rows where your "
        "categories do not cover everyone.",
        f"Categories worth filling for this request: {used}. Leave the other category columns empty.",
        "Small counts are fine to send: we withhold any count below the agreed threshold (10 unless agreed "
        "otherwise) before anything is published, and more counts where needed so that none can be "
        "worked out.",
        "",
        "Columns:",
        "period: the period counted, e.g. 2025, 2025-Q3 (a calendar quarter: Q1 is January to March), "
        "2025-09 or 2024/25 (a financial year, April to March).",
        f"geography_level: one of {', '.join(kinds.LEVELS)}.",
        "area_code: the GSS code of the local authority (E06..., E07..., E08..., E09..., W06...), "
        "ward (E05...) "
        "or MSOA (E02...).",
        "area_name: the area's name, for your own reference.",
        f"country_of_birth, nationality: a country from {codes.COUNTRY_STANDARD}; see the lists sheet.",
        f"main_language: a language from {codes.LANGUAGE_STANDARD}; see the lists sheet.",
        f"migrant_type: one of {', '.join(kinds.MIGRANT_TYPES)}.",
        f"age_band: one of {', '.join(kinds.AGE_BANDS)}.",
        f"sex: one of {', '.join(kinds.SEXES)}.",
        "service_category: your own service, level or category, as free text (keep the same wording "
        "each time).",
        "count: a whole number, 0 or more, with no thousands separators and no suppression markers.",
        "",
        f"Every coded column also accepts {' and '.join(kinds.RESIDUAL)}.",
    ]


def workbook(kind: kinds.Kind) -> openpyxl.Workbook:
    # Imported here, not at the top: the command line loads this module to describe `local`, and
    # openpyxl took a tenth of a second or more to import on every command, `pdf --area` among them.
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    data = book.active
    data.title = "data"
    data.append(list(kinds.COLUMNS))
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    sheet = book.create_sheet("notes")
    for line in notes(kind):
        sheet.append([line])
    sheet.column_dimensions["A"].width = 120
    lists = book.create_sheet("lists")
    columns = {
        kinds.LEVEL: list(kinds.LEVELS),
        "country_of_birth": [*codes.countries().labels(), *kinds.RESIDUAL],
        "main_language": [*codes.languages().labels(), *kinds.RESIDUAL],
        "migrant_type": list(kinds.MIGRANT_TYPES),
        "age_band": list(kinds.AGE_BANDS),
        "sex": list(kinds.SEXES),
    }
    ranges = {}
    for index, (name, values) in enumerate(columns.items(), start=1):
        letter = openpyxl.utils.get_column_letter(index)
        lists.cell(row=1, column=index, value=name).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[name] = f"lists!${letter}$2:${letter}${len(values) + 1}"
    ranges["nationality"] = ranges["country_of_birth"]  # one list of countries serves both
    for name, formula in ranges.items():
        col = openpyxl.utils.get_column_letter(kinds.COLUMNS.index(name) + 1)
        rule = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not in the list",
            error=f"Choose {name} from the lists sheet",
        )
        rule.add(f"{col}2:{col}{DATA_ROWS}")
        data.add_data_validation(rule)
    count_col = openpyxl.utils.get_column_letter(kinds.COLUMNS.index(kinds.COUNT) + 1)
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a count",
        error="A whole number, 0 or more",
    )
    whole.add(f"{count_col}2:{count_col}{DATA_ROWS}")
    data.add_data_validation(whole)
    return book


def template_names() -> list[str]:
    """Every template `local template` writes: one per dataset kind, then the two YAML files."""
    return [k.id for k in kinds.KINDS] + [register.TEMPLATE, checklist.TEMPLATE]


def write(name: str, out: Path) -> list[Path]:
    """Write the named template into `out`; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    if name == register.TEMPLATE:
        path = out / "register.yaml"
        atomic.write_text(path, register.template())
        return [path]
    if name == checklist.TEMPLATE:
        path = out / "checklist.yaml"
        atomic.write_text(path, checklist.template())
        return [path]
    kind = kinds.kind(name)
    csv_path, xlsx_path = out / f"{kind.id}.csv", out / f"{kind.id}.xlsx"
    atomic.write_text(csv_path, csv_text(kind))
    buffer = io.BytesIO()
    workbook(kind).save(buffer)
    atomic.write_bytes(xlsx_path, buffer.getvalue())
    return [csv_path, xlsx_path]
