"""Which mode, caption form and sound a reel really gets, and every reason it differs from the ask.

Decided before any file is made, from the clips and the recordings' formats alone, so the
report can tell the coach exactly why a fast export was re-encoded or its captions became
a subtitle track.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from vfcoach.video.export.canvas import caption_warning
from vfcoach.video.export.fast import why_not_fast, written_frames
from vfcoach.video.export.fast_audio import audio_signature, can_copy
from vfcoach.video.export.spec import CaptionMode, ClipSpec, ExportOptions, Mode
from vfcoach.video.media_info import MediaInfo

#: Judges the extra frames fast mode would write for a clip: called with the clip's number
#: (1 = first) and the first and last source frames really written; returns why they may not
#: be shown (the clip is then cut exactly), or None. The caller owns the rule (the reel's
#: caregiver-safety rule); video code only knows which frames a copy would show.
WrittenCheck = Callable[[int, int, int], str | None]


class Plan:
    """How the reel is made: the mode and caption form used, whether sound is copied, why."""

    def __init__(self, mode: Mode, captions: CaptionMode, copy_sound: bool) -> None:
        self.mode = mode
        self.captions = captions
        self.copy_sound = copy_sound
        self.warnings: list[str] = []


def plan_reel(
    specs: Sequence[ClipSpec],
    infos: Sequence[MediaInfo],
    options: ExportOptions,
    check_written: WrittenCheck | None = None,
) -> Plan:
    """The mode and caption form actually used, and why they differ from what was asked.

    Copied and re-encoded H.264 cannot share one stream (their set-ups differ), so when any
    clip needs re-encoding the whole reel is rendered exactly rather than mixed. Burned
    captions are new pictures too; fast mode keeps copying and turns them into a subtitle
    track instead, saying so, because a coach who asked for speed gets a playable reel with
    the same words (and can choose exact mode to have them in the picture).

    `check_written` sees, per clip, the frames a copy would really write (from the keyframe
    before the in-point, to the packet it ends on); a clip whose extra frames it refuses is
    cut exactly instead, which (as above) makes the whole reel exact, and the warning says why.
    """
    plan = Plan(options.mode, options.captions, copy_sound=False)
    if plan.mode == "fast":
        reasons = why_not_fast(specs, infos)
        copyable = not reasons  # the clips themselves could be copied
        if options.title:
            reasons.insert(0, "the title card needs re-encoding")
        if options.face_blur is not None:
            reasons.insert(0, "blurring faces needs every picture re-encoded")
        if options.watermark is not None:
            reasons.insert(0, "the viewer's watermark is drawn into every picture")
        if copyable and check_written is not None:
            # said even when the title, blur or watermark re-encode anyway: the coach who
            # chose fast learns what a copy's lead-in would have shown
            reasons += _unsafe_lead_ins(specs, infos, check_written)
        if reasons:
            plan.warnings.append(
                f"fast mode not possible ({'; '.join(reasons)}; copied and re-encoded H.264 "
                "cannot share one track): every clip was re-encoded exactly"
            )
            plan.mode = "exact"
        else:
            if plan.captions == "burn" and any(s.caption.strip() for s in specs):
                plan.warnings.append(
                    "fast mode cannot burn captions in: they are a subtitle track instead"
                )
                plan.captions = "subtitles"
            plan.copy_sound, why = _sound_copyable(infos)
            if why:
                plan.warnings.append(f"fast mode: the sound was re-encoded ({why})")
    if plan.captions == "burn":
        plan.warnings.extend(sorted({w for s in specs if (w := caption_warning(s.caption))}))
    return plan


def _unsafe_lead_ins(
    specs: Sequence[ClipSpec], infos: Sequence[MediaInfo], check: WrittenCheck
) -> list[str]:
    """Each clip whose keyframe lead-in or B-frame tail shows what `check` refuses, and why."""
    reasons: list[str] = []
    for n, (spec, info) in enumerate(zip(specs, infos, strict=True), 1):
        first, last = written_frames(spec, info)
        if (first, last) == (spec.start_frame, spec.end_frame):
            continue
        why = check(n, first, last)
        if why is not None:
            reasons.append(
                f"clip {n} would show frames {first}..{last} (from its keyframe) instead of "
                f"{spec.start_frame}..{spec.end_frame}, and those extra frames hold {why}"
            )
    return reasons


def _sound_copyable(infos: Sequence[MediaInfo]) -> tuple[bool, str | None]:
    """Whether every recording's sound can be copied into one track, and if not, why."""
    sigs = {path: audio_signature(i) for path, i in {str(i.path): i for i in infos}.items()}
    if all(sig is None for sig in sigs.values()):
        return False, None  # no sound anywhere: silence is written, nothing to explain
    if len(set(sigs.values())) > 1:
        return False, "the recordings' sound tracks differ in format"
    why = can_copy(next(iter(sigs.values())))
    return why is None, why
