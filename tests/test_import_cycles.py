"""The package's modules import one another in one direction only.

Imports inside functions count: moving an import into a function hides a cycle from Python's
start-up, not from the reader, so the graph below is read from every import statement in a file.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "migration_profiles"
NAME = PACKAGE.name


def module_names(package: Path = PACKAGE) -> dict[str, Path]:
    names = {}
    for path in package.rglob("*.py"):
        parts = (NAME, *path.relative_to(package).with_suffix("").parts)
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imported(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `module` imports anywhere in its file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # `from pkg import module` names a module, not an attribute
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    # A submodule's import of its own package (its __init__) is how Python loads it, not a cycle.
    return {name for name in found if name in known and name != module and not module.startswith(name + ".")}


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    known = module_names(package)
    return {name: imported(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path for each module that can reach itself, shortest first (breadth-first search)."""
    found = []
    for start in sorted(graph):
        paths, seen = [[start]], set()
        while paths:
            path = paths.pop(0)
            for target in sorted(graph[path[-1]]):
                if target == start:
                    found.append([*path, start])
                    paths = []
                    break
                if target not in seen:
                    seen.add(target)
                    paths.append([*path, target])
    return found


def test_the_checker_finds_a_cycle_hidden_in_a_function(tmp_path):
    package = tmp_path / NAME
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from migration_profiles import b\n")
    (package / "b.py").write_text("def later():\n    from .a import thing\n")
    (package / "c.py").write_text("from migration_profiles.a import thing\n")
    found = cycles(import_graph(package))
    assert [f"{NAME}.a", f"{NAME}.b", f"{NAME}.a"] in found
    assert not [path for path in found if path[0] == f"{NAME}.c"]


def test_no_import_cycles():
    found = cycles(import_graph())
    listed = "\n".join(" -> ".join(path) for path in found)
    assert not found, f"modules that import each other in a circle:\n{listed}"
