"""The site's pages about local data: what is published and what was left out, the research register
and the embedding checklist. Data-derived text goes into HTML elements escaped by the templates."""

from __future__ import annotations

from pathlib import Path

from migration_profiles.local import checklist, register
from migration_profiles.render.templating import environment
from migration_profiles.stages.publish import LocalPublication, PublicationRules, local_visible

LOCAL_PAGE, RESEARCH_PAGE, CHECKLIST_PAGE = "local-data.md", "research.md", "checklist.md"


def write(docs: Path, local: LocalPublication, root: Path, rules: PublicationRules) -> None:
    env = environment()
    internal = rules.audience != "public"
    (docs / LOCAL_PAGE).write_text(
        env.get_template("local_data.md.j2").render(
            datasets=local.datasets, left_out=local.left_out, internal=internal
        ),
        encoding="utf-8",
    )
    entries = register.load(root / "register.yaml") if (root / "register.yaml").exists() else []
    shown = [e for e in entries if local_visible(e["classification"], rules)]
    (docs / RESEARCH_PAGE).write_text(
        env.get_template("research.md.j2").render(
            entries=shown, left_out=len(entries) - len(shown), held=bool(entries)
        ),
        encoding="utf-8",
    )
    if internal:  # nothing of an internal build belongs in a search engine, even if it is put online
        (docs / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    items = checklist.load(root / "checklist.yaml") if (root / "checklist.yaml").exists() else []
    (docs / CHECKLIST_PAGE).write_text(
        env.get_template("checklist.md.j2").render(items=items), encoding="utf-8"
    )
