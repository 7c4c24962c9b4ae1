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
    for candidate, (ox, oy), scale in _candidates(grey):
        for multi in (False, True):
            texts: Any
            points: Any
            try:
                if multi:
                    ok, texts, points, _ = detector.detectAndDecodeMulti(candidate)
                else:
                    text, pts, _ = detector.detectAndDecode(candidate)
                    ok, texts, points = bool(text), [text], None if pts is None else [pts]
            except cv2.error:
                continue
            if not ok or points is None:
                continue
            for text, pts in zip(texts, points, strict=False):
                try:
                    ref = DocRef.decode(text)
                except ValueError:
                    continue
                corners = np.asarray(pts, dtype=np.float32).reshape(4, 2) / scale
                corners += np.array([ox, oy], dtype=np.float32)
                found.append(PageCode(ref, corners))
            if found:
                return found
    return found


def _candidates(grey: Image) -> list[tuple[Image, tuple[float, float], float]]:
    """(image, offset, scale): the page as it is and binarized; then the page corners (where
    the header puts the code, upright or upside down), smoothed and enlarged for codes that
    blur, noise and JPEG have worn."""
    out: list[tuple[Image, tuple[float, float], float]] = [(grey, (0.0, 0.0), 1.0)]
    _, binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out.append((binary, (0.0, 0.0), 1.0))
    h, w = grey.shape[:2]
    cw, ch = int(w * 0.4), int(h * 0.2)
    for x0, y0 in ((w - cw, 0), (0, h - ch), (0, 0), (w - cw, h - ch)):
        crop = cv2.GaussianBlur(grey[y0:y0 + ch, x0:x0 + cw], (3, 3), 0)
        big = cv2.resize(crop, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        _, big_bin = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        out.append((big, (float(x0), float(y0)), 2.0))
        out.append((big_bin, (float(x0), float(y0)), 2.0))
    return out


def decode_png(data: bytes) -> list[PageCode]:
    arr = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(arr, cv2.IMREAD_GRAYSCALE)
    if img is None:
        return []
    # generated codes are small (a few px per module): enlarge for the detector
    img = cv2.resize(img, None, fx=4, fy=4, interpolation=cv2.INTER_NEAREST)
    return decode(cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255))
