"""Small SVG plots for the reliability report, written by hand so the report needs no files.

A report goes to a supervisor's colleagues by e-mail or onto a shared drive; inline SVG
keeps it one self-contained file (no scripts, fonts or images beside it) and stays sharp
when printed. The PDF renders the same SVG text to pictures with QtSvg.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from html import escape

from vfcoach.coding.reliability.drift_point import DriftPoint

PALETTE = ("#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
WARNING = "#c0392b"
W, H = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 16, 40


def _t(text: str) -> str:
    return escape(text, quote=True)


def _ticks(lo: float, hi: float) -> list[float]:
    step = 0.2
    first = math.ceil(lo / step - 1e-9)
    return [round(k * step, 2) for k in range(first, math.floor(hi / step + 1e-9) + 1)]


def drift_svg(series: Mapping[str, Sequence[DriftPoint]], warning: float) -> str:
    """κ against the master coder over time, one line per coder, the warning line dashed.

    Recordings are placed in date order at even steps (several on one day stay apart; the
    dates are written under them), points whose κ rests on too few events are hollow (no
    band can be given), and an undefined κ (one category) is left out, not drawn as 0.
    """
    keys = sorted({(p.when, p.recording_id) for pts in series.values() for p in pts})
    slot = {k: i for i, k in enumerate(keys)}
    shown_all = [p for pts in series.values() for p in pts if not math.isnan(p.kappa)]
    lo = math.floor(min([0.0, warning - 0.1, *(p.kappa for p in shown_all)]) / 0.2) * 0.2
    hi = 1.0
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(p: DriftPoint) -> float:
        return LEFT + pw * (slot[(p.when, p.recording_id)] + 0.5) / max(len(keys), 1)

    def y(value: float) -> float:
        return TOP + ph * (hi - value) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
        f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
        f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="#fafafa" stroke="#999"/>',
    ]
    for tick in _ticks(lo, hi):
        out.append(
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{LEFT + pw}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.1f}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" y1="{y(warning):.1f}" x2="{LEFT + pw}" y2="{y(warning):.1f}" '
        f'stroke="{WARNING}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + pw + 4}" y="{y(warning) + 4:.1f}" fill="{WARNING}">'
        f"warning line {warning:.2f}</text>"
    )
    last_label = -math.inf
    for i, (day, _rec) in enumerate(keys):
        at = LEFT + pw * (i + 0.5) / len(keys)
        if (i == 0 or day != keys[i - 1][0]) and at - last_label >= 72:
            out.append(
                f'<text x="{at:.1f}" y="{TOP + ph + 16}" text-anchor="middle">'
                f"{day.isoformat()}</text>"
            )
            last_label = at
    out.append(
        f'<text x="14" y="{TOP + ph / 2:.1f}" transform="rotate(-90 14 {TOP + ph / 2:.1f})" '
        'text-anchor="middle">κ vs master coder</text>'
    )
    for i, (coder, pts) in enumerate(sorted(series.items())):
        colour = PALETTE[i % len(PALETTE)]
        shown = [p for p in pts if not math.isnan(p.kappa)]
        if len(shown) > 1:
            path = " ".join(f"{x(p):.1f},{y(p.kappa):.1f}" for p in shown)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for p in shown:
            fill = colour if p.band is not None else "white"
            out.append(
                f'<circle cx="{x(p):.1f}" cy="{y(p.kappa):.1f}" r="4" fill="{fill}" '
                f'stroke="{colour}" stroke-width="2"><title>{_t(p.label)}: κ {p.kappa:.2f}'
                f"</title></circle>"
            )
        ly = TOP + 14 + 16 * i
        out.append(
            f'<circle cx="{LEFT + pw + 10}" cy="{ly + 28}" r="4" fill="{colour}"/>'
            f'<text x="{LEFT + pw + 18}" y="{ly + 32}">{_t(coder)}</text>'
        )
    if not shown_all:
        out.append(
            f'<text x="{LEFT + pw / 2}" y="{TOP + ph / 2}" text-anchor="middle" fill="#666">'
            "no recording coded by a coder and the master coder yet</text>"
        )
    out.append("</svg>")
    return "".join(out)


def heat(count: int, biggest: int, diagonal: bool) -> str:
    """Cell colour of a confusion matrix: green on the diagonal, red off it, by count."""
    if count == 0 or biggest == 0:
        return "#ffffff"
    share = 0.15 + 0.85 * count / biggest
    base = (39, 174, 96) if diagonal else (192, 57, 43)
    r, g, b = (round(255 - (255 - c) * share) for c in base)
    return f"#{r:02x}{g:02x}{b:02x}"
