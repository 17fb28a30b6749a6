"""Tallies of stored passes, read back from the per-pass cache while the pass is unchanged.

A trend over 200 visits through SQLite took 1.6 s, most of it loading and tallying passes
that had not changed since the previous trend. `storage.tally_cache` keeps each pass's
tally keyed by the pass's change stamp (bumped by every write under the pass lock) and by
a digest of everything else the figure depends on: the clip choice, the scheme's content,
the programme's thresholds and the recording's duration. Change any of them and the key no
longer matches, so the tally is computed again; nothing is ever invalidated by hand.

New tallies are stored after the reading unit of work ends, in a short one of their own,
and only if that succeeds: a busy or read-only database costs speed, never a result.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from vfcoach.coding.ids import PassId
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.tally import ClipChoice, FidelityThresholds, ItmTally, itm_tally
from vfcoach.coding.tally.tally_codec import CODEC_VERSION, tally_from_json, tally_to_json
from vfcoach.storage.database import Database
from vfcoach.storage.errors import StorageError
from vfcoach.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Pending:
    pass_id: PassId
    settings: str
    stamp: int
    tally_json: str


def settings_key(
    scheme: Scheme, duration_ms: int, clip: ClipChoice, thresholds: FidelityThresholds
) -> str:
    """A digest of every input of `itm_tally` other than the pass's annotations.

    `repr` of frozen dataclasses and tuples is stable across runs (no set or dict order
    enters it), so the same settings give the same key in every process.
    """
    clip_text = clip if isinstance(clip, str) else repr(tuple(clip))
    text = repr((CODEC_VERSION, scheme, duration_ms, clip_text, thresholds))
    return hashlib.sha256(text.encode()).hexdigest()


class StoredTallies:
    """Pass tallies through the cache, for one open unit of work; remembers what to store."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.pending: list[_Pending] = []
        self.hits = 0

    def tally(
        self,
        pass_id: PassId,
        scheme: Scheme,
        duration_ms: int,
        clip: ClipChoice,
        thresholds: FidelityThresholds,
    ) -> ItmTally:
        settings = settings_key(scheme, duration_ms, clip, thresholds)
        stored = self.uow.tally_cache.get(pass_id, settings)
        if stored is not None:
            try:
                tally = tally_from_json(stored)
            except (TypeError, KeyError, ValueError):
                log.warning("a stored tally of pass %s could not be read; recomputing", pass_id)
            else:
                self.hits += 1
                return tally
        stamp = self.uow.tally_cache.stamp(pass_id)  # before the annotations (tally_cache)
        annotations = self.uow.annotations.for_pass(pass_id)
        tally = itm_tally(annotations, scheme, duration_ms, clip, thresholds)
        self.pending.append(_Pending(pass_id, settings, stamp, tally_to_json(tally)))
        return tally

    def save(self, db: Database) -> None:
        """Store the tallies computed since the last save, in one short transaction."""
        pending, self.pending = self.pending, []
        if not pending:
            return
        try:
            with db.uow() as uow:
                for p in pending:
                    uow.tally_cache.put(p.pass_id, p.settings, p.stamp, p.tally_json)
                uow.commit()
        except StorageError as exc:  # busy, read-only, pass removed meanwhile: compute again
            log.info("tallies not stored for reuse (%s)", type(exc).__name__)
