"""发文字号: format/parse pair (GB/T 9704-2012 §7.2.4) and what a form field accepts."""

from __future__ import annotations

import pytest

from forms.docnumber import (
    PATTERN,
    DocNumber,
    format_doc_number,
    is_doc_number,
    normalise_doc_number,
    parse_doc_number,
)


@pytest.mark.parametrize(("prefix", "year", "serial", "text"), [
    ("杨工", 2026, 12, "杨工〔2026〕12号"),
    ("杨工", 2027, 1, "杨工〔2027〕1号"),
    ("杨工办", 2026, 105, "杨工办〔2026〕105号"),
    ("沪总工", 2019, 30, "沪总工〔2019〕30号"),
])
def test_format_and_parse_round_trip(prefix: str, year: int, serial: int, text: str) -> None:
    assert format_doc_number(prefix, year, serial) == text
    assert PATTERN.match(text)
    assert "\u3014" in text and "\u3015" in text  # 〔〕, not [] or （）
    assert parse_doc_number(text) == DocNumber(prefix, year, serial)


@pytest.mark.parametrize("serial", [1, 9, 10, 99, 100, 1000])
def test_no_padding_zeros_ever(serial: int) -> None:
    text = format_doc_number("杨工", 2026, serial)
    assert f"〕{serial}号" in text
    assert parse_doc_number(text).serial == serial


@pytest.mark.parametrize("text", [
    "杨工〔2026〕012号",  # 虚位
    "杨工〔2026〕0号",
    "杨工〔2026〕第12号",  # 第
    "杨工[2026]12号",  # wrong brackets (accepted by the form field only after normalising)
    "杨工（2026）12号",
    "杨工〔26〕12号",  # the year in full
    "杨工〔2026〕12",  # 号
    "〔2026〕12号",  # the body's code
    "杨 工〔2026〕12号",
    "",
])
def test_parse_refuses(text: str) -> None:
    assert not is_doc_number(text)
    with pytest.raises(ValueError):
        parse_doc_number(text)


@pytest.mark.parametrize(("args"), [("", 2026, 1), ("杨工", 26, 1), ("杨工", 2026, 0),
                                    ("杨 工", 2026, 1), ("杨工〔", 2026, 1)])
def test_format_refuses(args: tuple[str, int, int]) -> None:
    with pytest.raises(ValueError):
        format_doc_number(*args)


@pytest.mark.parametrize(("typed", "stored"), [
    ("杨工[2026]12号", "杨工〔2026〕12号"),
    ("杨工［2026］12号", "杨工〔2026〕12号"),
    ("杨工（2026）12号", "杨工〔2026〕12号"),
    ("杨工(2026)12号", "杨工〔2026〕12号"),
    ("杨工【2026】12号", "杨工〔2026〕12号"),
    (" 杨工 〔2026〕 12号 ", "杨工〔2026〕12号"),
    ("杨工〔2026〕012号", "杨工〔2026〕012号"),  # padding is refused by the rule, not rewritten
])
def test_normalise_brackets_only(typed: str, stored: str) -> None:
    assert normalise_doc_number(typed) == stored
