"""Registry fixtures: every test runs on SQLite AND on a real PostgreSQL started on loopback.

The PostgreSQL cluster is throwaway: ``initdb`` into a temporary directory owned by the
``postgres`` user (PostgreSQL refuses to run as root, so it runs via ``runuser -u postgres --``),
``pg_ctl start`` on a free port with its own socket directory, one fresh database per test, and
``pg_ctl stop`` at the end. Under CI=true a missing PostgreSQL fails the tests (``require``).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from registry import migrate
from registry.db import make_engine, session_factory
from registry.models_org import Organisation, User
from registry.roles import Actor
from tests.conftest import require


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A running throwaway PostgreSQL cluster; yields the URL of its maintenance database."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    require(initdb is not None and pg_ctl is not None, "PostgreSQL (initdb, pg_ctl)")
    assert initdb is not None and pg_ctl is not None
    base = Path(tempfile.mkdtemp(prefix="studio-pg-"))
    data, sockets, log = base / "data", base / "sock", base / "log"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([initdb, "-D", str(data), "-A", "trust", "-U", "postgres",
                                 "-E", "UTF8", "--no-locale", "--no-sync"]),
                   check=True, capture_output=True, timeout=120)
    options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
    subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-o", options, "-l", str(log),
                                 "-w", "-t", "60", "start"]),
                   check=True, capture_output=True, timeout=90)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w",
                                     "stop"]), capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


_numbers = itertools.count(1)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated, empty registry database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    else:
        admin_url: str = request.getfixturevalue("postgres_url")
        name = f"t{os.getpid()}_{next(_numbers)}"
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    eng = make_engine(url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return session_factory(engine)


@dataclass
class District:
    """The organisations and one actor per role of a small test district."""

    district: Actor
    panel: Actor
    admin: Actor
    sector_a: Actor
    sector_b: Actor
    unit_a: Actor
    unit_b: Actor
    unit_a_org: int


@pytest.fixture
def district(factory: sessionmaker[Session]) -> District:
    with factory() as s, s.begin():
        top = Organisation(kind="district", name="上海市杨浦区总工会")
        s.add(top)
        s.flush()
        panel = Organisation(kind="panel", name="区总工会评审小组", parent_id=top.id)
        sa = Organisation(kind="sector", name="杨浦区科技园区工会", sector_kind="行业",
                          parent_id=top.id)
        sb = Organisation(kind="sector", name="杨浦区五角场街道总工会", sector_kind="街镇",
                          parent_id=top.id)
        s.add_all([panel, sa, sb])
        s.flush()
        ua = Organisation(kind="unit", name="上海杨浦精密机械有限公司工会",
                          host_unit="上海杨浦精密机械有限公司", parent_id=sa.id)
        ub = Organisation(kind="unit", name="上海五角场电气有限公司工会",
                          host_unit="上海五角场电气有限公司", parent_id=sb.id)
        s.add_all([ua, ub])
        s.flush()
        actors = {}
        for key, role, org in (("district", "district", top), ("panel", "panel", panel),
                               ("admin", "admin", top), ("sector_a", "sector_union", sa),
                               ("sector_b", "sector_union", sb), ("unit_a", "unit_union", ua),
                               ("unit_b", "unit_union", ub)):
            user = User(username=key, password_hash="-", role=role, organisation_id=org.id)
            s.add(user)
            s.flush()
            actors[key] = Actor.of(user)
        return District(unit_a_org=ua.id, **actors)
