"""The page QR code (``YPSTUDIO|kind|v1|record_id``): decoded with OpenCV's QR detector (the
OpenCV that RapidOCR already needs), with the corner points that give the page's rotation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from forms.ids import DocRef

Image = NDArray[Any]


@dataclass(frozen=True)
class PageCode:
    ref: DocRef
    corners: NDArray[np.float32]   # 4×2: the code's own top-left, top-right, bottom-right, …

    @property
    def angle(self) -> float:
        """Degrees the page is turned counter-clockwise from upright (−180, 180]."""
        (x0, y0), (x1, y1) = self.corners[0], self.corners[1]
        return -math.degrees(math.atan2(y1 - y0, x1 - x0))

    @property
    def centre(self) -> tuple[float, float]:
        c = self.corners.mean(axis=0)
        return float(c[0]), float(c[1])


def _grey(img: Image) -> Image:
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img


def decode(img: Image) -> list[PageCode]:
    """Every studio QR code found in ``img`` (BGR or grey)."""
    grey = _grey(img)
    found: list[PageCode] = []
    detector = cv2.QRCodeDetector()
    for candidate in _candidates(grey):
        scale = candidate.shape[1] / grey.shape[1]
        try:
            ok, texts, points, _ = detector.detectAndDecodeMulti(candidate)
        except cv2.error:
            continue
        if not ok or points is None:
            continue
        for text, pts in zip(texts, points, strict=False):
            try:
                ref = DocRef.decode(text)
            except ValueError:
                continue
            found.append(PageCode(ref, (np.asarray(pts, dtype=np.float32) / scale)))
        if found:
            return found
    return found


def _candidates(grey: Image) -> list[Image]:
    """The image as it is, smaller (large scans decode faster and better), and binarized."""
    out = [grey]
    h, w = grey.shape[:2]
    if max(h, w) > 1800:
        f = 1600 / max(h, w)
        out.append(cv2.resize(grey, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA))
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out.append(binary)
    return out


def decode_png(data: bytes) -> list[PageCode]:
    arr = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(arr, cv2.IMREAD_GRAYSCALE)
    if img is None:
        return []
    # generated codes are small (a few px per module): enlarge for the detector
    img = cv2.resize(img, None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST)
    return decode(cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255))
