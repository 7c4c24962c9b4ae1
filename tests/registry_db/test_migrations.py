"""The Alembic migrations build exactly the models' schema, on both backends, and adopt a
database made before they existed."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from registry import migrate
from registry.db import make_engine
from registry.models import Base


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
