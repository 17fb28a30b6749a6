"""Decoded frames kept around so stepping back and forth near the playhead costs no decoding.

Reaching frame *n* means decoding from its keyframe, so every frame of that run passes by
anyway; keeping them makes the coder's most common move, one frame back, free. Frames stay
in the decoder's own YUV form (half the size of RGB) and are converted only when shown.
"""

from __future__ import annotations

from collections import OrderedDict

import av


class FrameCache:
    """Least-recently-used decoded frames of one recording, keyed by frame index."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("the frame cache needs room for at least one frame")
        self.capacity = capacity
        self._frames: OrderedDict[int, av.VideoFrame] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __contains__(self, index: int) -> bool:
        return index in self._frames

    def __len__(self) -> int:
        return len(self._frames)

    def get(self, index: int) -> av.VideoFrame | None:
        frame = self._frames.get(index)
        if frame is None:
            self.misses += 1
            return None
        self.hits += 1
        self._frames.move_to_end(index)
        return frame

    def put(self, index: int, frame: av.VideoFrame) -> None:
        self._frames[index] = frame
        self._frames.move_to_end(index)
        while len(self._frames) > self.capacity:
            self._frames.popitem(last=False)

    def clear(self) -> None:
        self._frames.clear()
