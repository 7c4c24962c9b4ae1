"""The registry's engine and one session per request, tied to the app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.orm import Session, sessionmaker

from forms.kinds import KINDS
from generators.paths import ROOT
from registry.db import create_schema, database_url, make_engine, session_factory
from registry.migrate import upgrade as migrate_schema
from registry.seed import load_examples

EXTENSION = "studio_registry"


def init_app(app: Flask) -> None:
    url = database_url(Path(app.instance_path), app.config.get("DATABASE_URL"))
    engine = make_engine(url)
    migrate_schema(engine)  # Alembic migrations to head (registry/migrations)
    create_schema(engine)
    factory = session_factory(engine)
    app.extensions[EXTENSION] = factory
    if app.config.get("LOAD_EXAMPLES", True):
        load_examples(factory, Path(app.config.get("EXAMPLES_DIR", ROOT / "examples")), KINDS)
    app.teardown_appcontext(_close)


def db() -> Session:
    """This request's session (commit explicitly; anything uncommitted is rolled back)."""
    if "db_session" not in g:
        factory: sessionmaker[Session] = current_app.extensions[EXTENSION]
        g.db_session = factory()
    session: Session = g.db_session
    return session


def _close(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
