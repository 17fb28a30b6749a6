"""The tables of the reliability report, each built from `result_json(IrrResult)` data.

Plain HTML tables with inline colours (`bgcolor` as well as CSS), because the same markup is
laid out by browsers and by Qt's QTextDocument for the PDF, which knows only simple CSS.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.reliability.settings import IrrSettings
from vfcoach.reports.reliability_svg import heat

CSS = (
    "body{font-family:sans-serif;font-size:10pt;color:#222;margin:24px;max-width:1000px}"
    "h1{font-size:16pt}h2{font-size:12pt;margin-top:20px;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;margin:6px 0}"
    "th,td{border:1px solid #bbb;padding:3px 6px;text-align:left}"
    "th{background:#eee}td.num{text-align:right}"
    ".meta,.note{color:#555}.warn{color:#a04000}"
    ".pass{color:#1e7d3a;font-weight:bold}.fail{color:#b03a2e;font-weight:bold}"
)
# Qt lays the PDF out at print size: smaller type so a figures table fits an A4 width.
PDF_CSS = "body{font-size:7.5pt;margin:0}h1{font-size:13pt}h2{font-size:10pt}th,td{padding:2px}"

_FIGURE = re.compile(r"^(—|-?[\d.:]+( %| to -?[\d.]+)?)$")
NOTHING = {"nil": "nothing within the window", "none": "no code"}

KIND_WORDS = {"substitution": "different codes", "miss": "only A coded", "extra": "only B coded"}


def f2(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f} %"


def verdict(meets: bool | None, criterion: float) -> str:
    if meets is None:
        return "<span>not judged</span>"
    if meets:
        return f"<span class='pass'>meets ≥ {criterion:.2f}</span>"
    return f"<span class='fail'>below {criterion:.2f}</span>"


def _table(head: list[str], rows: list[list[str]], figures: bool = True) -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    cell = rows_cell if figures else (lambda c: f"<td>{c}</td>")
    body = "".join("<tr>" + "".join(cell(c) for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def rows_cell(cell: str) -> str:
    """A cell; a figure (number, percentage, range, time) aligns right."""
    numeric = bool(_FIGURE.match(cell))
    return f"<td class='num'>{cell}</td>" if numeric else f"<td>{cell}</td>"


def _nowrap(text: str) -> str:
    return escape(text).replace(" ", "&nbsp;")


def _share(percent: float | None) -> float | None:
    return None if percent is None else percent / 100


def settings_table(data: dict[str, Any], s: IrrSettings) -> str:
    rows = [
        ["Method", "event-based κ" if s.method == "event" else "time-unit κ"],
        ["Matching rule", escape(data["matching_rule"])],
        [
            "Event tolerance",
            f"±{s.tolerance_ms / 1000:g} s" + (", overlap" if s.by_overlap else ""),
        ],
        [
            "Event alignment",
            "within each category of the scheme"
            if s.within_category
            else "all codes in one stream",
        ],
        ["Time-unit slice", f"{s.slice_ms / 1000:g} s, tolerance ±{s.tolerance_slices} slice(s)"],
        ["Codes", escape(", ".join(s.codes)) or "all (segment codes left out)"],
        ["Too few to judge below", f"{s.min_events} events or units; {s.min_clips} recordings"],
        ["PABAK shown when a category's share exceeds", f"{100 * s.pabak_share:.0f} %"],
        ["Criteria", f"κ ≥ {s.kappa_criterion:.2f}; ICC ≥ {s.icc_criterion:.2f}"],
        ["Drift warning line", f"κ {s.drift_warning:.2f} against the master coder"],
        ["Bands", "κ: Landis & Koch 1977; ICC: Koo & Li 2016 (on the 95 % CI)"],
    ]
    return _table(["Setting", "Value"], rows, figures=False)


def _scopes(data: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(scope, group, figures): pooled first, then each recording when there are several."""
    parts = [("All recordings", data)]
    if len(data["recordings"]) > 1:
        parts += [(_nowrap(r["label"]) + f" (recording {r['id']})", r) for r in data["recordings"]]
    out = []
    for scope, part in parts:
        if part["event"] is not None:
            out.append((scope, "events", part["event"]))
        out += [(scope, escape(g), fig) for g, fig in (part["time"] or {}).items()]
    return out


def figures_table(data: dict[str, Any], s: IrrSettings) -> str:
    event = data["method"] == "event"
    head = ["Recordings", *(() if event else ("Group",)), "n", "Agreement", "κ", "κ max"]
    head += ["PABAK", "AC1", "Band", *(("Paired", "Codes agree") if event else ())]
    head.append(f"Criterion κ ≥ {s.kappa_criterion:.2f}")
    rows = []
    for scope, group, fig in _scopes(data):
        row = [scope, *(() if event else (group,)), str(fig["n"]), pct(fig["po"])]
        row.append(f2(fig["kappa"]))
        row += [f2(fig["kappa_max"]), f2(fig["pabak"]) if fig["show_pabak"] else "—"]
        row += [f2(fig["ac1"]), escape(fig["band"])]
        if event:
            row += [pct(fig["paired_share"]), pct(fig["code_agreement"])]
        row.append(verdict(fig["meets_criterion"], s.kappa_criterion))
        rows.append(row)
    note = (
        f"<p class='note'>Agreement = percent agreement (Po). PABAK is shown when one category "
        f"holds more than {100 * s.pabak_share:.0f} % of all ratings, where κ can be low despite "
        f"high agreement. Below {s.min_events} {'events' if event else 'units'} a value is "
        "too few to judge and gets no band or verdict.</p>"
    )
    return _table(head, rows) + note


