"""Ruled tables on a page image: the cells, as boxes grouped into tables and rows.

Long horizontal and vertical strokes are kept by morphological opening; the white regions they
enclose are the cells. Cells that touch belong to one table; cells whose tops agree form a row.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from parsers.result import Box


def line_mask(grey: Any) -> Any:
    h, w = grey.shape[:2]
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                   25, 12)
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 30), 1)))
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                            cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(20, h // 60))))
    mask = cv2.bitwise_or(horiz, vert)
    # close small gaps that blur, noise or a slight skew leave in the rulings
    mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    return mask


def cells(grey: Any, dpi: float) -> list[Box]:
    """Boxes of the table cells (pixels)."""
    mask = line_mask(grey)
    h, w = grey.shape[:2]
    min_side = dpi * 6 / 25.4       # a cell is at least 6 mm each way (a printed □ is 4)
    contours, _ = cv2.findContours(cv2.bitwise_not(mask), cv2.RETR_LIST,
                                   cv2.CHAIN_APPROX_SIMPLE)
    found: list[Box] = []
    for c in contours:
        x, y, cw, ch = cv2.boundingRect(c)
        if cw < min_side or ch < min_side or cw > 0.95 * w or ch > 0.9 * h:
            continue
        if x <= 1 or y <= 1 or x + cw >= w - 1 or y + ch >= h - 1:
            continue
        if cv2.contourArea(c) < 0.8 * cw * ch:
            continue
        found.append((float(x), float(y), float(x + cw), float(y + ch)))
    # a table's outline is found too: drop every box that holds another
    return [b for b in found if not any(o is not b and _contains(b, o) for o in found)]


def _contains(outer: Box, inner: Box) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1] and outer[2] >= inner[2]
            and outer[3] >= inner[3])


def _near(a: Box, b: Box, gap: float) -> bool:
    return not (a[2] + gap < b[0] or b[2] + gap < a[0] or a[3] + gap < b[1] or b[3] + gap < a[1])


def tables(boxes: list[Box], gap: float = 16.0) -> list[list[list[Box]]]:
    """Cells grouped into tables (touching cells), each as rows (same top) left to right,
    tables top to bottom."""
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if _near(boxes[i], boxes[j], gap):
                parent[find(i)] = find(j)
    groups: dict[int, list[Box]] = {}
    for i, b in enumerate(boxes):
        groups.setdefault(find(i), []).append(b)
    out = []
    for group in groups.values():
        group.sort(key=lambda b: (b[1], b[0]))
        rows: list[list[Box]] = []
        for b in group:
            # same row: overlapping most of the height of a cell of the row (a slight skew
            # moves the tops, not the overlap)
            row = next((r for r in rows if any(_overlap(b, o) > 0.6 for o in r)), None)
            if row is None:
                rows.append([b])
            else:
                row.append(b)
        rows.sort(key=lambda r: min(b[1] for b in r))
        out.append([sorted(r, key=lambda b: b[0]) for r in rows])
    out.sort(key=lambda t: t[0][0][1])
    return out


def _overlap(a: Box, b: Box) -> float:
    inter = min(a[3], b[3]) - max(a[1], b[1])
    return inter / max(1.0, min(a[3] - a[1], b[3] - b[1]))


def as_grey(img: Any) -> Any:
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else np.asarray(img)


def skew(grey: Any, limit: float = 5.0) -> float:
    """Degrees the page is turned counter-clockwise: the angle at which the rows of ink line
    up best (the variance of the row sums peaks), searched coarse then fine on a small copy."""
    h, w = grey.shape[:2]
    f = 900 / max(w, 1)
    small = cv2.resize(grey, (int(w * f), int(h * f)), interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(cv2.GaussianBlur(small, (3, 3), 0), 0, 255,
                        cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    sh, sw = ink.shape[:2]

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((sw / 2, sh / 2), -angle, 1.0)
        turned = cv2.warpAffine(ink, m, (sw, sh), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    best = max(np.arange(-limit, limit + 0.01, 0.25), key=sharpness)
    best = max(np.arange(best - 0.25, best + 0.26, 0.05), key=sharpness)
    return float(best)
