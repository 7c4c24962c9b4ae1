"""Phone photos of a page: the paper found, warped upright to an A4 page at the scan reader's
resolution, and its uneven light flattened — before the normal scan reader runs.

A photo shows the sheet against a darker desk, seen at an angle (a quadrilateral, not a
rectangle) and lit unevenly (a gradient, a hand's shadow). Per frame:

1. the page: on a reduced copy, the bright region (Otsu's threshold on a blurred grey image,
   closed so that text and rulings do not cut it) whose outline simplifies to four corners and
   covers a fair part of the frame; Canny edges are tried when the threshold finds none;
2. a photo is a frame whose page does not fill it, or is not a rectangle; a flat scan (the page
   is the frame) is left as it is;
3. the four corners are mapped onto an A4 page (portrait or landscape by the longer side) at
   :data:`parsers.raster.DPI` by a perspective transform;
4. the light: each colour channel is divided by its own background, a heavy morphological
   closing of a reduced copy (the paper without the ink), so the paper reads white all over and
   a red seal stays red.

The page's orientation (upside down, turned a quarter) is still the QR code's business.
"""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from parsers import raster
from parsers.gate import Upload

Quad = NDArray[np.float32]           # 4×2: top-left, top-right, bottom-right, bottom-left
WORK_SIDE = 900                      # px: the reduced copy the page is looked for on
MIN_AREA = 0.2                       # of the frame: smaller bright regions are not the page
FILLS = 0.97                         # a page covering this much of the frame is a scan
SQUARE_TOL = 0.015                   # of the diagonal: corners this close to a rectangle's
A4_MM = (210.0, 297.0)


def order(points: NDArray[Any]) -> Quad:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    pts = np.asarray(points, dtype=np.float32).reshape(4, 2)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)],
                     pts[np.argmax(d)]], dtype=np.float32)


def find_page(img: NDArray[Any]) -> Quad | None:
    """The sheet's four corners in ``img`` (pixels), or ``None`` if no sheet stands out."""
    h, w = img.shape[:2]
    f = min(1.0, WORK_SIDE / max(h, w))
    small = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else img
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    _, bright = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (15, 15))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, k)
    quad = _quad_of(bright, grey.shape[0] * grey.shape[1])
    if quad is None or not _sheet(grey, quad):
        edges = cv2.dilate(cv2.Canny(grey, 40, 120), np.ones((3, 3), np.uint8))
        quad = _quad_of(edges, grey.shape[0] * grey.shape[1])
    if quad is None or not _sheet(grey, quad):
        return None
    return np.asarray(quad / f, dtype=np.float32)


def _sheet(grey: NDArray[Any], quad: Quad) -> bool:
    """Whether the quadrilateral looks like a sheet of A4 on a darker ground: sides in about
    A4's proportion (perspective bends them), and clearly brighter than what is around it."""
    sides = np.linalg.norm(quad - np.roll(quad, -1, axis=0), axis=1)
    across, down = (sides[0] + sides[2]) / 2, (sides[1] + sides[3]) / 2
    ratio = max(across, down) / max(1.0, min(across, down))
    if not 1.1 <= ratio <= 1.9:
        return False
    mask = np.zeros(grey.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)
    outside = grey[mask == 0]
    if outside.size < 0.02 * grey.size:
        return True   # the sheet fills the frame: a scan, judged by is_photo
    return bool(float(np.median(outside)) < 0.8 * float(np.median(grey[mask > 0])))


def _quad_of(mask: NDArray[Any], area: int) -> Quad | None:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        if cv2.contourArea(c) < MIN_AREA * area:
            break
        hull = cv2.convexHull(c)
        perimeter = cv2.arcLength(hull, True)
        for eps in (0.01, 0.02, 0.03, 0.05):
            approx = cv2.approxPolyDP(hull, eps * perimeter, True)
            if len(approx) == 4:
                return order(approx)
        rect = cv2.boxPoints(cv2.minAreaRect(hull))   # rounded corners: the bounding rectangle
        return order(rect)
    return None


def is_photo(quad: Quad | None, shape: tuple[int, ...]) -> bool:
    """A page that does not fill the frame, or whose outline is no upright rectangle."""
    if quad is None:
        return False
    h, w = shape[:2]
    if cv2.contourArea(quad) < FILLS * h * w:
        return True
    tol = SQUARE_TOL * float(np.hypot(h, w))
    frame = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    return bool(np.max(np.linalg.norm(quad - frame, axis=1)) > tol)


def warp(img: NDArray[Any], quad: Quad, dpi: float = raster.DPI) -> NDArray[Any]:
    """The quadrilateral mapped onto an A4 page (landscape if its top edge is the longer)."""
    top = float(np.linalg.norm(quad[1] - quad[0]) + np.linalg.norm(quad[2] - quad[3])) / 2
    side = float(np.linalg.norm(quad[3] - quad[0]) + np.linalg.norm(quad[2] - quad[1])) / 2
    short, long = (round(mm / 25.4 * dpi) for mm in A4_MM)
    width, height = (long, short) if top > side else (short, long)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      dtype=np.float32)
    m = cv2.getPerspectiveTransform(quad, target)
    return np.asarray(cv2.warpPerspective(img, m, (width, height), flags=cv2.INTER_LINEAR,
                                          borderMode=cv2.BORDER_REPLICATE))


def flatten(img: NDArray[Any]) -> NDArray[Any]:
    """Uneven light evened out: each channel divided by its background (ink removed by a
    closing larger than any stroke, on a quarter-size copy, smoothed), paper to white."""
    h, w = img.shape[:2]
    small = cv2.resize(img, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, k)
    background = cv2.GaussianBlur(background, (0, 0), 6)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    background = np.maximum(background, 1)
    return np.asarray(cv2.divide(img, background, scale=255.0 / 0.94))   # saturates at 255


def straighten(img: NDArray[Any]) -> NDArray[Any] | None:
    """The page of a photo, upright and evenly lit; ``None`` if the frame is no photo."""
    quad = find_page(img)
    if not is_photo(quad, img.shape):
        return None
    assert quad is not None
    return flatten(warp(img, quad))


def upright(upload: Upload) -> Upload:
    """The pipeline's hook for image uploads: frames that are photos of a page are replaced by
    the page, straightened and flattened (the upload is rewritten as a lossless TIFF at
    :data:`parsers.raster.DPI`); scans and PDFs pass through untouched."""
    if upload.kind != "image":
        return upload
    frames: list[NDArray[Any]] = []
    changed = False
    for img, _dpi in raster.pages(upload):
        page = straighten(img)
        changed = changed or page is not None
        frames.append(img if page is None else page)
    if not changed:
        return upload
    images = [Image.fromarray(cv2.cvtColor(f, cv2.COLOR_BGR2RGB)) for f in frames]
    buf = io.BytesIO()
    images[0].save(buf, "TIFF", save_all=True, append_images=images[1:],
                   dpi=(raster.DPI, raster.DPI))
    return Upload("image", buf.getvalue(), "image/tiff", len(images), upload.name)
