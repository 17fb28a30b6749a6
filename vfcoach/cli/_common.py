"""What every command module of the CLI shares: the handler type and opening the database.

Storage is imported inside `open_db`, so building the parser (and `vfcoach probe`) loads no
database driver and no Qt.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._unlock import add_options as unlock_options

if TYPE_CHECKING:
    from vfcoach.services.access import Actor
    from vfcoach.storage.database import Database

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]


_OPENED: list[Database] = []  # this command's databases, closed when it ends


def open_db(args: argparse.Namespace) -> Database:
    from vfcoach.cli._unlock import prepare
    from vfcoach.storage.database import Database
    from vfcoach.storage.engine import resolve_db_url

    url = resolve_db_url(getattr(args, "db", None))
    prepare(args, url)  # the passphrase; a new SQLite database made encrypted
    db = Database.open(url)
    _OPENED.append(db)
    _resume_erasures(db)  # issue 14 §2: before the command can open an erased family
    return db


def _resume_erasures(db: Database) -> None:
    """Finish an erase a crash interrupted, and say so on stderr (stdout stays the command's)."""
    import sys

    from vfcoach.services.retention.erase import resume_pending

    for result in resume_pending(db):
        print(f"vfcoach: finished erasing family {result.family_code}, which an earlier run "
              "left unfinished", file=sys.stderr)  # fmt: skip
        for line in result.outside_lines():
            print(f"vfcoach: left outside the data folder, delete it yourself: {line}",
                  file=sys.stderr)  # fmt: skip


def close_databases() -> None:
    """Close what the command opened, so a command run in-process (a script, a test) leaves
    no pooled connection behind: SQLite checkpoints its log when the last one closes."""
    while _OPENED:
        _OPENED.pop().dispose()


def acting(db: Database, name: str | None) -> Actor | None:
    """Who the command acts for (`--as` / `--by` NAME), resolved once, here, and passed down.

    None when the command names nobody: where a read needs a name (a database with blind
    double coding) the operation refuses then, with the same one line as always. A name is
    looked up once, so every step of the command judges the same person with the same role.
    """
    from vfcoach.services.access import actor_named

    return actor_named(db, name)


def acting_as(db: Database, name: str) -> Actor:
    """`acting` for an option that always has a value (`--by`, default `vfcoach`)."""
    from vfcoach.services.access import Actor

    return acting(db, name) or Actor(name)


def add_force(p: argparse.ArgumentParser) -> None:
    """`--force`: the one way to let an output replace an existing file (never a protected one)."""
    p.add_argument("--force", action="store_true", help="replace the file if it exists")


DB_HELP = "database: a URL (sqlite:///FILE, postgresql://...) or an SQLite file (.sqlite, .db)"


def command(
    subparsers: Subcommands, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """One subcommand, with its own `--db` and the handler `main` runs inside the error policy."""
    sub = subparsers.add_parser(name, help=help_text, description=help_text)
    # SUPPRESS: a --db before the command must survive the subcommand's own default
    sub.add_argument(
        "--db", metavar="URL", type=arg.database, default=argparse.SUPPRESS, help=DB_HELP
    )
    unlock_options(sub, suppress=True)  # --passphrase-stdin, --no-encryption
    sub.set_defaults(handler=handler)
    return sub
