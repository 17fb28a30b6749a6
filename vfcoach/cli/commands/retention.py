"""`vfcoach retention set|show|hold|release|due` and `vfcoach erase family CODE`.

Erasing cannot be undone, so on a terminal the command shows what goes and asks for the
family code to be typed; a script says `--yes` instead. Without either nothing happens. A
refusal (a hold, a wrong code, no reason) is one line on stderr, exit 1, nothing changed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, command, open_db
from vfcoach.cli._output import StderrProgress, print_json
from vfcoach.coding.retention import RetentionRefused

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands
    from vfcoach.services.retention.erase import EraseResult

_CODES = {"keep-deidentified": "deidentify", "erase": "erase"}


def cmd_set(args: argparse.Namespace) -> int:
    from vfcoach.coding.retention import CodesAfter, RetentionRule
    from vfcoach.services.retention.rules import set_rule

    rule = RetentionRule(
        args.programme, args.video_months, args.derived_months, CodesAfter(_CODES[args.codes])
    )
    db = open_db(args)
    set_rule(db, rule, acting(db, args.by))
    print(rule.describe())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from vfcoach.services.retention.rules import rules

    found = rules(open_db(args))
    if args.json:
        print_json(
            [
                {
                    "programme": r.programme,
                    "video_months": r.media_months,
                    "derived_months": r.derived_months,
                    "codes": r.codes.value,
                }
                for r in found
            ]
        )
        return 0
    if not found:
        print("no retention rules yet: set one per programme (vfcoach retention set)")
    for rule in found:
        print(rule.describe())
    return 0


def cmd_hold(args: argparse.Namespace) -> int:
    from vfcoach.services.retention.rules import place_hold

    db = open_db(args)
    place_hold(db, args.family, args.reason, acting(db, args.by))
    print(f"family {args.family} is on legal hold: it cannot be erased until released")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    from vfcoach.services.retention.rules import release_hold

    db = open_db(args)
    if release_hold(db, args.family, acting(db, args.by)):
        print(f"family {args.family}: legal hold released")
    else:
        print(f"family {args.family} was not on legal hold")
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from vfcoach.services.retention.rules import due

    items, missing = due(open_db(args), args.today)
    if args.json:
        print_json({"due": [i.as_json() for i in items], "programmes_without_rule": missing})
        return 0
    for item in items:
        when = "no visit date" if item.due_on is None else item.due_on.isoformat()
        state = "on legal hold" if item.held else ("due now" if item.overdue else "due")
        print(f"{item.family}  {when}  {state}: {item.what}")
    for programme in missing:
        print(f"programme {programme} has no retention rule: set one (vfcoach retention set)")
    if not items and not missing:
        print("no families")
    return 0


def _confirm(code: str, summary: list[str]) -> None:
    """On a terminal: show what goes and ask for the code; elsewhere `--yes` is required."""
    if not sys.stdin.isatty():
        raise RetentionRefused(
            "erasing cannot be undone: run it on a terminal to type the family code, or add "
            "--yes in a script; nothing was erased"
        )
    print(f"Erasing family {code} deletes, for good:", file=sys.stderr)
    for line in summary:
        print(f"  - {line}", file=sys.stderr)
    print("Type the family code to erase it: ", end="", file=sys.stderr, flush=True)
    typed = sys.stdin.readline().strip()
    if typed != code:
        raise RetentionRefused(f"you typed '{typed}', not '{code}'; nothing was erased")


def print_result(result: EraseResult) -> None:
    again = " (an erase interrupted earlier, now finished)" if result.resumed else ""
    print(f"family {result.family_code} erased{again}: {result.files_deleted} file(s) deleted")
    if result.outside:
        print(
            "left outside vfcoach's data folder, untouched; delete them yourself if they must go:"
        )
        for line in result.outside_lines():
            print(f"  {line}")


def cmd_erase_family(args: argparse.Namespace) -> int:
    from vfcoach.coding.retention import check_reason
    from vfcoach.services.retention.erase import EraseFamilyOperation, plan_erase

    check_reason(args.reason, "erasing a family")  # before the question, not after it
    db = open_db(args)
    plan = plan_erase(db, args.family)
    if plan.hold_reason is None and not args.yes:
        _confirm(plan.family_code, plan.summary())
    progress = StderrProgress()
    try:
        result = EraseFamilyOperation(db, args.family, args.reason, acting(db, args.by)).run(
            progress
        )
    finally:
        progress.close()
    print_result(result)
    return 0


def register(commands: Subcommands) -> None:
    """Add `retention ...` and `erase family`."""
    by_help = "who does it (audit log; a supervisor where roles are in use)"
    group = commands.add_parser("retention", help="how long families' data is kept; legal holds")
    actions = group.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    p = command(actions, "set", cmd_set, "set how long one programme keeps families' data")
    p.add_argument("programme", type=arg.name, metavar="PROGRAMME", help="e.g. ABC")
    p.add_argument("--video-months", type=arg.whole, required=True, metavar="N",
                   help="months after the family's last visit that its video is kept")  # fmt: skip
    p.add_argument("--derived-months", type=arg.whole, required=True, metavar="N",
                   help="months reels, reports, clips are kept (at most the video's)")  # fmt: skip
    p.add_argument("--codes", choices=sorted(_CODES), required=True,
                   help="codes then: kept with no names, notes or captions, or erased")  # fmt: skip
    p.add_argument("--by", type=arg.name, metavar="NAME", help=by_help)
    p = command(actions, "show", cmd_show, "show the retention rules")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command(actions, "hold", cmd_hold, "put a family on legal hold: it cannot be erased")
    p.add_argument("family", type=arg.family_code, metavar="FAMILY")
    p.add_argument("--reason", type=arg.free_text, required=True, metavar="TEXT")
    p.add_argument("--by", type=arg.name, metavar="NAME", help=by_help)
    p = command(actions, "release", cmd_release, "release a family's legal hold")
    p.add_argument("family", type=arg.family_code, metavar="FAMILY")
    p.add_argument("--by", type=arg.name, metavar="NAME", help=by_help)
    p = command(
        actions, "due", cmd_due, "list what the rules would erase and when (erases nothing)"
    )
    p.add_argument("--today", type=arg.date, metavar="DATE", help="judge as on this day")
    p.add_argument("--json", action="store_true", help="print JSON")

    group = commands.add_parser("erase", help="erase a family's video and records for good")
    kinds = group.add_subparsers(dest="erase_command", metavar="WHAT", required=True)
    p = command(kinds, "family", cmd_erase_family, "erase a family: video, files, names, notes")
    p.add_argument("family", type=arg.family_code, metavar="CODE")
    p.add_argument("--reason", type=arg.free_text, required=True, metavar="TEXT",
                   help="why (kept in the deletion record)")  # fmt: skip
    p.add_argument("--yes", action="store_true", help="do not ask to type the code (scripts)")
    p.add_argument("--by", type=arg.name, metavar="NAME", help="who erases (audit log)")
