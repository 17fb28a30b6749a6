"""Pictures for the reel: letterboxing, burned-in captions and the title card.

Caregivers watch these, often on a laptop across a kitchen table, so captions are large,
white on a soft dark band in the lower third, and at most two lines. The band and text are
drawn once per clip into an overlay and blended into each frame, so a 15 s clip costs one
text layout, not 375. OpenCV's Hershey fonts only draw ASCII; other letters are replaced
by their closest ASCII form (or '?'), which `caption_warning` reports.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

RGB = npt.NDArray[np.uint8]

_FONT = cv2.FONT_HERSHEY_DUPLEX
_TITLE_BG = (232, 226, 214)  # warm light sand: calm, not clinical white
_TITLE_INK = (58, 62, 70)
_MAX_LINES = 2


def fit_size(src_w: int, src_h: int, out_w: int, out_h: int) -> tuple[int, int]:
    """The largest even size with the source's aspect that fits inside the output."""
    scale = min(out_w / src_w, out_h / src_h)
    w = max(2, min(out_w, round(src_w * scale / 2) * 2))
    h = max(2, min(out_h, round(src_h * scale / 2) * 2))
    return w, h


def letterbox(picture: RGB, out_w: int, out_h: int) -> RGB:
    """Centre an already-fitted picture on a black out_w×out_h canvas (resizing if needed)."""
    h, w = picture.shape[:2]
    if (w, h) == (out_w, out_h):
        return np.ascontiguousarray(picture)
    fw, fh = fit_size(w, h, out_w, out_h)
    if (fw, fh) != (w, h):
        picture = np.asarray(
            cv2.resize(picture, (fw, fh), interpolation=cv2.INTER_AREA), dtype=np.uint8
        )
    canvas = np.zeros((out_h, out_w, 3), dtype=np.uint8)
    x0, y0 = (out_w - fw) // 2, (out_h - fh) // 2
    canvas[y0 : y0 + fh, x0 : x0 + fw] = picture
    return canvas


def to_ascii(text: str) -> str:
    """What the Hershey font can draw: accents dropped (é -> e), other letters as '?'."""
    decomposed = unicodedata.normalize("NFKD", text)
    out = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if 32 <= ord(c) < 127 else "?" for c in out)


def caption_warning(text: str) -> str | None:
    if "?" in to_ascii(text) and "?" not in text:
        return "some caption letters cannot be burned in and show as '?'; use subtitles"
    return None


def _wrap(text: str, scale: float, thick: int, max_w: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and cv2.getTextSize(trial, _FONT, scale, thick)[0][0] <= max_w:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _layout(text: str, width: int, height: int) -> tuple[list[str], float, int]:
    """Lines, scale and stroke: start large (~1/16 of the height), shrink to fit two lines."""
    base = height / 16 / cv2.getTextSize("Ag", _FONT, 1.0, 1)[0][1]
    max_w = int(width * 0.88)
    scale = base
    while True:
        thick = max(1, round(scale * 1.6))
        lines = _wrap(text, scale, thick, max_w)
        fits = all(cv2.getTextSize(ln, _FONT, scale, thick)[0][0] <= max_w for ln in lines)
        if (len(lines) <= _MAX_LINES and fits) or scale <= base * 0.55:
            break
        scale *= 0.9
    if len(lines) > _MAX_LINES:  # still too long at the smallest size: cut, visibly
        lines = lines[:_MAX_LINES]
        lines[-1] = lines[-1].rstrip(".,;: ") + "..."
    return lines, scale, thick


@dataclass(frozen=True)
class CaptionOverlay:
    """A precomputed lower-third band: blend `ink` over rows `top:` of a frame.

    `ink_weight` is the per-pixel opacity of the band and text (0..1); `frame_weight` is
    1 minus it. Both are kept so each frame costs one `cv2.blendLinear` call (about 1 ms at
    720p, six times faster than the same sum in NumPy).
    """

    top: int
    ink: RGB
    ink_weight: npt.NDArray[np.float32]
    frame_weight: npt.NDArray[np.float32]

    def apply(self, frame: RGB) -> RGB:
        """Blend in place and return the frame."""
        region = frame[self.top :]
        region[:] = cv2.blendLinear(region, self.ink, self.frame_weight, self.ink_weight)
        return frame


def make_caption(text: str, width: int, height: int) -> CaptionOverlay | None:
    """The caption band for one clip, or None for an empty caption."""
    text = to_ascii(" ".join(text.split()))
    if not text:
        return None
    lines, scale, thick = _layout(text, width, height)
    line_h = cv2.getTextSize("Ag", _FONT, scale, thick)[0][1]
    gap = int(line_h * 0.6)
    block_h = len(lines) * line_h + (len(lines) - 1) * gap
    bottom_margin = int(height * 0.07)
    top = max(0, height - bottom_margin - block_h - int(height * 0.12))
    band_h = height - top
    ink = np.zeros((band_h, width, 3), dtype=np.uint8)
    # soft band: transparent at its top edge, ~60 % dark behind the text
    ramp = (np.clip(np.linspace(0.0, 1.6, band_h), 0.0, 1.0) * 0.6).astype(np.float32)
    alpha = np.repeat(ramp[:, None], width, axis=1)
    text_mask = np.zeros((band_h, width), dtype=np.uint8)
    y = band_h - bottom_margin - block_h + line_h
    for line in lines:
        tw = cv2.getTextSize(line, _FONT, scale, thick)[0][0]
        org = ((width - tw) // 2, y)
        cv2.putText(ink, line, org, _FONT, scale, (255, 255, 255), thick, cv2.LINE_AA)
        cv2.putText(text_mask, line, org, _FONT, scale, 255, thick, cv2.LINE_AA)
        y += line_h + gap
    alpha = np.maximum(alpha, text_mask.astype(np.float32) / 255)  # text fully opaque
    return CaptionOverlay(top=top, ink=ink, ink_weight=alpha, frame_weight=1 - alpha)


def title_card(title: str, width: int, height: int) -> RGB:
    """A plain card: soft background, the title centred in dark ink, wrapped to two lines."""
    card = np.empty((height, width, 3), dtype=np.uint8)
    card[:] = _TITLE_BG
    text = to_ascii(" ".join(title.split()))
    if not text:
        return card
    lines, scale, thick = _layout(text, width, int(height * 1.4))
    line_h = cv2.getTextSize("Ag", _FONT, scale, thick)[0][1]
    gap = int(line_h * 0.7)
    block_h = len(lines) * line_h + (len(lines) - 1) * gap
    y = (height - block_h) // 2 + line_h
    for line in lines:
        tw = cv2.getTextSize(line, _FONT, scale, thick)[0][0]
        cv2.putText(
            card, line, ((width - tw) // 2, y), _FONT, scale, _TITLE_INK, thick, cv2.LINE_AA
        )
        y += line_h + gap
    return card
