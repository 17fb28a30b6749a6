"""`vfcoach consent set|withdraw|show`: what a family agreed to, use by use (issue 14 §1).

The same services as the window's consent panel. Bad input (an unknown scope, a bad date,
an unknown family) is one plain line on stderr, exit 1, and nothing is recorded.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, command, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.consent import ConsentRecord, Scope, scope_named

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands

SCOPES_HELP = ", ".join(s.value for s in Scope)


def _when(moment: Any) -> str | None:
    return None if moment is None else moment.isoformat(timespec="seconds")


def _record_json(record: ConsentRecord | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {
        "consented_by": record.consented_by,
        "recorded_by": record.recorded_by,
        "recorded_at": _when(record.recorded_at),
        "document": record.document,
        "expires": None if record.expires is None else record.expires.isoformat(),
        "withdrawn_at": _when(record.withdrawn_at),
        "clean_take_home": record.clean_take_home,
        "unblurred": record.unblurred,
    }


def cmd_consent_set(args: argparse.Namespace) -> int:
    from vfcoach.services.consent import set_consent

    db = open_db(args)
    scope, until = scope_named(args.scope), args.until
    record = set_consent(
        db, args.family, scope, acting(db, args.by), args.consented_by or "",
        args.document or "", until, args.clean_take_home, args.unblurred,
    )  # fmt: skip
    ends = f" until {record.expires.isoformat()}" if record.expires else ""
    print(f"{args.family}: {record.scope.label.lower()} recorded{ends}")
    return 0


def cmd_consent_withdraw(args: argparse.Namespace) -> int:
    from vfcoach.services.consent import withdraw_consent

    db = open_db(args)
    record = withdraw_consent(db, args.family, scope_named(args.scope), acting(db, args.by))
    print(f"{args.family}: {record.scope.label.lower()} withdrawn")
    return 0


def cmd_consent_show(args: argparse.Namespace) -> int:
    from vfcoach.services.consent import history, scope_lines

    db = open_db(args)
    family, lines = scope_lines(db, args.family)
    if args.json:
        print_json(
            {
                "family": family.code,
                "scopes": [
                    {"scope": ln.scope.value, "state": ln.state, "record": _record_json(ln.record)}
                    for ln in lines
                ],
                "history": [
                    {"scope": r.scope.value, **(_record_json(r) or {})}
                    for r in history(db, args.family)
                ],
            }
        )
        return 0
    print(f"Consent of family {family.code}:")
    for ln in lines:
        detail = ""
        if ln.record is not None and ln.state != "missing":
            r = ln.record
            parts = [f"recorded {r.recorded_at:%Y-%m-%d} by {r.recorded_by}"]
            if r.consented_by:
                parts.append(f'agreed by "{r.consented_by}"')
            if r.document:
                parts.append(f"form {r.document}")
            if r.expires:
                parts.append(f"until {r.expires.isoformat()}")
            if r.withdrawn_at:
                parts.append(f"withdrawn {r.withdrawn_at:%Y-%m-%d}")
            parts += ["clean take-home copy"] if r.clean_take_home else []
            parts += ["faces unblurred"] if r.unblurred else []
            detail = " - " + ", ".join(parts)
        print(f"  {ln.scope.label:<32} {ln.state_text}{detail}")
    return 0


def register(commands: Subcommands) -> None:
    """Add `consent set|withdraw|show`."""
    consent = commands.add_parser("consent", help="what a family agreed to, use by use")
    actions = consent.add_subparsers(dest="consent_command", metavar="ACTION", required=True)
    p = command(actions, "set", cmd_consent_set, "record a family's consent to one use")
    p.add_argument("family", type=arg.family_code, metavar="FAMILY")
    p.add_argument("scope", type=arg.name, metavar="SCOPE", help=SCOPES_HELP)
    p.add_argument("--until", type=arg.date, metavar="YYYY-MM-DD", help="the last day it holds")
    p.add_argument("--document", type=arg.name, metavar="REF", help="the signed form's reference")
    p.add_argument("--by", type=arg.name, metavar="NAME", help="who records it")
    p.add_argument(
        "--consented-by", type=arg.free_text, metavar="TEXT",
        help="who consented, by role or pseudonym (e.g. 'birth mother; agency guardian')",
    )  # fmt: skip
    p.add_argument(
        "--clean-take-home", action="store_true",
        help="caregiver viewing: a take-home copy without watermark was agreed",
    )  # fmt: skip
    p.add_argument(
        "--unblurred", action="store_true", help="training: faces may be shown unblurred"
    )
    p = command(actions, "withdraw", cmd_consent_withdraw, "withdraw a family's consent to a use")
    p.add_argument("family", type=arg.family_code, metavar="FAMILY")
    p.add_argument("scope", type=arg.name, metavar="SCOPE", help=SCOPES_HELP)
    p.add_argument("--by", type=arg.name, metavar="NAME", help="who records the withdrawal")
    p = command(actions, "show", cmd_consent_show, "what a family agreed to, and when")
    p.add_argument("family", type=arg.family_code, metavar="FAMILY")
    p.add_argument("--json", action="store_true", help="print JSON")
