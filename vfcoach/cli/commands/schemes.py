"""`vfcoach scheme list | import | export`: code schemes from the command line.

Kept out of `cli.py` so that module stays a dispatcher; `cli.py` registers these through
`add_scheme_commands`, handing over its own `_command` factory so `--db` and the error
conventions (one line on stderr, exit status 1) are exactly those of every other command.
Imports of storage and operations happen inside the handlers, as in `cli.py`, so building
the parser loads neither a database driver nor Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, add_force, command, open_db
from vfcoach.cli._output import print_json

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_scheme_list(args: argparse.Namespace) -> int:
    from vfcoach.services.schemes import format_scheme_table, list_schemes

    rows = list_schemes(open_db(args))
    if args.json:
        print_json([r.to_json() for r in rows])
    else:
        print(format_scheme_table(rows))
    return 0


def cmd_scheme_import(args: argparse.Namespace) -> int:
    from vfcoach.coding.scheme_guard import KindChangeConfirmation
    from vfcoach.services.schemes import import_scheme

    confirm = None  # without --by, the confirmation is refused as naming nobody
    if args.confirm_kind_change is not None:
        confirm = KindChangeConfirmation(args.confirm_kind_change, args.by or "")
    db = open_db(args)
    scheme = import_scheme(db, args.file, actor=acting(db, args.by), confirm=confirm)
    print(f"imported {scheme.name} v{scheme.version} ({len(scheme.codes)} codes) as id {scheme.id}")
    return 0


def cmd_scheme_export(args: argparse.Namespace) -> int:
    from vfcoach.output import JSON, write_text
    from vfcoach.services.output_guard import check_output
    from vfcoach.services.schemes import export_scheme

    db = open_db(args)
    target = None if args.out is None else check_output(db, args.out, JSON, args.force)
    text = export_scheme(db, args.name, args.version)
    if target is None:
        sys.stdout.write(text)
    else:
        write_text(target, text)
        print(f"{args.name} -> {args.out}", file=sys.stderr)
    return 0


def register(commands: Subcommands) -> None:
    """Add the `scheme` command group to the top-level sub-commands."""
    group = commands.add_parser("scheme", help="code schemes (list, import, export)")
    actions = group.add_subparsers(dest="scheme_command", metavar="ACTION", required=True)
    p = command(actions, "list", cmd_scheme_list, "list stored scheme versions")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command(actions, "import", cmd_scheme_import, "add a scheme from a JSON file")
    p.add_argument("file", type=arg.path, metavar="FILE.json")
    p.add_argument(
        "--confirm-kind-change",
        type=arg.free_text,
        metavar="REASON",
        help="a supervisor's reason for a code changing kind, polarity or caregiver "
        "visibility from an earlier version (audit-logged; needs --by)",
    )
    p.add_argument(
        "--by",
        type=arg.name,
        metavar="NAME",
        help="who imports; confirms a kind change (supervisor)",
    )
    p = command(actions, "export", cmd_scheme_export, "write a scheme version as JSON")
    p.add_argument("name", type=arg.name, metavar="NAME")
    p.add_argument("--version", type=arg.record_id, metavar="N", help="version (default: newest)")
    p.add_argument("--out", type=Path, metavar="FILE.json", help="file to write (default: stdout)")
    add_force(p)
