"""Revision 0002 on a database that already holds schemes: codes keep their meaning.

Codes stored under 0001 have no details; after the upgrade they read back with the
defaults (no notes, no links, neutral, no segment), and going down to 0001 and up again
loses nothing that 0001 could hold.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import inspect, text
from sqlalchemy.pool import NullPool

from tests.storage.conftest import build_world
from vfcoach.coding.scheme import Code, CodeKind, Polarity, Scheme
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.migrate import current_revisions, downgrade_to, migrate_to_head


def _columns(url: str, table: str) -> set[str]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_down_to_0001_and_up_again_keeps_schemes_and_coding(db_url: str):
    with Database.open(db_url) as db:
        world = build_world(db)
        with db.uow() as uow:
            uow.settings.set("x", 1)
            uow.audit.record("ana", "a", "s", {})
            uow.commit()
        downgrade_to(db.engine, "0001")
        assert current_revisions(db.engine) == ("0001",)
    assert "extra" not in _columns(db_url, "code")
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        tables = set(inspect(engine).get_table_names())
        assert not {"setting", "audit_event"} & tables
        # A code written by a 0001-era vfcoach, straight into the old table.
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO scheme (name, version, locked, description) "
                    "VALUES ('old', 1, false, '')"
                )
            )
            scheme_id = conn.execute(text("SELECT id FROM scheme WHERE name = 'old'")).scalar()
            conn.execute(
                text(
                    "INSERT INTO code (scheme_id, key, label, kind, shortcut, colour, category, "
                    "modifiers, caregiver_visible, me_set, definition, position) VALUES "
                    "(:s, 'A', 'Alpha', 'point', 'a', '#123456', '', '[]', true, NULL, 'd', 0)"
                ),
                {"s": scheme_id},
            )
        migrate_to_head(engine)
    finally:
        engine.dispose()
    with Database.open(db_url) as db, db.uow() as uow:
        stored = uow.schemes.get(world.scheme.id)
        # 0001 could not hold the details, so a round trip down and up resets them.
        plain = tuple(
            replace(
                c, includes="", excludes="", link_to=(), polarity=Polarity.NEUTRAL, segment=None
            )
            for c in world.scheme.codes
        )
        assert stored.codes == plain
        old = uow.schemes.latest("old")
        assert old is not None
        assert old.codes == (
            Code(
                "A", "Alpha", CodeKind.POINT, "a", "#123456", caregiver_visible=True, definition="d"
            ),
        )
        assert old.codes[0].polarity is Polarity.NEUTRAL and old.codes[0].link_to == ()
        assert uow.settings.all() == {} and uow.audit.list() == []


def test_details_written_after_the_upgrade_survive(db: Database):
    scheme = Scheme(
        "s",
        1,
        (
            Code("A", "Alpha", CodeKind.POINT, "a", polarity=Polarity.STRENGTH, link_to=("B",)),
            Code("B", "Beta", CodeKind.STATE, "b", segment="UNCODABLE", includes="camera off"),
        ),
    )
    with db.uow() as uow:
        added = uow.schemes.add(scheme)
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(added.id) == replace(scheme, id=added.id)
