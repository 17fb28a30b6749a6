"""Nothing half-written is ever left under the target name: cancel and errors clean up."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.video.export import ClipSpec, ExportError, ExportOptions, render_reel
from vfcoach.video.export import exact as exact_module
from vfcoach.video.export import render as render_module

OPTS = ExportOptions(width=320, height=240, fps=25, captions="burn")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _export_threads() -> list[str]:
    """Decode and sound workers still running: an export that ended must leave none."""
    return [t.name for t in threading.enumerate() if t.name.startswith("reel-export")]


@pytest.mark.parametrize("mode", ["exact", "fast"])
def test_cancel_midway_leaves_nothing(export_src: Path, tmp_path: Path, mode: str) -> None:
    token = CancelToken()
    seen: list[float] = []

    def progress(done: float, message: str) -> None:
        seen.append(done)
        if done > 0.3:
            token.cancel()

    specs = [ClipSpec(export_src, 0, 49, caption="One"), ClipSpec(export_src, 50, 99)]
    opts = ExportOptions(mode=mode, width=320, height=240)  # type: ignore[arg-type]
    with pytest.raises(Cancelled):
        render_reel(specs, tmp_path / "reel.mp4", opts, progress, token)
    assert max(seen) < 0.9
    assert _leftovers(tmp_path) == []
    assert _export_threads() == []


def test_clip_beyond_the_recording_is_a_clear_error(export_src: Path, tmp_path: Path) -> None:
    specs = [ClipSpec(export_src, 10, 20), ClipSpec(export_src, 90, 140)]
    with pytest.raises(ExportError, match=r"clip 2: frame 140 is beyond the last frame \(99\)"):
        render_reel(specs, tmp_path / "reel.mp4", OPTS)
    assert _leftovers(tmp_path) == []


def test_error_midway_removes_the_part_file(
    export_src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = exact_module.render_exact
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            assert len(list(tmp_path.glob(".reel.mp4.vfcoach-export-*.part"))) == 1  # mid-way
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(render_module, "render_exact", failing)
    specs = [ClipSpec(export_src, 10, 20), ClipSpec(export_src, 30, 40)]
    with pytest.raises(OSError, match="disk full"):
        render_reel(specs, tmp_path / "reel.mp4", OPTS)
    assert _leftovers(tmp_path) == []
    assert _export_threads() == []


def test_a_failed_export_keeps_an_older_reel_untouched(export_src: Path, tmp_path: Path) -> None:
    target = tmp_path / "reel.mp4"
    target.write_bytes(b"an older reel")
    with pytest.raises(ExportError):
        render_reel([ClipSpec(export_src, 5, 500)], target, OPTS)
    assert target.read_bytes() == b"an older reel"
    assert _leftovers(tmp_path) == ["reel.mp4"]


def test_bad_options_are_refused_before_any_file(export_src: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="even"):
        render_reel([ClipSpec(export_src, 0, 5)], tmp_path / "r.mp4", ExportOptions(width=321))
    with pytest.raises(ExportError, match="no clips"):
        render_reel([], tmp_path / "r.mp4", OPTS)
    assert _leftovers(tmp_path) == []
