"""The `vfcoach` command: headless commands, or the GUI when no command is given.

Headless commands (`cli/commands/<group>.py`, each with `register(subparsers)`) run the
same `services` classes as the GUI, inline, and must never
load Qt: a script or a CI job has no display, and importing PySide6 costs seconds. So the
GUI module is imported inside `_gui` only, and media and database modules are imported inside
the command that needs them (`probe` opens no database). A failure a person can fix
(`VfcoachError`, `OSError`) ends as ONE line on stderr and exit status 1; a usage error (the
types in `cli/_args.py`) is one line and status 2. A bug or a database failure is one line too;
its traceback goes to the private log (`cli/_errors.py`), never to the terminal.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

from vfcoach.cli import _args as arg
from vfcoach.cli._common import DB_HELP, Handler, close_databases
from vfcoach.cli._errors import describe_os_error, storage_failure, unexpected
from vfcoach.cli._terminal import configure_terminal
from vfcoach.cli._unlock import add_options as unlock_options
from vfcoach.cli.commands import annotations as annotation_commands
from vfcoach.cli.commands import (
    audit,
    consent,
    double,
    encrypt,
    irr,
    media,
    media_folders,
    reels,
    retention,
    schemes,
    sessions,
    tally,
    team,
)
from vfcoach.cli.commands import bystanders as bystander_commands  # issue 14 §6
from vfcoach.coding.cancel import Cancelled
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.text_rules import one_line

PROG = "vfcoach"


def _fail(message: str) -> int:
    print(f"{PROG}: error: {one_line(message)}", file=sys.stderr)
    return 1


def _add_commands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in (
        media,
        media_folders,
        sessions,
        annotation_commands,
        schemes,
        tally,
        reels,
        double,
        irr,
        team,
        audit,
        bystander_commands,  # issue 14 §6
        encrypt,
        consent,
        retention,  # issue 14 §2
    ):
        group.register(commands)


def build_parser() -> argparse.ArgumentParser:
    parser = arg.OneLineParser(
        prog=PROG, description="Video-feedback coaching. Without a command, the window opens."
    )
    parser.add_argument("--db", metavar="URL", type=arg.database, help=DB_HELP)
    parser.add_argument("--demo", action="store_true", help="open with the demo family")
    parser.add_argument(
        "--sign-in", action="store_true", help="sign in to a team database (server, name, password)"
    )
    parser.add_argument("--screenshot", metavar="FILE", help="save a window screenshot")
    parser.add_argument("--quit-after", type=arg.number, metavar="SECONDS", help="close after")
    parser.add_argument(
        "--verbose", action="store_true", help="also show FFmpeg's and Qt's own messages"
    )
    unlock_options(parser, suppress=False)  # --passphrase-stdin, --no-encryption
    _add_commands(parser)
    return parser


def _gui(args: argparse.Namespace) -> int:
    from vfcoach.cli._unlock import for_window
    from vfcoach.ui.launch import run_gui  # Qt only for the window

    for_window(args)  # --passphrase-stdin, --no-encryption reach the start's unlock step

    return run_gui(
        args.db,
        args.demo,
        args.screenshot,
        args.quit_after,
        verbose=args.verbose,
        sign_in=args.sign_in,
    )


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
        configure_terminal(args.verbose, gui=handler is None)  # chatter only with --verbose
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
        close_databases()
        if previous is not None:  # main() run in-process (tests, scripts) leaves no trace
            signal.signal(signal.SIGTERM, previous)
