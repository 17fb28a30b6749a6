"""`vfcoach tally`, `vfcoach fidelity draw` and `vfcoach thresholds show|set`.

Kept out of `cli.py` so that module stays a dispatcher; `cli.py` registers these through
`add_tally_commands` with its own `_command` factory, so `--db` and the error conventions
(one line on stderr and exit status 1; usage errors exit 2) match every other command.
`tally` prints `TallyResult.to_json()` / `csv_rows()`, the very dict the Tallies panel
shows, so a script and a coach never see different numbers. Storage and operations are
imported inside the handlers: building the parser loads no database driver and no Qt.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, acting_as, command, open_db
from vfcoach.cli._output import print_csv, print_json
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import RecordingId

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_tally(args: argparse.Namespace) -> int:
    from vfcoach.services.tally.tally import TallyOperation

    db = open_db(args)
    result = TallyOperation(
        db, RecordingId(args.recording), args.coder, args.clip, actor=acting(db, args.viewer)
    ).run()
    if args.format == "json":
        print_json(result.to_json())
    else:
        print_csv(result.csv_rows())
    return 0


def cmd_fidelity_draw(args: argparse.Namespace) -> int:
    from vfcoach.services.tally.fidelity import DrawFidelityClipsOperation

    db = open_db(args)
    draw = DrawFidelityClipsOperation(
        db,
        RecordingId(args.recording),
        args.coder,
        args.n,
        seed=args.seed,
        length_min=args.length,
        actor=acting(db, args.viewer),
    ).run()
    for clip in draw.clips:
        print(f"{format_ms(clip.start_ms)}  {format_ms(clip.end_ms)}")
    print(
        f"seed {draw.seed}: {len(draw.clips)} clip(s) added to pass {draw.pass_id}", file=sys.stderr
    )
    return 0


def _show(programme: str, values: dict[str, Any]) -> None:
    print(f"fidelity thresholds for {programme.strip().upper()}:")
    for key, value in values.items():
        print(f"  {key:<20} {'off' if value is None else value}")


def cmd_thresholds_show(args: argparse.Namespace) -> int:
    from vfcoach.services.tally.fidelity import load_thresholds

    values = load_thresholds(open_db(args), args.programme).to_dict()
    if args.json:
        print_json(values, ensure_ascii=True)
    else:
        _show(args.programme, values)
    return 0


_UNSET: Any = object()  # an option not given, as opposed to "off" (None)
_SETTABLE = (
    "min_rate_per_min",
    "min_on_target",
    "practice_rate_info",
    "positive_share_flag",
    "timely_latency_s",
    "window_min",
)


def cmd_thresholds_set(args: argparse.Namespace) -> int:
    from vfcoach.coding.tally import InvalidThresholds
    from vfcoach.services.tally.fidelity import load_thresholds, save_thresholds

    changes = {k: getattr(args, k) for k in _SETTABLE if getattr(args, k) is not _UNSET}
    if not changes:
        raise InvalidThresholds("nothing to set; give --min-rate, --min-on-target or another")
    db = open_db(args)
    thresholds = replace(load_thresholds(db, args.programme), **changes)
    save_thresholds(db, args.programme, thresholds, actor=acting_as(db, args.actor))
    _show(args.programme, thresholds.to_dict())
    return 0


def register(commands: Subcommands) -> None:
    """Add `tally`, `fidelity draw` and `thresholds show|set` to the top-level commands."""
    p = command(commands, "tally", cmd_tally, "ITM tally and fidelity verdict of a recording")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument(
        "--coder", type=arg.name, metavar="NAME", help="whose pass (needed if several coders)"
    )
    p.add_argument("--clip", choices=("all", "fidelity"), default="all",
                   help="the whole recording (default) or its fidelity clips only")  # fmt: skip
    p.add_argument("--format", choices=("json", "csv"), required=True)
    p.add_argument(
        "--as", type=arg.name, dest="viewer", metavar="NAME", help="who reads (blind double coding)"
    )

    fidelity = commands.add_parser("fidelity", help="fidelity clips")
    actions = fidelity.add_subparsers(dest="fidelity_command", metavar="ACTION", required=True)
    p = command(actions, "draw", cmd_fidelity_draw, "draw random fidelity clips into a pass")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument(
        "--coder", type=arg.name, required=True, metavar="NAME", help="the pass they go into"
    )
    p.add_argument("--n", type=arg.count, default=1, metavar="N", help="how many clips (default 1)")
    p.add_argument(
        "--seed", type=arg.whole, metavar="S", help="repeat a draw (default: a new seed)"
    )
    p.add_argument("--length", type=arg.minutes, default=5.0, metavar="MIN",
                   help="clip length in minutes (default 5)")  # fmt: skip
    p.add_argument("--as", "--chooser", dest="viewer", type=arg.name, metavar="NAME",
                   help="who draws: the chooser in the audit log, and the reader under blind "
                   "double coding")  # fmt: skip

    group = commands.add_parser("thresholds", help="fidelity thresholds per programme")
    actions = group.add_subparsers(dest="thresholds_command", metavar="ACTION", required=True)
    p = command(actions, "show", cmd_thresholds_show, "show a programme's fidelity thresholds")
    p.add_argument("programme", type=arg.name, metavar="PROGRAMME", help="e.g. ABC or VIPP-SD")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command(actions, "set", cmd_thresholds_set, "change a programme's fidelity thresholds")
    p.add_argument("programme", type=arg.name, metavar="PROGRAMME", help="e.g. ABC or VIPP-SD")
    options = (
        ("--min-rate", "min_rate_per_min", arg.number, "X", "minimum comments per minute"),
        ("--min-on-target", "min_on_target", arg.share, "Y", "minimum on-target share (0.8 or 80)"),
        ("--practice-rate", "practice_rate_info", arg.off_or(arg.number), "X|off", "info line"),
        ("--positive-share-flag", "positive_share_flag", arg.off_or(arg.share), "Y|off", "flag"),
        ("--timely-latency", "timely_latency_s", arg.number, "SECONDS", "timely comment limit"),
        ("--window", "window_min", arg.minutes, "MIN", "per-window size in minutes"),
    )
    for flag, dest, parse, metavar, help_text in options:
        p.add_argument(flag, dest=dest, type=parse, default=_UNSET, metavar=metavar, help=help_text)
    p.add_argument(
        "--actor", type=arg.name, default="vfcoach", metavar="NAME", help="who (audit log)"
    )
