"""`team migrate`: one coach's SQLite database copied into a team database, all or nothing.

Rows get new ids in the team database (their references follow); annotations and reel clips
keep their ids, which the domain minted. People are matched by name (or sign-in name) to the
team's people, who must exist first; a family code already in the team database stops the
move. Stored tallies (a cache), the coach's own settings and retention rules (the team's
supervisors set the team's) stay behind; legal holds move with their families. Every family moved
goes on the coach's caseload. Afterwards the rows are counted on both sides; any difference
rolls everything back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select

from vfcoach.storage.errors import TeamRefused
from vfcoach.storage.rows import Base

#: Copied tables, parents first, with the foreign keys to remap (column -> mapped table).
PLAN: tuple[tuple[str, dict[str, str]], ...] = (
    ("family", {}),
    ("child", {"family_id": "family"}),
    ("visit", {"family_id": "family"}),
    ("recording", {"visit_id": "visit", "scheme_id": "scheme"}),
    ("coding_pass", {"recording_id": "recording", "coder_id": "coder", "scheme_id": "scheme"}),
    ("annotation", {"pass_id": "coding_pass"}),
    ("reliability_assignment", {"recording_id": "recording", "coder_id": "coder"}),
    ("reel", {"visit_id": "visit"}),
    ("reel_clip", {"reel_id": "reel", "recording_id": "recording"}),
    ("bystander_span", {"recording_id": "recording"}),  # issue 14 §6
    ("audit_event", {}),
    ("consent", {"family_id": "family"}),  # issue 14 §1
    ("written_file", {"family_id": "family"}),  # where reels of the family went (0018)
    # A hold that stayed behind would let the team erase a family a court or agency holds.
    ("legal_hold", {"family_id": "family"}),  # keyed by its family (0018)
)
_KEEP_ID = {"annotation", "reel_clip"}  # uuids minted by the domain


@dataclass(frozen=True, slots=True)
class Counted:
    table: str
    source: int
    target: int


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _people(source: Connection, target: Connection) -> dict[int, int]:
    team = {}
    for row in target.execute(select(_table("coder"))).mappings():
        team[row["name"]] = row["id"]
        if row["login"]:
            team[row["login"]] = row["id"]
    mapping, missing = {}, []
    for row in source.execute(select(_table("coder"))).mappings():
        if row["name"] in team:
            mapping[row["id"]] = team[row["name"]]
        else:
            missing.append(row["name"])
    if missing:
        raise TeamRefused(
            "these people are not in the team database yet: "
            + ", ".join(sorted(missing))
            + "; add them first (vfcoach user add), then move again"
        )
    return mapping


def _schemes(source: Connection, target: Connection) -> dict[int, int]:
    """Each source scheme version: the team's own copy, or a new one with its codes."""
    scheme, code = _table("scheme"), _table("code")
    mapping = {}
    for row in source.execute(select(scheme)).mappings():
        found = target.execute(
            select(scheme.c.id).where(
                scheme.c.name == row["name"], scheme.c.version == row["version"]
            )
        ).scalar()
        if found is None:
            values = {k: v for k, v in row.items() if k not in ("id", "written_by")}
            found = target.execute(
                insert(scheme).values(values).returning(scheme.c.id)
            ).scalar_one()
            for c in source.execute(select(code).where(code.c.scheme_id == row["id"])).mappings():
                values = {k: v for k, v in c.items() if k not in ("id", "written_by")}
                target.execute(insert(code).values({**values, "scheme_id": found}))
        mapping[row["id"]] = int(found)
    return mapping


def _key(table: Table) -> str:
    """The one primary-key column a row is known by."""
    (column,) = table.primary_key.columns
    return str(column.name)


def transfer(source: Connection, target: Connection, coach_login: str) -> list[Counted]:
    """Copy everything in `PLAN` inside the caller's target transaction; returns the counts."""
    coach = target.execute(
        select(_table("coder").c.id).where(_table("coder").c.login == coach_login)
    ).scalar()
    if coach is None:
        raise TeamRefused(f"nobody called '{coach_login}' has a sign-in on this team database")
    maps: dict[str, dict[Any, Any]] = {
        "coder": _people(source, target),
        "scheme": _schemes(source, target),
    }
    family = _table("family")
    codes = list(source.execute(select(family.c.code)).scalars())
    taken = list(target.execute(select(family.c.code).where(family.c.code.in_(codes))).scalars())
    if taken:
        raise TeamRefused(
            "these families are already in the team database: " + ", ".join(sorted(taken))
        )
    counts = []
    for name, refs in PLAN:
        table, moved = _table(name), {}
        key = table.c[_key(table)]  # `id`, or the row's parent for a one-per-family row
        for row in source.execute(select(table).order_by(key)).mappings():
            values = {k: v for k, v in row.items() if k != "written_by"}
            for column, parent in refs.items():
                if values[column] is not None:
                    values[column] = maps[parent][values[column]]
            if name not in _KEEP_ID and key.name == "id":
                del values["id"]
            new = target.execute(insert(table).values(values).returning(key)).scalar_one()
            moved[row[key.name]] = new
        maps[name] = moved
        there = (
            target.execute(
                select(func.count()).select_from(table).where(key.in_(list(moved.values())))
            ).scalar_one()
            if moved
            else 0
        )
        here = source.execute(select(func.count()).select_from(table)).scalar_one()
        counts.append(Counted(name, int(here), int(there)))
    caseload = _table("caseload")
    for new_family in maps["family"].values():
        target.execute(insert(caseload).values(coach_id=coach, family_id=new_family))
    wrong = [c for c in counts if c.source != c.target]
    if wrong:
        raise TeamRefused(
            "the counts differ after moving ("
            + ", ".join(f"{c.table} {c.source} here, {c.target} there" for c in wrong)
            + "); nothing was moved"
        )
    return counts
