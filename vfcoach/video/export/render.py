"""`render_reel`: turn a list of clips into one finished MP4, or leave nothing at all.

Runs on a worker thread (see architecture §2 "A long job"): it takes immutable inputs,
checks the cancel token between frames and packets, and reports progress as a fraction of
the output frames planned. Everything is validated before the part file is created, so a
clip outside its recording fails at once with a message naming the clip.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import InvalidTime
from vfcoach.video.export.canvas import caption_warning, make_caption, title_card
from vfcoach.video.export.exact import frame_end_ms, hold_card, render_exact
from vfcoach.video.export.fast import CopyClock, render_fast, why_not_fast
from vfcoach.video.export.fast_audio import audio_signature, can_copy, open_template
from vfcoach.video.export.picture import PlaneOverlay, rgb_to_frame
from vfcoach.video.export.sink import ReelSink
from vfcoach.video.export.spec import (
    CaptionMode,
    ClipReport,
    ClipSpec,
    ExportError,
    ExportOptions,
    ExportReport,
    Mode,
)
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video
from vfcoach.video.probe import probe

_PROGRESS_EVERY_S = 0.05


class _Ticker:
    """Counts output units, checks the token on each, and reports progress now and then."""

    def __init__(self, total: int, progress: Progress, token: CancelToken | None) -> None:
        self.total = max(total, 1)
        self.done = 0
        self.message = ""
        self._progress = progress
        self._token = token
        self._last = 0.0

    def __call__(self) -> None:
        self.done += 1
        if self._token is not None:
            self._token.check()
        now = time.monotonic()
        if now - self._last >= _PROGRESS_EVERY_S or self.done % 25 == 0:
            self._last = now
            self._progress(min(self.done / self.total, 0.99), self.message)
            if self._token is not None:
                self._token.check()


def _check_specs(specs: Sequence[ClipSpec]) -> list[MediaInfo]:
    if not specs:
        raise ExportError("the reel has no clips")
    infos = []
    for n, spec in enumerate(specs, 1):
        info = probe(spec.source)
        last = info.frame_count - 1
        if not 0 <= spec.start_frame <= spec.end_frame:
            raise ExportError(
                f"clip {n}: frames {spec.start_frame}..{spec.end_frame} are not a forward range"
            )
        if spec.end_frame > last:
            raise ExportError(
                f"clip {n}: frame {spec.end_frame} is beyond the last frame ({last}) of "
                f"{spec.source.name}"
            )
        if spec.slow_motion is not None and not 0.1 <= spec.slow_motion <= 1.0:
            raise ExportError(
                f"clip {n}: slow motion speed {spec.slow_motion} must be 0.1..1.0 (0.5 = half)"
            )
        if spec.freeze_end_ms < 0:
            raise ExportError(f"clip {n}: a freeze cannot last a negative time")
        infos.append(info)
    return infos


def _planned_units(
    specs: Sequence[ClipSpec], infos: Sequence[MediaInfo], options: ExportOptions, mode: Mode
) -> int:
    total = 0.0
    for spec, info in zip(specs, infos, strict=True):
        span = frame_end_ms(info, spec.end_frame) - info.frame_map.ms_at(spec.start_frame)
        if mode == "fast":
            total += spec.end_frame - info.keyframe_at_or_before(spec.start_frame) + 1
        else:
            total += (span * spec.stretch + spec.freeze_end_ms) * options.fps / 1000
    if mode == "exact" and options.title:
        total += options.title_seconds * options.fps
    return round(total)


def render_reel(
    specs: Sequence[ClipSpec],
    target: Path,
    options: ExportOptions,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
) -> ExportReport:
    """Render `specs` into `target` (MP4, H.264 + AAC); see the package docstring for modes."""
    options.check()
    target = Path(target)
    try:
        infos = _check_specs(specs)
    except InvalidTime as exc:
        raise ExportError(str(exc)) from exc
    plan = _plan(specs, infos, options)
    mode, captions, warnings = plan.mode, plan.captions, plan.warnings
    ticker = _Ticker(_planned_units(specs, infos, options, mode), progress, token)
    progress(0.0, "starting")
    if token is not None:
        token.check()
    sink = _open_sink(target, infos[0], options, plan)
    try:
        clips = _render_all(sink, specs, infos, options, mode, captions, ticker, token)
        progress(0.99, "finishing the file")
        sink.finish()
    except BaseException:
        sink.abort()
        raise
    progress(1.0, "done")
    warnings.extend(_clip_warnings(specs, clips))
    fps = options.fps if mode == "exact" else infos[0].real_fps
    size = (options.width, options.height) if mode == "exact" else (infos[0].width, infos[0].height)
    if mode == "fast" and size != (options.width, options.height):
        warnings.append(f"fast mode keeps the source size {size[0]}×{size[1]} and frame rate")
    return ExportReport(
        target=target,
        mode=mode,
        width=size[0],
        height=size[1],
        fps=fps,
        duration_ms=clips[-1].out_end_ms if clips else 0.0,
        captions=captions,
        clips=tuple(clips),
        warnings=tuple(warnings),
    )


class _Plan:
    """How the reel is made: the mode and caption form used, whether sound is copied, why."""

    def __init__(self, mode: Mode, captions: CaptionMode, copy_sound: bool) -> None:
        self.mode = mode
        self.captions = captions
        self.copy_sound = copy_sound
        self.warnings: list[str] = []


def _plan(specs: Sequence[ClipSpec], infos: Sequence[MediaInfo], options: ExportOptions) -> _Plan:
    """The mode and caption form actually used, and why they differ from what was asked.

    Copied and re-encoded H.264 cannot share one stream (their set-ups differ), so when any
    clip needs re-encoding the whole reel is rendered exactly rather than mixed. Burned
    captions are new pictures too; fast mode keeps copying and turns them into a subtitle
    track instead, saying so, because a coach who asked for speed gets a playable reel with
    the same words (and can choose exact mode to have them in the picture).
    """
    plan = _Plan(options.mode, options.captions, copy_sound=False)
    if plan.mode == "fast":
        reasons = why_not_fast(specs, infos)
        if options.title:
            reasons.insert(0, "the title card needs re-encoding")
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


def _sound_copyable(infos: Sequence[MediaInfo]) -> tuple[bool, str | None]:
    """Whether every recording's sound can be copied into one track, and if not, why."""
    sigs = {path: audio_signature(i) for path, i in {str(i.path): i for i in infos}.items()}
    if all(sig is None for sig in sigs.values()):
        return False, None  # no sound anywhere: silence is written, nothing to explain
    if len(set(sigs.values())) > 1:
        return False, "the recordings' sound tracks differ in format"
    why = can_copy(next(iter(sigs.values())))
    return why is None, why


