"""Database fixtures: SQLite files under tmp_path and a PostgreSQL server the suite starts itself.

The PostgreSQL server is real (initdb + pg_ctl from the installed server binaries), listens
only on 127.0.0.1 on a free port, keeps its unix socket in its own temporary directory, and
is stopped at the end of the session. Every test gets a fresh database on it.

PostgreSQL refuses to run as root, and CI runs the suite as root, so when the suite is root
the server commands run as the `postgres` system user (`runuser -u postgres --`, or
`setpriv` where runuser is missing) in a directory chowned to that user. That directory is
made with `tempfile.mkdtemp` under the system temp folder rather than pytest's tmp_path,
because pytest's base temp folder is private to root and the postgres user cannot enter it.

A PostgreSQL test skips, with the reason shown, only if no server binaries are installed
(or, as root, there is no postgres user to run them as); a server that fails to start fails
the tests.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from vfcoach.storage.database import Database

PG_USER = "postgres"  # both the system user that runs the server and the database superuser
SERVER_OPTIONS = (
    # Speed over durability: the server and its data are thrown away after the session.
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
)


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.parent.name))


def find_pg_bindir() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: PATH first, then Debian's layout."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        bindir = Path(on_path).resolve().parent  # /usr/local/bin links into the real bindir
        if (bindir / "initdb").exists() and (bindir / "postgres").exists():
            return bindir
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for bindir in candidates:
        if all((bindir / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return bindir
    return None


def run_as_prefix() -> list[str] | str:
    """Command prefix that drops root to the postgres user, or why that is impossible."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        return "running as root and there is no 'postgres' user to run the server as"
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", PG_USER, "--"]
    setpriv = shutil.which("setpriv")
    if setpriv:
        return [setpriv, f"--reuid={PG_USER}", f"--regid={PG_USER}", "--init-groups", "--"]
    return "running as root and neither runuser nor setpriv is available"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    bindir: Path
    root: Path
    prefix: list[str]
    port: int = 0

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def url(self, database: str = "postgres") -> str:
        return URL.create(
            "postgresql+psycopg",
            username=PG_USER,
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def init(self) -> None:
        done = self._run(
            str(self.bindir / "initdb"),
            *("-D", str(self.data), "-U", PG_USER, "--auth=trust"),
            *("--encoding=UTF8", "--locale=C", "--no-sync"),
        )
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{done.stdout}\n{done.stderr}")

    def start(self) -> None:
        for _attempt in range(3):  # the free port may be taken between probing and binding
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories={self.root} {SERVER_OPTIONS}"
            )
            done = self._run(
                str(self.bindir / "pg_ctl"),
                *("-D", str(self.data), "-l", str(self.log), "-w", "-t", "60"),
                *("-o", options, "start"),
                timeout=90,
            )
            if done.returncode == 0:
                return
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        raise RuntimeError(f"pg_ctl start failed:\n{done.stdout}\n{done.stderr}\n{log}")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the whole session, or a visible skip if none can run here."""
    bindir = find_pg_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH "
            "or in /usr/lib/postgresql/*/bin"
        )
    prefix = run_as_prefix()
    if isinstance(prefix, str):
        pytest.skip(f"cannot start PostgreSQL: {prefix}")
    root = Path(tempfile.mkdtemp(prefix="vfcoach-pg-"))
    if prefix:
        record = pwd.getpwnam(PG_USER)
        os.chown(root, record.pw_uid, record.pw_gid)
    server = PgServer(bindir, root, prefix)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_admin(pg_server: PgServer) -> Iterator[Engine]:
    """A superuser engine on the maintenance database, for CREATE and DROP DATABASE."""
    engine = create_engine(pg_server.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_url(pg_server: PgServer, pg_admin: Engine) -> Iterator[str]:
    """URL of a brand-new, empty database on the session's server; dropped after the test."""
    name = f"vfcoach_test_{uuid.uuid4().hex[:12]}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg_server.url(name)
    with pg_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a SQLite file (not yet created) under the test's tmp_path."""
    return URL.create("sqlite", database=str(tmp_path / "vfcoach.sqlite")).render_as_string()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on both backends; PostgreSQL is only started if a test asks for it."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated `Database` on each backend in turn."""
    database = Database.open(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    """A migrated `Database` on a SQLite file, for UI and CLI tests that need no PostgreSQL."""
    database = Database.open(sqlite_url)
    yield database
    database.dispose()
