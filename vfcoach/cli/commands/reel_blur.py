"""`reel export --blur-faces` and `--for-training`: face blur from the command line (§5).

Kept apart from `reels.py` so the reel commands stay short; this module imports nothing
heavy (the detector is loaded only when an export with blur runs).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from vfcoach.coding.face_blur import Showing

if TYPE_CHECKING:
    from vfcoach.video.faces import FaceBlurOptions


def add_blur_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--blur-faces",
        action="store_true",
        help="blur every face in every frame (the whole reel is re-encoded; sound is kept)",
    )
    p.add_argument(
        "--for-training",
        action="store_true",
        help="the reel will be shown to other coaches or staff in training: refused without "
        "--blur-faces unless the family's training consent agrees to showing faces",
    )


def blur_options(args: argparse.Namespace) -> FaceBlurOptions | None:
    """The face blur asked for, or None."""
    if not args.blur_faces:
        return None
    from vfcoach.video.faces import FaceBlurOptions

    return FaceBlurOptions()


def showing(args: argparse.Namespace) -> Showing | None:
    """Who will watch: a training showing when told, else the reel's own audience (None)."""
    return Showing.TRAINING if args.for_training else None
