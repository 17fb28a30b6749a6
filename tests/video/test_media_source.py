"""`MediaSource`: the stored frame map and facts are the authority; a changed file is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.video.export import ClipSpec, ExportOptions, render_reel
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.source import MediaChanged, MediaSource
from vfcoach.video.synth import make_counter_video, read_frame_index


def _stored(path: Path) -> MediaSource:
    """As storage would hand it out: facts taken at import, with a name for messages."""
    plain = MediaSource.of_file(path)
    return dataclasses.replace(plain, recording_id=RecordingId(7), name="recording 7 (F-1 visit 2)")


def test_an_unchanged_file_verifies_and_keeps_its_map(cfr_video: Path, tmp_path: Path) -> None:
    copy = tmp_path / "v.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    media = _stored(copy)
    media.verify()
    assert media.media_info().frame_map == media.frame_map
    with FrameGrabber(media) as grabber:
        assert read_frame_index(grabber.grab(33)) == 33


def test_a_replaced_file_is_refused_everywhere(cfr_video: Path, tmp_path: Path) -> None:
    copy = tmp_path / "v.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    media = _stored(copy)
    other = make_counter_video(tmp_path / "other.mp4", frames=80, fps=25, gop=10)
    copy.write_bytes(other.read_bytes())
    with pytest.raises(MediaChanged) as caught:
        media.verify()
    message = str(caught.value)
    assert message.startswith("the video of recording 7 (F-1 visit 2) (v.mp4) has changed")
    assert "Find moved recording" in message and "vfcoach relink 7 FOLDER" in message
    assert caught.value.recording_id == 7
    with pytest.raises(MediaChanged):
        FrameGrabber(media)
    target = tmp_path / "reel.mp4"
    with pytest.raises(MediaChanged):
        render_reel([ClipSpec(media, 0, 10)], target, ExportOptions(width=320, height=240))
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def test_the_stored_map_wins_over_a_new_probe(cfr_video: Path, tmp_path: Path) -> None:
    copy = tmp_path / "v.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    media = _stored(copy)
    longer_last = FrameMap(media.frame_map.pts_ms.copy(), media.frame_map.last_frame_ms + 7)
    same_count = dataclasses.replace(media, frame_map=longer_last)
    assert same_count.media_info().frame_map is longer_last
    with FrameGrabber(same_count) as grabber:
        assert grabber.info.frame_map is longer_last
    fewer = FrameMap(np.asarray(media.frame_map.pts_ms[:-5]), 40)
    with pytest.raises(MediaChanged):  # a map that cannot be lined up with the file
        dataclasses.replace(media, frame_map=fewer).media_info()


def test_a_second_verify_of_an_untouched_file_does_not_hash_it_again(
    cfr_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a recording verifies twice (window, grabber); the second must be a stat."""
    import vfcoach.video.source as source_module

    copy = tmp_path / "v.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    media = _stored(copy)
    hashed: list[Path] = []
    real = source_module.fingerprint
    monkeypatch.setattr(source_module, "fingerprint", lambda p: hashed.append(p) or real(p))
    media.verify()
    media.verify()
    assert len(hashed) == 1
    copy.write_bytes(copy.read_bytes()[:-1] + b"\x00")  # same size, other content, same inode
    with pytest.raises(MediaChanged):
        media.verify()  # any write moves ctime: the content is read again
    assert len(hashed) == 2
