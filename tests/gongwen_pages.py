"""Reading a 公文 PDF as GB/T 9704 measures it: text lines with positions in millimetres.

pdfplumber gives each character its em box (``top``/``bottom``, in points from the page top).
A line's box on the exact line pitch is centred on the em box, so the line's top edge is the
em box's centre less half the pitch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import pdfplumber

MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 210.0, 297.0
TOP, LEFT = 37.0, 28.0
TYPE_W, TYPE_H = 156.0, 225.0
RIGHT_EDGE, BOTTOM_EDGE = LEFT + TYPE_W, TOP + TYPE_H  # 184, 262
PITCH = TYPE_H / 22  # GB/T 9704: 22 lines on a page (10.23 mm)
CHAR = TYPE_W / 28  # and 28 characters on a line (5.57 mm)
FOOT_CHAR = 14 / MM  # one character of 4号 (14 pt) in mm
RED = (0.9, 0.0, 0.07)


@dataclass
class Line:
    page: int  # 1-based
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def top(self) -> float:
        return float(min(c["top"] for c in self.chars)) / MM

    @property
    def bottom(self) -> float:
        return float(max(c["bottom"] for c in self.chars)) / MM

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"]) / MM

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"]) / MM

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def size(self) -> float:
        return round(float(max(c["size"] for c in self.chars)), 1)

    @property
    def fonts(self) -> set[str]:
        return {re.sub(r"^[A-Z]{6}\+", "", c["fontname"]) for c in self.chars}

    @property
    def line_top(self) -> float:
        """The top edge of the line's slot on the pitch (em box centred in it)."""
        return (self.top + self.bottom) / 2 - PITCH / 2

    def colour(self) -> tuple[float, ...]:
        return tuple(float(v) for v in (self.chars[0]["non_stroking_color"] or ()))


@dataclass
class Rule:
    page: int
    x0: float
    x1: float
    y: float
    width_pt: float
    colour: tuple[float, ...]

    @property
    def length(self) -> float:
        return self.x1 - self.x0


def lines_of(pdf: Path) -> list[Line]:
    """Every text line of every page, top to bottom (characters grouped by their bottom)."""
    found: list[Line] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            chars = sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"]))
            for _, group in groupby(chars, key=lambda c: round(c["bottom"])):
                cs = [c for c in group if c["text"].strip()]
                if cs:
                    found.append(Line(number, cs))
    return found


def rules_of(pdf: Path) -> list[Rule]:
    """Horizontal lines and thin rectangles (how LibreOffice draws borders), in mm."""
    found: list[Rule] = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            for obj in [*page.lines, *page.rects]:
                height = obj["bottom"] - obj["top"]
                if height > 2:  # not a rule
                    continue
                colour = obj.get("stroking_color") or obj.get("non_stroking_color") or ()
                width = float(obj.get("linewidth") or 0) if obj["object_type"] == "line" \
                    else height
                found.append(Rule(number, obj["x0"] / MM, obj["x1"] / MM,
                                  (obj["top"] + obj["bottom"]) / 2 / MM, max(width, height),
                                  tuple(float(v) for v in colour)))
    return found


def images_of(pdf: Path) -> list[tuple[int, float, float, float, float]]:
    """(page, x0, top, x1, bottom) in mm of every image."""
    with pdfplumber.open(pdf) as doc:
        return [(n, im["x0"] / MM, im["top"] / MM, im["x1"] / MM, im["bottom"] / MM)
                for n, page in enumerate(doc.pages, start=1) for im in page.images]


def page_count(pdf: Path) -> int:
    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def page_sizes(pdf: Path) -> set[tuple[float, float]]:
    with pdfplumber.open(pdf) as doc:
        return {(round(p.width / MM, 1), round(p.height / MM, 1)) for p in doc.pages}


def is_red(colour: tuple[float, ...]) -> bool:
    return len(colour) == 3 and all(abs(a - b) < 0.05 for a, b in zip(colour, RED, strict=True))


def find(lines: list[Line], text: str) -> Line:
    for ln in lines:
        if text in ln.text:
            return ln
    raise AssertionError(f"no line holds {text!r}")


def body_lines(lines: list[Line], page: int) -> list[Line]:
    """The lines of the type area on ``page`` (page numbers below it left out)."""
    return [ln for ln in lines if ln.page == page and ln.bottom < BOTTOM_EDGE + 1]
