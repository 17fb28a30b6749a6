"""Decoded frame -> output frame, in the encoder's own pixel format (4:2:0 YUV).

Exact mode spends its time decoding and encoding; anything in between is overhead that the
ffmpeg command line does not pay. So a frame goes to the encoder as directly as it can:

* same size, upright, no caption: the decoded frame itself, untouched;
* other size: one swscale pass straight to yuv420p at the fitted size (no RGB round trip),
  through one kept scaler: `VideoFrame.reformat` builds a new one per call, which costs
  more than the scaling itself (12 ms against 2 ms a 1080p frame);
* letterbox, rotation, caption or face blur: the planes are copied once into NumPy, turned,
  padded, blurred and blended there, and handed back as one new frame.

Decoded frames are never written to: the decoder may still use them as references.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import av
import av.video.reformatter
import cv2
import numpy as np
import numpy.typing as npt

from vfcoach.video.export.canvas import RGB, CaptionOverlay, fit_size, letterbox_origin

Plane = npt.NDArray[np.uint8]
#: Changes a picture's writable Y, U, V planes in place (face blur: `video/faces`).
PlaneFilter = Callable[[tuple[Plane, Plane, Plane]], None]
_BLACK = (16, 128, 128)  # video-range black in Y, U, V
# swscale's bilinear filter widens when shrinking (1080p -> 720p stays smooth) and costs a
# third of bicubic here; the bench gives the ffmpeg command line the same flag
SCALER = "BILINEAR"


class Overlay(Protocol):
    """Anything blended into the output planes: a caption band, a watermark, or both."""

    def apply(self, planes: tuple[Plane, Plane, Plane]) -> None: ...


@dataclass(frozen=True)
class PlaneOverlay:
    """A caption band converted to Y, U, V planes with per-plane opacity."""

    top: int
    ink: tuple[Plane, Plane, Plane]
    ink_weight: tuple[npt.NDArray[np.float32], ...]
    frame_weight: tuple[npt.NDArray[np.float32], ...]

    @classmethod
    def from_caption(cls, caption: CaptionOverlay) -> PlaneOverlay:
        y, u, v = split_planes(rgb_to_frame(caption.ink))
        h, w = caption.ink_weight.shape
        chroma = np.asarray(
            cv2.resize(caption.ink_weight, (w // 2, h // 2), interpolation=cv2.INTER_AREA),
            dtype=np.float32,
        )
        weights = (caption.ink_weight, chroma, chroma)
        return cls(
            top=caption.top,
            ink=(y.copy(), u.copy(), v.copy()),
            ink_weight=weights,
            frame_weight=tuple((1 - a).astype(np.float32) for a in weights),
        )

    def apply(self, planes: tuple[Plane, Plane, Plane]) -> None:
        """Blend into writable Y, U, V planes in place."""
        for n, plane in enumerate(planes):
            top = self.top if n == 0 else self.top // 2
            region = plane[top:]
            region[:] = cv2.blendLinear(
                region, self.ink[n], self.frame_weight[n], self.ink_weight[n]
            )


def rgb_to_frame(rgb: RGB) -> av.VideoFrame:
    """An RGB picture (title card, test image) as a yuv420p frame, converted like the video."""
    frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
    return frame.reformat(format="yuv420p")


def split_planes(frame: av.VideoFrame) -> tuple[Plane, Plane, Plane]:
    """Writable NumPy views of a yuv420p frame's planes (cropped to the picture)."""
    w, h = frame.width, frame.height
    out = []
    for n, plane in enumerate(frame.planes):
        pw, ph = (w, h) if n == 0 else (w // 2, h // 2)
        flat = np.frombuffer(memoryview(plane), dtype=np.uint8)
        out.append(flat.reshape(-1, plane.line_size)[:ph, :pw])
    return out[0], out[1], out[2]


class Picturer:
    """Turns one source's decoded frames into the reel's output frames (see module doc)."""

    def __init__(
        self,
        coded: tuple[int, int],
        rotation: int,
        size: tuple[int, int],
        overlay: Overlay | None,
        faces: PlaneFilter | None = None,
    ) -> None:
        """`coded` is the stored (sideways for phones) picture size, `size` the output's.

        `faces` hides faces in each picture before the caption is drawn over it.
        """
        self._rotation = rotation % 360
        self._size = size
        upright = (coded[1], coded[0]) if self._rotation in (90, 270) else coded
        fw, fh = fit_size(*upright, *size)
        self._fitted = (fw, fh)
        self._scaled = (fh, fw) if self._rotation in (90, 270) else (fw, fh)
        self._overlay = overlay
        self._faces = faces
        self._direct = (fw, fh) == size and not self._rotation and overlay is None
        self._direct = self._direct and faces is None  # a decoded frame is never written to
        self._scaler = av.video.reformatter.VideoReformatter()

    def __call__(self, frame: av.VideoFrame) -> av.VideoFrame:
        sw, sh = self._scaled
        scaled = self._scaler.reformat(
            frame, width=sw, height=sh, format="yuv420p", interpolation=SCALER, threads=1
        )
        if self._direct:
            return scaled  # may be the decoded frame itself: only its pts will change
        out = av.VideoFrame(*self._size, "yuv420p")
        planes = split_planes(out)
        fw, fh = self._fitted
        if (fw, fh) != self._size:
            for plane, black in zip(planes, _BLACK, strict=True):
                plane[:] = black
        x0, y0 = letterbox_origin(fw, fh, *self._size)
        turns = {0: 0, 90: 3, 180: 2, 270: 1}[self._rotation]  # np.rot90 turns anticlockwise
        for n, (src, dst) in enumerate(zip(split_planes(scaled), planes, strict=True)):
            div = 1 if n == 0 else 2
            upright = np.rot90(src, k=turns) if turns else src
            dst[y0 // div : y0 // div + fh // div, x0 // div : x0 // div + fw // div] = upright
        if self._faces is not None:
            self._faces(planes)
        if self._overlay is not None:
            self._overlay.apply(planes)
        return out
