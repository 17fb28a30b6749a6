"""What every command module of the CLI shares: the handler type and opening the database.

Storage is imported inside `open_db`, so building the parser (and `vfcoach probe`) loads no
database driver and no Qt.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vfcoach.storage.database import Database

    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]
    CommandFactory = Callable[[Subcommands, str, "Handler", str], argparse.ArgumentParser]

Handler = Callable[[argparse.Namespace], int]


def open_db(args: argparse.Namespace) -> Database:
    from vfcoach.storage.database import Database

    return Database.open(getattr(args, "db", None))


def add_force(p: argparse.ArgumentParser) -> None:
    """`--force`: the one way to let an output replace an existing file (never a protected one)."""
    p.add_argument("--force", action="store_true", help="replace the file if it exists")
