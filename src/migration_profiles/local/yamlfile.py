"""Read a council's YAML file (register, checklist) as entries with the line each starts on, so that
a problem can name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import yaml

from migration_profiles.local.validate import Problem
from migration_profiles.util.errors import ProfilesError


def entries(path: Path, key: str) -> list[tuple[int, dict]]:
    """[(line, entry)] of the list under `key`; a file that is not such a list is an error."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ProfilesError(f"{path.name}: not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise ProfilesError(
            f"{path.name}: expected a list under '{key}:' (see `migration-profiles local template`)"
        )
    items = next(v for k, v in node.value if k.value == key).value
    return [(item.start_mark.line + 1, entry) for item, entry in zip(items, data[key], strict=True)]


def refuse(path: Path, problems: list[Problem]) -> None:
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise ProfilesError(f"{path.name}: {len(problems)} problem(s).\n{lines}")


def text(entry: dict, field: str) -> str:
    value = entry.get(field)
    if isinstance(value, bool):  # YAML 1.1 reads an unquoted yes/no as true/false
        return "yes" if value else "no"
    return "" if value is None else str(value).strip()
