"""`vfcoach team init`, `user ...` and `caseload ...`: a team database and its people.

These commands talk to PostgreSQL as the login in `--db` (an admin for everything but
`team init`'s first run, which needs the login that owns the database). A password is read
from standard input (`--password-stdin`) or asked without echo, and never printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import command
from vfcoach.coding.errors import VfcoachError

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands

ROLES = ("coach", "supervisor", "admin")


class PasswordMissing(VfcoachError):
    """No password could be read for a new person."""


def _url(args: argparse.Namespace) -> str:
    from vfcoach.storage.engine import resolve_db_url

    return resolve_db_url(getattr(args, "db", None))


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        secret = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("the same password again: ") != secret:
            raise PasswordMissing("the two passwords differ; nothing was changed")
    else:
        raise PasswordMissing("give the new person's password on standard input (--password-stdin)")
    if not secret:
        raise PasswordMissing("the password is empty; nothing was changed")
    return secret


def cmd_init(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import init_team

    init_team(_url(args))
    print("team database ready: roles vfcoach_coach, vfcoach_supervisor, vfcoach_admin and "
          "the access rules are in place")  # fmt: skip
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import migrate_into_team
    from vfcoach.storage.engine import resolve_db_url

    counts = migrate_into_team(resolve_db_url(args.source), args.target, args.coach)
    print(f"moved into the team database, on {args.coach}'s caseload:")
    for c in counts:
        print(f"  {c.table}: {c.source} here, {c.target} there")
    print("stored tallies and this database's own settings were not moved")
    return 0


def cmd_user_add(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import add_person

    add_person(_url(args), args.name, args.role, _password(args), args.supervisor)
    print(f"{args.name} can now sign in as a {args.role}")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import list_people

    for person in list_people(_url(args)):
        parts = [person.name, person.role]
        if person.supervisor:
            parts.append(f"supervised by {person.supervisor}")
        if person.disabled:
            parts.append("disabled")
        if person.families:
            parts.append("families " + ", ".join(person.families))
        print("  ".join(parts))
    return 0


def cmd_user_disable(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import disable_person

    disable_person(_url(args), args.name)
    print(f"{args.name} can no longer sign in; their codes stay")
    return 0


def cmd_user_role(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import set_role

    set_role(_url(args), args.name, args.role)
    print(f"{args.name} is now a {args.role}")
    return 0


def cmd_user_supervisor(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import set_supervisor

    set_supervisor(_url(args), args.name, args.supervisor)
    print(f"{args.supervisor} now supervises {args.name}")
    return 0


def cmd_caseload(args: argparse.Namespace) -> int:
    from vfcoach.services.team.admin import caseload_add, caseload_remove

    if args.caseload_command == "add":
        if caseload_add(_url(args), args.name, args.family, args.programme):
            print(f"new family {args.family} ({args.programme}) added to the team database")
        print(f"family {args.family} is on {args.name}'s caseload")
    elif caseload_remove(_url(args), args.name, args.family):
        print(f"family {args.family} is no longer on {args.name}'s caseload")
    else:
        print(f"family {args.family} was not on {args.name}'s caseload; nothing changed")
    return 0


def register(commands: Subcommands) -> None:
    """Add `team init`, `user ...` and `caseload ...`."""
    group = commands.add_parser("team", help="set up a shared PostgreSQL team database")
    actions = group.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    command(actions, "init", cmd_init, "create or upgrade the team roles and access rules")
    p = command(actions, "migrate", cmd_migrate, "move one coach's own database into the team's")
    p.add_argument("--from", dest="source", type=arg.database, required=True, metavar="URL")
    p.add_argument("--to", dest="target", type=arg.database, required=True, metavar="URL")
    p.add_argument("--coach", type=arg.name, required=True, metavar="NAME",
                   help="whose caseload the moved families join")  # fmt: skip

    group = commands.add_parser("user", help="people of a team database (admins only)")
    actions = group.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = command(actions, "add", cmd_user_add, "give a person a sign-in")
    p.add_argument("name", type=arg.name, metavar="NAME")
    p.add_argument("--role", choices=ROLES, required=True)
    p.add_argument("--supervisor", type=arg.name, metavar="NAME", help="who supervises them")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    command(actions, "list", cmd_user_list, "list the people who can sign in")
    p = command(actions, "disable", cmd_user_disable, "stop a person signing in (codes stay)")
    p.add_argument("name", type=arg.name, metavar="NAME")
    p = command(actions, "role", cmd_user_role, "change a person's role")
    p.add_argument("name", type=arg.name, metavar="NAME")
    p.add_argument("role", choices=ROLES, metavar="ROLE")
    p = command(actions, "supervisor", cmd_user_supervisor, "say who supervises a person")
    p.add_argument("name", type=arg.name, metavar="NAME")
    p.add_argument("supervisor", type=arg.name, metavar="SUPERVISOR")

    group = commands.add_parser("caseload", help="which families a coach works with")
    actions = group.add_subparsers(dest="caseload_command", metavar="ACTION", required=True)
    for action, text in (("add", "put a family on"), ("remove", "take a family off")):
        p = command(actions, action, cmd_caseload, f"{text} a coach's caseload")
        p.add_argument("name", type=arg.name, metavar="NAME")
        p.add_argument("family", type=arg.family_code, metavar="FAMILY_CODE")
        if action == "add":
            p.add_argument("--programme", type=arg.name, default="ABC", metavar="NAME",
                           help="a new family's programme (default ABC)")  # fmt: skip
