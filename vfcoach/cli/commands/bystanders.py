"""`vfcoach bystander flag|list|remove`: spans showing someone who has not consented (§7.4).

The same operations the coding window's "Flag bystander span…" runs. A flagged span never
enters a reel or a fidelity clip; `reel export` refuses a reel with a clip over one.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, command, open_db
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.text_rules import one_line

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_flag(args: argparse.Namespace) -> int:
    from vfcoach.services.bystanders import FlagBystanderOperation

    db = open_db(args)
    op = FlagBystanderOperation(
        db, RecordingId(args.recording), args.start, args.end, args.note or "",
        acting(db, args.viewer),
    )  # fmt: skip
    span = op.run()
    print(f"{span.id}\t{span.when}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from vfcoach.services.bystanders import bystander_spans

    for span in bystander_spans(open_db(args), RecordingId(args.recording)):
        print(f"{span.id}\t{span.when}\t{one_line(span.note)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from vfcoach.services.bystanders import UnflagBystanderOperation

    db = open_db(args)
    span = UnflagBystanderOperation(db, args.span, acting(db, args.viewer)).run()
    print(f"unflagged {span.when} of recording {span.recording_id}")
    return 0


def _as(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--as", type=arg.name, dest="viewer", metavar="NAME", help="who acts (audit log)"
    )


def register(commands: Subcommands) -> None:
    """Add `bystander flag|list|remove` to the top-level commands."""
    group = commands.add_parser("bystander", help="spans showing someone who has not consented")
    actions = group.add_subparsers(dest="bystander_command", metavar="ACTION", required=True)
    p = command(actions, "flag", cmd_flag, "keep a span of a recording out of every reel")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("--from", dest="start", type=arg.time_ms, required=True, metavar="TIME")
    p.add_argument("--to", dest="end", type=arg.time_ms, required=True, metavar="TIME")
    p.add_argument("--note", type=arg.free_text, metavar="TEXT", help="a reminder, not a name")
    _as(p)
    p = command(actions, "list", cmd_list, "the flagged spans of a recording")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p = command(actions, "remove", cmd_remove, "unflag a span (it may appear in reels again)")
    p.add_argument("span", type=arg.record_id, metavar="SPAN_ID")
    _as(p)
