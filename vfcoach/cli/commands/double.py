"""`vfcoach double assign|sample|due|share|role` and `vfcoach pass submit`.

Blind double coding from the console (domain.md §6, §7 rule 7). These run the same
operations as the window (`services/reliability/plan.py`, `access.py`), so the
sample a script draws with a seed is the sample the window would draw. Reading another
coder's codes is guarded in `annotations export --as` and `tally --as`; here only the plan
and the submission live. Storage and operations are imported inside the handlers: building
the parser loads no database driver and no Qt.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, acting_as, command, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.text_rules import one_line

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands
    from vfcoach.services.reliability.plan import DueItem


def cmd_assign(args: argparse.Namespace) -> int:
    from vfcoach.services.reliability.plan import AssignOperation

    db = open_db(args)
    op = AssignOperation(
        db, RecordingId(args.recording), args.coder, args.master, acting_as(db, args.by),
        not args.open,
    )  # fmt: skip
    a = op.run()
    kind = "master coder" if args.master else "second coder"
    blind = "blind" if a.blind else "not blind"
    print(f"recording {a.recording_id}: {args.coder.strip()} assigned as {kind} ({blind})")
    return 0


def cmd_sample(args: argparse.Namespace) -> int:
    from vfcoach.services.reliability.plan import SampleOperation

    db = open_db(args)
    draw = SampleOperation(db, args.share, args.seed, acting_as(db, args.by)).run()
    if args.json:
        document = {
            "seed": draw.seed,
            "share": draw.share,
            "drawn": [
                {
                    "recording": s.candidate.recording_id,
                    "coach": s.candidate.coach,
                    "month": s.candidate.month,
                    "reason": s.reason,
                }
                for s in draw.drawn
            ],
            "coaches": [asdict(q) for q in draw.quotas],
        }
        print_json(document)
        return 0
    print(f"seed {draw.seed}, share {draw.share:.0%}: {len(draw.drawn)} recording(s) drawn")
    for s in draw.drawn:
        why = "" if s.reason == "share" else "  (covers a month nobody else did)"
        month = s.candidate.month or "undated"
        print(f"  recording {s.candidate.recording_id}  {s.candidate.coach}  {month}{why}")
    for q in draw.quotas:
        print(f"  {q.coach}: {q.already + q.drawn} of {q.recordings} chosen (wanted {q.wanted})")
    return 0


def _due_line(item: DueItem) -> str:
    coder = item.coder or "-"
    date = item.visit_date.isoformat() if item.visit_date else "undated"
    return one_line(
        f"{item.recording_id:>5}  {item.family_code} visit {item.visit_number}  {date}  "
        f"coach {item.coach or '-'} ({item.coach_status})  "
        f"{item.purpose} {coder} ({item.coder_status}){'  blind' if item.blind else ''}"
    )


def cmd_due(args: argparse.Namespace) -> int:
    from vfcoach.services.reliability.plan import DueOperation

    items = DueOperation(open_db(args), args.coder).run()
    if args.json:
        print_json([i.to_json() for i in items])
    elif not items:
        print("nothing due")
    else:
        print("\n".join(_due_line(i) for i in items))
    return 0


def cmd_share(args: argparse.Namespace) -> int:
    from vfcoach.services.reliability.plan import load_share, save_share

    db = open_db(args)
    if args.value is not None:
        save_share(db, args.value, acting_as(db, args.by))
    print(f"share of recordings double-coded: {load_share(db):.0%}")
    return 0


def cmd_role(args: argparse.Namespace) -> int:
    from vfcoach.coding.project import CoderRole
    from vfcoach.services.reliability.plan import set_role

    role = None if args.role is None else CoderRole(args.role)
    db = open_db(args)
    print(set_role(db, args.name, role, args.master, acting_as(db, args.by)))
    return 0


def cmd_pass_submit(args: argparse.Namespace) -> int:
    from vfcoach.services.access import require_named
    from vfcoach.services.annotations.submit import SubmitPassOperation

    db = open_db(args)
    actor = acting(db, args.by)
    if actor is None:  # "the coder" by default, unless blind coding needs it said
        with db.uow() as uow:
            require_named(uow, None)
    result = SubmitPassOperation(db, RecordingId(args.recording), args.coder, actor).run()
    p = result.coding_pass
    print(
        f"pass {p.id} ({p.purpose.value}, revision {p.revision}) submitted with "
        f"{result.annotation_count} annotation(s); it can no longer be changed"
    )
    if result.blind_released:
        print("every coder of this recording has submitted: both passes are now visible")
    return 0


def register(commands: Subcommands) -> None:
    """Add `double ...` and `pass submit` to the top-level commands."""
    by_help = "who did it (audit log)"
    group = commands.add_parser("double", help="blind double coding for reliability")
    actions = group.add_subparsers(dest="double_command", metavar="ACTION", required=True)
    p = command(actions, "assign", cmd_assign, "assign a recording to a second or master coder")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("--coder", type=arg.name, required=True, metavar="NAME", help="the second coder")
    p.add_argument("--master", action="store_true", help="the master coder codes it")
    p.add_argument("--open", action="store_true", help="not blind (e.g. training)")
    p.add_argument("--by", type=arg.name, default="vfcoach", metavar="NAME", help=by_help)

    p = command(actions, "sample", cmd_sample, "draw a share of each coach's recordings")
    p.add_argument("--share", type=arg.share, metavar="S", help="0.2 or 20%% (default: setting)")
    p.add_argument(
        "--seed", type=arg.whole, metavar="N", help="repeat a draw (default: a new seed)"
    )
    p.add_argument("--by", type=arg.name, default="vfcoach", metavar="NAME", help=by_help)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(actions, "due", cmd_due, "list double coding assigned and not yet submitted")
    p.add_argument("--coder", type=arg.name, metavar="NAME", help="only this coder's")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(actions, "share", cmd_share, "show or set the share double-coded")
    p.add_argument("value", nargs="?", type=arg.share, metavar="SHARE", help="0.2 or 20%%")
    p.add_argument("--by", type=arg.name, default="vfcoach", metavar="NAME", help=by_help)

    p = command(actions, "role", cmd_role, "make a coder a supervisor or the master coder")
    p.add_argument("name", type=arg.name, metavar="NAME")
    role = p.add_mutually_exclusive_group()
    role.add_argument("--supervisor", dest="role", action="store_const", const="supervisor")
    role.add_argument("--coder", dest="role", action="store_const", const="coder")
    master = p.add_mutually_exclusive_group()
    master.add_argument("--master", dest="master", action="store_true", default=None)
    master.add_argument("--no-master", dest="master", action="store_false")
    p.add_argument("--by", type=arg.name, default="vfcoach", metavar="NAME", help=by_help)

    group = commands.add_parser("pass", help="coding passes")
    actions = group.add_subparsers(dest="pass_command", metavar="ACTION", required=True)
    p = command(actions, "submit", cmd_pass_submit, "submit a coder's pass (final)")
    p.add_argument("recording", type=arg.record_id, metavar="RECORDING_ID")
    p.add_argument("--coder", type=arg.name, required=True, metavar="NAME", help="whose pass")
    p.add_argument("--by", "--as", dest="by", type=arg.name, metavar="NAME",
                   help="who submits: the coder, or a supervisor for them (default: the coder; "
                   "required on a database with blind double coding)")  # fmt: skip
