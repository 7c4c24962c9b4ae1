"""The pure rules of the state machine: dates, retirement age, forbidden uses, transitions."""

from __future__ import annotations

import datetime as dt

import pytest

from registry import lifecycle
from registry.errors import Forbidden, RuleBroken


@pytest.mark.parametrize(("gender", "birth", "retires"), [
    ("男", dt.date(1964, 12, 15), dt.date(2024, 12, 15)),  # before the reform: 60
    ("男", dt.date(1965, 1, 10), dt.date(2025, 2, 10)),  # first month of the rise: +1 month
    ("男", dt.date(1965, 5, 10), dt.date(2025, 7, 10)),  # +2 months
    ("男", dt.date(1980, 3, 1), dt.date(2043, 3, 1)),  # fully raised to 63
    ("女", dt.date(1969, 12, 1), dt.date(2024, 12, 1)),  # 55 before the reform
    ("女", dt.date(1970, 1, 31), dt.date(2025, 2, 28)),  # +1 month, day clamped
    ("男", dt.date(1980, 3, 31), dt.date(2043, 3, 31)),
])
def test_retirement_date(gender: str, birth: dt.date, retires: dt.date) -> None:
    assert lifecycle.retirement_date(gender, birth) == retires


def test_leader_rules() -> None:
    birth = dt.date(1964, 1, 1)
    lifecycle.leader_may_lead("男", birth, dt.date(2023, 12, 31), None)
    with pytest.raises(RuleBroken) as past:
        lifecycle.leader_may_lead("男", birth, dt.date(2024, 1, 1), None)
    assert past.value.article == "第十三条"
    lifecycle.leader_may_lead("男", birth, dt.date(2024, 1, 1), dt.date(2023, 12, 1))
    with pytest.raises(RuleBroken):
        lifecycle.may_create("男", birth, dt.date(2024, 6, 1))


def test_cycles_and_dates() -> None:
    named = dt.date(2024, 2, 29)
    assert lifecycle.cycle_end(named, 1) == dt.date(2027, 2, 28)
    assert lifecycle.current_cycle(named, dt.date(2027, 2, 28)) == 2
    assert lifecycle.inspection_due(named, set(), dt.date(2026, 11, 29)) is None
    assert lifecycle.inspection_due(named, set(), dt.date(2026, 11, 30)) == 1
    assert lifecycle.inspection_due(named, {1}, dt.date(2027, 3, 1)) is None
    assert lifecycle.inspection_due(named, {1}, dt.date(2030, 1, 1)) == 2
    assert list(lifecycle.filing_years(dt.date(2024, 12, 5), dt.date(2026, 3, 1))) == [2025, 2026]
    assert lifecycle.filing_overdue(2025, dt.date(2026, 1, 1))
    assert not lifecycle.filing_overdue(2025, dt.date(2025, 12, 31))
    with pytest.raises(RuleBroken):
        lifecycle.require_after_deadline(dt.date(2026, 1, 31), dt.date(2026, 1, 31))
    lifecycle.require_after_deadline(dt.date(2026, 1, 31), dt.date(2026, 2, 1))


@pytest.mark.parametrize(("category", "item"), [("差旅", "出差"), ("材料", "成员津贴"),
                                                ("个人奖励", "奖金"), ("补贴", "餐费")])
def test_forbidden_fund_uses(category: str, item: str) -> None:
    with pytest.raises(RuleBroken) as refused:
        lifecycle.check_fund_use(category, item)
    assert refused.value.article == "第十六条" and "不得用于" in refused.value.zh


def test_allowed_fund_use() -> None:
    lifecycle.check_fund_use("硬件设备", "数控刀具")


def test_transitions() -> None:
    t = lifecycle.step(lifecycle.APPLICATION, "unit_agreed", "preliminary", "sector_union")
    assert (t.after, t.article) == ("preliminary_passed", "第七条")
    with pytest.raises(Forbidden):
        lifecycle.step(lifecycle.APPLICATION, "unit_agreed", "preliminary", "unit_union")
    with pytest.raises(RuleBroken):
        lifecycle.step(lifecycle.APPLICATION, "draft", "approve", "district")
    with pytest.raises(RuleBroken):
        lifecycle.step(lifecycle.APPLICATION, "draft", "fly", "district")
    assert lifecycle.step(lifecycle.APPLICATION, "panel_passed", "approve", "admin").after == \
        "named"
    assert lifecycle.waiting_for("panel") == ("preliminary_passed",)
    with pytest.raises(RuleBroken):
        lifecycle.reject_step("named", "district")
    with pytest.raises(RuleBroken) as again:
        lifecycle.may_apply(dt.date(2025, 12, 1), "named", 2026)
    assert again.value.article == "第七条"
    # every state has a label in both languages
    for machine in (lifecycle.APPLICATION, lifecycle.FUNDING, lifecycle.NOTICE):
        for t in machine:
            assert lifecycle.label(t.after) != t.after and lifecycle.label(t.after, "en")
