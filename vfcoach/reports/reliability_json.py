"""The JSON and CSV forms of a reliability result (`vfcoach irr`, the view's export, the report).

One dictionary is the source for everything printed: the CLI dumps it, the report renders
it, and the view reads the same figures from it, so no two outputs round differently.
Undefined figures (κ with one category, ICC without spread) are JSON null, never NaN, which
most JSON readers reject. README.md ("Reliability") documents the keys.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from vfcoach.coding.csv_cells import cell_text
from vfcoach.coding.reliability import (
    TOO_FEW,
    AgreementTable,
    EventAgreement,
    IccResult,
    KappaStats,
    TimeUnitAgreement,
)
from vfcoach.coding.reliability.settings import IrrSettings, meets

if TYPE_CHECKING:
    from vfcoach.coding.reliability.result import IrrResult
    from vfcoach.coding.tally import ItmTally


def num(value: float | None) -> float | None:
    """A float for JSON: NaN and None become null."""
    if value is None or math.isnan(value):
        return None
    return float(value)


def stats_json(stats: KappaStats, table: AgreementTable, settings: IrrSettings) -> dict[str, Any]:
    judged = stats.label is not None
    return {
        "n": stats.n,
        "po": num(stats.po),
        "pe": num(stats.pe),
        "kappa": num(stats.kappa),
        "kappa_max": num(stats.kappa_max),
        "pabak": num(stats.pabak),
        "ac1": num(stats.ac1),
        "dominant_share": num(stats.dominant_share),
        "show_pabak": stats.show_pabak,
        "band": stats.band_text,
        "judged": judged,
        "meets_criterion": meets(stats.kappa, judged, settings.kappa_criterion),
        "per_code_kappa": {k: num(v) for k, v in stats.per_code.items()},
        "categories": list(table.categories),
        "matrix": table.matrix.tolist(),
    }


def event_json(ea: EventAgreement, settings: IrrSettings) -> dict[str, Any]:
    return {
        **stats_json(ea.stats, ea.table, settings),
        "pairs": ea.n_pairs,
        "alignment_rows": len(ea.pairs),
        "paired_share": num(ea.paired_share),
        "code_agreement": num(ea.code_agreement),
        "tolerance_ms": ea.tolerance_ms,
    }


def time_json(tu: dict[str, TimeUnitAgreement], settings: IrrSettings) -> dict[str, Any]:
    return {
        group: {
            **stats_json(t.stats, t.table, settings),
            "slice_ms": t.slice_ms,
            "tolerance_slices": t.tolerance_slices,
        }
        for group, t in tu.items()
    }


def icc_json(result: IccResult, criterion: float) -> dict[str, Any]:
    judged = result.label is not None
    return {
        "form": result.form,
        "value": num(result.value),
        "ci_low": num(result.ci_low),
        "ci_high": num(result.ci_high),
        "n": result.n,
        "k": result.k,
        "band": TOO_FEW if result.label is None else result.label,
        "judged": judged,
        "meets_criterion": meets(result.value, judged, criterion),
    }


def tally_json(tally: ItmTally) -> dict[str, Any]:
    share = tally.on_target_share
    return {
        "itm_count": tally.n,
        "rate_per_min": num(tally.rate_per_min),
        "on_target_pct": None if share is None else 100.0 * share,
        "coded_min": tally.coded_min,
    }


def result_json(r: IrrResult) -> dict[str, Any]:
    s = r.settings
    recordings = []
    for p in r.recordings:
        recordings.append(
            {
                "id": p.recording_id,
                "label": p.label,
                "duration_ms": p.duration_ms,
                "pass_a": p.pass_a,
                "pass_b": p.pass_b,
                "event": None if p.event is None else event_json(p.event, s),
                "time": None if p.time is None else time_json(p.time, s),
                "tally_a": tally_json(p.tally_a),
                "tally_b": tally_json(p.tally_b),
                "notes": list(p.notes),
            }
        )
    # A coder without a single code: κ against nothing comes out 0.00, which reads as
    # "slight agreement"; no figure is given, as the window shows none (`without_codes`).
    empty = r.without_codes
    if empty:
        for rec in recordings:
            rec["event"] = rec["time"] = None
    return {
        "coders": {"a": r.coder_a, "b": r.coder_b},
        "method": s.method,
        "matching_rule": r.matching_rule,
        "settings": s.to_dict(),
        "without_codes": list(empty),
        "recordings": recordings,
        "event": None if r.event is None or empty else event_json(r.event, s),
        "time": None if r.time is None or empty else time_json(r.time, s),
        "icc": {}
        if empty
        else {
            measure: [icc_json(form, s.icc_criterion) for form in forms]
            for measure, forms in r.icc.items()
        },
        "disagreements": [
            {
                "recording_id": d.recording_id,
                "at_ms": d.at_ms,
                "end_ms": d.end_ms,
                "kind": d.kind,
                "group": d.group,
                "code_a": d.code_a,
                "code_b": d.code_b,
                "time_a_ms": d.time_a_ms,
                "time_b_ms": d.time_b_ms,
                "ref_a": d.ref_a,
                "ref_b": d.ref_b,
            }
            for d in r.disagreements
        ],
        "notes": list(r.notes)
        + [f"{who} has no codes in these recordings: no agreement figure" for who in empty],
    }


CSV_HEADER = ["section", "recording", "group", "figure", "value"]
_SCALARS = (
    "n", "po", "pe", "kappa", "kappa_max", "pabak", "ac1", "show_pabak", "band",
    "meets_criterion", "pairs", "paired_share", "code_agreement",
)  # fmt: skip


def _figure_rows(section: str, rec: str, group: str, fig: dict[str, Any]) -> list[list[str]]:
    rows = [[section, rec, group, k, cell_text(fig[k])] for k in _SCALARS if k in fig]
    rows += [
        [section, rec, group, f"kappa {c}", cell_text(v)] for c, v in fig["per_code_kappa"].items()
    ]
    return rows


def result_csv_rows(r: IrrResult) -> list[list[str]]:
    """Long format (section, recording, group, figure, value): one figure per row, the same
    numbers as the JSON, so a spreadsheet can filter by any column."""
    data = result_json(r)
    rows = [CSV_HEADER]
    rows += [
        ["settings", "", "", k, cell_text(v)] for k, v in data["settings"].items() if k != "codes"
    ]
    rows.append(["settings", "", "", "codes", ",".join(data["settings"]["codes"])])
    rows.append(["settings", "", "", "coder_a", r.coder_a])
    rows.append(["settings", "", "", "coder_b", r.coder_b])
    rows.append(["settings", "", "", "matching_rule", r.matching_rule])
    scopes = [("pooled", "", data)] + [("recording", str(p["id"]), p) for p in data["recordings"]]
    for section, rec, part in scopes:
        if part["event"] is not None:
            rows += _figure_rows(section, rec, "event", part["event"])
        for group, fig in (part["time"] or {}).items():
            rows += _figure_rows(section, rec, group, fig)
    for measure, forms in data["icc"].items():
        for form in forms:
            for key in ("value", "ci_low", "ci_high", "n", "band", "meets_criterion"):
                rows.append(["icc", "", measure, f"{form['form']} {key}", cell_text(form[key])])
    for i, d in enumerate(data["disagreements"], 1):
        for key in ("kind", "at_ms", "end_ms", "code_a", "code_b", "time_a_ms", "time_b_ms"):
            rows.append(
                [
                    "disagreement",
                    str(d["recording_id"]),
                    d["group"] or "event",
                    f"{i}.{key}",
                    cell_text(d[key]),
                ]
            )
    return rows
