"""`vfcoach annotations export|import`: one coder's pass as CSV or JSON, through the blind guard."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, add_force, command, open_db
from vfcoach.coding.ids import RecordingId

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_annotations_export(args: argparse.Namespace) -> int:
    from vfcoach.services.annotations.io import ExportAnnotationsOperation

    db = open_db(args)
    op = ExportAnnotationsOperation(
        db, RecordingId(args.recording), args.format, args.coder, args.out,
        acting(db, args.viewer), replace=args.force, purpose=args.purpose,
    )  # fmt: skip
    result = op.run()
    if args.out is None:
        sys.stdout.write(result.text)
    else:
        print(f"{result.count} annotation(s) -> {args.out}", file=sys.stderr)
    return 0


def cmd_annotations_import(args: argparse.Namespace) -> int:
    from vfcoach.services.annotations.io import ImportAnnotationsOperation

    db = open_db(args)
    op = ImportAnnotationsOperation(
        db,
        RecordingId(args.recording),
        args.file,
        args.coder,
        replace=args.replace,
        actor=acting(db, args.viewer),
        skip_duplicates=args.skip_duplicates,
    )
    result = op.run()
    replaced = f", replacing {result.replaced}" if args.replace else ""
    skipped = f", skipping {result.skipped} already there" if result.skipped else ""
    print(f"imported {result.count} annotation(s) into pass {result.pass_id}{replaced}{skipped}")
    return 0


def register(commands: Subcommands) -> None:
    """Add `annotations export|import`."""
    annotations = commands.add_parser("annotations", help="annotations of a recording")
    actions = annotations.add_subparsers(dest="annotations_command", metavar="ACTION")
    actions.required = True
    p = command(actions, "export", cmd_annotations_export, "write one coder's annotations")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument(
        "--coder", type=arg.name, metavar="NAME", help="whose pass (needed if several coders)"
    )
    p.add_argument("--format", choices=("csv", "json"), required=True)
    p.add_argument("--out", type=Path, metavar="FILE", help="file to write (default: stdout)")
    add_force(p)
    p.add_argument(
        "--as", type=arg.name, dest="viewer", metavar="NAME", help="who reads (blind double coding)"
    )
    p.add_argument(
        "--purpose", choices=("coaching", "research"), default=None,
        help="research: the codes leave the programme (the family must have agreed to research)",
    )  # fmt: skip
    p = command(actions, "import", cmd_annotations_import, "add annotations from a CSV file")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("file", type=arg.path, metavar="FILE.csv")
    p.add_argument(
        "--coder", type=arg.name, required=True, metavar="NAME", help="the coder they belong to"
    )
    p.add_argument("--replace", action="store_true", help="remove the pass's codes first")
    p.add_argument(
        "--skip-duplicates",
        action="store_true",
        help="leave out rows exactly like an annotation already in the pass",
    )
    p.add_argument(
        "--as",
        type=arg.name,
        dest="viewer",
        metavar="NAME",
        help="who imports (blind double coding)",
    )
