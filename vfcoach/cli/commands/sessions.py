"""`vfcoach session add|list` and `vfcoach relink`: recordings in, listed, found again."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, command, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.ids import RecordingId

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_session_add(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.import_recording import ImportRecordingOperation

    db = open_db(args)
    op = ImportRecordingOperation(
        db, args.video, args.family, visit_number=args.visit, visit_date=args.date,
        actor=acting(db, args.by),  # who adds it (and records a new family's coaching consent)
        keep_in_place=args.keep_in_place,
    )  # fmt: skip
    recording = op.run()
    print(recording.id)
    return 0


def cmd_session_list(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.browse import format_table, list_sessions

    db = open_db(args)
    rows = list_sessions(db, acting(db, args.viewer))
    if args.json:
        print_json([r.to_json() for r in rows])
    elif rows:
        print(format_table(rows))
    else:
        print("no sessions yet (add one with: vfcoach session add VIDEO --family CODE)")
    return 0


def cmd_relink(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.relink import RelinkOperation

    new_path = RelinkOperation(open_db(args), RecordingId(args.recording), args.folder).run()
    print(new_path)
    return 0


def register(commands: Subcommands) -> None:
    """Add `session add|list` and `relink`."""
    session = commands.add_parser("session", help="recorded sessions").add_subparsers(
        dest="session_command", metavar="ACTION", required=True
    )
    p = command(session, "add", cmd_session_add, "import a video as a visit's recording")
    p.add_argument("video", metavar="VIDEO", type=arg.path)
    p.add_argument(
        "--family",
        type=arg.family_code,
        required=True,
        metavar="CODE",
        help="pseudonymous family code",
    )
    p.add_argument(
        "--visit", type=arg.record_id, metavar="N", help="visit number (default: the next)"
    )
    p.add_argument("--date", type=arg.date, metavar="YYYY-MM-DD", help="visit date")
    p.add_argument(
        "--keep-in-place",
        action="store_true",
        help="use the video where it is, not encrypted by vfcoach "
        "(default: an encrypted copy in vfcoach's media store)",
    )
    p.add_argument(
        "--by", type=arg.name, metavar="NAME",
        help="who adds it (a new family's coaching consent is recorded in their name)",
    )  # fmt: skip
    p = command(session, "list", cmd_session_list, "list families, visits and recordings")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--as",
        type=arg.name,
        dest="viewer",
        metavar="NAME",
        help="who asks: under blind double coding, count only codes they may read",
    )

    p = command(commands, "relink", cmd_relink, "find a moved video by its content")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("folder", type=arg.path, metavar="FOLDER")