def matrix_tables(data: dict[str, Any]) -> str:
    out = []
    for scope, group, fig in _scopes(data):
        if scope != "All recordings":
            continue
        cats, m = fig["categories"], fig["matrix"]
        if not cats:
            out.append(f"<p>{group}: nothing coded.</p>")
            continue
        biggest = max((c for row in m for c in row), default=0)
        head = "".join(f"<th>B: {escape(c)}</th>" for c in cats) + "<th>Total</th>"
        rows = []
        for i, (cat, row) in enumerate(zip(cats, m, strict=True)):
            cells = "".join(
                f"<td class='num' bgcolor='{heat(c, biggest, i == j)}' "
                f"style='background-color:{heat(c, biggest, i == j)}'>{c}</td>"
                for j, c in enumerate(row)
            )
            rows.append(f"<tr><th>A: {escape(cat)}</th>{cells}<td class='num'>{sum(row)}</td></tr>")
        totals = "".join(f"<td class='num'>{sum(col)}</td>" for col in zip(*m, strict=True))
        rows.append(f"<tr><th>Total</th>{totals}<td class='num'>{fig['n']}</td></tr>")
        caption = "" if group == "events" else f"<p><b>{group}</b></p>"
        out.append(f"{caption}<table><tr><th></th>{head}</tr>{''.join(rows)}</table>")
    return "".join(out)


def per_code_table(data: dict[str, Any]) -> str:
    event = data["method"] == "event"
    rows = [
        [*(() if event else (group,)), escape(code), f2(k)]
        for scope, group, fig in _scopes(data)
        if scope == "All recordings"
        for code, k in fig["per_code_kappa"].items()
    ]
    if not rows:
        return "<p>No codes to compare.</p>"
    return _table([*(() if event else ("Group",)), "Code", "κ"], rows)


def icc_table(data: dict[str, Any], s: IrrSettings) -> str:
    rows = []
    for measure, forms in data["icc"].items():
        for f in forms:
            ci = "—" if f["ci_low"] is None else f"{f2(f['ci_low'])} to {f2(f['ci_high'])}"
            rows.append(
                [
                    *(measure, f["form"], f2(f["value"]), ci, escape(f["band"]), str(f["n"])),
                    verdict(f["meets_criterion"], s.icc_criterion),
                ]
            )
    head = ["Tally", "Form", "ICC", "95 % CI", "Koo & Li band (of the CI)", "Recordings"]
    inputs = [
        [_nowrap(r["label"]) + f" (recording {r['id']})"]
        + [str(r[k]["itm_count"]) for k in ("tally_a", "tally_b")]
        + [f2(r[k]["rate_per_min"]) for k in ("tally_a", "tally_b")]
        + [pct(_share(r[k]["on_target_pct"])) for k in ("tally_a", "tally_b")]
        for r in data["recordings"]
    ]
    in_head = ["Recording", "ITMs A", "ITMs B", "Rate A /min", "Rate B /min"]
    in_head += ["On-target A", "On-target B"]
    return (
        _table([*head, f"Criterion ICC ≥ {s.icc_criterion:.2f}"], rows)
        + f"<p class='note'>Fewer than {s.min_clips} recordings: too few to judge. "
        "ICC(2,1) counts a coder who tallies systematically more as disagreement; "
        "ICC(3,1) does not.</p><p>Tallies compared (whole recording):</p>" + _table(in_head, inputs)
    )


def _said(code: str) -> str:
    return f"<i>{NOTHING[code]}</i>" if code in NOTHING else escape(code)


def disagreement_table(data: dict[str, Any], coder_a: str, coder_b: str) -> str:
    rows = []
    for i, d in enumerate(data["disagreements"], 1):
        kind = KIND_WORDS.get(d["kind"], d["kind"])
        kind = kind.replace("only A", f"only {escape(coder_a)}").replace(
            "only B", f"only {escape(coder_b)}"
        )
        span = format_ms(d["at_ms"]) + ("" if d["end_ms"] is None else f"–{format_ms(d['end_ms'])}")
        a_at = "" if d["time_a_ms"] is None else f" at {format_ms(d['time_a_ms'])}"
        b_at = "" if d["time_b_ms"] is None else f" at {format_ms(d['time_b_ms'])}"
        group = () if d["group"] == "" else (escape(d["group"]),)
        rows.append(
            [
                *(str(i), str(d["recording_id"]), span, *group, kind),
                *(_said(d["code_a"]) + a_at, _said(d["code_b"]) + b_at),
            ]
        )
    if not rows:
        return "<p>The coders agree everywhere.</p>"
    groups = () if data["method"] == "event" else ("Group",)
    head = ["#", "Recording", "Time", *groups, "Kind", f"A: {escape(coder_a)}"]
    return _table([*head, f"B: {escape(coder_b)}"], rows)
