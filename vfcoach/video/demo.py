"""The built-in demo recording: a calm caregiver–child play scene, made on the spot.

New coaches try vfcoach before any family has consented to filming, and screenshots in the
manual must not show a real family. So the demo is drawn: soft shapes on a warm room, a
caregiver and a child passing a ball, the frame number and time in a corner so coders can
check what they code against, and gentle turn-taking "babble" on the sound track.
Drawing must stay cheap (a precomputed room, a dozen cv2 calls per frame) so 2½ minutes
render in seconds on a modest laptop.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.frame_time import format_ms
from vfcoach.video.demo_sound import demo_sound
from vfcoach.video.writer import AUDIO_RATE, MediaWriter

_AA = cv2.LINE_AA
Image = npt.NDArray[np.uint8]


def make_demo_video(
    path: str | Path,
    *,
    seconds: int = 150,
    fps: int = 25,
    size: tuple[int, int] = (640, 360),
    progress: Progress | None = None,
    token: CancelToken | None = None,
) -> Path:
    """Render the demo to `path` (MP4, H.264 + AAC); a cancelled render leaves no file."""
    report = progress or no_progress
    width, height = size
    frames = seconds * fps
    report(0.0, "Composing the sound track")
    sound = demo_sound(seconds)
    room = _room(width, height)
    out = Path(path)
    with MediaWriter(out, width=width, height=height, fps=fps, gop=2 * fps) as writer:
        for i in range(frames):
            if token is not None:
                token.check()
            t = i / fps
            writer.add_picture(_scene(room, t, i))
            a0, a1 = i * AUDIO_RATE // fps, (i + 1) * AUDIO_RATE // fps
            writer.add_sound(sound[a0:a1])
            if i % fps == 0:
                report(i / frames, f"Drawing the demo video ({int(t)} of {seconds} s)")
    report(1.0, "Demo video ready")
    return out


def _room(w: int, h: int) -> Image:
    """Warm wall, wooden floor, rug, window and plant; blurred once so everything is soft."""
    img = np.empty((h, w, 3), dtype=np.uint8)
    horizon = int(h * 0.58)
    wall_top, wall_bottom = np.array([250, 228, 200]), np.array([236, 200, 168])
    ramp = np.linspace(0.0, 1.0, horizon)[:, None]
    img[:horizon] = (wall_top * (1 - ramp) + wall_bottom * ramp).astype(np.uint8)[:, None, :]
    floor = np.linspace(0.0, 1.0, h - horizon)[:, None]
    floor_rgb = np.array([190, 140, 100]) * (1 - floor) + np.array([160, 112, 80]) * floor
    img[horizon:] = floor_rgb.astype(np.uint8)[:, None, :]
    for x in range(0, w, max(8, w // 9)):  # floorboard seams
        cv2.line(img, (x, horizon), (x + w // 12, h), (150, 105, 75), max(1, w // 320), _AA)
    cv2.rectangle(
        img, (int(w * 0.06), int(h * 0.1)), (int(w * 0.26), int(h * 0.42)), (200, 225, 240), -1
    )
    cv2.rectangle(
        img,
        (int(w * 0.06), int(h * 0.1)),
        (int(w * 0.26), int(h * 0.42)),
        (255, 248, 238),
        max(2, w // 110),
    )
    cv2.line(
        img,
        (int(w * 0.16), int(h * 0.1)),
        (int(w * 0.16), int(h * 0.42)),
        (255, 248, 238),
        max(2, w // 160),
    )
    pot = (int(w * 0.9), int(h * 0.55))
    for k, (dx, dy) in enumerate([(-0.03, -0.12), (0.0, -0.17), (0.03, -0.11), (0.015, -0.2)]):
        leaf_c = (90 + 12 * k, 150 + 8 * k, 95)
        cv2.ellipse(
            img,
            (pot[0] + int(dx * w), pot[1] + int(dy * h)),
            (int(w * 0.02), int(h * 0.07)),
            20 * k - 20,
            0,
            360,
            leaf_c,
            -1,
            _AA,
        )
    cv2.rectangle(
        img,
        (pot[0] - int(w * 0.025), pot[1] - int(h * 0.04)),
        (pot[0] + int(w * 0.025), pot[1] + int(h * 0.04)),
        (200, 120, 90),
        -1,
    )
    cv2.ellipse(
        img,
        (w // 2, int(h * 0.8)),
        (int(w * 0.42), int(h * 0.14)),
        0,
        0,
        360,
        (150, 190, 180),
        -1,
        _AA,
    )
    cv2.ellipse(
        img,
        (w // 2, int(h * 0.8)),
        (int(w * 0.36), int(h * 0.1)),
        0,
        0,
        360,
        (170, 205, 190),
        max(2, w // 200),
        _AA,
    )
    return np.asarray(cv2.GaussianBlur(img, (0, 0), max(1.0, w / 400)), dtype=np.uint8)


def _scene(room: Image, t: float, index: int) -> Image:
    h, w = room.shape[:2]
    img = room.copy()
    # They drift closer and apart over tens of seconds; the ball goes back and forth every 6 s.
    care_x = w * (0.27 + 0.05 * math.sin(2 * math.pi * t / 23))
    child_x = w * (0.71 - 0.08 * math.sin(2 * math.pi * t / 17 + 1.0))
    base_y = h * 0.8
    care = _figure(img, care_x, base_y, h * 0.36, (205, 120, 130), t, toward=child_x, lag=0.0)
    child = _figure(img, child_x, base_y, h * 0.22, (110, 160, 215), t, toward=care_x, lag=1.3)
    ball = _ball_position(t, care, child, h)
    cv2.ellipse(
        img,
        (int(ball[0]), int(base_y + h * 0.02)),
        (int(h * 0.03), int(h * 0.01)),
        0,
        0,
        360,
        (120, 150, 140),
        -1,
        _AA,
    )
    for hand, reach in ((care, 0.26), (child, 0.2)):
        near = math.dist(hand, ball) < h * reach
        end = ball if near else (hand[0], hand[1] + h * 0.06)
        cv2.line(
            img,
            (int(hand[0]), int(hand[1])),
            (int(end[0]), int(end[1])),
            (235, 200, 175),
            max(2, int(h * 0.02)),
            _AA,
        )
    r = int(h * 0.028)
    cv2.circle(img, (int(ball[0]), int(ball[1])), r, (240, 200, 70), -1, _AA)
    cv2.circle(
        img,
        (int(ball[0] - r * 0.35), int(ball[1] - r * 0.35)),
        max(1, r // 3),
        (255, 235, 150),
        -1,
        _AA,
    )
    _stamp(img, index, round(t * 1000))
    return img


def _figure(
    img: Image,
    x: float,
    base_y: float,
    tall: float,
    colour: tuple[int, int, int],
    t: float,
    *,
    toward: float,
    lag: float,
) -> tuple[float, float]:
    """A seated person: shadow, body, head turned toward the other; returns the hand point."""
    breathe = 1 + 0.015 * math.sin(2 * math.pi * (t + lag) / 3.5)
    body_h, body_w = tall * 0.55 * breathe, tall * 0.3
    cv2.ellipse(
        img,
        (int(x), int(base_y + tall * 0.04)),
        (int(body_w * 1.2), int(tall * 0.07)),
        0,
        0,
        360,
        (140, 170, 160),
        -1,
        _AA,
    )
    body_c = (int(x), int(base_y - body_h * 0.5))
    cv2.ellipse(img, body_c, (int(body_w), int(body_h * 0.55)), 0, 0, 360, colour, -1, _AA)
    head_r = tall * 0.16
    lean = 0.12 * tall * (1 if toward > x else -1) * (0.6 + 0.4 * math.sin(t / 2.1 + lag))
    head = (int(x + lean * 0.4), int(base_y - body_h - head_r * 0.6))
    cv2.circle(img, head, int(head_r * 1.08), (90, 70, 60), -1, _AA)  # hair
    cv2.circle(img, (head[0], head[1] + int(head_r * 0.12)), int(head_r), (240, 205, 180), -1, _AA)
    look = 1 if toward > x else -1
    for side in (-1, 1):
        eye = (head[0] + int(look * head_r * 0.3 + side * head_r * 0.28), head[1])
        cv2.circle(img, eye, max(1, int(head_r * 0.09)), (60, 45, 40), -1, _AA)
    smile_c = (head[0] + int(look * head_r * 0.3), head[1] + int(head_r * 0.35))
    cv2.ellipse(
        img,
        smile_c,
        (int(head_r * 0.3), int(head_r * 0.15)),
        0,
        10,
        170,
        (170, 80, 80),
        max(1, int(head_r * 0.08)),
        _AA,
    )
    return x + look * body_w * 0.9, body_c[1] + body_h * 0.05


def _ball_position(
    t: float, care: tuple[float, float], child: tuple[float, float], h: int
) -> tuple[float, float]:
    """Caregiver rolls or tosses it over, the child holds it, then gives it back."""
    phase = (t % 6.0) / 6.0
    if phase < 0.35:
        a, b, u = care, child, phase / 0.35
    elif phase < 0.5:
        return child[0], child[1] + h * 0.02 * math.sin(t * 6)
    elif phase < 0.85:
        a, b, u = child, care, (phase - 0.5) / 0.35
    else:
        return care
    u = 0.5 - 0.5 * math.cos(math.pi * u)  # ease in and out
    arc = math.sin(math.pi * u) * h * 0.18
    return a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u - arc


def _stamp(img: Image, index: int, ms: int) -> None:
    """Frame number and time in the corner, on a darkened band so they read on any scene."""
    h, w = img.shape[:2]
    text = f"frame {index:05d}   {format_ms(ms)}"
    scale = max(0.35, h / 900)
    (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
    pad = max(3, h // 90)
    x1, y1 = w - pad, h - pad
    x0, y0 = x1 - tw - 2 * pad, y1 - th - base - 2 * pad
    band = img[y0:y1, x0:x1]
    band[:] = band // 3
    cv2.putText(
        img,
        text,
        (x0 + pad, y1 - pad - base),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 250, 240),
        1,
        _AA,
    )