def _open_sink(target: Path, first: MediaInfo, options: ExportOptions, plan: _Plan) -> ReelSink:
    subtitles = plan.captions == "subtitles"
    if plan.mode == "exact":
        size = (options.width, options.height)
        return ReelSink(
            target, audio_rate=options.audio_rate, fps=options.fps, size=size, subtitles=subtitles
        )
    container, stream = open_video(first.path)
    sound, sound_stream = open_template(first) if plan.copy_sound else (None, None)
    try:  # the sink copies the streams' parameters at once; the files can close after
        return ReelSink(
            target,
            audio_rate=options.audio_rate,
            template=stream,
            subtitles=subtitles,
            rotation=first.rotation,
            audio_template=sound_stream,
        )
    finally:
        container.close()
        if sound is not None:
            sound.close()


def _clip_warnings(specs: Sequence[ClipSpec], clips: Sequence[ClipReport]) -> list[str]:
    out: list[str] = []
    for spec, c in zip(specs, clips, strict=True):
        if c.first_frame < spec.start_frame:
            n = spec.start_frame - c.first_frame
            out.append(f"fast mode: clip {c.index} starts {n} frames early at the keyframe")
        if c.last_frame > spec.end_frame:
            n = c.last_frame - spec.end_frame
            out.append(f"fast mode: clip {c.index} ends {n} frames late (B-frame references)")
        if "muted" in c.audio:
            out.append(f"clip {c.index}: slow motion plays without sound")
    return out


def _render_all(
    sink: ReelSink,
    specs: Sequence[ClipSpec],
    infos: Sequence[MediaInfo],
    options: ExportOptions,
    mode: Mode,
    captions: CaptionMode,
    ticker: _Ticker,
    token: CancelToken | None,
) -> list[ClipReport]:
    size = (options.width, options.height)
    if mode == "exact" and options.title:
        ticker.message = "title card"
        card = rgb_to_frame(title_card(options.title, *size))
        hold_card(sink, card, options.title_seconds, ticker)
    clock = CopyClock(infos[0].time_base)
    clips: list[ClipReport] = []
    for n, (spec, info) in enumerate(zip(specs, infos, strict=True), 1):
        ticker.message = f"clip {n} of {len(specs)}"
        if mode == "fast":
            report = render_fast(sink, spec, info, n, clock, ticker, token)
        else:
            caption = make_caption(spec.caption, *size) if captions == "burn" else None
            overlay = PlaneOverlay.from_caption(caption) if caption is not None else None
            report = render_exact(sink, spec, info, n, size, overlay, ticker, token)
        if captions == "subtitles":
            sink.add_subtitle(spec.caption, report.out_start_ms, report.out_end_ms)
        clips.append(report)
    return clips
