"""Frame index <-> presentation time, exactly, for constant and variable frame rates.

Built by `vfcoach.video.probe` from packet timestamps (no decoding) and stored with the
recording, so every machine maps the same way. It lives in the pure domain because storage,
the CLI and the tallies all need it without a codec. Nothing multiplies by a frame rate.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import FrameTime


@dataclass(frozen=True, eq=False)
class FrameMap:
    """Sorted presentation times (ms from frame 0) of every frame, plus the last frame's length."""

    pts_ms: npt.NDArray[np.int64]
    last_frame_ms: int = 33

    def __post_init__(self) -> None:
        arr = np.asarray(self.pts_ms, dtype=np.int64)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError("a frame map needs at least one frame")
        if np.any(np.diff(arr) < 0):
            raise ValueError("frame times must be sorted")
        object.__setattr__(self, "pts_ms", arr)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FrameMap)
            and self.last_frame_ms == other.last_frame_ms
            and np.array_equal(self.pts_ms, other.pts_ms)
        )

    def __hash__(self) -> int:
        return hash((self.frame_count, int(self.pts_ms[-1]), self.last_frame_ms))

    @classmethod
    def constant(cls, frame_count: int, fps_num: int, fps_den: int = 1) -> FrameMap:
        """A map for a constant-rate stream, used where no media exists (tests, demo planning)."""
        idx = np.arange(frame_count, dtype=np.int64)
        ms = (idx * 1000 * fps_den * 2 + fps_num) // (2 * fps_num)  # round half up, exact ints
        return cls(ms, last_frame_ms=round(1000 * fps_den / fps_num))

    @property
    def frame_count(self) -> int:
        return int(self.pts_ms.size)

    @property
    def duration_ms(self) -> int:
        return int(self.pts_ms[-1]) + self.last_frame_ms

    def ms_at(self, frame: int) -> int:
        """Presentation time of a frame; raises for a frame the recording does not have."""
        if not 0 <= frame < self.frame_count:
            raise InvalidTime(f"frame {frame} is outside 0..{self.frame_count - 1}")
        return int(self.pts_ms[frame])

    def at_ms(self, ms: int) -> int:
        """The frame on screen at `ms`: the last frame whose time is <= ms (clamped to the ends)."""
        i = int(np.searchsorted(self.pts_ms, ms, side="right")) - 1
        return min(max(i, 0), self.frame_count - 1)

    def moment(self, frame: int) -> FrameTime:
        return FrameTime(frame, self.ms_at(frame))

    def moment_at_ms(self, ms: int) -> FrameTime:
        """Snap a time to the frame shown then; a time past the end is an error, not a clamp."""
        if ms < 0 or ms > self.duration_ms:
            raise InvalidTime(f"{ms} ms is outside the recording (0..{self.duration_ms} ms)")
        return self.moment(self.at_ms(ms))

    def to_bytes(self) -> bytes:
        """Compact, portable form for the database: zlib of little-endian int64 deltas."""
        deltas = np.diff(self.pts_ms, prepend=np.int64(0)).astype("<i8")
        header = np.array([self.last_frame_ms], dtype="<i8").tobytes()
        return zlib.compress(header + deltas.tobytes(), 6)

    @classmethod
    def from_bytes(cls, blob: bytes) -> FrameMap:
        raw = zlib.decompress(blob)
        values = np.frombuffer(raw, dtype="<i8")
        return cls(np.cumsum(values[1:]).astype(np.int64), last_frame_ms=int(values[0]))
