"""发文字号 — the document number of an official document, with its parser.

GB/T 9704-2012 §7.2.4: the issuing body's code, the year in full inside hexagonal brackets
〔〕 (U+3014/U+3015) and the serial number in Arabic numerals with 号 after it; no 第 and no
padding zeros (1 is never written 01): ``杨工〔2026〕12号``.

``format_doc_number`` writes that form; ``parse_doc_number`` reads it back strictly;
``normalise_doc_number`` is what a form field accepts: the brackets people actually type
(``[2026]``, ``（2026）``, ``(2026)``, ``【2026】``) are turned into 〔〕, nothing else is changed,
so a padded serial or a 第 is still refused with the rule, not silently rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PATTERN = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
_PARTS = re.compile(r"^(\S+?)〔(\d{4})〕([1-9]\d*)号$")
# Bracket pairs typed instead of 〔〕 (only around a four-digit year).
_LOOSE_BRACKETS = re.compile(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]")

RULE_ZH = ("发文字号应由机关代字、〔年份〕和不带“第”字、不编虚位的顺序号加“号”组成，"
           "如 杨工〔2026〕12号")
RULE_EN = ("a document number is the body's code, the full year in 〔〕 and the serial number "
           "without 第 or leading zeros, followed by 号, e.g. 杨工〔2026〕12号")
STANDARD = "GB/T 9704-2012 7.2.4"


@dataclass(frozen=True)
class DocNumber:
    prefix: str
    year: int
    serial: int


def format_doc_number(prefix: str, year: int, serial: int) -> str:
    """杨工, 2026, 12 → 杨工〔2026〕12号"""
    prefix = prefix.strip()
    if not prefix or any(c.isspace() for c in prefix) or "〔" in prefix or "〕" in prefix:
        raise ValueError(f"not a body code for a document number: {prefix!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"the year must have four digits: {year}")
    if serial < 1:
        raise ValueError(f"the serial number starts at 1: {serial}")
    return f"{prefix}〔{year}〕{serial}号"


def parse_doc_number(text: str) -> DocNumber:
    """杨工〔2026〕12号 → DocNumber('杨工', 2026, 12); anything else raises ValueError."""
    m = _PARTS.match(text)
    if not m or not PATTERN.match(text):
        raise ValueError(f"not a document number like 杨工〔2026〕12号: {text!r}")
    return DocNumber(m[1], int(m[2]), int(m[3]))


def normalise_doc_number(text: str) -> str:
    """Replace the brackets people type around the year by 〔〕; remove blanks."""
    text = re.sub(r"\s+", "", text)
    return _LOOSE_BRACKETS.sub(lambda m: f"〔{m[1]}〕", text)


def is_doc_number(text: str) -> bool:
    return _PARTS.match(text) is not None
