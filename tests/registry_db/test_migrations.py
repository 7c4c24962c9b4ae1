"""The Alembic migrations build exactly the models' schema, on both backends, and adopt a
database made before they existed."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from registry import migrate
from registry.db import make_engine
from registry.models import Base
from tests.registry_db.workers import upgrade


def test_migrations_match_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate.upgrade(engine) == migrate.head()  # running again changes nothing


def test_database_from_before_the_migrations_is_adopted(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    Base.metadata.tables["draft"].create(engine)
    Base.metadata.tables["issued_certificate"].create(engine)
    assert migrate.upgrade(engine) == migrate.head()
    assert {"studio", "certificate", "audit_entry"} <= set(inspect(engine).get_table_names())
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_workers_migrating_together(backend: str, tmp_path: Path,
                                    request: pytest.FixtureRequest) -> None:
    """Two processes starting on an empty database: one migrates, the other waits for it."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    else:
        admin_url: str = request.getfixturevalue("postgres_url")
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text('CREATE DATABASE "fresh_migrations"'))
        admin.dispose()
        url = admin_url.rsplit("/", 1)[0] + "/fresh_migrations"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        revisions = list(pool.map(upgrade, [url] * 4))
    assert revisions == [migrate.head()] * 4


def test_web_app_on_postgresql(postgres_url: str) -> None:
    """The web app migrates a PostgreSQL database at start and serves the registry from it."""
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('CREATE DATABASE "web_app"'))
    admin.dispose()
    from registry import demo
    from webforms import create_app
    from webforms.database import EXTENSION

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "t",
                      "DATABASE_URL": postgres_url.rsplit("/", 1)[0] + "/web_app",
                      "REGISTRY_TODAY": "2026-11-24"})
    factory = app.extensions[EXTENSION]
    try:
        assert demo.seed(factory, dt.date(2026, 11, 24))
        client = app.test_client()
        assert client.post("/login", data={"username": "district",
                                           "password": "demo-district"}).status_code == 302
        page = client.get("/registry/").get_data(as_text=True)
        assert "郑磊新能源电气劳模创新工作室" in page and "杨工〔2025〕1号" in page
    finally:
        factory.kw["bind"].dispose()


def _downgrade(engine: Engine, target: str) -> None:
    config = migrate.alembic_config()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
        conn.commit()
        with conn.begin():
            config.attributes["connection"] = conn
            command.downgrade(config, target)
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.commit()


def test_upgrading_a_used_database_keeps_its_records(tmp_path: Path) -> None:
    """The SQLite batch migrations copy tables that others point at; nothing is lost."""
    from registry import demo
    from registry.db import session_factory

    engine = make_engine(f"sqlite:///{tmp_path / 'used.sqlite3'}")
    # Seeded by today's models, then taken back to 0003 (the seed writes every column of head).
    migrate.upgrade(engine)
    assert demo.seed(session_factory(engine), dt.date(2026, 11, 24))
    _downgrade(engine, "0003")
    with engine.connect() as conn:
        assert migrate.current(conn) == "0003"
        before = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar()
                  for t in ("studio", "person", "certificate", "audit_entry", "inspection",
                            "app_user")}
    assert migrate.upgrade(engine) == migrate.head()
    with engine.connect() as conn:
        after = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in before}
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    assert after == before and before["studio"] == 9
    engine.dispose()
