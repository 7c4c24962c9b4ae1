"""Work run in other processes by the concurrency tests (importable by ``spawn``)."""

from __future__ import annotations

from registry import sequences
from registry.db import make_engine, session_factory


def take_numbers(url: str, year: int, count: int) -> list[int]:
    """Take ``count`` certificate serials, one transaction each, from a fresh engine."""
    engine = make_engine(url)
    factory = session_factory(engine)
    taken = []
    for _ in range(count):
        with factory() as s, s.begin():
            taken.append(sequences.next_cert_serial(s, year))
    engine.dispose()
    return taken


def upgrade(url: str) -> str:
    """Migrate the database at ``url`` from a fresh engine (as a gunicorn worker does)."""
    from registry import migrate

    engine = make_engine(url)
    try:
        return migrate.upgrade(engine)
    finally:
        engine.dispose()
