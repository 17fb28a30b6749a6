"""Pictures for the reel: caption bands, the title card and the output geometry.

Caregivers watch these, often on a laptop across a kitchen table, so captions are large,
white on a soft dark band in the lower third, and at most two lines. Captions are written
to the caregiver in their own language ("Très bien, Zoë"), so text is drawn with a real
TrueType font through Pillow, never with OpenCV's ASCII-only Hershey fonts. The band is laid
out once per clip and blended into each frame (see `picture.py`), so a 15 s clip costs one
text layout, not 375.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFont

RGB = npt.NDArray[np.uint8]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

_TITLE_BG = (232, 226, 214)  # warm light sand: calm, not clinical white
_TITLE_INK = (58, 62, 70)
_MAX_LINES = 2
# DejaVu ships with Debian (fonts-dejavu-core, installed by scripts/bootstrap.sh) and covers
# every Latin, Greek and Cyrillic letter; the others are what Windows and macOS have.
_FONT_NAMES = (
    "DejaVuSans-Bold.ttf",
    "DejaVuSans.ttf",
    "arialbd.ttf",
    "Arial Bold.ttf",
    "Arial.ttf",
)
_MISSING = "\U0010fffd"  # a private-use code point no font draws: its mask is the "no glyph" box


def fit_size(src_w: int, src_h: int, out_w: int, out_h: int) -> tuple[int, int]:
    """The largest even size with the source's aspect that fits inside the output."""
    scale = min(out_w / src_w, out_h / src_h)
    w = max(2, min(out_w, round(src_w * scale / 2) * 2))
    h = max(2, min(out_h, round(src_h * scale / 2) * 2))
    return w, h


def letterbox_origin(fw: int, fh: int, out_w: int, out_h: int) -> tuple[int, int]:
    """Top-left corner of a fitted picture, on even pixels so 4:2:0 chroma lines up."""
    return ((out_w - fw) // 2) & ~1, ((out_h - fh) // 2) & ~1


@functools.lru_cache(maxsize=16)
def caption_font(size: int) -> Font:
    """A TrueType font at `size` pixels; Pillow's small built-in one if none is installed."""
    for name in _FONT_NAMES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def missing_letters(text: str, font: Font) -> list[str]:
    """The letters of `text` that `font` has no glyph for (they would show as boxes)."""
    box = font.getmask(_MISSING)
    blank = (box.size, bytes(box))
    out: list[str] = []
    for ch in sorted({c for c in text if ord(c) > 126 and not c.isspace()}):
        mask = font.getmask(ch)
        if (mask.size, bytes(mask)) == blank:
            out.append(ch)
    return out


def caption_warning(text: str) -> str | None:
    """A note for the coach when the caption font cannot draw some letters of `text`."""
    missing = missing_letters(text, caption_font(32))
    if missing:
        return (
            f"the caption font has no {' '.join(missing)}: those letters show as boxes; "
            "use subtitles"
        )
    return None


def _wrap(text: str, font: Font, max_w: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= max_w:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _layout(text: str, width: int, base_px: int) -> tuple[list[str], Font]:
    """Lines and font: start at `base_px`, shrink until the text fits on two lines."""
    max_w = int(width * 0.88)
    px = base_px
    while True:
        font = caption_font(px)
        lines = _wrap(text, font, max_w)
        fits = all(font.getlength(ln) <= max_w for ln in lines)
        if (len(lines) <= _MAX_LINES and fits) or px <= base_px * 0.55:
            break
        px = max(8, int(px * 0.9))
    if len(lines) > _MAX_LINES:  # still too long at the smallest size: cut, visibly
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return lines, font


def _line_height(font: Font) -> int:
    box = font.getbbox("ÀÉgjy")
    return int(box[3] - box[1])


@dataclass(frozen=True)
class CaptionOverlay:
    """A precomputed lower-third band: blend `ink` over rows `top:` of a frame.

    `ink_weight` is the per-pixel opacity of the band and text (0..1); `frame_weight` is
    1 minus it. Both are kept so each frame costs one `cv2.blendLinear` call per plane.
    `top` is even so the band starts on a 4:2:0 chroma row.
    """

    top: int
    ink: RGB
    ink_weight: npt.NDArray[np.float32]
    frame_weight: npt.NDArray[np.float32]

    def apply(self, frame: RGB) -> RGB:
        """Blend into an RGB picture in place and return it."""
        region = frame[self.top :]
        region[:] = cv2.blendLinear(region, self.ink, self.frame_weight, self.ink_weight)
        return frame


def make_caption(text: str, width: int, height: int) -> CaptionOverlay | None:
    """The caption band for one clip, or None for an empty caption."""
    text = " ".join(text.split())
    if not text:
        return None
    lines, font = _layout(text, width, max(12, height // 14))
    line_h = _line_height(font)
    gap = int(line_h * 0.45)
    block_h = len(lines) * line_h + (len(lines) - 1) * gap
    bottom_margin = int(height * 0.07)
    top = max(0, height - bottom_margin - block_h - int(height * 0.12)) & ~1
    band_h = height - top
    # soft band: transparent at its top edge, ~60 % dark behind the text
    ramp = (np.clip(np.linspace(0.0, 1.6, band_h), 0.0, 1.0) * 0.6).astype(np.float32)
    alpha = np.repeat(ramp[:, None], width, axis=1)
    fill = Image.new("L", (width, band_h), 0)
    shadow = Image.new("L", (width, band_h), 0)
    stroke = max(1, line_h // 14)
    y = band_h - bottom_margin - block_h - font.getbbox("ÀÉgjy")[1]  # accents' tops align
    for line in lines:
        at = ((width - font.getlength(line)) / 2, y)
        ImageDraw.Draw(shadow).text(at, line, font=font, fill=255, stroke_width=stroke)
        ImageDraw.Draw(fill).text(at, line, font=font, fill=255)
        y += line_h + gap
    text_a = np.asarray(fill, dtype=np.float32) / 255
    shadow_a = np.asarray(shadow, dtype=np.float32) / 255 * 0.85
    alpha = np.maximum(np.maximum(alpha, shadow_a), text_a)  # dark edge, opaque letters
    ink = np.zeros((band_h, width, 3), dtype=np.uint8)
    white = np.divide(text_a, alpha, out=np.zeros_like(alpha), where=alpha > 0)
    ink[:] = (np.clip(white, 0, 1) * 255).astype(np.uint8)[:, :, None]
    return CaptionOverlay(top=top, ink=ink, ink_weight=alpha, frame_weight=1 - alpha)


def title_card(title: str, width: int, height: int) -> RGB:
    """A plain card: soft background, the title centred in dark ink, wrapped to two lines."""
    text = " ".join(title.split())
    image = Image.new("RGB", (width, height), _TITLE_BG)
    if text:
        lines, font = _layout(text, width, max(12, height // 11))
        line_h = _line_height(font)
        gap = int(line_h * 0.5)
        block_h = len(lines) * line_h + (len(lines) - 1) * gap
        y = (height - block_h) // 2 - font.getbbox("ÀÉgjy")[1]
        draw = ImageDraw.Draw(image)
        for line in lines:
            draw.text(((width - font.getlength(line)) / 2, y), line, font=font, fill=_TITLE_INK)
            y += line_h + gap
    return np.asarray(image, dtype=np.uint8).copy()
