"""Blur every face of a reel's pictures, in place, in the encoder's own YUV planes.

`FaceBlur` is made once per export (it loads the detector, so a missing model refuses the
export before any file exists) and gives each clip its own `ClipBlur`: a clip is one
continuous shot, so its faces are tracked from its first frame to its last, and the next
clip starts afresh. The whole picture is searched every n-th frame; in between, each tracked
face's neighbourhood is searched (a small, cheap picture), so a moving head is measured in
every frame, and one the detector misses is carried on by its track.

The export's decoding worker calls `next_frame` on the clip's frames in playing order; the
rare stand-in picture made on the encoder's thread (a frame that would not decode) comes out
of order and goes through `out_of_order`, which searches that picture on its own and also
covers every face the clip's tracks hold, rather than disturb them.

The blur itself shrinks the padded region to a few cells and stretches it back: what is
left is a soft patch of the face's average colours, with no feature a person could know.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from vfcoach.video.faces.detector import Boxes, FaceDetector, nms
from vfcoach.video.faces.tracker import Box, FaceTracker

Plane = npt.NDArray[np.uint8]
Planes = tuple[Plane, Plane, Plane]  # Y, U, V of a yuv420p picture, writable
_NEAR = 192  # a tracked face's neighbourhood is searched at most this many pixels across


@dataclass(frozen=True)
class FaceBlurOptions:
    """How faces are found and hidden; the defaults keep 720p exports faster than real time.

    `width`: the detector's working width (see `FaceDetector`); `every`: search every n-th
    frame (tracks carry the faces between); `threshold`: the detector's confidence for a
    face (low: a doubtful patch is blurred rather than a face shown); `pad`: extra margin
    on each side, as a share of the face's size; `keep`: frames a track outlives its last
    sighting; `cells`: how many cells the blurred region keeps across its longer side.
    """

    width: int = 512
    every: int = 2
    threshold: float = 0.3
    pad: float = 0.35
    keep: int = 8
    cells: int = 6

    def problem(self) -> str | None:
        """What is wrong with these settings, in words, or None."""
        if not 64 <= self.width <= 4096:
            return f"face detection width {self.width} must be 64..4096"
        if not 1 <= self.every <= 10:
            return f"face search interval {self.every} must be 1..10 frames"
        if not 0.05 <= self.threshold <= 0.95:
            return f"face confidence {self.threshold} must be 0.05..0.95"
        if not 0 <= self.pad <= 1:
            return f"face padding {self.pad} must be 0..1 (a share of the face's size)"
        if not 0 <= self.keep <= 100:
            return f"frames a face is kept after a miss ({self.keep}) must be 0..100"
        if not 2 <= self.cells <= 32:
            return f"blur cells {self.cells} must be 2..32"
        return None


class FaceBlur:
    """One export's face blur: the loaded detector, and a fresh `ClipBlur` per clip."""

    def __init__(self, options: FaceBlurOptions) -> None:
        self.options = options
        self.detector = FaceDetector(options.width, options.threshold)  # or FaceDetectorMissing
        self.clips: list[ClipBlur] = []

    def for_clip(self) -> ClipBlur:
        clip = ClipBlur(self.detector, self.options)
        self.clips.append(clip)
        return clip

    def warnings(self) -> list[str]:
        """A clip in which no face was found at all may hold one the detector cannot see
        (very small, far from the camera, turned away): the coach should look before it is
        shown outside the family."""
        silent = [n for n, c in enumerate(self.clips, 1) if not c.frames_with_faces]
        if not silent:
            return []
        which = ("clip " if len(silent) == 1 else "clips ") + ", ".join(map(str, silent))
        return [
            f"face blur found no face in {which}: watch the exported file before it is "
            "shown outside the family, in case a face was too small or turned away to be found"
        ]


