"""What other people changed in the database, as it happens (issue 13 §3, live refresh).

PostgreSQL: triggers (migration 0010) call `pg_notify('vfcoach', json)` with the table, the
operation and ids -- never a row's content. `ChangeFeed` holds one connection of its own in a
thread of its own, LISTENs, and hands each notice to `on_change` as a `Change`.

SQLite: nothing can notify, so the feed polls `PRAGMA data_version` twice a second on a
connection of its own; the number moves whenever another connection commits to the file.
It cannot say what changed, so the `Change` it hands on has `table=None`: reload everything
shown. One tiny pragma per half second costs next to nothing. The app's own commits move the
number too; reloading everything after each keypress would be waste, so a move while this
process was committing is held back and handed on once it has been quiet for `QUIET_S`
(another program's commit in that same moment is then shown a little later, never lost).

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

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

CHANNEL = "vfcoach"
POLL_S = 0.5  # SQLite: how often the change stamp is read; PostgreSQL: how often stop is seen
HEARTBEAT_S = 5.0  # PostgreSQL: a silent connection is asked SELECT 1 this often
FIRST_RETRY_S = 0.5
LAST_RETRY_S = 30.0
QUIET_S = 1.0  # SQLite: a stamp move during our own commits is handed on after this calm


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
        self._own_commits = 0  # this process's commits through the engine (SQLite's stamp)
        self._own_seen = 0  # ... as of the last poll
        self._owed = False  # a stamp move held back while this process was committing
        if not self.postgres:
            event.listen(engine, "commit", self._committed)

    def _committed(self, _conn: object) -> None:
        self._own_commits += 1

    @property
    def settled(self) -> bool:
        """Nothing of ours is unpolled or held back: another's commit now is heard at once."""
        return self.postgres or (not self._owed and self._own_seen == self._own_commits)

    @property
    def postgres(self) -> bool:
        return self._engine.dialect.name == "postgresql"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Ends the thread within about `POLL_S`; safe to call twice."""
        self._stop.set()
        if not self.postgres and event.contains(self._engine, "commit", self._committed):
            event.remove(self._engine, "commit", self._committed)
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

        seen, own, calm = stamp(), self._own_commits, 0.0
        self._own_seen = own
        self._on_state(True, 0)
        while not self._stop.wait(POLL_S):
            now, ours = stamp(), self._own_commits
            calm = 0.0 if ours != own else calm + POLL_S
            if now != seen:
                self._owed = self._owed or ours != own  # ours, maybe with another's: hold it
                if ours == own:
                    self._on_change(Change(None))
                    self._owed = False
            if self._owed and calm >= QUIET_S:
                self._on_change(Change(None))
                self._owed = False
            seen, own = now, ours
            self._own_seen = own
