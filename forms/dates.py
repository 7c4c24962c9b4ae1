"""Dates as official documents write them, each with the parser that reads it back.

- ``format_date_zh``: ``2026年11月24日`` (Babel zh_CN ``long``; the form of 公文 dates,
  GB/T 9704-2012 §7.3.5.3).
- ``format_date_cn``: ``二〇二六年十一月二十四日`` (Chinese numerals with 〇, GB/T 15835, used on
  certificates). Babel cannot write this form, so it is written here.
"""

from __future__ import annotations

import datetime as dt
import re

from babel.dates import format_date

DIGITS = "〇一二三四五六七八九"


def format_date_zh(d: dt.date) -> str:
    return format_date(d, "long", locale="zh_CN")


def parse_date_zh(text: str) -> dt.date:
    m = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", text)
    if not m:
        raise ValueError(f"not a date like 2026年11月24日: {text!r}")
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _small_number(n: int) -> str:
    """1..31 in Chinese numerals as dates write them: 十, 十一, 二十, 二十四, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "")


def format_date_cn(d: dt.date) -> str:
    year = "".join(DIGITS[int(c)] for c in f"{d.year:04d}")
    return f"{year}年{_small_number(d.month)}月{_small_number(d.day)}日"


def _read_small_number(text: str) -> int:
    if "十" not in text:
        return DIGITS.index(text)
    tens, _, ones = text.partition("十")
    return (DIGITS.index(tens) if tens else 1) * 10 + (DIGITS.index(ones) if ones else 0)


def parse_date_cn(text: str) -> dt.date:
    m = re.fullmatch(r"\s*([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                     r"([一二三四五六七八九十]{1,3})日\s*", text)
    if not m:
        raise ValueError(f"not a date like 二〇二六年十一月二十四日: {text!r}")
    year = int("".join(str(DIGITS.index("〇" if c == "零" else c)) for c in m[1]))
    return dt.date(year, _read_small_number(m[2]), _read_small_number(m[3]))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
