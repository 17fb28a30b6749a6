"""The `vfcoach` command: headless commands, or the GUI when no command is given.

Headless commands run the same `ui/operations` classes as the GUI, inline, and must never
load Qt: a script or a CI job has no display, and importing PySide6 costs seconds. So the
GUI module is imported inside `_gui` only, and media and database modules are imported inside
the command that needs them (`probe` opens no database). A failure a person can fix
(`VfcoachError`, `OSError`) ends as ONE line on stderr and exit status 1; a usage error (the
types in `cli/_args.py`) is one line and status 2. A bug or a database failure is one line too;
its traceback goes to the private log (`cli/_errors.py`), never to the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import Handler, add_force, open_db
from vfcoach.cli._errors import describe_os_error, storage_failure, unexpected
from vfcoach.cli.commands.double import add_double_commands
from vfcoach.cli.commands.irr import add_irr_commands
from vfcoach.cli.commands.reels import add_reel_commands
from vfcoach.cli.commands.schemes import add_scheme_commands
from vfcoach.cli.commands.tally import add_tally_commands
from vfcoach.coding.cancel import Cancelled
from vfcoach.coding.errors import InvalidTime, VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.text_rules import one_line

if TYPE_CHECKING:
    from vfcoach.output import Protected
    from vfcoach.video.media_info import MediaInfo

PROG = "vfcoach"
DB_HELP = "database: a URL (sqlite:///FILE, postgresql://...) or an SQLite file (.sqlite, .db)"


def _fail(message: str) -> int:
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)
    return 1


def describe_media(info: MediaInfo) -> str:
    """The human form of `probe`: what a coach needs to judge whether a file will code well."""
    rate = "variable frame rate" if info.is_vfr else "constant frame rate"
    turned = f", shown turned {info.rotation}°" if info.rotation else ""
    lines = [
        f"file:      {info.path}",
        f"container: {info.container}",
        f"video:     {info.video_codec}, {info.width}×{info.height}{turned}"
        f" (stored {info.coded_width}×{info.coded_height})",
        f"frames:    {info.frame_count}, {info.avg_fps:.3f} fps average, {rate}",
        f"duration:  {format_ms(info.duration_ms)}",
        f"audio:     {info.audio_codec if info.has_audio else 'none'}",
    ]
    lines += [f"warning:   {w}" for w in info.warnings]
    return "\n".join(lines)


def cmd_probe(args: argparse.Namespace) -> int:
    from vfcoach.video.probe import probe

    info = probe(args.video)
    print(json.dumps(info.to_json(), indent=2) if args.json else describe_media(info))
    return 0


def cmd_frame(args: argparse.Namespace) -> int:
    from vfcoach.output import IMAGE, Protected, check_target, write_bytes
    from vfcoach.video.grabber import FrameGrabber
    from vfcoach.video.images import encode_image
    from vfcoach.video.probe import probe

    protected = frame_protected(args) + Protected.of([(args.video, "the video read from")])
    target = check_target(args.out, IMAGE, protected, args.force)
    info = probe(args.video)
    with FrameGrabber(args.video, info) as grabber:
        if args.index is not None:
            info.check_frame(args.index)
            frame, rgb = args.index, grabber.grab(args.index)
        else:
            ms = args.time
            if ms > info.duration_ms:
                raise InvalidTime(
                    f"{info.path.name}: {format_ms(ms)} is past the end "
                    f"({format_ms(info.duration_ms)})"
                )
            frame, rgb = grabber.grab_at_ms(ms)
    write_bytes(target, encode_image(rgb, target.suffix))
    print(f"frame {frame} at {format_ms(info.frame_map.ms_at(frame))} -> {args.out}")
    return 0


def frame_protected(args: argparse.Namespace) -> Protected:
    """`frame` needs no database, but a database in use (named, or the default one already
    made) has recordings whose videos a still must never replace."""
    from vfcoach.services.output_guard import local_protected, protected_outputs
    from vfcoach.storage.engine import resolve_db_url, sqlite_path

    named = getattr(args, "db", None) or os.environ.get("VFCOACH_DB", "").strip()
    url = resolve_db_url(named or None)
    own = sqlite_path(url)
    if named:
        return protected_outputs(open_db(args))  # a database asked for must open
    if own is None or not own.exists():
        return local_protected(url)
    try:
        return protected_outputs(open_db(args))
    except VfcoachError:  # the default one is newer or broken: its files stay protected
        return local_protected(url)


def cmd_session_add(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.import_recording import ImportRecordingOperation

    op = ImportRecordingOperation(
        open_db(args), args.video, args.family, visit_number=args.visit, visit_date=args.date
    )
    recording = op.run()
    print(recording.id)
    return 0


def cmd_session_list(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.browse import format_table, list_sessions

    rows = list_sessions(open_db(args), args.viewer)
    if args.json:
        print(json.dumps([r.to_json() for r in rows], indent=2, ensure_ascii=False))
    elif rows:
        print(format_table(rows))
    else:
        print("no sessions yet (add one with: vfcoach session add VIDEO --family CODE)")
    return 0


def cmd_annotations_export(args: argparse.Namespace) -> int:
    from vfcoach.services.annotations.io import ExportAnnotationsOperation

    op = ExportAnnotationsOperation(
        open_db(args), RecordingId(args.recording), args.format, args.coder, args.out, args.viewer,
        replace=args.force,
    )  # fmt: skip
    result = op.run()
    if args.out is None:
        sys.stdout.write(result.text)
    else:
        print(f"{result.count} annotation(s) -> {args.out}", file=sys.stderr)
    return 0


def cmd_annotations_import(args: argparse.Namespace) -> int:
    from vfcoach.services.annotations.io import ImportAnnotationsOperation

    op = ImportAnnotationsOperation(
        open_db(args),
        RecordingId(args.recording),
        args.file,
        args.coder,
        replace=args.replace,
        viewer=args.viewer,
        skip_duplicates=args.skip_duplicates,
    )
    result = op.run()
    replaced = f", replacing {result.replaced}" if args.replace else ""
    skipped = f", skipping {result.skipped} already there" if result.skipped else ""
    print(f"imported {result.count} annotation(s) into pass {result.pass_id}{replaced}{skipped}")
    return 0


def cmd_relink(args: argparse.Namespace) -> int:
    from vfcoach.services.recordings.relink import RelinkOperation

    new_path = RelinkOperation(open_db(args), RecordingId(args.recording), args.folder).run()
    print(new_path)
    return 0


def _command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: Handler,
    help_text: str,
) -> argparse.ArgumentParser:
    sub = subparsers.add_parser(name, help=help_text, description=help_text)
    # SUPPRESS: a --db before the command must survive the subcommand's own default
    sub.add_argument(
        "--db", metavar="URL", type=arg.database, default=argparse.SUPPRESS, help=DB_HELP
    )
    sub.set_defaults(handler=handler)
    return sub


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = _command(commands, "probe", cmd_probe, "show what vfcoach reads from a video file")
    p.add_argument("video", metavar="VIDEO", type=arg.path)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = _command(commands, "frame", cmd_frame, "save the exact frame shown at an index or time")
    p.add_argument("video", metavar="VIDEO", type=arg.path)
    at = p.add_mutually_exclusive_group(required=True)
    at.add_argument("--index", type=arg.whole, metavar="N", help="0-based frame index")
    at.add_argument(
        "--time", type=arg.time_ms, metavar="SECONDS", help="seconds (72.48) or HH:MM:SS.mmm"
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="FILE.png", help="a .png or .jpg file"
    )
    add_force(p)

    session = commands.add_parser("session", help="recorded sessions").add_subparsers(
        dest="session_command", metavar="ACTION", required=True
    )
    p = _command(session, "add", cmd_session_add, "import a video as a visit's recording")
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
    p = _command(session, "list", cmd_session_list, "list families, visits and recordings")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--as",
        type=arg.name,
        dest="viewer",
        metavar="NAME",
        help="who asks: under blind double coding, count only codes they may read",
    )

    annotations = commands.add_parser("annotations", help="annotations of a recording")
    actions = annotations.add_subparsers(dest="annotations_command", metavar="ACTION")
    actions.required = True
    p = _command(actions, "export", cmd_annotations_export, "write one coder's annotations")
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
    p = _command(actions, "import", cmd_annotations_import, "add annotations from a CSV file")
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

    p = _command(commands, "relink", cmd_relink, "find a moved video by its content")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("folder", type=arg.path, metavar="FOLDER")

    add_scheme_commands(commands, _command)
    add_tally_commands(commands, _command)
    add_reel_commands(commands, _command)
    add_double_commands(commands, _command)
    add_irr_commands(commands, _command)


def build_parser() -> argparse.ArgumentParser:
    parser = arg.OneLineParser(
        prog=PROG, description="Video-feedback coaching. Without a command, the window opens."
    )
    parser.add_argument("--db", metavar="URL", type=arg.database, help=DB_HELP)
    parser.add_argument("--demo", action="store_true", help="open with the demo family")
    parser.add_argument("--screenshot", metavar="FILE", help="save a window screenshot")
    parser.add_argument("--quit-after", type=arg.number, metavar="SECONDS", help="close after")
    _add_commands(parser)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from vfcoach.app import run_gui  # Qt only for the window

    return run_gui(args.db, args.demo, args.screenshot, args.quit_after)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so Python's exit-time flush does not fail a second time."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class Terminated(Cancelled):
    """SIGTERM: stop like Ctrl+C, so a file being written is removed on the way out."""


def _terminate(_signum: int, _frame: object) -> None:
    raise Terminated("terminated")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the GUI) and return the exit status.

    Parsing runs inside the policy too: whatever goes wrong ends as one line on stderr —
    status 2 for a usage error, 1 for a refusal or failure, 130 when cancelled, 143 when
    terminated (SIGTERM ends a headless command like Ctrl+C, so a part file is removed).
    """
    words = list(sys.argv[1:] if argv is None else argv)
    previous = None
    try:
        args = build_parser().parse_args(words)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is not None and threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _terminate)
        return _gui(args) if handler is None else handler(args)
    except Terminated:
        print(f"{PROG}: terminated; nothing was left half-written", file=sys.stderr)
        return 143
    except (Cancelled, KeyboardInterrupt):
        print(f"{PROG}: cancelled", file=sys.stderr)
        return 130
    except VfcoachError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # `vfcoach irr ... | head`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except OSError as exc:
        return _fail(describe_os_error(exc))
    except Exception as exc:  # a bug or a database failure: one line, details in the log
        return _fail(storage_failure(exc, words) or unexpected(exc, words))
    finally:
        if previous is not None:  # main() run in-process (tests, scripts) leaves no trace
            signal.signal(signal.SIGTERM, previous)
