"""Parallel writers lose nothing, never see "database is locked", and never share a number."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from registry import applications, funds
from registry.models_org import AuditEntry
from registry.models_studio import Activity, Application, Certificate
from tests.registry_db.conftest import District
from tests.registry_db.test_lifecycle import DAY, STEPS, application_record, name_studio
from tests.registry_db.workers import take_numbers

THREADS = 8
LEADERS = ("甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七", "辛八")


def test_parallel_naming_gives_distinct_numbers(factory: sessionmaker[Session],
                                                district: District) -> None:
    d = district
    ids = []
    for leader in LEADERS:
        with factory() as s, s.begin():
            app_id = applications.submit(s, d.unit_a, application_record(leader), DAY).id
            for action, who in STEPS[:-1]:
                applications.act(s, getattr(d, who), app_id, action, DAY)
            ids.append(app_id)

    def approve(app_id: int) -> None:
        with factory() as s, s.begin():
            applications.act(s, d.district, app_id, "approve", DAY)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(approve, ids))  # re-raises any error, "database is locked" included
    with factory() as s:
        serials = sorted(s.scalars(select(Certificate.serial)).all())
        assert serials == list(range(1, len(LEADERS) + 1))
        assert len(set(s.scalars(select(Certificate.number)).all())) == len(LEADERS)
        assert set(s.scalars(select(Application.state)).all()) == {"named"}


def test_parallel_ledger_writers_lose_nothing(factory: sessionmaker[Session],
                                              district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    per_thread = 25

    def write(n: int) -> None:
        for i in range(per_thread):
            with factory() as s, s.begin():
                funds.add_activity(s, d.unit_a, studio_id, dt.date(2027, 1, 1), f"活动{n}-{i}")

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(write, range(THREADS)))
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == THREADS * per_thread
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "ledger_activity")) == THREADS * per_thread


def test_parallel_processes_never_share_a_number(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(2, mp_context=context) as pool:
        taken = [n for part in pool.map(take_numbers, [url] * 4, [2031] * 4, [30] * 4)
                 for n in part]
    assert sorted(taken) == list(range(1, 121))
