"""`vfcoach irr` (two coders' agreement) and `vfcoach drift` (κ against the master coder).

`irr` prints `vfcoach.reports.reliability_json` of the result, the figures the Reliability
view shows, so a supervisor's script and the window never disagree. Options not given fall
back to the organisation's stored reliability settings (domain.md §9); options given apply
to this run only. Every read goes through the blind guard as `--as NAME`. `--report FILE.html|.pdf`
writes the reliability report; only the PDF loads Qt, and only then. Storage and operations
are imported inside the handlers, so building the parser loads neither.
"""

from __future__ import annotations

import argparse
import csv
import sys
from typing import TYPE_CHECKING, Any

from vfcoach.cli import _args as arg
from vfcoach.cli._common import acting, add_force, command, open_db
from vfcoach.cli._output import print_csv, print_json
from vfcoach.coding.csv_cells import cell_text, escape_cell
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands
    from vfcoach.output import CheckedTarget
    from vfcoach.services.access import Actor
    from vfcoach.services.reliability.irr import IrrResult, IrrSettings
    from vfcoach.storage.database import Database


class IrrUsage(VfcoachError):
    """A reliability request the options do not describe (no recording, both --all and ids)."""


def settings_from(args: argparse.Namespace, stored: IrrSettings) -> IrrSettings:
    """The stored settings with this run's options laid over them."""
    changes: dict[str, Any] = {}
    for option, field in (
        ("method", "method"),
        ("tolerance", "tolerance_ms"),
        ("slice", "slice_ms"),
        ("tolerance_slices", "tolerance_slices"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            changes[field] = value
    if getattr(args, "overlap", False):
        changes["by_overlap"] = True
    if getattr(args, "within_category", None) is not None:
        changes["within_category"] = args.within_category
    if getattr(args, "codes", None):
        changes["codes"] = args.codes
    return stored.with_changes(**changes)


def _stored(db: Database) -> IrrSettings:
    from vfcoach.services.reliability.irr import load_irr_settings

    with db.uow() as uow:
        return load_irr_settings(uow)


def _recordings(db: Database, args: argparse.Namespace) -> list[RecordingId]:
    from vfcoach.services.reliability.irr import double_coded_recordings

    if args.all and args.recordings:
        raise IrrUsage("give recording ids or --all, not both")
    if (args.since or args.until) and not args.all:
        raise IrrUsage("--since and --until choose recordings with --all")
    if not args.all:
        if not args.recordings:
            raise IrrUsage("name at least one RECORDING_ID, or --all")
        return [RecordingId(r) for r in args.recordings]
    found = double_coded_recordings(db, args.coders[0], args.coders[1], args.since, args.until)
    if not found:
        period = "" if not (args.since or args.until) else " in that period"
        raise IrrUsage(
            f"{args.coders[0]} and {args.coders[1]} have no recording both coded{period}"
        )
    return found


def cmd_irr(args: argparse.Namespace) -> int:
    from vfcoach.output import REPORT
    from vfcoach.reports.reliability_json import result_csv_rows, result_json
    from vfcoach.services.output_guard import check_output
    from vfcoach.services.reliability.irr import IrrOperation

    db = open_db(args)
    report = None if args.report is None else check_output(db, args.report, REPORT, args.force)
    settings = settings_from(args, _stored(db))
    recordings = _recordings(db, args)
    if args.purpose == "research":  # consent: every family in it agreed to research
        from vfcoach.services.consent_gates import require_research_for

        require_research_for(db, recordings)
    a, b = args.coders
    actor = acting(db, args.viewer)
    result = IrrOperation(db, recordings, a, b, settings, actor).run()
    if report is not None and result.without_codes:
        raise VfcoachError(
            f"no report: {' and '.join(result.without_codes)} has no codes in these "
            "recordings, so there is no agreement to report"
        )
    if report is not None:
        _write_report(db, result, report, actor)
    if args.format == "json":
        print_json(result_json(result))
    else:
        print_csv(result_csv_rows(result))
    return 0


def _write_report(
    db: Database, result: IrrResult, target: CheckedTarget, actor: Actor | None
) -> None:
    from vfcoach.output import write_text, writing
    from vfcoach.reports.reliability_report import build_report
    from vfcoach.services.reliability.drift import drift_for_report
    from vfcoach.services.retention.register import registered_for_recordings

    path = target.given
    drift, drift_note = drift_for_report(db, result, actor)
    report = build_report(result, drift, drift_note, for_pdf=target.suffix == ".pdf")
    shown = [r.recording_id for r in result.recordings]
    with registered_for_recordings(db, shown, "report"):  # issue 14 §2: erases find it
        if target.suffix == ".pdf":
            from vfcoach.reports.reliability_pdf import write_pdf  # Qt, only for a PDF

            with writing(target) as part:
                pages = write_pdf(report, part)
            print(f"report ({pages} page(s)) -> {path}", file=sys.stderr)
        else:
            write_text(target, report.html)
            print(f"report -> {path}", file=sys.stderr)
    from vfcoach.services.audit import log_export

    log_export(db, actor, "reliability_report", "reliability:report", {"format": target.suffix})


def cmd_drift(args: argparse.Namespace) -> int:
    from vfcoach.reports.reliability_report import drift_json
    from vfcoach.services.reliability.irr import DriftOperation

    db = open_db(args)
    settings = settings_from(args, _stored(db))
    points = DriftOperation(db, args.coder or None, settings, acting(db, args.viewer)).run()
    data = drift_json(points, settings)
    if args.format == "json":
        print_json(data)
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        ["coder", "date", "recording", "label", "master", "kappa", "n", "band", "below_warning"]
    )
    for coder, rows in data["coders"].items():
        for p in rows:
            row = [
                coder,
                p["date"],
                p["recording_id"],
                p["label"],
                p["master"],
                p["kappa"],
                p["n"],
                p["band"],
                p["below_warning"],
            ]
            writer.writerow([escape_cell(cell_text(v)) for v in row])
    return 0


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tolerance", type=arg.seconds_ms, metavar="SECONDS", help="event window ±s")
    p.add_argument("--overlap", action="store_true", help="state events also pair by overlap")
    p.add_argument(
        "--within-category",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="align events within each scheme category (child cues, caregiver, coach...); "
        "--no-within-category overrides a stored default",
    )
    p.add_argument("--codes", type=arg.code_keys, metavar="K,K", help="only these code keys")
    p.add_argument(
        "--as", type=arg.name, dest="viewer", metavar="NAME", help="who reads (blind double coding)"
    )
    p.add_argument("--format", choices=("json", "csv"), default="json")


def register(commands: Subcommands) -> None:
    p = command(commands, "irr", cmd_irr, "agreement of two coders on double-coded recordings")
    p.add_argument("recordings", type=arg.record_id, nargs="*", metavar="RECORDING_ID")
    p.add_argument(
        "--coders",
        type=arg.name,
        nargs=2,
        required=True,
        metavar=("A", "B"),
        help="coder A, coder B",
    )
    p.add_argument("--all", action="store_true", help="every recording both coders coded")
    p.add_argument("--since", type=arg.date, metavar="YYYY-MM-DD", help="with --all: visits from")
    p.add_argument("--until", type=arg.date, metavar="YYYY-MM-DD", help="with --all: visits until")
    p.add_argument("--method", choices=("event", "time"), help="event-based or time-unit κ")
    p.add_argument("--slice", type=arg.seconds_ms, metavar="SECONDS", help="time-unit slice width")
    p.add_argument("--tolerance-slices", type=arg.whole, metavar="N", help="time-unit tolerance ±N")
    _common(p)
    p.add_argument("--report", type=arg.path, metavar="FILE.html|FILE.pdf", help="write the report")
    add_force(p)
    p.add_argument(
        "--purpose", choices=("programme", "research"), default=None,
        help="research: the results leave the programme (every family must have agreed)",
    )  # fmt: skip

    p = command(commands, "drift", cmd_drift, "each coder's κ against the master coder over time")
    p.add_argument(
        "--coder",
        type=arg.name,
        action="append",
        metavar="NAME",
        help="only this coder (repeatable)",
    )
    _common(p)
