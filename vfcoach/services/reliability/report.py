"""The reliability report: one self-contained HTML file (inline CSS and SVG, nothing linked).

Everything printed comes from `IrrResult.to_json()`, the same dictionary `vfcoach irr` prints
and the view shows, so the report cannot round or judge differently. Recordings appear by
family code and visit number only. Codes name moments, never people (domain.md §7 rule 10),
and the report says so. For the PDF, plots are referenced as `plot:NAME` images, which the
Qt writer renders from the same SVG text (QTextDocument cannot draw SVG itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Any

from vfcoach.coding.reliability import TOO_FEW
from vfcoach.reports.reliability_svg import drift_svg
from vfcoach.reports.reliability_tables import (
    CSS,
    PDF_CSS,
    disagreement_table,
    figures_table,
    icc_table,
    matrix_tables,
    per_code_table,
    settings_table,
)
from vfcoach.services.access import Actor, PassNotChosen
from vfcoach.services.reliability.drift import DriftOperation, DriftPoint
from vfcoach.services.reliability.events import event_rule
from vfcoach.services.reliability.irr import IrrResult
from vfcoach.services.reliability.settings import IrrSettings, meets
from vfcoach.storage.database import Database

Drift = dict[str, list[DriftPoint]]
PLOT_WIDTH = 640  # the plots' own width in SVG units


@dataclass(frozen=True)
class Report:
    html: str
    plots: dict[str, str]  # name -> SVG text; the HTML shows them inline, or as plot:NAME


def drift_json(points: Drift, settings: IrrSettings) -> dict[str, Any]:
    """Drift as printed by `vfcoach drift` and tabled in the report."""
    coders: dict[str, list[dict[str, Any]]] = {}
    for coder, pts in sorted(points.items()):
        coders[coder] = [
            {
                "date": p.when.isoformat(),
                "recording_id": p.recording_id,
                "label": p.label,
                "master": p.master,
                "kappa": None if p.kappa != p.kappa else p.kappa,
                "n": p.n,
                "band": TOO_FEW if p.band is None else p.band,
                # "below" means below the line: the criterion logic with the line as criterion
                "below_warning": _below(p, settings.drift_warning),
            }
            for p in pts
        ]
    return {
        "warning_line": settings.drift_warning,
        "matching_rule": event_rule(settings),
        "coders": coders,
    }


def _below(p: DriftPoint, line: float) -> bool | None:
    verdict = meets(p.kappa, p.band is not None, line)
    return None if verdict is None else not verdict


def drift_for_report(db: Database, result: IrrResult, actor: Actor | None) -> tuple[Drift, str]:
    """Drift of the two coders against the master coder, or why there is none."""
    try:
        drift = DriftOperation(db, [result.coder_a, result.coder_b], result.settings, actor).run()
    except PassNotChosen as exc:
        return {}, str(exc)
    if not drift:
        return {}, "neither coder has coded a recording the master coder also coded"
    return drift, ""


def _drift_section(drift: Drift, note: str, settings: IrrSettings, img: str) -> str:
    rows = []
    for coder, pts in drift_json(drift, settings)["coders"].items():
        for p in pts:
            kappa = "—" if p["kappa"] is None else f"{p['kappa']:.2f}"
            flag = {True: "below", False: "above", None: "not judged"}[p["below_warning"]]
            rows.append(
                f"<tr><td>{escape(coder)}</td><td>{p['date']}</td><td>{escape(p['label'])}</td>"
                f"<td class='num'>{kappa}</td><td class='num'>{p['n']}</td>"
                f"<td>{escape(p['band'])}</td><td>{flag}</td></tr>"
            )
    table = (
        "<table><tr><th>Coder</th><th>Date</th><th>Recording</th><th>κ</th><th>n</th>"
        f"<th>Band</th><th>Warning line</th></tr>{''.join(rows)}</table>"
        if rows
        else f"<p class='note'>{escape(note or 'No drift data.')}</p>"
    )
    return (
        "<h2>Drift against the master coder</h2>"
        f"<p>Event-based κ of each coder against the master coder on every recording both "
        f"coded, by submission date. Dashed line: the warning line at "
        f"{settings.drift_warning:.2f} (retraining is considered below it). Hollow points: "
        f"fewer than {settings.min_events} events, too few to judge.</p>{img}{table}"
    )


def build_report(
    result: IrrResult, drift: Drift | None = None, drift_note: str = "", *, for_pdf: bool = False
) -> Report:
    """The whole report; `for_pdf` swaps inline SVG for `plot:NAME` images."""
    data = result.to_json()
    s = result.settings
    plots = {"drift": drift_svg(drift or {}, s.drift_warning)}

    def img(name: str) -> str:
        return f'<p><img src="plot:{name}" width="{PLOT_WIDTH}"></p>' if for_pdf else plots[name]

    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    ids = ", ".join(f"{r['id']} ({escape(r['label'])})" for r in data["recordings"])
    notes = "".join(f"<li>{escape(n)}</li>" for n in data["notes"])
    method = "event-based" if s.method == "event" else "time-unit"
    body = [
        f"<h1>Coder reliability: {escape(result.coder_a)} and {escape(result.coder_b)}</h1>",
        f"<p class='meta'>Made by vfcoach on {when}. {len(data['recordings'])} recording(s): "
        f"{ids}. Coder A = {escape(result.coder_a)}, coder B = {escape(result.coder_b)}.</p>",
        "<p class='note'>Codes describe moments in the video, not people.</p>",
        f"<ul class='warn'>{notes}</ul>" if notes else "",
        "<h2>Settings</h2>",
        settings_table(data, s),
        f"<h2>Agreement ({method})</h2>",
        figures_table(data, s),
        "<h2>Confusion matrix</h2>",
        "<p>Rows coder A, columns coder B; green cells agree, red cells disagree, darker = "
        "more. 'nil' = no partner event within the window; 'none' = no code of the group.</p>",
        matrix_tables(data),
        "<h2>Per-code κ (each code against all others)</h2>",
        per_code_table(data),
        "<h2>ITM tallies: intraclass correlation across recordings</h2>",
        icc_table(data, s),
        _drift_section(drift or {}, drift_note, s, img("drift")),
        "<h2>Disagreements</h2>",
        disagreement_table(data, result.coder_a, result.coder_b),
    ]
    title = f"Coder reliability {result.coder_a} and {result.coder_b}"
    css = CSS + (PDF_CSS if for_pdf else "")
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>"
    )
    return Report(html, plots)
