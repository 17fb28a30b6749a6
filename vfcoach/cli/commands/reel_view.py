"""`vfcoach reel list|show`: reels as the asking person may see them (`services.reels.view`).

Kept apart from `reels.py` (which registers these handlers with the other reel commands) so
each module stays one job: here only what is printed, in JSON and as text, never a write.
A clip made from a moment the asker may not read yet is listed with its recording only.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from vfcoach.cli._common import acting, open_db
from vfcoach.cli._output import print_json
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import VisitId
from vfcoach.coding.text_rules import one_line

if TYPE_CHECKING:
    from vfcoach.services.reels.view import ClipView, ReelView

#: What `reel show` prints for a clip made from a moment the asker may not read yet.
HIDDEN_CLIP = "made from a moment hidden from you; held until the double coding is complete"


def clip_json(seen: ClipView) -> dict[str, Any]:
    clip = seen.clip
    if seen.hidden:
        keys = ("in", "out", "pre_roll_ms", "post_roll_ms", "caption", "annotation",
                "talking_point_coach_only", "slow_motion", "freeze_end_ms", "override")  # fmt: skip
        hidden: dict[str, Any] = {"id": str(clip.id), "recording": clip.recording_id}
        return hidden | dict.fromkeys(keys) | {"hidden": True, "held": True}
    out = {
        "id": str(clip.id),
        "recording": clip.recording_id,
        "annotation": None if clip.annotation_id is None else str(clip.annotation_id),
        "in": {"frame": clip.start.frame, "ms": clip.start.pts_ms},
        "out": {"frame": clip.end.frame, "ms": clip.end.pts_ms},
        "pre_roll_ms": clip.pre_roll_ms,
        "post_roll_ms": clip.post_roll_ms,
        "caption": clip.caption,
        "talking_point_coach_only": clip.talking_point,
        "slow_motion": clip.slow_motion,
        "freeze_end_ms": clip.freeze_end_ms,
        "override": None
        if clip.override is None
        else {"reason": clip.override.reason, "by": clip.override.by},
    }
    return out | ({"held": True} if seen.held else {})  # no new key without blind coding


def reel_json(seen: ReelView) -> dict[str, Any]:
    reel = seen.reel
    return {
        "id": reel.id,
        "visit": reel.visit_id,
        "title": reel.title,
        "audience": reel.audience.value,
        "created_by": reel.created_by,
        "created_at": None if reel.created_at is None else reel.created_at.isoformat(),
        "pre_roll_ms": reel.pre_roll_ms,
        "post_roll_ms": reel.post_roll_ms,
        "total_ms": seen.total_ms,
        "clips": [clip_json(c) for c in seen.clips],
    }


def cmd_reel_list(args: argparse.Namespace) -> int:
    from vfcoach.services.reels.view import view_reels

    db = open_db(args)
    reels = view_reels(db, VisitId(args.visit), acting(db, args.viewer))
    if args.json:
        print_json([reel_json(r) for r in reels])
    elif not reels:
        print(f"visit {args.visit} has no reels yet (make one with: vfcoach reel create)")
    for r in [] if args.json else reels:
        total = format_ms(r.total_ms) + (f" (+{r.hidden_count} hidden)" if r.hidden_count else "")
        title, by = (
            one_line(r.reel.title),
            one_line(r.reel.created_by),
        )  # a tab or newline forges a row
        print(f"{r.reel.id}\t{title}\t{len(r.clips)} clip(s)\t{total}\tby {by}")
    return 0


def cmd_reel_show(args: argparse.Namespace) -> int:
    from vfcoach.coding.reels import ReelId
    from vfcoach.coding.reels.safety import HELD
    from vfcoach.services.reels.view import view_reel

    db = open_db(args)
    seen = view_reel(db, ReelId(args.reel), acting(db, args.viewer))
    if args.json:
        print_json(reel_json(seen))
        return 0
    reel = seen.reel
    who = (
        "caregiver reel"
        if reel.for_caregiver
        else "coach-view reel (never shown in caregiver mode)"
    )
    print(
        f"reel {reel.id}: {reel.title} (visit {reel.visit_id}, {format_ms(seen.total_ms)}, {who})"
    )
    for n, view in enumerate(seen.clips, start=1):
        c = view.clip
        if view.hidden:
            print(f"{n}. recording {c.recording_id}  ({HIDDEN_CLIP})")
            continue
        span = f"{format_ms(c.start.pts_ms)} - {format_ms(c.end.pts_ms)}"
        where = f"frames {c.start.frame}-{c.end.frame}, +{c.pre_roll_ms}/{c.post_roll_ms} ms"
        print(f"{n}. recording {c.recording_id}  {span}  ({where})")
        print(f"   caption: {c.caption or '(none yet)'}")
        if c.talking_point:
            print(f"   talking point (coach only): {c.talking_point}")
        if c.override is not None:
            print(f"   kept on override by {c.override.by}: {c.override.reason}")
        if view.held:
            print(f"   {HELD}: not exported before every coder has submitted")
    return 0
