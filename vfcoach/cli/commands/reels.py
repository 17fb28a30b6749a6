"""`vfcoach reel create|list|show|export|override`: highlight reels from the command line (§5).

Same conventions as every other command (registered from `cli.py` with its `_command`
factory): the operations the editor uses, one error line on stderr and exit status 1 for a
refusal, the reasons of a `ReelRefused` in that line. `show` prints coach-only talking
points marked as such; they never appear in anything a caregiver sees. `create --audience
coach` makes a coach-view reel (the only kind that may hold a corrective clip); `override`
keeps one refused clip with the coach's reason, logged in the audit trail.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from typing import TYPE_CHECKING

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, acting_as, add_force, command, open_db
from vfcoach.cli._output import StderrProgress
from vfcoach.cli.commands.reel_blur import add_blur_arguments, blur_options, showing
from vfcoach.cli.commands.reel_view import cmd_reel_list, cmd_reel_show
from vfcoach.coding.frame_time import format_ms, parse_time_ms
from vfcoach.coding.ids import VisitId

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands
    from vfcoach.coding.reels import Problem, ReelClip


def _warn(problems: tuple[Problem, ...]) -> None:
    """Each warning once, with how many clips it is about: a held recording or a missing
    caption is said of every clip alike, and ten equal lines hide the one that differs."""
    clips: dict[str, int] = {}
    for p in problems:
        clips[p.message] = clips.get(p.message, 0) + 1
    for message, count in clips.items():
        about = f" ({count} clips)" if count > 1 else ""
        print(f"warning: {message}{about}", file=sys.stderr)


def cmd_reel_create(args: argparse.Namespace) -> int:
    from vfcoach.coding.reels import Audience
    from vfcoach.services.reels.create import CreateReelOperation

    codes = None if args.from_codes is None else list(args.from_codes)
    db = open_db(args)
    result = CreateReelOperation(
        db,
        VisitId(args.visit),
        from_codes=codes,
        max_clips=args.max_clips,
        pre_ms=args.pre,
        post_ms=args.post,
        coder_name=args.coder,
        actor=acting(db, args.viewer),
        audience=Audience(args.audience),
    ).run()
    _warn(result.warnings)
    if not result.reel.clips:
        print("warning: no strength moments found; the reel is empty", file=sys.stderr)
    print(result.reel.id)
    return 0


def _clip_line(n: int, clip: ReelClip) -> str:
    span = f"{format_ms(clip.start.pts_ms)} - {format_ms(clip.end.pts_ms)}"
    caption = clip.caption or "(none yet)"
    return f"added clip {n}: recording {clip.recording_id}  {span}  caption: {caption}"


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True


def cmd_reel_add(args: argparse.Namespace) -> int:
    """Hand-picked events, or one free range; every refusal printed with its reasons."""
    from vfcoach.coding.errors import VfcoachError
    from vfcoach.coding.ids import AnnotationId, RecordingId
    from vfcoach.coding.reels import ReelId, ReelRefused
    from vfcoach.services.reels.clips import AddClipOperation
    from vfcoach.services.reels.moments import AddMomentsOperation

    db, reel_id = open_db(args), ReelId(args.reel)
    actor = acting(db, args.by)
    if args.annotations:
        if (args.from_time, args.to_time, args.recording) != (None, None, None):
            raise VfcoachError("give --annotation, or --from/--to/--recording, not both")
        try:
            ids = [AnnotationId(uuid.UUID(a.strip())) for a in args.annotations]
        except ValueError:
            bad = ", ".join(a for a in args.annotations if not _is_uuid(a))
            msg = f"not an event id (a UUID, as `annotations export` prints): {bad}"
            raise VfcoachError(msg) from None
        result = AddMomentsOperation(
            db, reel_id, ids, actor, args.caption, args.talking_point
        ).run()
        first = len(result.reel.clips) - len(result.added) + 1
        for n, clip in enumerate(result.added, start=first):
            print(_clip_line(n, clip))
        for r in result.refused:
            print(f"refused: {r.label}: {'; '.join(r.reasons)}", file=sys.stderr)
        _warn(result.warnings)
        return 0 if result.added else 1
    if None in (args.from_time, args.to_time, args.recording):
        raise VfcoachError("a free range needs --from TIME, --to TIME and --recording ID")
    op = AddClipOperation(
        db, reel_id, recording_id=RecordingId(args.recording),
        start_ms=parse_time_ms(args.from_time), end_ms=parse_time_ms(args.to_time),
        caption=args.caption, talking_point=args.talking_point, actor=actor,
    )  # fmt: skip
    try:
        added = op.run()
    except ReelRefused as refused:
        for p in refused.problems:
            print(f"refused: {args.from_time} - {args.to_time}: {p.message}", file=sys.stderr)
        return 1
    print(_clip_line(len(added.reel.clips), added.reel.clips[-1]))
    _warn(added.warnings)
    return 0


def cmd_reel_override(args: argparse.Namespace) -> int:
    from vfcoach.coding.reels import ReelId
    from vfcoach.services.reels.override import OverrideClipOperation

    db = open_db(args)
    op = OverrideClipOperation(
        db, ReelId(args.reel), args.position, args.reason, acting_as(db, args.by)
    )
    result = op.run()
    for p in result.warnings:
        label = "still refused" if p.is_error else "note"
        print(f"{label}: {p.message}", file=sys.stderr)
    print(f"clip {args.position} of reel {args.reel} kept on override by {op.override.by}")
    return 0


def cmd_reel_export(args: argparse.Namespace) -> int:
    from vfcoach.coding.reels import ReelId
    from vfcoach.services.reels.caption_place import caption_place
    from vfcoach.services.reels.export import ExportReelOperation
    from vfcoach.services.reels.watermark import reel_watermark
    from vfcoach.video.export import ExportOptions

    db = open_db(args)
    captions = args.captions or caption_place(db, ReelId(args.reel))  # the reel's choice
    blur = blur_options(args)
    # §7.8: every copy is marked; a coach-view reel with who watches it (--shown-to, or --as)
    mark = reel_watermark(db, ReelId(args.reel), args.shown_to or args.viewer)
    options = ExportOptions(
        mode=args.mode, captions=captions, title=args.title, face_blur=blur, watermark=mark
    )

    progress = StderrProgress()
    db = open_db(args)
    op = ExportReelOperation(
        db, ReelId(args.reel), args.out, options, acting(db, args.viewer), args.force,
        showing=showing(args),
    )  # fmt: skip
    try:
        report = op.run(progress)
    finally:
        progress.close()
    _warn(report.rule_warnings)
    for warning in report.warnings:
        print(f"note: {warning}", file=sys.stderr)
    print(report.target)
    return 0


def register(commands: Subcommands) -> None:
    """Add `reel create|add|list|show|export|override` to the top-level commands."""
    group = commands.add_parser("reel", help="highlight reels for feedback visits")
    actions = group.add_subparsers(dest="reel_command", metavar="ACTION", required=True)
    p = command(actions, "create", cmd_reel_create, "suggest strength moments as a new reel")
    p.add_argument("visit", type=arg.record_id, metavar="VISIT_ID")
    p.add_argument(
        "--from-codes",
        type=arg.code_keys,
        metavar="KEYS",
        help="comma-separated codes, e.g. NUR,FTL",
    )
    p.add_argument(
        "--max-clips", type=arg.count, default=5, metavar="N", help="at most N clips (5)"
    )
    p.add_argument("--pre", type=arg.seconds_ms, metavar="SECONDS", help="pre-roll (setting)")
    p.add_argument("--post", type=arg.seconds_ms, metavar="SECONDS", help="post-roll (setting)")
    p.add_argument(
        "--coder", type=arg.name, metavar="NAME", help="whose coding (needed if several coders)"
    )
    p.add_argument("--as", "--actor", type=arg.name, dest="viewer", metavar="NAME",
                   help="who makes it (audit log) and reads (blind double coding)")  # fmt: skip
    p.add_argument(
        "--audience",
        choices=("caregiver", "coach"),
        default="caregiver",
        help="caregiver (default): may be shown in caregiver mode; coach: used in person, may "
        "hold a corrective clip, never shown in caregiver mode",
    )
    p = command(actions, "add", cmd_reel_add, "add chosen events, or a free in/out range")
    p.add_argument("reel", type=arg.record_id, metavar="REEL_ID")
    p.add_argument("--annotation", dest="annotations", type=arg.free_text, action="append",
                   metavar="UUID", help="an event to add (repeat for several)")  # fmt: skip
    p.add_argument(
        "--from",
        dest="from_time",
        type=arg.time_text,
        metavar="TIME",
        help="in: seconds or HH:MM:SS.mmm",
    )
    p.add_argument(
        "--to",
        dest="to_time",
        type=arg.time_text,
        metavar="TIME",
        help="out: seconds or HH:MM:SS.mmm",
    )
    p.add_argument(
        "--recording", type=arg.record_id, metavar="ID", help="the recording of the range"
    )
    p.add_argument(
        "--caption", type=arg.free_text, default="", metavar="TEXT", help="for the caregiver"
    )
    p.add_argument(
        "--talking-point", type=arg.free_text, default="", metavar="TEXT", help="for the coach only"
    )
    p.add_argument("--by", "--as", dest="by", type=arg.name, metavar="NAME",
                   help="who adds (audit log); events and refusals are read as this coder may "
                   "(blind double coding)")  # fmt: skip
    as_help = "who reads (blind double coding): clips made from moments hidden from them are masked"
    p = command(actions, "list", cmd_reel_list, "list a visit's reels")
    p.add_argument("visit", type=arg.record_id, metavar="VISIT_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--as", dest="viewer", type=arg.name, metavar="NAME", help=as_help)
    p = command(actions, "export", cmd_reel_export, "render a reel to one MP4 with sound")
    p.add_argument("reel", type=arg.record_id, metavar="REEL_ID")
    p.add_argument("--out", required=True, metavar="FILE.mp4", help="where to write the reel")
    add_force(p)
    p.add_argument(
        "--mode",
        choices=("fast", "exact"),
        default="exact",
        help="exact: every clip starts and ends on its frame; fast: copy from keyframes",
    )
    p.add_argument(
        "--captions",
        choices=("burn", "subtitles", "none"),
        default=None,
        help="burn: in the picture; subtitles: under it; default: the reel's choice in the app"
        " (in the picture unless changed)",
    )
    p.add_argument("--title", type=arg.free_text, metavar="TEXT", help="a short title card first")
    add_blur_arguments(p)
    p.add_argument(
        "--shown-to",
        type=arg.name,
        metavar="NAME",
        help="who will watch a coach-view or training reel: their name is its watermark",
    )
    p.add_argument(
        "--as",
        "--actor",
        type=arg.name,
        dest="viewer",
        metavar="NAME",
        help="who exports (audit log): a refusal names no code blind coding hides from them",
    )
    p = command(actions, "override", cmd_reel_override, "keep one refused clip, with a reason")
    p.add_argument("reel", type=arg.record_id, metavar="REEL_ID")
    p.add_argument("position", type=arg.count, metavar="CLIP_POSITION", help="1 = the first clip")
    p.add_argument(
        "--reason", type=arg.free_text, required=True, help="why (3 words at least; audit-logged)"
    )
    p.add_argument("--by", "--as", dest="by", type=arg.name, required=True, metavar="NAME",
                   help="who decides (audit log); they must see the clip's moments")  # fmt: skip
    p = command(actions, "show", cmd_reel_show, "show a reel's clips and captions")
    p.add_argument("reel", type=arg.record_id, metavar="REEL_ID")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--as", dest="viewer", type=arg.name, metavar="NAME", help=as_help)
