"""Follow faces from frame to frame so a blur never drops for a frame where a face is missed.

A detector sees a face in most frames, not all: a turned head, motion blur or a hand in
front costs a frame here and there, and between detection frames (when only every k-th
frame is searched) nothing is seen at all. A face shown for one frame is a face shown, so
each face becomes a *track*: detections are matched to tracks by nearness to where each
track is expected to be, a track keeps moving at its measured speed while it is not seen,
and it lives on for `keep` frames after its last sighting. Its size is smoothed so the blur
does not flicker, but the region covered is always the union of the smoothed box and the
newest raw detection, so smoothing never lags a moving head out of the blur.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vfcoach.video.faces.detector import Boxes

Box = npt.NDArray[np.float32]  # x1, y1, x2, y2
_MATCH_DISTANCE = 1.5  # centres at most this many face sizes apart (and similar sizes)
_SMOOTH = 0.6  # weight of a new detection in the smoothed box


@dataclass
class Track:
    """One face: where it was last seen, its smoothed box, its speed, frames since seen."""

    seen: Box
    box: Box
    velocity: Box = field(default_factory=lambda: np.zeros(4, np.float32))
    missed: int = 0

    def predicted(self) -> Box:
        return self.box + self.velocity

    def update(self, detection: Box) -> None:
        """A new sighting, `1 + missed` frames after the previous one."""
        steps = self.missed + 1
        speed = (detection - self.seen) / steps
        self.velocity = (0.5 * self.velocity + 0.5 * speed).astype(np.float32)
        predicted = self.predicted()
        self.box = (_SMOOTH * detection + (1 - _SMOOTH) * predicted).astype(np.float32)
        self.seen = detection.astype(np.float32)
        self.missed = 0

    def coast(self) -> None:
        """A frame without a sighting: move on at the measured speed."""
        self.box = self.predicted().astype(np.float32)
        self.seen = (self.seen + self.velocity).astype(np.float32)
        self.missed += 1

    def near(self) -> Box:
        """Where to look for this face in the next frame: three times its size, ahead of it."""
        x1, y1, x2, y2 = self.predicted()
        side = max(x2 - x1, y2 - y1) * 1.5 + float(np.abs(self.velocity).max())
        cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
        return np.array([cx - side, cy - side, cx + side, cy + side], np.float32)

    def cover(self, pad: float) -> Box:
        """The region to blur: smoothed and seen boxes together, padded, wider while coasting.

        The padding is a share of the face's size on each side; while the track coasts it
        grows by a further 10% per missed frame and by the distance moved in a frame, as
        the head may have turned or sped up.
        """
        x1 = min(self.box[0], self.seen[0])
        y1 = min(self.box[1], self.seen[1])
        x2 = max(self.box[2], self.seen[2])
        y2 = max(self.box[3], self.seen[3])
        grow = pad + 0.1 * self.missed
        w, h = x2 - x1, y2 - y1
        drift = float(np.abs(self.velocity).max()) * (1 + self.missed)
        dx, dy = w * grow + drift, h * grow + drift
        return np.array([x1 - dx, y1 - dy, x2 + dx, y2 + dy], np.float32)


class FaceTracker:
    """The faces of one continuous shot (one clip), fed frame by frame in playing order."""

    def __init__(self, keep: int = 8, pad: float = 0.3) -> None:
        self.keep = keep
        self.pad = pad
        self.tracks: list[Track] = []

    def step(self, detections: Boxes | None) -> list[Box]:
        """Advance one frame (`None`: a frame not searched) and return the regions to blur."""
        if detections is None:
            for track in self.tracks:
                track.coast()
        else:
            self._match(detections)
        self.tracks = [t for t in self.tracks if t.missed <= self.keep]
        return [t.cover(self.pad) for t in self.tracks]

    def _match(self, detections: Boxes) -> None:
        """Greedy matching, nearest first; unmatched detections start new tracks.

        Nearness is the distance between centres in face sizes, not overlap: a head
        moving faster than its own width per frame overlaps nothing of where it was.
        """
        pairs = sorted(
            (_distance(t.predicted(), d[:4]), ti, di)
            for ti, t in enumerate(self.tracks)
            for di, d in enumerate(detections)
        )
        used_t: set[int] = set()
        used_d: set[int] = set()
        for distance, ti, di in pairs:
            if distance > _MATCH_DISTANCE or ti in used_t or di in used_d:
                continue
            self.tracks[ti].update(detections[di, :4])
            used_t.add(ti)
            used_d.add(di)
        for ti, track in enumerate(self.tracks):
            if ti not in used_t:
                track.coast()
        for di, d in enumerate(detections):
            if di not in used_d:
                box = d[:4].astype(np.float32)
                self.tracks.append(Track(seen=box.copy(), box=box.copy()))


def _distance(a: Box, b: Box) -> float:
    """Centre distance in units of the larger box's size; infinite for very unlike sizes."""
    sa, sb = max(a[2] - a[0], a[3] - a[1]), max(b[2] - b[0], b[3] - b[1])
    if min(sa, sb) <= 0 or max(sa, sb) > 2 * min(sa, sb):
        return float("inf")
    dx = (a[0] + a[2] - b[0] - b[2]) / 2
    dy = (a[1] + a[3] - b[1] - b[3]) / 2
    return float(np.hypot(dx, dy)) / float(max(sa, sb))
