"""Uncertain readings checked against the stored record that the page's QR code names.

A returned form is usually the system's own printout plus signatures and seals. Where a reading
is unsure but agrees with the stored value in every way the reading could have gone wrong —
blanks lost at a line wrap, 〇 dropped by OCR, a rare character read as a look-alike — the
stored value is taken, marked as confirmed. Anything else stays flagged for a person.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from forms.dates import format_date_cn, format_date_zh
from parsers.result import REVIEW_BELOW, FieldReading

CONFIRMED = 0.95
CONFIRMED_NOTE = "与存档记录核对一致 / confirmed against the stored record"
# Characters OCR is known to drop; a stored character outside the BMP or outside GB2312 is one
# that OCR's dictionary may not hold and may replace by a look-alike.
DROPPABLE = frozenset("〇 \u3000")


def _rare(ch: str) -> bool:
    if ord(ch) > 0xFFFF:
        return True
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


def printed_forms(value: Any) -> list[str]:
    if isinstance(value, dt.date):
        return [format_date_zh(value), format_date_cn(value), value.isoformat()]
    if isinstance(value, bool):
        return ["是" if value else "否"]
    if isinstance(value, list):
        return ["".join(map(str, value))]
    return [] if value is None else [str(value)]


def compatible(read: str, stored: str) -> bool:
    """Whether ``read`` is ``stored`` up to blanks, dropped 〇 and rare look-alikes."""
    a, b = re.sub(r"\s+", "", read), re.sub(r"\s+", "", stored)
    if a == b:
        return True
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "insert" and all(c in DROPPABLE for c in b[j1:j2]):
            continue
        if op == "replace" and i2 - i1 == j2 - j1 and all(_rare(c) for c in b[j1:j2]):
            continue
        return False
    return True


def _same(read: Any, stored: Any) -> bool:
    if isinstance(read, list) and isinstance(stored, list):   # ticked boxes have no order
        return sorted(map(str, read)) == sorted(map(str, stored))
    return bool(read == stored)


def value_at(data: Any, path: str) -> Any:
    for part in path.split("."):
        if isinstance(data, list):
            i = int(part)
            if i >= len(data):
                return None
            data = data[i]
        elif isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def confirm(fields: dict[str, FieldReading], stored: dict[str, Any], strict: bool = False) -> int:
    """Confirm uncertain readings against the stored record (``model_dump()``); how many.

    ``strict`` (OCR): every reading is compared; one that differs from the stored value in a
    way OCR's errors cannot explain is flagged, since a printout rarely changes on paper."""
    done = 0
    for reading in fields.values():
        if reading.confidence >= REVIEW_BELOW and not strict:
            continue
        if reading.path.endswith(".sealed"):
            continue   # evidence from the paper, never printed
        expected = value_at(stored, reading.path)
        if _same(reading.value, expected):
            if reading.confidence < REVIEW_BELOW:
                reading.confidence = CONFIRMED
                reading.note = CONFIRMED_NOTE
                done += 1
            continue
        if expected is not None and any(
                compatible(reading.text, form) for form in printed_forms(expected)):
            reading.value = expected
            reading.confidence = CONFIRMED
            reading.note = CONFIRMED_NOTE
            done += 1
        elif strict and reading.confidence >= REVIEW_BELOW:
            reading.confidence = 0.6
            reading.note = "与存档记录不同，请核对 / differs from the stored record: please check"
    return done
