"""Encryption at rest: what SQLCipher costs at start and while coding, next to plain SQLite.

In the same run, on the same disk: a plain database and an encrypted one (SQLCipher, raw
key) each get a recording and a coding pass, then 1,000 codes placed one transaction each,
as the window does for each key press (`AnnotationRepository.apply` through a unit of
work, synchronous=FULL). Printed: the open time (encrypted: with the strong argon2id
passphrase step, and again with the key already in memory), the median and 95th percentile
of a code's commit, and encrypted/plain ratios. Figures only, nothing asserted; the issue
asks that nothing slow coding noticeably.

Run: .venv/bin/python bench/bench_cipher.py [--codes 1000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.services.access import Actor
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.schemes import ensure_builtin_schemes
from vfcoach.storage.cipher import keys
from vfcoach.storage.cipher.setup import prepare_new
from vfcoach.storage.database import Database
from vfcoach.video.synth import make_counter_video

PASSPHRASE = "bench passphrase"


def prepare(path: Path, video: Path, encrypted: bool) -> int:
    if encrypted:
        prepare_new(path, PASSPHRASE)
    with Database.open(str(path)) as db:
        ensure_builtin_schemes(db)
        rec = ImportRecordingOperation(db, video, "F-BENCH").run()
        opened = start_coding(db, RecordingId(rec.id), Actor("bench"))
        assert opened.coding_pass is not None
        return int(opened.coding_pass.id)


def open_time(path: Path, from_passphrase: bool) -> float:
    if from_passphrase:
        keys.forget_keys()
        keys.give_passphrase(PASSPHRASE)
    start = time.perf_counter()
    db = Database.open(str(path))
    with db.uow() as uow:
        uow.families.list()
    took = time.perf_counter() - start
    db.dispose()
    return took


def code_loop(path: Path, pass_id: int, codes: int) -> list[float]:
    latencies = []
    with Database.open(str(path)) as db:
        for i in range(codes):
            a = Annotation(
                id=AnnotationId(uuid.uuid4()),
                pass_id=PassId(pass_id),
                code_key="DEL",
                onset=FrameTime(i % 50, (i % 50) * 40),
            )
            start = time.perf_counter()
            with db.uow() as uow:
                uow.annotations.apply(AnnotationChange(added=(a,), description="bench"))
                uow.commit()
            latencies.append(time.perf_counter() - start)
    return latencies


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=1000)
    args = parser.parse_args()
    os.environ.pop("VFCOACH_KDF_PROFILE", None)  # the strong argon2id cost, as coaches get
    folder = Path(tempfile.mkdtemp(prefix="bench-cipher-"))
    video = make_counter_video(folder / "visit.mp4", frames=50)
    plain, secret = folder / "plain.sqlite", folder / "encrypted.sqlite"
    passes = {p: prepare(p, video, p == secret) for p in (plain, secret)}
    opened = {
        "plain": open_time(plain, False),
        "encrypted, passphrase (argon2id 64 MiB)": open_time(secret, True),
        "encrypted, key in memory": open_time(secret, False),
    }
    for name, took in opened.items():
        print(f"open {name:40s} {took * 1000:8.1f} ms")
    loops = {p: code_loop(p, passes[p], args.codes) for p in (plain, secret)}
    for p in (plain, secret):
        lat = loops[p]
        print(
            f"{args.codes} codes, {p.stem:9s}: total {sum(lat):6.2f} s, "
            f"median {statistics.median(lat) * 1000:6.2f} ms, p95 {p95(lat) * 1000:6.2f} ms"
        )
    ratio = statistics.median(loops[secret]) / statistics.median(loops[plain])
    total = sum(loops[secret]) / sum(loops[plain])
    print(f"encrypted/plain: median code {ratio:.2f}x, whole loop {total:.2f}x")


if __name__ == "__main__":
    main()
