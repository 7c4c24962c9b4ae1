"""Evidence in each opinion block of a scanned page: a red round seal, signature ink, a date.

Reported as found, never guessed: the seal is a red mark whose outline is a circle of a seal's
size (HSV red mask, then the share of a circle's rim that is red); the signature is dark ink in
long connected strokes, larger than any printed character, and not the seal.
"""

from __future__ import annotations

import math
import re
from typing import Any

import cv2
import numpy as np

from forms.dates import parse_date_zh
from parsers.ocr import TextLine
from parsers.result import Box, OpinionEvidence, ParseResult

SEAL_RADIUS_MM = (12.0, 25.0)   # round seals are 38–45 mm across; a little slack each way
RIM_SHARE = 0.6                 # of the rim that must be red
SIGNATURE_INK = 0.2             # printed characters' worth of ink in long strokes (none: 0.0)
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def red_mask(bgr: Any) -> Any:
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    mask = (((h <= 10) | (h >= 160)) & (s >= 70) & (v >= 60)).astype(np.uint8) * 255
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))


def seal_score(bgr: Any, dpi: float) -> float:
    """The red share of the rim of the best seal-sized red circle (0 when there is none)."""
    mask = red_mask(bgr)
    lo, hi = (r * dpi / 25.4 for r in SEAL_RADIUS_MM)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    best = 0.0
    for c in contours:
        (cx, cy), r = cv2.minEnclosingCircle(c)
        if not lo <= r <= hi:
            continue
        hits = 0
        for k in range(72):
            a = 2 * math.pi * k / 72
            ok = False
            for f in (0.86, 0.9, 0.94, 0.98):
                x, y = int(cx + f * r * math.cos(a)), int(cy + f * r * math.sin(a))
                if 0 <= y < mask.shape[0] and 0 <= x < mask.shape[1] and mask[y, x]:
                    ok = True
                    break
            hits += ok
        best = max(best, hits / 72)
    return best


def _crop(img: Any, box: Box) -> Any:
    h, w = img.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(box[2])), min(h, int(box[3]))
    return img[y0:y1, x0:x1]


def _inside(line: TextLine, box: Box) -> bool:
    x, y = (line.box[0] + line.box[2]) / 2, (line.box[1] + line.box[3]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def signature_score(bgr: Any, cell: Box, dpi: float) -> float:
    """Ink in strokes larger than printed characters, in the cell below its first lines, in
    units of a printed character's area (12 pt). Printed glyphs are small separate marks;
    handwriting runs in long connected strokes; the seal is red and left out."""
    em = 12 / 72 * dpi
    margin = 1.5 / 25.4 * dpi
    h = cell[3] - cell[1]
    area = (cell[0] + margin, cell[1] + 0.2 * h, cell[2] - margin, cell[3] - margin)
    region = _crop(bgr, area)
    if region.size == 0:
        return 0.0
    grey = cv2.cvtColor(region, cv2.COLOR_BGR2GRAY)
    ink = ((cv2.GaussianBlur(grey, (3, 3), 0) < 110) & (red_mask(region) == 0)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    total = 0
    for k in range(1, n):
        w, hh, size = stats[k, cv2.CC_STAT_WIDTH], stats[k, cv2.CC_STAT_HEIGHT], stats[k, 4]
        if (hh > 1.3 * em or w > 2.5 * em) and size > 0.1 * em * em:
            total += int(size)
    return total / (em * em)


def read_date(cell_lines: list[TextLine]) -> tuple[str, Any]:
    for line in reversed(cell_lines):
        m = DATE.search(line.text.replace(" ", ""))
        if m:
            try:
                return line.text, parse_date_zh(m[0])
            except ValueError:
                return line.text, None
    return "", None


def opinion_evidence(result: ParseResult, pages: dict[int, Any]) -> dict[str, OpinionEvidence]:
    out: dict[str, OpinionEvidence] = {}
    for path, reading in result.fields.items():
        parts = path.split(".")
        if len(parts) != 3 or parts[0] != "opinions" or parts[2] != "text":
            continue
        page = pages.get(reading.page or 0)
        if page is None or reading.box is None:
            continue
        key, cell = parts[1], reading.box
        lines = [ln for ln in page.lines if _inside(ln, cell)]
        seal = seal_score(_crop(page.image, cell), page.dpi)
        ink = signature_score(page.image, cell, page.dpi)
        date_text, date = read_date(lines)
        out[key] = OpinionEvidence(key, page.number, cell, signature=ink >= SIGNATURE_INK,
                                   seal=seal >= RIM_SHARE, date=date, date_text=date_text,
                                   scores={"seal": seal, "ink": ink})
    return out
