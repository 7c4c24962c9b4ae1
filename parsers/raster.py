"""Page images of an upload: PDF pages rasterized with pypdfium2, image files decoded (all
frames of a TIFF), as BGR arrays; and page turning by the angle the QR code gives."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from parsers.gate import Upload

Page = NDArray[Any]
DPI = 200   # OCR reads as well at 200 dpi as at 300 (images over ~2,000 px are shrunk anyway)


def pages(upload: Upload, dpi: int = DPI) -> Iterator[tuple[Page, float]]:
    """(BGR page image, its resolution in dpi) for every page of the upload."""
    if upload.kind == "pdf":
        yield from _pdf_pages(upload.data, dpi)
    else:
        yield from _image_pages(upload.data)


def _pdf_pages(data: bytes, dpi: int) -> Iterator[tuple[Page, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=False)
            arr = np.asarray(bitmap.to_numpy())
            if arr.ndim == 3 and arr.shape[2] == 4:
                arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2BGR)
            elif arr.ndim == 2:
                arr = cv2.cvtColor(arr, cv2.COLOR_GRAY2BGR)
            yield np.ascontiguousarray(arr), float(dpi)
    finally:
        pdf.close()


def _image_pages(data: bytes) -> Iterator[tuple[Page, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as im:
            for i in range(int(getattr(im, "n_frames", 1))):
                im.seek(i)
                frame = ImageOps.exif_transpose(im.copy()) or im.copy()
                dpi = _dpi(frame)
                rgb = np.asarray(frame.convert("RGB"))
                yield cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dpi


def _dpi(im: Image.Image) -> float:
    value = im.info.get("dpi")
    if isinstance(value, tuple) and value and float(value[0]) >= 50:
        return float(value[0])
    # Unknown (a photo): an A4 page's width is 210 mm.
    return max(im.width, im.height * 210 / 297) / (210 / 25.4)


def turn(img: Page, angle: float) -> Page:
    """Turn a page that is rotated ``angle`` degrees counter-clockwise back upright."""
    quarter = round(angle / 90) % 4
    if quarter == 2:
        img = cv2.rotate(img, cv2.ROTATE_180)
    elif quarter == 1:
        img = cv2.rotate(img, cv2.ROTATE_90_CLOCKWISE)
    elif quarter == 3:
        img = cv2.rotate(img, cv2.ROTATE_90_COUNTERCLOCKWISE)
    rest = angle - 90 * round(angle / 90)
    if abs(rest) < 0.05:
        return img
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -rest, 1.0)
    fill = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


def png_crop(img: Page, box: tuple[float, float, float, float], margin: int = 6) -> bytes:
    """A PNG of the box (pixels) on the page, with a small margin."""
    h, w = img.shape[:2]
    x0, y0 = max(0, int(box[0]) - margin), max(0, int(box[1]) - margin)
    x1, y1 = min(w, int(box[2]) + margin), min(h, int(box[3]) + margin)
    ok, buf = cv2.imencode(".png", img[y0:y1, x0:x1])
    return bytes(buf) if ok else b""
