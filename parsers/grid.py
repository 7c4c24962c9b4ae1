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


def tables(boxes: list[Box], gap: float = 12.0) -> list[list[list[Box]]]:
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
            if rows and abs(rows[-1][0][1] - b[1]) < gap:
                rows[-1].append(b)
            else:
                rows.append([b])
        out.append([sorted(r, key=lambda b: b[0]) for r in rows])
    out.sort(key=lambda t: t[0][0][1])
    return out


def as_grey(img: Any) -> Any:
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else np.asarray(img)


def skew(grey: Any) -> float:
    """Degrees the ruled lines are turned counter-clockwise (median of the long strokes)."""
    w = grey.shape[1]
    binary = cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                   25, 12)
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN,
                             cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 12), 1)))
    segments = cv2.HoughLinesP(horiz, 1, np.pi / 1800, threshold=100,
                               minLineLength=w // 4, maxLineGap=10)
    if segments is None:
        return 0.0
    angles = []
    for x0, y0, x1, y1 in np.asarray(segments).reshape(-1, 4):
        if x1 != x0:
            a = -float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
            if abs(a) < 5:
                angles.append(a)
    return float(np.median(angles)) if angles else 0.0
