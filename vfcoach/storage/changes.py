"""What other people changed in the database, as it happens (issue 13 §3, live refresh).

PostgreSQL: triggers (migration 0010) call `pg_notify('vfcoach', json)` with the table, the
operation and ids -- never a row's content. `ChangeFeed` holds one connection of its own in a
thread of its own, LISTENs, and hands each notice to `on_change` as a `Change`.

SQLite: nothing can notify, so the feed polls `PRAGMA data_version` twice a second on a
connection of its own; the number moves whenever another connection commits to the file.
It cannot say what changed, so the `Change` it hands on has `table=None`: reload everything
shown. One tiny pragma per half second costs next to nothing.

Either way the connection is the feed's own (taken from the engine, so it signs in exactly as
the app does) and never a pooled one. When it breaks, `on_state(False, seconds)` says so and
the feed tries again after 0.5 s, 1 s, 2 s ... up to 30 s. `on_state(True, 0)` each time it
listens, the first time too; after a loss, something may have been missed meanwhile: the
listener should reload everything it shows.
Callbacks run on the feed's thread; a Qt caller turns them into queued signals.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

log = logging.getLogger(__name__)

CHANNEL = "vfcoach"
POLL_S = 0.5  # SQLite: how often the change stamp is read; PostgreSQL: how often stop is seen
HEARTBEAT_S = 5.0  # PostgreSQL: a silent connection is asked SELECT 1 this often
FIRST_RETRY_S = 0.5
LAST_RETRY_S = 30.0


@dataclass(frozen=True, slots=True)
class Change:
    """One changed row (`table`, "INSERT"/"UPDATE"/"DELETE", its ids), or `table=None`:
    something changed, what is not known."""

    table: str | None
    op: str = ""
    ids: Mapping[str, Any] = field(default_factory=dict)

    @staticmethod
    def parse(payload: str) -> Change | None:
        try:
            raw = json.loads(payload)
            table, op = str(raw.pop("table")), str(raw.pop("op"))
        except (ValueError, KeyError, AttributeError):
            log.debug("ignored a notice that is not vfcoach's: %.80s", payload)
            return None
        return Change(table, op, raw)


OnChange = Callable[[Change], None]
OnState = Callable[[bool, float], None]  # connected?, seconds until the next try


class ChangeFeed:
    """A background thread that reports changes until `stop()`."""

    def __init__(self, engine: Engine, on_change: OnChange, on_state: OnState) -> None:
        self._engine = engine
        self._on_change, self._on_state = on_change, on_state
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vfcoach-changes", daemon=True)

    @property
    def postgres(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ends the thread within about `POLL_S`; safe to call twice."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        wait = FIRST_RETRY_S
        while not self._stop.is_set():
            try:
                raw = self._engine.raw_connection()
                conn: Any = raw.driver_connection
                raw.detach()  # the feed's own: never returned to the pool
            except Exception as exc:  # any failure to connect is the same to a person
                log.info("live updates: cannot connect (%s)", type(exc).__name__)
            else:
                try:
                    wait = FIRST_RETRY_S
                    self._listen(conn) if self.postgres else self._poll(conn)
                except Exception as exc:  # the connection broke under the feed
                    log.info("live updates: connection lost (%s)", type(exc).__name__)
                finally:
                    try:
                        conn.close()
                    except Exception:  # already gone
                        log.debug("live updates: close failed", exc_info=True)
            if self._stop.is_set():
                return
            self._on_state(False, wait)
            self._stop.wait(wait)
            wait = min(wait * 2, LAST_RETRY_S)

    def _listen(self, conn: Any) -> None:
        conn.autocommit = True
        conn.execute(f"LISTEN {CHANNEL}")
        self._on_state(True, 0)
        quiet = 0.0
        while not self._stop.is_set():
            heard = False
            for notice in conn.notifies(timeout=POLL_S):
                heard = True
                change = Change.parse(notice.payload)
                if change is not None:
                    self._on_change(change)
            quiet = 0.0 if heard else quiet + POLL_S
            if quiet >= HEARTBEAT_S:  # a server gone without a word is found out here
                conn.execute("SELECT 1")
                quiet = 0.0

    def _poll(self, conn: Any) -> None:
        def stamp() -> int:
            return int(conn.execute("PRAGMA data_version").fetchone()[0])

        seen = stamp()
        self._on_state(True, 0)
        while not self._stop.wait(POLL_S):
            now = stamp()
            if now != seen:
                seen = now
                self._on_change(Change(None))
