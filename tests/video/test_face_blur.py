"""Face blur on a real face: the astronaut of scikit-image, moving across a busy wall.

Detail is measured as the variance of the Laplacian of the grey picture, at the face's
true place (known from how the video was made), frame by frame: it must collapse under
the blur in every frame, while a patch of wall keeps the detail of the unblurred export.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from skimage import data

from tests.video.export.reading import read_reel
from tests.video.face_media import FACE_IN_PHOTO, face_box, make_face_video, wall
from vfcoach.video.export import ClipSpec, ExportOptions, render_reel
from vfcoach.video.faces import FaceBlur, FaceBlurOptions, FaceDetector
from vfcoach.video.faces.detector import iou
from vfcoach.video.faces.tracker import FaceTracker

SIZE = (640, 360)
FRAMES = 60  # 2.4 s at 25 fps
PHOTO_PX = 200  # the face is about 36 × 49 pixels
WALL_PATCH = (0, 0, 100, 50)  # top-left corner: the photograph never passes there


def detail(rgb: npt.NDArray[np.uint8], box: tuple[int, int, int, int]) -> float:
    x1, y1, x2, y2 = box
    grey = cv2.cvtColor(np.ascontiguousarray(rgb[y1:y2, x1:x2]), cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


@pytest.fixture(scope="module")
def face_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faces") / "astronaut.mp4"
    return make_face_video(path, size=SIZE, frames=FRAMES, photo_px=PHOTO_PX)


def test_detector_finds_the_astronaut_and_nothing_on_the_wall() -> None:
    detector = FaceDetector()
    found = detector.detect(data.astronaut())
    assert len(found) == 1
    assert iou(found[0, :4], np.array(FACE_IN_PHOTO, np.float32)) > 0.6
    assert len(detector.detect(wall(*SIZE))) == 0


def test_blurred_reel_hides_the_face_in_every_frame_and_keeps_the_sound(
    face_video: Path, tmp_path: Path
) -> None:
    clip = [ClipSpec(face_video, 0, FRAMES - 1)]
    base = {"width": SIZE[0], "height": SIZE[1], "fps": 25, "captions": "none"}
    render_reel(clip, tmp_path / "plain.mp4", ExportOptions(**base))  # type: ignore[arg-type]
    report = render_reel(
        clip,
        tmp_path / "blurred.mp4",
        ExportOptions(mode="fast", face_blur=FaceBlurOptions(), **base),  # type: ignore[arg-type]
    )
    assert report.mode == "exact"  # blur re-encodes every picture, even when fast is asked
    assert any("blurring faces" in w for w in report.warnings)
    assert not any("found no face" in w for w in report.warnings)
    plain, blurred = read_reel(tmp_path / "plain.mp4"), read_reel(tmp_path / "blurred.mp4")
    assert len(blurred.frames) == len(plain.frames) == FRAMES
    for i, (a, b) in enumerate(zip(plain.frames, blurred.frames, strict=True)):
        face = face_box(i, FRAMES, SIZE, PHOTO_PX)
        assert detail(a, face) > 800, f"frame {i}: the unblurred face should be sharp"
        assert detail(b, face) < 80, f"frame {i}: the face is not hidden"
        assert detail(b, WALL_PATCH) == pytest.approx(detail(a, WALL_PATCH), rel=0.1)
    assert blurred.stream_kinds == plain.stream_kinds == ["video/h264", "audio/aac"]
    assert abs(len(blurred.sound) - len(plain.sound)) <= 1024
    assert len(blurred.sound) / blurred.sound_rate == pytest.approx(FRAMES / 25, abs=0.05)
    assert np.sqrt(np.mean(blurred.sound**2)) > 0.1  # the 440 Hz tone, not silence


def test_a_fast_head_searched_every_third_frame_is_covered_in_every_frame(
    tmp_path: Path,
) -> None:
    """28 pixels a frame (its own width in under 2 frames) and bobbing; whole-picture search
    only every 3rd frame: the tracked neighbourhood search keeps it hidden in between."""
    frames = 16
    source = make_face_video(tmp_path / "fast.mp4", size=SIZE, frames=frames, photo_px=PHOTO_PX)
    options = ExportOptions(
        width=SIZE[0], height=SIZE[1], captions="none", face_blur=FaceBlurOptions(every=3)
    )
    render_reel([ClipSpec(source, 0, frames - 1)], tmp_path / "out.mp4", options)
    reel = read_reel(tmp_path / "out.mp4")
    seen = [detail(f, face_box(i, frames, SIZE, PHOTO_PX)) for i, f in enumerate(reel.frames)]
    assert len(seen) == frames and max(seen) < 80, seen


def test_two_faces_crossing_are_both_hidden_in_every_frame(tmp_path: Path) -> None:
    frames, photo = 20, 176
    source = make_face_video(
        tmp_path / "two.mp4", size=SIZE, frames=frames, photo_px=photo, two=True
    )
    options = ExportOptions(
        width=SIZE[0], height=SIZE[1], captions="none", face_blur=FaceBlurOptions()
    )
    render_reel([ClipSpec(source, 0, frames - 1)], tmp_path / "out.mp4", options)
    reel, original = read_reel(tmp_path / "out.mp4"), read_reel(source)
    assert len(reel.frames) == frames
    for i, picture in enumerate(reel.frames):
        for second in (False, True):
            face = face_box(i, frames, SIZE, photo, second)
            assert detail(original.frames[i], face) > 800  # the true place: a sharp face
            assert detail(picture, face) < 80, f"frame {i}, face {int(second) + 1}"


def test_a_face_missed_for_some_frames_stays_covered() -> None:
    """Detections of a head moving 6 px a frame, with frames 5..9 missed: always covered."""
    tracker = FaceTracker(keep=8, pad=0.35)
    for i in range(20):
        true = np.array([100 + 6 * i, 80, 140 + 6 * i, 130], np.float32)
        seen = None if 5 <= i <= 9 else np.array([[*true, 0.9]], np.float32)
        regions = tracker.step(seen)
        assert any(
            r[0] <= true[0] and r[1] <= true[1] and r[2] >= true[2] and r[3] >= true[3]
            for r in regions
        ), f"frame {i}: the face is uncovered"
    assert len(tracker.tracks) == 1
    for _ in range(9):
        tracker.step(None)
    assert tracker.tracks == []  # a face gone for longer than `keep` frames is let go


def test_a_stand_in_picture_out_of_order_is_blurred_too() -> None:
    """The encoder thread's stand-in (a frame that would not decode) gets its own search."""
    rgb = wall(*SIZE)
    photo = cv2.resize(data.astronaut(), (PHOTO_PX, PHOTO_PX), interpolation=cv2.INTER_AREA)
    rgb[80 : 80 + PHOTO_PX, 300 : 300 + PHOTO_PX] = photo
    yuv = cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420)
    h, w = SIZE[1], SIZE[0]
    y = yuv[:h]
    u = yuv[h : h + h // 4].reshape(h // 2, w // 2)
    v = yuv[h + h // 4 :].reshape(h // 2, w // 2)
    k = PHOTO_PX / 512
    x1, y1, x2, y2 = (round(c * k) for c in FACE_IN_PHOTO)
    face = (300 + x1, 80 + y1, 300 + x2, 80 + y2)
    before = detail(rgb, face)
    FaceBlur(FaceBlurOptions()).for_clip().out_of_order((y, u, v))
    after = cv2.cvtColor(yuv, cv2.COLOR_YUV2RGB_I420)
    assert before > 800 and detail(after, face) < 80


def test_without_the_detector_a_blurred_export_is_refused_plainly(
    face_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.resources

    from vfcoach.video.faces import FaceDetectorMissing
    from vfcoach.video.faces.detector import _model_bytes

    def no_package(name: str) -> None:
        raise ModuleNotFoundError(name)

    _model_bytes.cache_clear()
    monkeypatch.setattr(importlib.resources, "files", no_package)
    target = tmp_path / "r.mp4"
    options = ExportOptions(width=320, height=180, face_blur=FaceBlurOptions())
    try:
        with pytest.raises(FaceDetectorMissing, match=r"scripts/bootstrap\.sh"):
            render_reel([ClipSpec(face_video, 0, 4)], target, options)
    finally:
        _model_bytes.cache_clear()
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
