"""Format/parse pairs: what a generator writes, a parser reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from forms.dates import format_date_cn, format_date_zh, parse_date_cn, parse_date_zh
from forms.ids import DocRef
from forms.money import format_capitals, format_yuan, parse_capitals, parse_yuan
from forms.uscc import check_character, problem


@pytest.mark.parametrize(("day", "cn"), [
    (dt.date(2026, 11, 24), "二〇二六年十一月二十四日"),
    (dt.date(2000, 1, 10), "二〇〇〇年一月十日"),
    (dt.date(2019, 10, 31), "二〇一九年十月三十一日"),
])
def test_chinese_numeral_dates(day: dt.date, cn: str) -> None:
    assert format_date_cn(day) == cn
    assert parse_date_cn(cn) == day


def test_every_day_of_a_year_round_trips() -> None:
    day = dt.date(2028, 1, 1)
    while day.year == 2028:
        assert parse_date_cn(format_date_cn(day)) == day
        assert parse_date_zh(format_date_zh(day)) == day
        day += dt.timedelta(days=1)


def test_official_date_form() -> None:
    assert format_date_zh(dt.date(2026, 11, 24)) == "2026年11月24日"


@pytest.mark.parametrize(("amount", "figures", "capitals"), [
    ("10000", "¥10,000.00", "人民币壹万元整"),
    ("1.236", "¥1.24", "人民币壹元贰角肆分"),  # quantized half up, not truncated
    ("100.05", "¥100.05", "人民币壹佰元零伍分"),
    ("0.5", "¥0.50", "人民币伍角"),
    ("200000", "¥200,000.00", "人民币贰拾万元整"),
])
def test_money(amount: str, figures: str, capitals: str) -> None:
    value = Decimal(amount)
    assert format_yuan(value) == figures
    assert format_capitals(value) == capitals
    assert parse_capitals(capitals) == parse_yuan(figures)


@pytest.mark.parametrize("cents", [0, 1, 7, 10, 99, 100, 101, 1005, 100000, 123456789,
                                   1000000001])
def test_capitals_round_trip(cents: int) -> None:
    value = Decimal(cents) / 100
    assert parse_capitals(format_capitals(value)) == value


def test_uscc() -> None:
    assert check_character("91310110MA1G8XKJ3") == "A"
    assert problem("91310110MA1G8XKJ3A") is None
    assert problem("91310110MA1G8XKJ3") is not None           # 17 characters
    assert problem("91310110MA1G8XKJIA") is not None          # I is not in the alphabet
    assert problem("91310110MA1G8XKJ3B") is not None          # wrong check character


def test_qr_payload_round_trip() -> None:
    ref = DocRef("application", 1, "app2026demo01", page=3)
    assert DocRef.decode(ref.encode()) == ref
    with pytest.raises(ValueError):
        DocRef.decode("http://example.invalid/")
