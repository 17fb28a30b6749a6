"""The reliability report (HTML self-contained, with the operation's numbers; PDF with pages)
and drift against the master coder, on real imported recordings."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from tests.actors import who
from tests.services.reliability_world import (
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from vfcoach.reports.reliability_report import build_report, drift_json
from vfcoach.services.access import PassNotChosen
from vfcoach.services.reliability.drift import drift_for_report
from vfcoach.services.reliability.irr import (
    DriftOperation,
    IrrOperation,
    IrrResult,
    IrrSettings,
)
from vfcoach.services.reliability.plan import set_role
from vfcoach.storage.database import Database

# Ben agrees with the master coder on 4 of 5 events, then on 1 of 5 (a drift downwards)
CLOSE = [("NUR", 12.0), ("DEL", 30.0), ("C_LEAD", 50.0), ("NUR", 70.0), ("DEL", 90.0)]
FAR = [("NUR", 12.5), ("DEL", 30.5), ("C_LEAD", 50.5), ("NUR", 70.5), ("C_LEAD", 90.5)]
WRONG = [("DEL", 12.5), ("NUR", 30.5), ("DEL", 50.5), ("C_LEAD", 70.5), ("DEL", 90.5)]


@pytest.fixture
def example3(db: Database, video_120s: Path) -> IrrResult:
    rec = import_video(db, video_120s, "F-1", 1)
    code(db, rec, "Ana", list(EXAMPLE3_A))
    code(db, rec, "Ben", list(EXAMPLE3_B))
    return IrrOperation(db, [rec], "Ana", "Ben", IrrSettings(), actor=who(db, "Ana")).run()


def test_html_report_is_self_contained_and_shows_the_numbers(db: Database, example3: IrrResult):
    drift, note = drift_for_report(db, example3, who(db, "Ana"))
    assert drift == {} and "master coder" in note  # nobody is the master coder yet
    html = build_report(example3, drift, note).html
    assert html.startswith("<!DOCTYPE html>")
    for outside in ('src="http', "href=", "<link", "<script", "url(", "@import"):
        assert outside not in html, outside
    assert re.findall(r'src="([^"]*)"', html) == []  # no image file either: plots are inline
    assert "<svg" in html and "<style>" in html
    assert ">0.18<" in html  # κ = 2/11
    assert ">50.0 %<" in html  # Po
    assert ">75.0 %<" in html  # code agreement among pairs
    assert "too few to judge" in html  # 6 events < 20
    assert "±2 s apart" in html and "F-1 visit 1" in html
    assert "only Ana coded" in html and "only Ben coded" in html
    assert "<i>nothing within the window</i>" in html
    assert "Codes describe moments in the video, not people." in html
    assert "frightening" not in html.lower() and "intrusive" not in html.lower()


def test_pdf_report_has_pages_and_the_plot(qapp: object, example3: IrrResult, tmp_path: Path):
    from PySide6.QtPdf import QPdfDocument

    from vfcoach.reports.reliability_pdf import write_pdf

    report = build_report(example3, {}, "no master coder", for_pdf=True)
    assert 'src="plot:drift"' in report.html and "<svg" not in report.html
    path = tmp_path / "irr.pdf"
    pages = write_pdf(report, path)
    assert path.read_bytes().startswith(b"%PDF-")
    pdf = QPdfDocument()
    pdf.load(str(path))
    assert pdf.pageCount() == pages >= 1
    assert "0.18" in pdf.getAllText(0).text()


def test_drift_against_the_master_coder(db: Database, video_120s: Path):
    with pytest.raises(PassNotChosen, match="master coder"):
        DriftOperation(db, None, IrrSettings(), actor=None).run()
    first = import_video(db, video_120s, "F-2", 1)
    second = import_video(db, video_120s, "F-2", 2)
    for rec, ben in ((first, FAR), (second, WRONG)):
        code(db, rec, "Mia", CLOSE)
        code(db, rec, "Ben", ben)
    set_role(db, "Mia", None, True, who(db, "Sue"))
    settings = IrrSettings(min_events=5)
    drift = DriftOperation(db, None, settings, actor=who(db, "Sue")).run()
    assert list(drift) == ["Ben"]  # the master coder is not compared with herself
    points = drift["Ben"]
    assert [p.recording_id for p in points] == [first, second]
    # second: every pair disagrees -> Po = 0; first: 4/5 agree; κ from the operation itself
    for p in points:
        ref = IrrOperation(db, [p.recording_id], "Mia", "Ben", settings, actor=who(db, "Sue")).run()
        assert ref.event is not None and p.kappa == pytest.approx(ref.event.stats.kappa)
        assert p.n == 5 and p.master == "Mia"
    assert points[0].kappa > 0.6 > points[1].kappa
    data = drift_json(drift, settings)
    assert [q["below_warning"] for q in data["coders"]["Ben"]] == [False, True]
    assert data["warning_line"] == 0.6
    only = DriftOperation(db, ["Ben"], IrrSettings(), actor=who(db, "Sue")).run()["Ben"]
    assert [p.band for p in only] == [None, None]  # 5 events < 20: too few to judge
    assert not math.isnan(only[0].kappa)
