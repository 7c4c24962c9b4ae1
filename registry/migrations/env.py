"""Alembic environment: the registry's metadata, the URL from the app's rules.

A connection handed over in ``config.attributes["connection"]`` (by registry/migrate.py) is
used as is; otherwise ``$DATABASE_URL`` or the SQLite file in ``instance/``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import context
from sqlalchemy import Connection

from registry.db import database_url, make_engine
from registry.models import Base

config = context.config
target_metadata = Base.metadata
ROOT = Path(__file__).resolve().parents[2]


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=database_url(ROOT / "instance"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _run(given)
        return
    engine = make_engine(database_url(ROOT / "instance"))
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":  # batch migrations copy referenced tables
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.commit()
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
