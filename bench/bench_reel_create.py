"""How long `reel create` takes as a visit's coding grows (issue 10 item 7: < 1 s at 30,000).

Builds a real SQLite database per size: one family, one visit, one hour-long recording coded
by one coach with N events (cues, responses linked to their cue, FTL states, delight, a few
concerns, positive and scaffolding comments, child reactions), seeded so every run codes the
same hour. Then times `CreateReelOperation` (the very operation `vfcoach reel create` and the
reel editor run: read the passes, suggest, check, store) and prints the figures; nothing is
asserted (architecture.md §4).
Run: .venv/bin/python bench/bench_reel_create.py [N ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

import numpy as np

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, VisitId, new_annotation_id
from vfcoach.coding.project import MediaFacts
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database

FPS = 30
HOUR_MS = 60 * 60_000
SIZES = (1_000, 10_000, 30_000)
TARGET_S = 1.0


def coded_hour(fmap: FrameMap, count: int, pass_id: PassId, seed: int) -> list[Annotation]:
    """`count` plausible events over the hour, in coding order."""
    rng = np.random.default_rng(seed)
    last = fmap.frame_count - 1
    out: list[Annotation] = []
    while len(out) < count:
        f = int(rng.integers(0, last - 400))
        r = rng.random()
        at = fmap.moment(f)
        if r < 0.25:  # a cue and the caregiver's answer to it, then the child's reaction
            cue = Annotation(new_annotation_id(), pass_id, "C_DIS", at, None,
                             (("intensity", "low"),))  # fmt: skip
            later = fmap.moment(f + int(rng.integers(5, 90)))
            answer = Annotation(new_annotation_id(), pass_id, "NUR", later, trigger=cue.id)
            reaction = "positive" if rng.random() < 0.9 else "negative"
            react = Annotation(new_annotation_id(), pass_id, "C_REACT",
                               fmap.moment(answer.onset.frame + 30), None,
                               (("reaction", reaction),), "", answer.id)  # fmt: skip
            out += [cue, answer, react]
        elif r < 0.40:
            end = fmap.moment(min(f + int(rng.integers(60, 600)), last))
            out.append(Annotation(new_annotation_id(), pass_id, "FTL", at, end))
        elif r < 0.55:
            out.append(Annotation(new_annotation_id(), pass_id, "DEL", at))
        elif r < 0.57:  # concerns: they keep strengths near them out of the reel
            key = str(rng.choice(["OVW", "NUR_MISS", "FR"]))
            mods = (("subtype", "harsh"),) if key == "FR" else ()
            out.append(Annotation(new_annotation_id(), pass_id, key, at, None, mods))
        elif out:  # a comment on something already coded
            target = out[int(rng.integers(len(out)))]
            valence = "positive" if rng.random() < 0.9 else "scaffolding"
            out.append(Annotation(new_annotation_id(), pass_id, "ITM",
                                  fmap.moment(min(target.onset.frame + 20, last)), None,
                                  (("valence", valence),), "", target.id))  # fmt: skip
    return out[:count]


def build(folder: Path, count: int) -> tuple[Database, VisitId]:
    scheme = builtin_scheme("abc-style")
    fmap = FrameMap.constant(HOUR_MS * FPS // 1000, FPS)
    db = Database.open(f"sqlite:///{folder / f'bench-{count}-{uuid.uuid4().hex[:8]}.sqlite'}")
    with db.uow() as uow:
        stored = uow.schemes.ensure(scheme)
        assert stored.id is not None
        family = uow.families.add("F-BENCH")
        visit = uow.visits.add(family.id, 1)
        facts = MediaFacts(uuid.uuid4().hex, fmap.duration_ms, float(FPS), fmap.frame_count,
                           160, 120, 0, False, fmap.to_bytes())  # fmt: skip
        rec = uow.recordings.add(visit.id, "/bench/visit.mp4", facts, stored.id)
        coder = uow.coders.get_or_create("Bench coach")
        p = uow.passes.get_or_create(rec.id, coder.id, stored.id)
        uow.annotations.apply(AnnotationChange(added=tuple(coded_hour(fmap, count, p.id, 7))))
        uow.commit()
    return db, visit.id


def main(sizes: tuple[int, ...]) -> None:
    print(f"reel create on one visit (1 h recording, one coder); target < {TARGET_S:.0f} s")
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            db, visit = build(Path(tmp), count)
            t0, c0 = time.perf_counter(), time.process_time()
            result = CreateReelOperation(db, visit, max_clips=5).run()
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            verdict = "ok" if seconds < TARGET_S else "OVER TARGET"
            # CPU time too: on a shared machine the wall clock also counts others' work
            print(f"  {count:>6,} events  {seconds:8.2f} s  (cpu {cpu:5.2f} s)"
                  f"  {len(result.reel.clips)} clip(s)  {verdict}")  # fmt: skip
            db.dispose()


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
