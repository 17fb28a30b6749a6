"""`vfcoach reel export --blur-faces / --for-training`: the training rule on the command line."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli
from tests.consent_helpers import agree
from vfcoach.coding.reels import Audience
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database
from vfcoach.video.probe import probe


def test_training_export_needs_blur_faces(
    cli: Cli, sqlite_url: str, cfr_video: Path, tmp_path: Path
) -> None:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    with Database.open(sqlite_url) as db:
        rec = ImportRecordingOperation(db, source, "F-0400").run()
        agree(db, "F-0400")  # training among them, faces blurred (the default)
        reel = CreateReelOperation(db, rec.visit_id, audience=Audience.COACH).run().reel
        assert reel.id is not None
        AddClipOperation(db, reel.id, None, rec.id, 10, 30, "", "").run()
    out = tmp_path / "training.mp4"
    base = ("reel", "export", reel.id, "--out", out, "--db", sqlite_url, "--captions", "none",
            "--shown-to", "Training group B")  # fmt: skip
    refused = cli(*base, "--for-training")
    assert refused.code == 1
    assert "every face must be blurred" in refused.error_line
    assert "--blur-faces" in refused.error_line
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    done = cli(*base, "--for-training", "--blur-faces", "--mode", "fast")
    assert done.code == 0, done.err
    assert "blurring faces" in done.err  # fast was asked: the note says why it is exact
    info = probe(out)
    assert info.has_audio and info.frame_count > 20
