"""`migration-profiles local ...`: request templates, import of partners' returns, what is held."""

from __future__ import annotations

import argparse
from pathlib import Path

from migration_profiles.local import checklist, kinds, register, store, template
from migration_profiles.util.errors import ProfilesError
from migration_profiles.util.paths import Workspace


def add_parser(commands) -> None:
    local = commands.add_parser(
        "local",
        help="local partner data: request templates, import with checks, what is held",
        description="Local data from partner agencies (schools, asylum liaison, ESOL providers, health, "
        "police ...) and the council's research register and checklist. Imported data is checked row by "
        "row and kept in data/local/ with its provider, date received, classification and sharing "
        "agreement. Nothing is published until `build` applies disclosure control.",
    )
    sub = local.add_subparsers(dest="local_command", metavar="ACTION", required=True)
    tpl = sub.add_parser(
        "template",
        help="write a request template (CSV and XLSX), or the register/checklist YAML",
        description="Write the template for KIND into --out: a CSV and an XLSX with a notes "
        "sheet and drop-down lists for a dataset kind, or a YAML file for "
        "`register` and `checklist`. --list prints every KIND, one per line.",
    )
    tpl.add_argument("kind", nargs="?", metavar="KIND", help="a dataset kind, register or checklist")
    tpl.add_argument(
        "--out", type=Path, default=Path("."), metavar="DIR", help="folder to write into (default .)"
    )
    tpl.add_argument("--list", dest="list_kinds", action="store_true", help="list the template kinds")
    imp = sub.add_parser(
        "import",
        help="check a partner's return and store it",
        description="Check every row of FILE (CSV or the XLSX template) and store it only when "
        "nothing is wrong; otherwise list every problem with its row and column "
        "and import nothing. register.yaml and checklist.yaml are checked the "
        "same way with --kind register or --kind checklist.",
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--kind", required=True, help="the dataset kind (see `local template --list`)")
    imp.add_argument("--provider", help="who sent it, e.g. 'Asylum liaison team'")
    imp.add_argument(
        "--classification",
        choices=store.CLASSIFICATIONS,
        help="public: may be published after disclosure control; restricted: internal builds only",
    )
    imp.add_argument(
        "--agreement", default="", metavar="TEXT", help="the data sharing agreement it came under"
    )
    imp.add_argument(
        "--threshold",
        type=int,
        default=10,
        help="counts below this are withheld (default 10; use what the provider asked for)",
    )
    imp.add_argument(
        "--round",
        dest="round_to",
        type=int,
        default=0,
        choices=[0, 5],
        help="5: show counts rounded to the nearest 5 (default 0: exact)",
    )
    sub.add_parser(
        "list",
        help="show the local data held",
        description="Show every local dataset held: "
        "provider, date received, classification, agreement, periods and disclosure rules.",
    )


def run(ws: Workspace, args: argparse.Namespace) -> int:
    root = ws.data / "local"
    if args.local_command == "template":
        if args.list_kinds:
            print("\n".join(template.template_names()))
            return 0
        if not args.kind:
            raise ProfilesError("name a KIND (see `migration-profiles local template --list`)")
        for path in template.write(args.kind, args.out):
            print(path)
        return 0
    if args.local_command == "import":
        return _import(ws, root, args)
    held = store.held(store.local_root(ws))
    if not held:
        print("No local data held. Write a request template with `migration-profiles local template KIND`.")
    for item in held:
        m = item.manifest
        rounding = f", rounded to {m['round_to']}" if m["round_to"] else ""
        print(
            f"{m['dataset']}: {m['title']} from {m['provider']}; received {m['received']}; "
            f"{m['classification']}"
            f"; agreement: {m['agreement'] or 'none recorded'}; periods {', '.join(m['periods'])}; "
            f"{m['rows']} rows; counts below {m['threshold']} withheld{rounding}"
        )
    return 0


def _import(ws: Workspace, root: Path, args) -> int:
    if args.kind in (register.TEMPLATE, checklist.TEMPLATE):
        module = register if args.kind == register.TEMPLATE else checklist
        module.load(args.file)  # raises with every problem
        root.mkdir(parents=True, exist_ok=True)
        target = root / f"{args.kind}.yaml"
        target.write_bytes(args.file.read_bytes())
        print(f"checked and stored {target}")
        return 0
    if not args.provider or not args.classification:
        raise ProfilesError("--provider and --classification are required when importing a dataset")
    kind = kinds.kind(args.kind)
    item = store.import_file(
        root,
        args.file,
        kind,
        args.provider,
        args.classification,
        store.council_codes(ws),
        agreement=args.agreement,
        threshold=args.threshold,
        round_to=args.round_to,
    )
    print(f"imported {item.id}: {item.manifest['rows']} rows, {item.classification}, into {item.path}")
    return 0