class ClipBlur:
    """The faces of one clip: found, tracked and blurred frame by frame (see module doc)."""

    def __init__(self, detector: FaceDetector, options: FaceBlurOptions) -> None:
        self._detector = detector
        self._options = options
        self._tracker = FaceTracker(keep=options.keep, pad=options.pad)
        self._lock = threading.Lock()
        self._count = 0
        self.frames_with_faces = 0

    def next_frame(self, planes: Planes) -> None:
        """The clip's next picture in playing order: search, track, blur.

        The whole picture is searched every n-th frame (new faces); on the frames between,
        only the neighbourhood of each tracked face is, which is cheap and keeps a fast
        head measured every frame rather than guessed.
        """
        with self._lock:
            search = self._count % self._options.every == 0
            self._count += 1
            if search:
                found: Boxes | None = self.find(planes)
            else:
                near = [t.near() for t in self._tracker.tracks]
                found = self._find_near(planes, near) if near else None
            regions = self._tracker.step(found)
        self._hide(planes, regions)

    def out_of_order(self, planes: Planes) -> None:
        """A picture outside the playing order: its own faces and every tracked one, hidden."""
        found = self.find(planes)
        with self._lock:
            tracked = [t.cover(self._options.pad + 0.3) for t in self._tracker.tracks]
        pad = self._options.pad
        own = [_padded(b[:4], pad) for b in found]
        self._hide(planes, own + tracked)

    def find(self, planes: Planes) -> Boxes:
        """Faces in the whole picture, in the Y plane's pixels."""
        h, w = planes[0].shape
        return self._search(planes, (0, 0, w, h), self._detector.working_size(w, h))

    def _find_near(self, planes: Planes, areas: Sequence[Box]) -> Boxes:
        """Faces in the given areas only (each shrunk to at most `_NEAR` pixels across)."""
        h, w = planes[0].shape
        found = [np.empty((0, 5), np.float32)]
        for area in areas:
            x1, y1 = max(0, int(area[0]) & ~1), max(0, int(area[1]) & ~1)
            x2, y2 = min(w, int(area[2]) & ~1), min(h, int(area[3]) & ~1)
            if x2 - x1 < 16 or y2 - y1 < 16:
                continue
            scale = min(1.0, _NEAR / max(x2 - x1, y2 - y1))
            size = (_up32((x2 - x1) * scale), _up32((y2 - y1) * scale))
            found.append(self._search(planes, (x1, y1, x2, y2), size))
        boxes = np.concatenate(found)
        return boxes[nms(boxes)]  # neighbourhoods of faces close together overlap

    def _search(
        self, planes: Planes, area: tuple[int, int, int, int], size: tuple[int, int]
    ) -> Boxes:
        """Faces in `area` (even x1, y1, x2, y2 of the Y plane) searched at `size`."""
        x1, y1, x2, y2 = area
        y, u, v = planes
        crops = (
            y[y1:y2, x1:x2],
            u[y1 // 2 : y2 // 2, x1 // 2 : x2 // 2],
            v[y1 // 2 : y2 // 2, x1 // 2 : x2 // 2],
        )
        small = [cv2.resize(p, size, interpolation=cv2.INTER_AREA) for p in crops]
        rgb = np.asarray(cv2.cvtColor(cv2.merge(small), cv2.COLOR_YUV2RGB), dtype=np.uint8)
        boxes = self._detector.detect(rgb)
        boxes[:, [0, 2]] = boxes[:, [0, 2]] * (x2 - x1) / size[0] + x1
        boxes[:, [1, 3]] = boxes[:, [1, 3]] * (y2 - y1) / size[1] + y1
        return boxes

    def _hide(self, planes: Planes, regions: Sequence[Box]) -> None:
        if regions:
            self.frames_with_faces += 1
        h, w = planes[0].shape
        for box in regions:
            x1, y1 = max(0, int(box[0]) & ~1), max(0, int(box[1]) & ~1)
            x2, y2 = (
                min(w, (int(np.ceil(box[2])) + 1) & ~1),
                min(h, (int(np.ceil(box[3])) + 1) & ~1),
            )
            if x2 - x1 < 2 or y2 - y1 < 2:
                continue
            for n, plane in enumerate(planes):
                d = 1 if n == 0 else 2
                _smear(plane[y1 // d : y2 // d, x1 // d : x2 // d], self._options.cells)


def _up32(n: float) -> int:
    return max(32, int(np.ceil(n / 32)) * 32)


def _padded(box: Box, pad: float) -> Box:
    dx, dy = (box[2] - box[0]) * pad, (box[3] - box[1]) * pad
    return np.array([box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy], np.float32)


def _smear(region: Plane, cells: int) -> None:
    """Replace `region` (in place) by its picture at `cells` across, stretched back smooth."""
    h, w = region.shape
    if not h or not w:
        return
    side = max(h, w)
    cw, ch = max(1, round(w * cells / side)), max(1, round(h * cells / side))
    small = cv2.resize(region, (cw, ch), interpolation=cv2.INTER_AREA)
    region[:] = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
