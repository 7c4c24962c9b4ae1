"""Readings that do not parse as their field's type, mended where OCR's usual slips explain them.

A value is mended only when its type leaves one reading: a date whose 日 OCR dropped or
misread (``2026年12月5``, ``2026年12月5目``) and whose numbers make a real date; a number with a
letter OCR confuses with a digit (``1O5.5`` → 105.5) or a full-width point; a choice of the
schema's Literal read with one character wrong (``技帅`` → 技师) when exactly one choice is that
close; a 统一社会信用代码 with a letter the code never uses but OCR gives for a digit (O, I, Z,
S) whose check character then agrees; a telephone number with such letters or a long dash. A
mended value is always returned flagged (confidence at most :data:`MENDED`) with a note
saying so: a person looks at it beside the crop; nothing is mended silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.uscc import problem as uscc_problem

MENDED = 0.7
NOTE = "按字段类型修正了识读结果，请核对 / the reading was mended by the field's type: please check"
# letters and marks OCR gives for digits in printed numbers
DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1",
                                  "|": "1", "丨": "1", "Z": "2", "S": "5", "B": "8",
                                  "。": ".", "．": ".", "，": "", ",": "", " ": ""})
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})(.?)")
DAY_MARK_LOOKALIKES = frozenset("日曰目白")


def date(text: str) -> dt.date | None:
    """A date printed as 2026年12月5日 whose 日 OCR dropped or misread, or None."""
    squeezed = re.sub(r"\s+", "", text)
    m = DATE.fullmatch(squeezed)
    if m is None or (m[4] and m[4] not in DAY_MARK_LOOKALIKES):
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def number(text: str) -> Decimal | None:
    """A printed number with letters OCR gives for digits, or None when it still is none."""
    fixed = text.strip().translate(DIGIT_LOOKALIKES)
    if fixed == text.strip() or not re.fullmatch(r"-?\d+(\.\d+)?", fixed):
        return None
    try:
        return Decimal(fixed)
    except InvalidOperation:
        return None


def choice(text: str, options: tuple[str, ...]) -> str | None:
    """The one option that the reading differs from by a single character, or None."""
    read = re.sub(r"\s+", "", text)
    if not read:
        return None
    close = [o for o in options if len(o) == len(read) and len(o) >= 2
             and sum(a != b for a, b in zip(o, read, strict=True)) == 1]
    if len(close) != 1:
        return None
    # and no other option is nearly as like it (a choice is no guess between two)
    ratio = difflib.SequenceMatcher(None, read, close[0]).ratio()
    others = [difflib.SequenceMatcher(None, read, o).ratio() for o in options if o != close[0]]
    return close[0] if all(r < ratio for r in others) else None


# letters a 统一社会信用代码 never holds (GB 32100 leaves out I, O, Z, S, V) read for digits
CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "Z": "2", "S": "5"})
PHONE_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "S": "5",
                                  "—": "-", "－": "-", "–": "-", "一": "-", " ": ""})


def credit_code(text: str) -> str | None:
    """The code with OCR's letters for digits put back, when its check character then agrees;
    None when it was right as read or cannot be mended so."""
    read = re.sub(r"\s+", "", text).upper()
    if len(read) != 18 or uscc_problem(read) is None:
        return None
    fixed = read.translate(CODE_LOOKALIKES)
    return fixed if uscc_problem(fixed) is None else None


def phone(text: str) -> str | None:
    """A telephone number (digits, one or two dashes) with OCR's letters for digits and its
    dashes put back; None when it was right as read or still is no number."""
    read = text.strip()
    fixed = read.translate(PHONE_LOOKALIKES)
    if fixed == read or not re.fullmatch(r"\+?\d[\d-]{5,}\d", fixed):
        return None
    return fixed


CN_DIGITS = "〇一二三四五六七八九"
SHORT_YEAR = re.compile(r"(?<![〇一二三四五六七八九])[〇一二三四五六七八九]{3}(?=年)")
YEARS = range(1900, 2100)   # the years these documents speak of


def short_years(text: str) -> str:
    """Years in Chinese numerals that OCR read with a 〇 too few (二二五年), given it back where
    exactly one place for it makes a year of :data:`YEARS` (二〇二五年); others kept as read.
    The caller flags the text either way."""
    def fill(m: re.Match[str]) -> str:
        digits = m[0]
        found = {digits[:i] + "〇" + digits[i:] for i in range(4)}
        plausible = [y for y in found if int("".join(str(CN_DIGITS.index(c)) for c in y))
                     in YEARS]
        return plausible[0] if len(plausible) == 1 else digits
    return SHORT_YEAR.sub(fill, text)


def mend_text(path: str, text: str) -> str | None:
    """Text fields whose shape is known by their name: the mended value, or None."""
    name = path.rpartition(".")[2]
    if name == "credit_code":
        return credit_code(text)
    if name in ("phone", "mobile", "telephone"):
        return phone(text)
    return None


def mend(text: str, filter_name: str | None, inner: Any, options: tuple[str, ...]) -> Any:
    """The mended value for a reading its type refused, or None when nothing explains it.
    ``inner`` is the field's type without ``| None`` (dt.date, Decimal, int, str …)."""
    if filter_name in ("date_zh",) or inner is dt.date:
        return date(text)
    if filter_name in ("wan", "decimal") or inner is Decimal:
        return number(text)
    if inner is int:
        value = number(text)
        return int(value) if value is not None and value == value.to_integral_value() else None
    if options:
        return choice(text, options)
    return None
