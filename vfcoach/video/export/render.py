"""`render_reel`: turn a list of clips into one finished MP4, or leave nothing at all.

Runs on a worker thread (see architecture §2 "A long job"): it takes immutable inputs,
checks the cancel token between frames and packets, and reports progress as a fraction of
the output frames planned. Everything is validated before the part file is created, so a
clip outside its recording fails at once with a message naming the clip.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Sequence
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import InvalidTime
from vfcoach.output import MP4, CheckedTarget, Protected, check_target
from vfcoach.video.export.canvas import make_caption, title_card
from vfcoach.video.export.exact import Feed, frame_end_ms, hold_card, render_exact, start_pictures
from vfcoach.video.export.fast import CopyClock, render_fast
from vfcoach.video.export.fast_audio import open_template
from vfcoach.video.export.picture import Picturer, PlaneOverlay, rgb_to_frame, split_planes
from vfcoach.video.export.plan import Plan, WrittenCheck, plan_reel
from vfcoach.video.export.sink import ReelSink
from vfcoach.video.export.spec import (
    ClipReport,
    ClipSpec,
    ExportError,
    ExportOptions,
    ExportReport,
    Mode,
)
from vfcoach.video.export.watermark import make_watermark, with_watermark
from vfcoach.video.faces import ClipBlur, FaceBlur
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video

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
    """Each clip's decoding facts, after checking it fits its recording.

    A stored recording's file is verified here (`MediaSource.media_info`), before the part
    file exists: a file replaced since it was added refuses the export and leaves nothing.
    """
    if not specs:
        raise ExportError("the reel has no clips")
    infos = []
    known: dict[int, MediaInfo] = {}  # one check per recording, however many clips it gives
    for n, spec in enumerate(specs, 1):
        if id(spec.source) not in known:
            known[id(spec.source)] = spec.media_info()
        info = known[id(spec.source)]
        last = info.frame_count - 1
        if not 0 <= spec.start_frame <= spec.end_frame:
            raise ExportError(
                f"clip {n}: frames {spec.start_frame}..{spec.end_frame} are not a forward range"
            )
        if spec.end_frame > last:
            raise ExportError(
                f"clip {n}: frame {spec.end_frame} is beyond the last frame ({last}) of "
                f"{spec.path.name}"
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
    target: str | Path | CheckedTarget,
    options: ExportOptions,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
    check_written: WrittenCheck | None = None,
) -> ExportReport:
    """Render `specs` into `target` (MP4, H.264 + AAC); see the package docstring for modes.

    A plain path is judged here (`vfcoach.output`: never an existing file, never a clip's
    own video); the operations pass a target already judged against the whole database.
    `check_written`: judges the extra frames a fast copy would show (`plan.WrittenCheck`).
    """
    options.check()
    try:
        infos = _check_specs(specs)
    except InvalidTime as exc:
        raise ExportError(str(exc)) from exc
    checked = _checked(target, specs)
    faces = FaceBlur(options.face_blur) if options.face_blur else None  # or FaceDetectorMissing
    plan = plan_reel(specs, infos, options, check_written)
    mode, captions, warnings = plan.mode, plan.captions, plan.warnings
    ticker = _Ticker(_planned_units(specs, infos, options, mode), progress, token)
    progress(0.0, "starting")
    if token is not None:
        token.check()
    sink = _open_sink(checked, infos[0], options, plan)
    try:
        clips = _render_all(sink, specs, infos, options, plan, ticker, token, faces)
        progress(0.99, "finishing the file")
        sink.finish()
    except BaseException:
        sink.abort()
        raise
    progress(1.0, "done")
    warnings.extend(_clip_warnings(specs, clips))
    warnings.extend(faces.warnings() if faces else [])
    fps = options.fps if mode == "exact" else infos[0].real_fps
    size = (options.width, options.height) if mode == "exact" else (infos[0].width, infos[0].height)
    if mode == "fast" and size != (options.width, options.height):
        warnings.append(f"fast mode keeps the source size {size[0]}×{size[1]} and frame rate")
    return ExportReport(
        target=checked.given,
        mode=mode,
        width=size[0],
        height=size[1],
        fps=fps,
        duration_ms=clips[-1].out_end_ms if clips else 0.0,
        captions=captions,
        clips=tuple(clips),
        warnings=tuple(warnings),
    )


def _checked(target: str | Path | CheckedTarget, specs: Sequence[ClipSpec]) -> CheckedTarget:
    """The target judged again with the clips' own videos protected too."""
    sources = Protected.of((spec.path, f"the video of clip {n}") for n, spec in enumerate(specs, 1))
    if isinstance(target, CheckedTarget):
        return check_target(target.given, MP4, target.protected + sources, target.replace)
    return check_target(target, MP4, sources)


def _open_sink(
    target: CheckedTarget, first: MediaInfo, options: ExportOptions, plan: Plan
) -> ReelSink:
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
    return out


def _render_all(
    sink: ReelSink,
    specs: Sequence[ClipSpec],
    infos: Sequence[MediaInfo],
    options: ExportOptions,
    plan: Plan,
    ticker: _Ticker,
    token: CancelToken | None,
    faces: FaceBlur | None,
) -> list[ClipReport]:
    mode, captions = plan.mode, plan.captions
    size = (options.width, options.height)
    mark = make_watermark(options.watermark, *size) if options.watermark else None  # §7.8
    if mode == "exact" and options.title:
        ticker.message = "title card"
        card = rgb_to_frame(title_card(options.title, *size))
        if mark is not None:
            mark.apply(split_planes(card))
        hold_card(sink, card, options.title_seconds, ticker)
    clock = CopyClock(infos[0].time_base)
    overlays = [
        with_watermark(
            PlaneOverlay.from_caption(c)
            if captions == "burn" and (c := make_caption(s.caption, *size)) is not None
            else None,
            mark,
        )
        for s in specs
    ]
    feeds: dict[int, Feed] = {}
    blurs: dict[int, ClipBlur] = {}  # each clip's faces, tracked from its first frame

    def start(i: int) -> None:  # decode clip i on a worker while clip i-1 finishes
        if mode == "exact" and i < len(specs) and i not in feeds:
            blur = blurs.setdefault(i, faces.for_clip()) if faces else None
            in_order = blur.next_frame if blur else None
            feeds[i] = start_pictures(specs[i], infos[i], options.fps, size, overlays[i], in_order)

    clips: list[ClipReport] = []
    try:
        start(0)
        for i, (spec, info) in enumerate(zip(specs, infos, strict=True)):
            ticker.message = f"clip {i + 1} of {len(specs)}"
            if mode == "fast":
                report = render_fast(sink, spec, info, i + 1, clock, ticker, token)
            else:
                start(i)
                stand_in = blurs[i].out_of_order if i in blurs else None
                picturer = Picturer(
                    (info.coded_width, info.coded_height),
                    info.rotation,
                    size,
                    overlays[i],
                    stand_in,
                )
                report = render_exact(
                    sink,
                    spec,
                    info,
                    i + 1,
                    feeds[i],
                    picturer,
                    functools.partial(start, i + 1),
                    ticker,
                    token,
                )
                feeds.pop(i).close()
            if captions == "subtitles":
                sink.add_subtitle(spec.caption, report.out_start_ms, report.out_end_ms)
            clips.append(report)
    finally:
        clock.close()
        for feed in feeds.values():
            feed.close()
    return clips
