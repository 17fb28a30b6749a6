"""Burning the per-viewer watermark (domain.md §7 rule 8) into every output frame.

The mark sits in the bottom-right corner, inside the bottom margin the caption band leaves
free below its text (`canvas.make_caption`), so it never covers a caption or the top of the
picture: small white letters on a soft dark box, legible on any footage, too small to hide
anything. Like the caption band it is laid out once per export and blended into each frame
in the encoder's own planes (`picture.py`), so it costs one small blend per frame. The title
card gets it too: every frame of the file carries it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from vfcoach.coding.reels.watermark import Watermark
from vfcoach.video.export.canvas import caption_font
from vfcoach.video.export.picture import Overlay, Plane, rgb_to_frame, split_planes

_BOX_OPACITY = 0.55


@dataclass(frozen=True)
class CornerOverlay:
    """A small picture blended at (x, y) of the Y plane (x/2, y/2 of the chroma planes)."""

    x: int
    y: int
    ink: tuple[Plane, Plane, Plane]
    ink_weight: tuple[npt.NDArray[np.float32], ...]
    frame_weight: tuple[npt.NDArray[np.float32], ...]

    @property
    def size(self) -> tuple[int, int]:
        """Width and height in luma pixels."""
        h, w = self.ink[0].shape
        return w, h

    def apply(self, planes: tuple[Plane, Plane, Plane]) -> None:
        """Blend into writable Y, U, V planes in place."""
        for n, plane in enumerate(planes):
            div = 1 if n == 0 else 2
            h, w = self.ink[n].shape
            region = plane[self.y // div : self.y // div + h, self.x // div : self.x // div + w]
            region[:] = cv2.blendLinear(
                region, self.ink[n], self.frame_weight[n], self.ink_weight[n]
            )


def make_watermark(mark: Watermark, width: int, height: int) -> CornerOverlay:
    """The mark laid out for a `width`×`height` output (even sizes, as the encoder needs)."""
    px = max(9, height // 30)
    font = caption_font(px)
    left, top, right, bottom = font.getbbox(mark.text)
    pad = max(2, px // 4)
    box_w = min(width - 2, int(right - left) + 2 * pad + 1) & ~1
    box_h = (int(bottom - top) + 2 * pad + 1) & ~1
    box_w, box_h = max(box_w, 2), max(box_h, 2)
    text = Image.new("L", (box_w, box_h), 0)
    ImageDraw.Draw(text).text((pad - left, pad - top), mark.text, font=font, fill=255)
    text_a = np.asarray(text, dtype=np.float32) / 255
    alpha = np.maximum(text_a, _BOX_OPACITY).astype(np.float32)
    white = np.divide(text_a, alpha, out=np.zeros_like(alpha), where=alpha > 0)
    rgb = np.repeat((np.clip(white, 0, 1) * 255).astype(np.uint8)[:, :, None], 3, axis=2)
    y, u, v = split_planes(rgb_to_frame(rgb))
    chroma = np.asarray(
        cv2.resize(alpha, (box_w // 2, box_h // 2), interpolation=cv2.INTER_AREA),
        dtype=np.float32,
    )
    weights = (alpha, chroma, chroma)
    margin = max(2, height // 90) & ~1
    x = max(0, width - box_w - margin) & ~1
    top_at = max(0, height - box_h - margin) & ~1
    return CornerOverlay(
        x=x,
        y=top_at,
        ink=(y.copy(), u.copy(), v.copy()),
        ink_weight=weights,
        frame_weight=tuple((1 - a).astype(np.float32) for a in weights),
    )


class Layers:
    """Several overlays applied in order (the caption band, then the watermark)."""

    def __init__(self, *layers: Overlay) -> None:
        self._layers = layers

    def apply(self, planes: tuple[Plane, Plane, Plane]) -> None:
        for layer in self._layers:
            layer.apply(planes)


def with_watermark(caption: Overlay | None, mark: CornerOverlay | None) -> Overlay | None:
    """The caption band and the watermark as one overlay (either may be missing)."""
    if caption is None or mark is None:
        return caption or mark
    return Layers(caption, mark)
