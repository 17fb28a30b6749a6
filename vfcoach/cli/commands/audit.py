"""`vfcoach audit verify` and `vfcoach audit show` (issue 14 §4).

`verify` checks the whole hash chain: "N entries, chain intact" on stdout, or one line naming
the first broken entry on stderr and exit 1 (as every refusal). `show` prints the entries the
reader may see, oldest first, optionally one family's (by code) and from a day on.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import command, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.errors import VfcoachError

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


class AuditTrailBroken(VfcoachError):
    """The chain does not hold: the message names the first broken entry."""


def cmd_verify(args: argparse.Namespace) -> int:
    from vfcoach.services.audit import verify_trail

    report = verify_trail(open_db(args))
    if not report.intact:
        raise AuditTrailBroken(report.describe())
    print(report.describe())
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from vfcoach.services.audit import TrailQuery, event_json, read_trail

    events = read_trail(open_db(args), TrailQuery(args.family, args.since))
    if args.json:
        print_json([event_json(e) for e in events])
        return 0
    for e in events:
        when = e.at.strftime("%Y-%m-%d %H:%M:%S")
        detail = json.dumps(dict(e.detail), ensure_ascii=False, sort_keys=True)
        print(f"{e.seq:>6}  {when}  {e.actor}  {e.action}  {e.subject}  {detail}")
    return 0


def register(commands: Subcommands) -> None:
    """Add `audit verify` and `audit show`."""
    group = commands.add_parser("audit", help="the audit trail: check it, read it")
    actions = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    command(actions, "verify", cmd_verify, "check that no audit entry was changed or removed")
    p = command(actions, "show", cmd_show, "list audit entries, oldest first (times in UTC)")
    p.add_argument("--family", type=arg.family_code, metavar="CODE", help="one family's only")
    p.add_argument("--since", type=arg.date, metavar="YYYY-MM-DD", help="from this day on (UTC)")
    p.add_argument("--json", action="store_true", help="print JSON")
