"""Registry write throughput: audited ledger rows and namings, one writer and eight at once.

    .venv/bin/python benchmarks/registry_writes.py               # a temporary SQLite file
    DATABASE_URL=postgresql+psycopg://… .venv/bin/python benchmarks/registry_writes.py

Prints rows per second and confirms nothing was lost and no certificate number repeated.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from registry import demo, funds, migrate, sequences
from registry.db import make_engine, session_factory
from registry.models_org import User
from registry.models_studio import Activity, Studio
from registry.roles import Actor

ROWS, THREADS = 400, 8


def main() -> None:
    work = tempfile.mkdtemp(prefix="registry-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{work}/bench.sqlite3"
    engine = make_engine(url)
    migrate.upgrade(engine)
    factory = session_factory(engine)
    today = dt.date(2026, 11, 24)
    demo.seed(factory, today)
    with factory() as s:
        user = s.scalars(select(User).where(User.username == "unit")).one()
        unit = Actor.of(user)
        studio = s.scalars(select(Studio.id).where(Studio.unit_union_id == user.organisation_id,
                                                   Studio.state == "named")).first()
    assert studio is not None

    def write(n: int) -> None:
        for i in range(ROWS // THREADS if n >= 0 else ROWS):
            with factory() as s, s.begin():
                funds.add_activity(s, unit, studio, today, f"活动{n}-{i}")

    for label, threads in (("1 writer", 1), (f"{THREADS} writers", THREADS)):
        start = time.perf_counter()
        if threads == 1:
            write(-1)
        else:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(write, range(threads)))
        took = time.perf_counter() - start
        print(f"{engine.dialect.name}: ledger row + audit row, {label}: "
              f"{ROWS / took:.0f} transactions/s")
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 2 * ROWS + 1

    def numbers(_: int) -> list[int]:
        out = []
        for _i in range(ROWS // THREADS):
            with factory() as s, s.begin():
                out.append(sequences.next_cert_serial(s, 2099))
        return out

    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        taken = [n for part in pool.map(numbers, range(THREADS)) for n in part]
    took = time.perf_counter() - start
    assert sorted(taken) == list(range(1, ROWS + 1))
    print(f"{engine.dialect.name}: certificate numbers, {THREADS} writers: "
          f"{ROWS / took:.0f}/s, {len(taken)} taken, none repeated")
    engine.dispose()


if __name__ == "__main__":
    main()
