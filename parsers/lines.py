"""Printed lines back into the text that was typed: wrapped lines joined, real breaks kept.

Measured on LibreOffice's PDFs of zh-CN paragraphs: lines break between any two characters,
Latin words included (``mac|hining``), and the space at the end of a wrapped line is not
written. So a line was wrapped when the next line's first character (with the punctuation that
may not begin a line) would not have fitted after it; a space was lost at the wrap when that
character would have fitted but a space before it would not. Where the geometry cannot tell,
the reading is kept and counted as a doubt, so the field is flagged for a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.result import Box

NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]}·—")
NO_LINE_END = frozenset("（《「『【〔“‘([{")
SPACE_EM = 1 / 3          # a space in the Fandol/Noto fonts, in ems
AUTOSPACE_EM = 0.25       # the gap layouts put between Chinese and Latin text
# A typed line ends with these as often as a sentence: a line that ends in one and is full is
# as likely broken by hand as wrapped (measured: 3 of 10 work plans), whatever the geometry says
SENTENCE_END = frozenset("。！？")
# the number that begins an item of a typed list: 一季度：, 二、, 3. , 第四 …
ITEM = re.compile(r"(第?)([一二三四五六七八九十]{1,3}|\d{1,2})(季度|、|\.|．|:|：|）|\)|是)")
NUMERALS = "一二三四五六七八九"
SPACED_MIX = re.compile(r"[\u2e80-\U0010ffff] [!-~]|[!-~] [\u2e80-\U0010ffff]")


@dataclass
class Line:
    text: str
    box: Box
    char_widths: tuple[float, ...] = ()   # per character; empty → estimated from the height
    confidence: float = 1.0
    space_after: bool | None = None         # a space glyph ended the line (None: unknown)

    @property
    def em(self) -> float:
        return self.box[3] - self.box[1]

    def width_of(self, start: int, end: int) -> float:
        if self.char_widths:
            return sum(self.char_widths[start:end])
        return sum(self.em if _is_cjk(c) else 0.55 * self.em for c in self.text[start:end])


def first_unit(text: str) -> int:
    """How many leading characters cannot be separated by a line break."""
    n = 0
    while n < len(text) and text[n] in NO_LINE_END:
        n += 1
    n += 1
    while n < len(text) and text[n] in NO_LINE_START:
        n += 1
    return min(n, len(text))


def _is_cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


@dataclass(frozen=True)
class Break:
    wrapped: bool
    space: bool
    doubtful: bool


def judge(prev: Line, nxt: Line, right: float, tolerance: float = 1.0,
          near_full: float = 0.5) -> Break:
    """How ``prev`` ended: wrapped (with a lost space?) or broken by the writer."""
    text = nxt.text.lstrip()
    head = prev.text.rstrip()
    if not text or not head:
        return Break(False, False, False)
    offset = len(nxt.text) - len(text)
    need = nxt.width_of(offset, offset + first_unit(text))
    latin = not _is_cjk(head[-1]) and not _is_cjk(text[0])
    if _is_cjk(head[-1]) != _is_cjk(text[0]):
        need += AUTOSPACE_EM * nxt.em
    room = right - prev.box[2]
    if prev.space_after:
        return Break(True, True, False)
    if latin and room < need + SPACE_EM * nxt.em + 2 * nxt.em:
        # Between Latin characters the layout breaks inside words and at spaces it does not
        # write: a wrap, whose lost space the geometry cannot tell; a doubt either way.
        # a number broken by the wrap (9|8.5%) is likelier than a lost blank between digits
        number = head[-1].isdigit() and (text[0].isdigit() or text[0] in ".%")
        space = need - tolerance <= room and head[-1] != "-" and not number
        return Break(True, space, head[-1] != "-")
    if room < need - tolerance:
        return Break(True, False, head[-1] in SENTENCE_END)
    if room < need + near_full * nxt.em:
        return Break(True, False, True)   # nearly full: a wrap, most likely
    return Break(False, False, False)


def item(text: str) -> tuple[str, int, str] | None:
    """(prefix, number, suffix) of the list item a line begins with, or None."""
    m = ITEM.match(text.lstrip())
    if m is None:
        return None
    word = m[2]
    if word.isdigit():
        return m[1], int(word), m[3]
    tens, _, ones = word.rpartition("十")
    if "十" not in word:
        return (m[1], NUMERALS.index(word) + 1, m[3]) if len(word) == 1 else None
    if len(tens) > 1 or len(ones) > 1:
        return None
    value = (NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        NUMERALS.index(ones) + 1 if ones else 0)
    return m[1], value, m[3]


def next_item(start: str, line: str) -> bool:
    """Whether ``line`` begins the list item after the one ``start`` begins (一季度 → 二季度)."""
    a, b = item(start), item(line)
    return a is not None and b is not None and (a[0], a[2]) == (b[0], b[2]) and b[1] == a[1] + 1


def join(lines: list[Line], right: float, tolerance: float = 1.0,
         near_full: float = 0.5) -> tuple[str, int]:
    """The text of the lines of one cell, wrapped lines joined; and how many joins are in
    doubt. A doubtful wrap after a full line that ends a sentence is taken as a typed break
    when the next line begins the next item of a typed list (一季度… / 二季度…); it stays a
    doubt."""
    out = ""
    doubts = 0
    mixed = 0      # wraps between Chinese and Latin text
    start = ""     # the first line of the current paragraph
    for i, line in enumerate(lines):
        if i == 0:
            out = start = line.text
            continue
        b = judge(lines[i - 1], line, right, tolerance, near_full)
        doubts += b.doubtful
        if b.wrapped and b.doubtful and lines[i - 1].text.rstrip()[-1:] in SENTENCE_END \
                and next_item(start, line.text):
            b = Break(False, False, True)
        if not b.wrapped:
            start = line.text
        if b.wrapped and out and line.text and _is_cjk(out[-1]) != _is_cjk(line.text[0]):
            mixed += 1
        if b.wrapped:
            out += (" " if b.space else "") + line.text
        else:
            out = out.rstrip(" ") + "\n" + line.text
    if mixed and SPACED_MIX.search(out):
        doubts += mixed   # this writer puts blanks between Chinese and Latin: one may be lost
    return out, doubts
