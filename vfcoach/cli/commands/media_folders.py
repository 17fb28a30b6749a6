"""`vfcoach media roots add|list|remove`: this computer's folders to look for moved videos in.

The list is this computer's own (beside its database location, never in the database), and
the window's Settings → Media folders edits the same list. No database is opened here (`--db`
is accepted, as by every command, and unused).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import command

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def cmd_roots_add(args: argparse.Namespace) -> int:
    from vfcoach.storage.media_folders import add_media_folder

    folder, added = add_media_folder(args.folder)
    print(folder if added else f"{folder} (already listed)")
    return 0


def cmd_roots_list(args: argparse.Namespace) -> int:
    from vfcoach.storage.media_folders import read_media_folders

    for folder in read_media_folders().folders:
        print(folder)
    return 0


def cmd_roots_remove(args: argparse.Namespace) -> int:
    from vfcoach.storage.media_folders import remove_media_folder

    print(remove_media_folder(args.folder))
    return 0


def register(commands: Subcommands) -> None:
    """Add `media roots add|list|remove`."""
    group = commands.add_parser("media", help="videos on this computer")
    kinds = group.add_subparsers(dest="media_command", metavar="WHAT", required=True)
    roots = kinds.add_parser(
        "roots",
        help="this computer's folders where moved videos are looked for by content",
        description="This computer's folders where a recording whose video is not at its "
        "stored path is looked for by content. The list is kept on this computer only.",
    )
    actions = roots.add_subparsers(dest="roots_command", metavar="ACTION", required=True)
    p = command(actions, "add", cmd_roots_add, "look in FOLDER (and below it) for moved videos")
    p.add_argument("folder", metavar="FOLDER", type=arg.folder)
    command(actions, "list", cmd_roots_list, "list this computer's media folders")
    p = command(actions, "remove", cmd_roots_remove, "stop looking in FOLDER")
    p.add_argument("folder", metavar="FOLDER", type=arg.folder)
