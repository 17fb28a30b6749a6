"""A machine-readable frame number burned into generated video, so tests can check exactness.

Digits are for people; tests need something that survives H.264 and reads back without OCR.
The strip is 2 rows of 12 black/white blocks across the top of the picture: 20 bits of frame
index and a 4-bit CRC, so a damaged picture reads as "unreadable" rather than as another
number (a decoder that conceals damage may still show a neighbour's intact strip). Block
edges are fractions of the width, so a downscaled preview reads too.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

_COLS = 12
_ROWS = 2
_DATA_BITS = 20
MAX_INDEX = (1 << _DATA_BITS) - 1


class StripUnreadable(ValueError):
    """The picture carries no valid strip (damaged, cropped, or not from `synth`)."""


def _check_bits(index: int) -> int:
    """CRC-4 (x^4 + x + 1): catches every 1-bit error and any burst of up to 4 bits."""
    reg = 0
    for i in range(_DATA_BITS - 1, -1, -1):
        feedback = ((reg >> 3) & 1) ^ ((index >> i) & 1)
        reg = (reg << 1) & 0xF
        if feedback:
            reg ^= 0b0011
    return reg ^ 0b0101  # so frame 0 is not an all-black strip


def _bits(index: int) -> list[int]:
    word = index | (_check_bits(index) << _DATA_BITS)
    return [(word >> i) & 1 for i in range(_ROWS * _COLS)]


def _block_height(width: int, height: int) -> float:
    return min(width / _COLS, height / 10)


def strip_height(width: int, height: int) -> int:
    """Rows the strip takes at the top, so callers can draw below it."""
    return int(np.ceil(_ROWS * _block_height(width, height)))


def draw_frame_index(rgb: npt.NDArray[np.uint8], index: int) -> None:
    """Paint the strip for `index` into the top rows of an upright RGB picture, in place."""
    if not 0 <= index <= MAX_INDEX:
        raise ValueError(f"frame index {index} does not fit in {_DATA_BITS} bits")
    h, w = rgb.shape[:2]
    bh = _block_height(w, h)
    bw = w / _COLS
    for i, bit in enumerate(_bits(index)):
        r, c = divmod(i, _COLS)
        y0, y1 = round(r * bh), round((r + 1) * bh)
        x0, x1 = round(c * bw), round((c + 1) * bw)
        rgb[y0:y1, x0:x1] = 255 if bit else 0


def read_frame_index(rgb: npt.NDArray[np.uint8]) -> int:
    """The index drawn by `draw_frame_index`; raises `StripUnreadable` if the check fails."""
    if rgb.ndim != 3 or rgb.shape[2] < 3:
        raise StripUnreadable(f"expected an H×W×3 picture, got shape {rgb.shape}")
    h, w = rgb.shape[:2]
    bh = _block_height(w, h)
    bw = w / _COLS
    word = 0
    for i in range(_ROWS * _COLS):
        r, c = divmod(i, _COLS)
        # sample the middle half of the block: edges bleed under compression and scaling
        y0, y1 = int((r + 0.25) * bh), max(int((r + 0.75) * bh), int((r + 0.25) * bh) + 1)
        x0, x1 = int((c + 0.25) * bw), max(int((c + 0.75) * bw), int((c + 0.25) * bw) + 1)
        level = float(rgb[y0:y1, x0:x1, :3].mean())
        if 64 < level < 192:
            raise StripUnreadable(f"block {i} is grey ({level:.0f}), not black or white")
        word |= int(level >= 128) << i
    index = word & MAX_INDEX
    if word >> _DATA_BITS != _check_bits(index):
        raise StripUnreadable(f"strip reads {index} but its check bits do not match")
    return index
