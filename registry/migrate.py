"""Bring a database to the newest schema with the Alembic migrations, at start or by hand.

Two gunicorn workers start together, so the upgrade runs under a lock: an advisory lock on
PostgreSQL, a file lock beside the SQLite file. A database made before the migrations existed
(the web forms' ``create_all``: drafts and issued certificates only) is stamped at the baseline
first, then upgraded.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "0001"
LOCK_KEY = 0x57554449  # any fixed number shared by every process of this app


def alembic_config() -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "registry" / "migrations"))
    return config


def head() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine, target: str = "head") -> str:
    """Migrate ``engine``'s database to ``target`` (head); returns the revision it is at."""
    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with _lock(engine), engine.connect() as connection:
        if sqlite:  # batch migrations copy tables: foreign keys are checked after, not during
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                if current(connection) is None and inspect(connection).has_table("draft"):
                    command.stamp(config, BASELINE)
                command.upgrade(config, target)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"foreign keys broken by the migration: {broken}")
            return current(connection) or ""
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")
                connection.commit()
