"""What probing tells us about one recording, in the form the grabber and storage need.

Kept apart from the probing code so it can be built in tests and read by callers without
pulling in the demuxer. Arrays are made read-only because `probe` shares one instance
between everyone who asks about the same unchanged file.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.project import MediaFacts


@dataclass(frozen=True, eq=False)
class MediaInfo:
    """One recording's video facts; `pts` and `frame_map` give frame *i* its exact time.

    `width`/`height` are the upright (displayed) size, `coded_*` the stored picture size;
    they differ when a phone recorded sideways and left a rotation for players to apply.
    `rotation` is clockwise degrees to turn the stored picture to make it upright.
    """

    path: Path
    container: str
    video_codec: str
    audio_codec: str | None
    duration_ms: int
    avg_fps: float
    real_fps: float
    is_vfr: bool
    frame_count: int
    width: int
    height: int
    coded_width: int
    coded_height: int
    rotation: int
    has_audio: bool
    frame_map: FrameMap
    pts: npt.NDArray[np.int64]
    time_base: Fraction
    keyframes: npt.NDArray[np.int64]
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("pts", "keyframes"):
            arr = np.array(getattr(self, name), dtype=np.int64)
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)
        self.frame_map.pts_ms.flags.writeable = False

    def check_frame(self, frame: int) -> None:
        if not 0 <= frame < self.frame_count:
            raise InvalidTime(
                f"{self.path.name}: frame {frame} is outside 0..{self.frame_count - 1}"
            )

    def index_of_pts(self, pts: int | None) -> int | None:
        """Frame index of a decoded frame's pts, or None for a pts the map does not have."""
        if pts is None:
            return None
        i = int(np.searchsorted(self.pts, pts))
        return i if i < self.pts.size and int(self.pts[i]) == pts else None

    def keyframe_at_or_before(self, frame: int) -> int:
        """The keyframe decoding must start from (frame 0 when the file has none marked)."""
        self.check_frame(frame)
        i = int(np.searchsorted(self.keyframes, frame, side="right")) - 1
        return int(self.keyframes[i]) if i >= 0 else 0

    def keyframe_before(self, keyframe: int) -> int | None:
        """The keyframe before another one, for when a seek lands too late."""
        i = int(np.searchsorted(self.keyframes, keyframe, side="left")) - 1
        return int(self.keyframes[i]) if i >= 0 else None

    def to_json(self, *, full: bool = False) -> dict[str, Any]:
        """Plain JSON values for the CLI and logs; `full` adds the per-frame arrays.

        The arrays are left out by default because an hour of video has ~100 000 entries.
        """
        out: dict[str, Any] = {
            "path": str(self.path),
            "container": self.container,
            "video_codec": self.video_codec,
            "audio_codec": self.audio_codec,
            "duration_ms": self.duration_ms,
            "avg_fps": round(self.avg_fps, 3),
            "real_fps": round(self.real_fps, 3),
            "is_vfr": self.is_vfr,
            "frame_count": self.frame_count,
            "width": self.width,
            "height": self.height,
            "coded_width": self.coded_width,
            "coded_height": self.coded_height,
            "rotation": self.rotation,
            "has_audio": self.has_audio,
            "time_base": f"{self.time_base.numerator}/{self.time_base.denominator}",
            "keyframe_count": int(self.keyframes.size),
            "last_frame_ms": self.frame_map.last_frame_ms,
            "warnings": list(self.warnings),
        }
        if full:
            out["pts"] = [int(v) for v in self.pts]
            out["pts_ms"] = [int(v) for v in self.frame_map.pts_ms]
            out["keyframes"] = [int(v) for v in self.keyframes]
        return out

    def media_facts(self, fingerprint: str) -> MediaFacts:
        """What storage keeps on the recording row; the frame map travels with it."""
        return MediaFacts(
            fingerprint=fingerprint,
            duration_ms=self.duration_ms,
            fps=round(self.real_fps, 3),
            frame_count=self.frame_count,
            width=self.width,
            height=self.height,
            rotation=self.rotation,
            has_audio=self.has_audio,
            frame_map_blob=self.frame_map.to_bytes(),
        )
