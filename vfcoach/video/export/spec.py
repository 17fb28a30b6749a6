"""What a reel export is asked to do and what it reports back: plain frozen values.

The caller (the reel operation, the CLI) builds these from a stored reel and hands them to
a worker thread, so they are immutable and hold nothing live: paths and frame indices only.
Frame indices are presentation indices of the source's frame map, the same numbers the
annotations store, so a clip cut here starts on the frame the coach chose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels.watermark import Watermark
from vfcoach.video.faces.blur import FaceBlurOptions
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.probe import probe
from vfcoach.video.source import MediaSource

Mode = Literal["fast", "exact"]
CaptionMode = Literal["burn", "subtitles", "none"]


class ExportError(VfcoachError):
    """A reel that cannot be rendered as asked (a clip outside its recording, bad options)."""


@dataclass(frozen=True)
class ClipSpec:
    """One clip: frames `start_frame..end_frame` (inclusive) of `source`, pre/post roll included.

    `slow_motion` is the playback speed, as the reel model stores it (0.5 = half speed, the clip
    lasts twice as long); `None` or 1.0 is normal speed. `freeze_end_ms` holds the last frame
    that long, in silence, after the clip.

    `source` is a stored recording (`MediaSource`: its fingerprint is checked and its stored
    frame map used) or, for a file no database knows (tests, benchmarks), a plain path.
    """

    source: MediaSource | Path
    start_frame: int
    end_frame: int
    caption: str = ""
    slow_motion: float | None = None
    freeze_end_ms: int = 0

    @property
    def path(self) -> Path:
        return self.source.path if isinstance(self.source, MediaSource) else self.source

    def media_info(self) -> MediaInfo:
        """Decoding facts for the clip's file: a recording's are verified and keep its map."""
        if isinstance(self.source, MediaSource):
            return self.source.media_info()
        return probe(self.source)

    @property
    def stretch(self) -> float:
        """How many times longer the clip plays than it was recorded (2.0 at half speed)."""
        return 1.0 / self.slow_motion if self.slow_motion else 1.0


@dataclass(frozen=True)
class ExportOptions:
    """How to render. `face_blur`: hide every face (`video/faces`); it makes the reel exact."""

    mode: Mode = "exact"
    width: int = 1280
    height: int = 720
    fps: int = 25
    captions: CaptionMode = "burn"
    title: str | None = None
    title_seconds: float = 3.0
    audio_rate: int = 48000
    face_blur: FaceBlurOptions | None = None  # applied to every picture, before captions
    # the per-viewer mark burned into every frame (domain.md §7.8; `watermark_for`); it
    # needs re-encoding, so a fast export with one is made exactly (the plan says so)
    watermark: Watermark | None = None

    def check(self) -> None:
        """Refuse options the encoder would choke on, before any file is created."""
        if self.mode not in ("fast", "exact"):
            raise ExportError(f"unknown export mode {self.mode!r} (use 'fast' or 'exact')")
        if self.captions not in ("burn", "subtitles", "none"):
            raise ExportError(f"unknown caption mode {self.captions!r}")
        if self.width < 16 or self.height < 16 or self.width % 2 or self.height % 2:
            raise ExportError(f"output size {self.width}×{self.height} must be even and ≥ 16")
        if not 1 <= self.fps <= 120:
            raise ExportError(f"output frame rate {self.fps} must be 1..120")
        if not 8000 <= self.audio_rate <= 96000:
            raise ExportError(f"audio rate {self.audio_rate} must be 8000..96000")
        if self.title_seconds < 0:
            raise ExportError("the title card cannot last a negative time")
        if self.face_blur is not None and (why := self.face_blur.problem()) is not None:
            raise ExportError(why)


@dataclass(frozen=True)
class ClipReport:
    """What one clip became: the source frames really used and where they sit in the output.

    `drift_ms` is measured at the clip's end, in source time: the recording time of the sound
    playing minus that of the picture on screen (positive: the sound runs ahead of the
    picture). `audio` says where the clip's sound came from: "source" (re-encoded), "source
    (copied)" (fast mode), "source (slowed to 0.5×, pitch kept)" or "silence (no sound in
    source)". `caption` is the clip's caption as the export was given it (burned in, a
    subtitle, or left out of the file as the caption mode says).
    """

    index: int
    source: Path
    first_frame: int
    last_frame: int
    out_start_ms: float
    out_end_ms: float
    drift_ms: float
    mode: Mode
    audio: str
    caption: str = ""


@dataclass(frozen=True)
class ExportReport:
    """The finished reel: where it is, its shape, each clip, and anything the coach should know."""

    target: Path
    mode: Mode
    width: int
    height: int
    fps: float
    duration_ms: float
    captions: CaptionMode
    clips: tuple[ClipReport, ...]
    warnings: tuple[str, ...] = field(default=())
