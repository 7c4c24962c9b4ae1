"""Printed lines back into the text that was typed: wrapped lines joined, real breaks kept.

A line was wrapped (not broken by the writer) when the first unbreakable piece of the next
line would not have fitted at the end of it: a Latin word, or one Chinese character with the
punctuation that may not begin a line. The same rule serves text PDFs (exact character boxes)
and OCR lines (estimated from the line height).
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.result import Box

NO_LINE_START = frozenset("，。、；：？！）》」』】〕”’…%,.;:?!)]}·—")
NO_LINE_END = frozenset("（《「『【〔“‘([{")


@dataclass
class Line:
    text: str
    box: Box
    char_widths: tuple[float, ...] = ()   # per character; empty → estimated from the height
    confidence: float = 1.0
    space_after: bool | None = None         # a space glyph ended the line (None: unknown)

    def width_of(self, start: int, end: int) -> float:
        if self.char_widths:
            return sum(self.char_widths[start:end])
        h = self.box[3] - self.box[1]
        return sum(h if ord(c) > 0x2E80 else 0.55 * h for c in self.text[start:end])


def first_unit(text: str) -> int:
    """How many leading characters cannot be separated by a line break."""
    n = 0
    while n < len(text) and text[n] in NO_LINE_END:
        n += 1
    if n < len(text) and text[n].isascii() and text[n].isalnum():
        while n < len(text) and text[n].isascii() and not text[n].isspace():
            n += 1
    elif n < len(text):
        n += 1
    while n < len(text) and text[n] in NO_LINE_START:
        n += 1
    return max(n, 1)


def is_wrap(prev: Line, nxt: Line, right: float, tolerance: float = 1.0) -> bool:
    text = nxt.text.lstrip()
    if not text or not prev.text.strip():
        return False
    unit = first_unit(text)
    offset = len(nxt.text) - len(text)
    return prev.box[2] + nxt.width_of(offset, offset + unit) > right - tolerance


def join(lines: list[Line], right: float) -> str:
    """The text of the lines of one cell, in order, wrapped lines joined."""
    out = ""
    for i, line in enumerate(lines):
        if i == 0:
            out = line.text
            continue
        prev = lines[i - 1]
        if is_wrap(prev, line, right):
            a, b = out[-1:], line.text[:1]
            latin = a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
            if prev.space_after or (prev.space_after is None and latin):
                out += " "   # the line wrapped at a space
            out += line.text
        else:
            out = out.rstrip(" ") + "\n" + line.text
    return out
