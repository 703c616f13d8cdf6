"""Each module sits in a layer, and imports only from its own layer and the layers below it.

The layers are the package's folders (ARCHITECTURE.md): a lower layer never imports a higher one,
so the parser of a file never depends on how pages are drawn, and the site tool stays at arm's length.
"""

from __future__ import annotations

from .test_import_cycles import NAME, import_graph

# Lowest first. pipeline and cli run everything, so they sit on top.
LAYERS = ["util", "sources", "acquire", "stages", "local", "render", "site", "pipeline", "cli"]


def layer_of(module: str) -> int | None:
    """The layer of a module, or None for the package's own __init__ and __main__."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ("__main__",):
        return None
    return LAYERS.index(parts[1])


def wrong_way(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        own = layer_of(module)
        for target in sorted(targets):
            other = layer_of(target)
            if own is not None and other is not None and other > own:
                found.append(f"{module} imports {target} ({LAYERS[own]} must not import {LAYERS[other]})")
    return found


def test_every_module_is_in_a_layer():
    graph = import_graph()
    homeless = [m for m in graph if m.count(".") >= 1 and m.split(".")[1] not in (*LAYERS, "__main__")]
    assert homeless == [], f"modules outside the layers of ARCHITECTURE.md: {homeless}"


def test_no_layer_imports_a_layer_above_it():
    assert wrong_way(import_graph()) == []


def test_the_check_finds_an_arrow_pointing_up():
    graph = {f"{NAME}.sources.mye": {f"{NAME}.render.pages"}, f"{NAME}.render.pages": {f"{NAME}.util.atomic"}}
    assert wrong_way(graph) == [f"{NAME}.sources.mye imports {NAME}.render.pages "
                                f"(sources must not import render)"]
