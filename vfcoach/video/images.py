"""Turning decoded frames into upright RGB arrays, and arrays into image files.

Everything above `video` works in upright RGB: the UI wraps it in a QImage, reports put
stills in documents. Rotation is applied here, once, so no caller ever sees a sideways
phone video or has to remember the file's rotation.
"""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

RGB = npt.NDArray[np.uint8]

_CV2_ROTATE = {
    90: cv2.ROTATE_90_CLOCKWISE,
    180: cv2.ROTATE_180,
    270: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def frame_to_rgb(frame: av.VideoFrame, rotation: int = 0, max_size: int | None = None) -> RGB:
    """Upright H×W×3 uint8 RGB, C-contiguous; `max_size` caps the longer side (previews).

    Scaling happens in the same swscale pass as the colour conversion, which is what keeps
    the scrub preview cheap at 1080p (bilinear: 4× faster than area averaging there, and
    swscale widens its filter when shrinking, so it does not alias).
    """
    width, height = frame.width, frame.height
    if max_size is not None and max(width, height) > max_size:
        factor = max_size / max(width, height)
        width = max(2, round(width * factor))
        height = max(2, round(height * factor))
        rgb = frame.reformat(width=width, height=height, format="rgb24", interpolation="BILINEAR")
        arr = rgb.to_ndarray()
    else:
        arr = frame.to_ndarray(format="rgb24")
        if frame.format.name == "rgb24":  # no conversion happened: a view into the frame
            arr = arr.copy()
    return rotate_upright(np.asarray(arr, dtype=np.uint8), rotation)


def rotate_upright(rgb: RGB, rotation: int) -> RGB:
    """Turn a stored picture clockwise by `rotation` degrees (0, 90, 180 or 270)."""
    code = _CV2_ROTATE.get(rotation % 360)
    if code is None:
        return np.ascontiguousarray(rgb)
    return np.ascontiguousarray(cv2.rotate(rgb, code))


def to_bgr(rgb: RGB) -> RGB:
    """OpenCV's channel order, for writing files or drawing with cv2 colours."""
    return np.ascontiguousarray(rgb[:, :, ::-1])


_ENCODINGS = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}
JPEG_QUALITY = 95


def encode_image(rgb: RGB, suffix: str) -> bytes:
    """An RGB array as the file bytes its extension names: PNG (lossless, so a saved still
    matches the coded frame) or JPEG. Any other extension is refused, never guessed."""
    encoding = _ENCODINGS.get(suffix.lower())
    if encoding is None:
        raise ValueError(f"cannot write a '{suffix}' picture (use .png or .jpg)")
    params = [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY] if encoding == ".jpg" else []
    ok, data = cv2.imencode(encoding, to_bgr(rgb), params)
    if not ok:
        raise OSError(f"could not encode the picture as {encoding[1:].upper()}")
    return bytes(data.tobytes())


def save_png(rgb: RGB, path: str | Path) -> None:
    """Write an RGB array as PNG to a path the caller chose (tests, demo media)."""
    Path(path).write_bytes(encode_image(rgb, ".png"))
