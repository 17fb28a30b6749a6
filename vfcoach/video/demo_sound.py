"""Sound for the demo recording: a quiet chord and two voices taking turns, without words.

Coaches listen for turn-taking and the caregiver's tone, so the demo has a lower voice and a
higher one that answer each other with rising and falling "babble". It is all sine tones
with soft envelopes: nothing harsh, nothing that could be mistaken for a real family.
Seeded, so the demo is the same on every machine.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vfcoach.video.writer import AUDIO_RATE

_HARMONICS = np.array([1.0, 0.45, 0.2, 0.08])


def demo_sound(seconds: int, *, seed: int = 4) -> npt.NDArray[np.float32]:
    """`seconds` of mono sound at `AUDIO_RATE`, peaks well below full scale."""
    n = seconds * AUDIO_RATE
    t = np.arange(n, dtype=np.float64) / AUDIO_RATE
    swell = 0.6 + 0.4 * np.sin(2 * np.pi * t / 12.0)
    chord = (
        np.sin(2 * np.pi * 130.81 * t)
        + 0.6 * np.sin(2 * np.pi * 196.0 * t)
        + 0.4 * np.sin(2 * np.pi * 261.63 * t)
    )
    out = 0.025 * swell * chord
    rng = np.random.default_rng(seed)
    at = 1.0
    speaker = 0
    while at < seconds - 1.0:
        at = _utterance(out, at, speaker, rng)
        at += float(rng.uniform(0.5, 1.4))  # the pause a coach hopes the caregiver leaves
        speaker = 1 - speaker
    fade = min(n // 2, AUDIO_RATE)
    out[:fade] *= np.linspace(0.0, 1.0, fade)
    out[n - fade :] *= np.linspace(1.0, 0.0, fade)
    return out.astype(np.float32)


def _utterance(
    out: npt.NDArray[np.float64], at: float, speaker: int, rng: np.random.Generator
) -> float:
    """A few syllables from one voice, starting at `at` seconds; returns where it ended."""
    base = 210.0 if speaker == 0 else 370.0
    level = 0.12 if speaker == 0 else 0.09
    rising = bool(rng.random() < 0.5)
    count = int(rng.integers(2, 6))
    for k in range(count):
        dur = float(rng.uniform(0.14, 0.3))
        contour = (k + 1) / count if rising else 1 - k / count
        f_start = base * (0.9 + 0.3 * contour) * float(rng.uniform(0.95, 1.05))
        f_end = f_start * float(rng.uniform(0.85, 1.2))
        _syllable(out, at, dur, f_start, f_end, level)
        at += dur + float(rng.uniform(0.04, 0.12))
    return at


def _syllable(
    out: npt.NDArray[np.float64], at: float, dur: float, f_start: float, f_end: float, level: float
) -> None:
    start = int(at * AUDIO_RATE)
    count = min(int(dur * AUDIO_RATE), out.size - start)
    if count <= 0:
        return
    u = np.arange(count) / count
    phase = 2 * np.pi * np.cumsum(f_start + (f_end - f_start) * u) / AUDIO_RATE
    voice = sum(a * np.sin((i + 1) * phase) for i, a in enumerate(_HARMONICS))
    envelope = np.sin(np.pi * u) ** 1.5
    out[start : start + count] += level * envelope * voice
