"""Cells of several values between printed words (an opinion block: text, 签字：name （盖章）, date)
whose printed words a seal or a signature has damaged, read again against the template.

The template says which words are printed round the values. Where OCR lost or misread some of
them (``签字：蔡婷单位工会盖章）2026年12月2日``: the ``（`` under a signature), each printed part is
found again approximately, in order, as the stretch of the reading most like it; the values are
what lies between. The cell is then written as the template prints it, with the values as read,
and flagged: the values are the best reading, not a certain one.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from parsers.layout import TOKEN, Layout, Slot, squash
from parsers.mapping import Table

MIN_SIMILARITY = 0.5    # of a printed part's reading to the template's words (difflib ratio)
REPAIRED = 0.6          # confidence of a cell read this way: always shown to a person
NOTE = ("印刷文字被印章或签名压住，已按模板对齐 / printed words under a seal or signature, "
        "aligned with the template")


def literals(source: str) -> list[str] | None:
    """The printed parts round the values of a template cell (one more than the values);
    None for a cell with ``{% %}`` tags, whose printed parts are not fixed."""
    parts, pos = [], 0
    for tok in TOKEN.finditer(source):
        if tok[1] is not None:
            return None
        parts.append(source[pos:tok.start()])
        pos = tok.end()
    parts.append(source[pos:])
    return parts


def find(text: str, words: str, start: int) -> tuple[int, int, float]:
    """The stretch of ``text`` from ``start`` on most like ``words`` (already squashed):
    (begin, end, similarity); the shortest and then the first of equally good ones."""
    best = (start, start, 0.0)
    slack = max(1, len(words) // 2)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)
    for begin in range(start, len(text)):
        if text[begin].isspace():
            continue
        for size in range(max(1, len(words) - slack), len(words) + slack + 1):
            end = begin + size
            if end > len(text):
                break
            matcher.set_seq1(squash(text[begin:end]))
            ratio = matcher.ratio()
            if ratio > best[2] + 1e-9:
                best = (begin, end, ratio)
    return best


def realign(text: str, slot: Slot) -> str | None:
    """The cell as the template prints it, with the values read between the printed parts
    found again; None when a printed part cannot be found."""
    parts = literals(slot.source)
    if parts is None or len(parts) < 3:
        return None
    values: list[str] = []
    pos = 0
    for k, part in enumerate(parts):
        words = squash(part)
        if not words:
            if k == len(parts) - 1:
                values.append(text[pos:])
            continue
        begin, end, ratio = find(text, words, pos)
        if ratio < MIN_SIMILARITY:
            return None
        if k:
            values.append(text[pos:begin])
        pos = end
    if len(values) != len(parts) - 1:
        return None
    out = parts[0]
    for value, part in zip(values, parts[1:], strict=True):
        out += value.strip() + part
    return out if slot.value_re.fullmatch(out) else None


def reconcile(tables: list[Table], layout: Layout) -> int:
    """Cells of several values that do not read as their template prints them, read again
    (in place); how many were."""
    slots = [s for tl in layout.tables for s in tl.slots if len(s.targets) >= 2 and s.source]
    done = 0
    for table in tables:
        for row in table:
            for i in range(1, len(row)):
                cell = row[i]
                label = squash(row[i - 1].text)
                slot = next((s for s in slots if s.matches(label)), None)
                if slot is None or slot.value_re.fullmatch(cell.text):
                    continue
                fixed = realign(cell.text, slot)
                if fixed is not None:
                    row[i] = replace(cell, text=fixed, confidence=min(cell.confidence, REPAIRED),
                                     note=cell.note or NOTE)
                    done += 1
    return done
