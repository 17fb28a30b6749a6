"""The tally as JSON-ready data and CSV rows, with stable keys (documented in README.md).

The Tallies panel, `vfcoach tally --format json|csv` and any stored or exported result all
read this one dict, so the numbers a coach sees and the numbers a script gets cannot drift
apart. Rounding happens here and only here: rates to 2 decimals, percentages to 1 decimal
(domain.md §4 writes 85.7 %), minutes to 3 and seconds to 2; times stay integer ms.
Undefined figures are null ("—" in the panel), never 0. The CSV is the same dict flattened
to `section,item,field,value` rows, so it needs no second definition of any figure.
"""

from __future__ import annotations

from typing import Any

from vfcoach.coding.csv_cells import cell_text
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.tally.itm_tally import ItmTally

SCHEMA = "vfcoach.tally/1"
CSV_HEADER = ("section", "item", "field", "value")

# The field that names each row of a list section in CSV (otherwise the row's index).
_ITEM_FIELDS = ("target", "component", "key", "addressee", "start", "annotation_id")


def rate(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def minutes(ms: int) -> float:
    return round(ms / 60_000, 3)


def seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _span(start_ms: int, end_ms: int) -> dict[str, Any]:
    return {
        "start": format_ms(start_ms),
        "end": format_ms(end_ms),
        "start_ms": start_ms,
        "end_ms": end_ms,
    }


def to_json_dict(t: ItmTally) -> dict[str, Any]:
    """Every figure of the tally under the keys README.md documents."""
    lat, comp = t.latency, t.components
    return {
        "schema": SCHEMA,
        "scheme": t.scheme,
        "clip": t.coded.clip,
        "duration_ms": t.coded.duration_ms,
        "coded_ms": t.coded_ms,
        "coded_min": minutes(t.coded_ms),
        "n": t.n,
        "rate_per_min": rate(t.rate_per_min),
        "on_target_n": t.on_target_n,
        "on_target_pct": pct(t.on_target_share),
        "valence": {
            "positive": t.valence.positive,
            "scaffolding": t.valence.scaffolding,
            "unset": t.valence.unset,
            "positive_pct": pct(t.valence.positive_share),
            "scaffolding_pct": pct(t.valence.scaffolding_share),
        },
        "verdict": {
            "status": t.verdict.status.value,
            "reasons": list(t.verdict.reasons),
            "info": list(t.verdict.info),
            "flags": list(t.verdict.flags),
        },
        "thresholds": t.thresholds.to_dict(),
        "segments": [
            {
                **_span(s.span.start_ms, s.span.end_ms),
                "coded_ms": s.coded_ms,
                "n": s.n,
                "rate_per_min": rate(s.rate_per_min),
                "on_target_pct": pct(s.on_target_share),
                "verdict": s.verdict.value,
            }
            for s in t.segments
        ],
        "excluded": [_span(s.start_ms, s.end_ms) for s in t.coded.excluded],
        "by_target": [
            {
                "target": b.target,
                "n": b.n,
                "on_target_n": b.on_target_n,
                "rate_per_min": rate(b.rate_per_min),
            }
            for b in t.by_target
        ],
        "components": {
            "each": [{"component": c.component, "n": c.n, "pct": pct(c.share)} for c in comp.each],
            "all_n": comp.all_n,
            "all_pct": pct(comp.all_share),
        },
        "window_min": t.thresholds.window_min,
        "windows": [
            {
                **_span(w.start_ms, w.end_ms),
                "length_min": minutes(w.length_ms),
                "coded_min": minutes(w.coded_ms),
                "n": w.n,
                "rate_per_min": rate(w.rate_per_min),
            }
            for w in t.windows
        ],
        "latency": {
            "linked": lat.linked,
            "valid": lat.valid,
            "median_s": seconds(lat.median_s),
            "timely_n": lat.timely_n,
            "timely_pct": pct(lat.timely_share),
            "timely_limit_s": lat.timely_limit_s,
            "negative": [str(i) for i in lat.negative],
            "dangling": [str(i) for i in lat.dangling],
        },
        "opportunity": {
            "opportunities": t.opportunity.opportunities,
            "linked": t.opportunity.linked,
            "pct": pct(t.opportunity.share),
        },
        "by_addressee": (
            [{"addressee": a.addressee, "n": a.n} for a in t.by_addressee]
            if t.by_addressee
            else None
        ),
        "codes": [
            {
                "key": c.key,
                "label": c.label,
                "kind": c.kind,
                "count": c.count,
                "duration_s": round(c.duration_ms / 1000, 2),
                "open_count": c.open_count,
            }
            for c in t.codes
        ],
        "errors": [
            {
                "annotation_id": str(e.annotation_id),
                "at": format_ms(e.at_ms),
                "at_ms": e.at_ms,
                "message": e.message,
            }
            for e in t.errors
        ],
        "notes": list(t.notes),
    }


def _item(row: dict[str, Any], index: int) -> str:
    return next((str(row[f]) for f in _ITEM_FIELDS if f in row), str(index))


def flatten(data: dict[str, Any], section: str = "summary") -> list[tuple[str, str, str, str]]:
    """`section,item,field,value` rows of a JSON dict; nested names join with a dot."""
    rows: list[tuple[str, str, str, str]] = []
    for key, value in data.items():
        name = key if section == "summary" else f"{section}.{key}"
        if isinstance(value, dict):
            rows += flatten(value, name)
        elif isinstance(value, list):
            for i, entry in enumerate(value):
                if isinstance(entry, dict):
                    item = _item(entry, i)
                    rows += [(name, item, f, cell_text(v)) for f, v in entry.items()]
                else:
                    rows.append((name, str(i), "value", cell_text(entry)))
        else:
            rows.append((section, "", key, cell_text(value)))
    return rows


def to_csv_rows(t: ItmTally) -> list[tuple[str, str, str, str]]:
    """Header first, then one row per figure, exactly the values of `to_json_dict`."""
    return [CSV_HEADER, *flatten(to_json_dict(t))]
