"""Errors a user can act on: each names the source, file, place and what was expected."""

from __future__ import annotations

from dataclasses import dataclass


class ProfilesError(Exception):
    """An error the command line reports as a message (no traceback) with a non-zero exit."""


@dataclass
class LayoutError(ProfilesError):
    """A published file does not have the layout its parser expects. Nothing is published from it."""

    source_id: str
    file: str
    expected: str
    found: str = ""
    sheet: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet shows it
    column: str | None = None  # a letter for spreadsheets, a header name for CSVs

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [f"source '{self.source_id}'", f"file '{self.file}'"]
        if self.sheet is not None:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        message = ", ".join(where) + f": expected {self.expected}"
        if self.found:
            message += f", found {self.found}"
        return message


class SnapshotError(ProfilesError):
    """A snapshot is missing, incomplete, or its bytes no longer match its manifest."""


class FetchError(ProfilesError):
    """A download failed; the previous snapshot is untouched."""
