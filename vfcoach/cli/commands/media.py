"""`vfcoach probe` and `vfcoach frame`: what a video file holds, and one exact frame of it.

Neither needs a database (a database in use still protects its videos from `frame --out`); media
modules are imported inside the handlers, so building the parser loads no codec.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import add_force, command, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.errors import InvalidTime, VfcoachError
from vfcoach.coding.frame_time import format_ms

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands
    from vfcoach.output import Protected
    from vfcoach.video.media_info import MediaInfo


def describe_media(info: MediaInfo) -> str:
    """The human form of `probe`: what a coach needs to judge whether a file will code well."""
    rate = "variable frame rate" if info.is_vfr else "constant frame rate"
    turned = f", shown turned {info.rotation}°" if info.rotation else ""
    lines = [
        f"file:      {info.path}",
        f"container: {info.container}",
        f"video:     {info.video_codec}, {info.width}×{info.height}{turned}"
        f" (stored {info.coded_width}×{info.coded_height})",
        f"frames:    {info.frame_count}, {info.avg_fps:.3f} fps average, {rate}",
        f"duration:  {format_ms(info.duration_ms)}",
        f"audio:     {info.audio_codec if info.has_audio else 'none'}",
    ]
    lines += [f"warning:   {w}" for w in info.warnings]
    return "\n".join(lines)


def cmd_probe(args: argparse.Namespace) -> int:
    from vfcoach.video.probe import probe

    info = probe(args.video)
    if args.json:
        print_json(info.to_json(), ensure_ascii=True)
    else:
        print(describe_media(info))
    return 0


def cmd_frame(args: argparse.Namespace) -> int:
    from vfcoach.output import IMAGE, Protected, check_target, write_bytes
    from vfcoach.video.grabber import FrameGrabber
    from vfcoach.video.images import encode_image
    from vfcoach.video.probe import probe

    protected = frame_protected(args) + Protected.of([(args.video, "the video read from")])
    target = check_target(args.out, IMAGE, protected, args.force)
    info = probe(args.video)
    with FrameGrabber(args.video, info) as grabber:
        if args.index is not None:
            info.check_frame(args.index)
            frame, rgb = args.index, grabber.grab(args.index)
        else:
            ms = args.time
            if ms > info.duration_ms:
                raise InvalidTime(
                    f"{info.path.name}: {format_ms(ms)} is past the end "
                    f"({format_ms(info.duration_ms)})"
                )
            frame, rgb = grabber.grab_at_ms(ms)
    write_bytes(target, encode_image(rgb, target.suffix))
    print(f"frame {frame} at {format_ms(info.frame_map.ms_at(frame))} -> {args.out}")
    return 0


def frame_protected(args: argparse.Namespace) -> Protected:
    """`frame` needs no database, but a database in use (named, or the default one already
    made) has recordings whose videos a still must never replace."""
    from vfcoach.services.output_guard import local_protected, protected_outputs
    from vfcoach.storage.engine import resolve_db_url, sqlite_path

    named = getattr(args, "db", None) or os.environ.get("VFCOACH_DB", "").strip()
    url = resolve_db_url(named or None)
    own = sqlite_path(url)
    if named:
        return protected_outputs(open_db(args))  # a database asked for must open
    if own is None or not own.exists():
        return local_protected(url)
    try:
        return protected_outputs(open_db(args))
    except VfcoachError:  # the default one is newer or broken: its files stay protected
        return local_protected(url)


def register(commands: Subcommands) -> None:
    """Add `probe` and `frame`."""
    p = command(commands, "probe", cmd_probe, "show what vfcoach reads from a video file")
    p.add_argument("video", metavar="VIDEO", type=arg.path)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(commands, "frame", cmd_frame, "save the exact frame shown at an index or time")
    p.add_argument("video", metavar="VIDEO", type=arg.path)
    at = p.add_mutually_exclusive_group(required=True)
    at.add_argument("--index", type=arg.whole, metavar="N", help="0-based frame index")
    at.add_argument(
        "--time", type=arg.time_ms, metavar="SECONDS", help="seconds (72.48) or HH:MM:SS.mmm"
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="FILE.png", help="a .png or .jpg file"
    )
    add_force(p)
