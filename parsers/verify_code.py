"""The naming certificate's verification QR code, read back as a check on its printed number.

A certificate carries no page QR code with a record id; it carries a verification code whose
address names the certificate number (forms.numbers.verify_url). Read by machine, the number is
exact: it confirms the printed number, and where the two differ (an edited .docx, an OCR misread)
the reading is flagged — or, on a scan, the code's number is taken and flagged.
"""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np

from forms.certificate import VERIFY_QR_SLOT
from forms.numbers import number_from_verify_url
from forms.slots import PT_PER_MM
from parsers.result import FieldReading, ParseResult, Source

QR_NOTE = "按核验二维码读取，请核对 / read from the verification QR code: please check"
DIFFER_NOTE = ("印刷的证书编号与核验二维码不同，请核对 / the printed number differs from the "
               "verification QR code: please check")
AGREE_NOTE = "与核验二维码一致 / agrees with the verification QR code"


def number_in(img: Any) -> str | None:
    """The certificate number of the first verification code in a grey or BGR image."""
    grey = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY) if img.ndim == 3 else img
    detector = cv2.QRCodeDetector()
    binary = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]
    for candidate, multi in ((grey, False), (binary, False), (grey, True)):
        texts: Any
        try:
            if multi:
                ok, texts, _, _ = detector.detectAndDecodeMulti(candidate)
            else:
                text, _, _ = detector.detectAndDecode(candidate)
                ok, texts = bool(text), [text]
        except cv2.error:
            continue
        for text in texts if ok else ():
            try:
                return number_from_verify_url(str(text))
            except ValueError:
                continue
    return None


def _small_code(img: Any) -> str | None:
    """An embedded code image (a few px per module): enlarged and framed for the detector."""
    if img is None or img.ndim not in (2, 3) or max(img.shape[:2]) > 1200:
        return None
    if img.ndim == 3:
        img = cv2.cvtColor(np.ascontiguousarray(img[..., :3]), cv2.COLOR_BGR2GRAY)
    img = cv2.resize(img, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST)
    return number_in(cv2.copyMakeBorder(img, 40, 40, 40, 40, cv2.BORDER_CONSTANT, value=255))


def docx_number(data: bytes) -> str | None:
    """The verification code among the images of a .docx body."""
    from docx import Document

    doc = Document(io.BytesIO(data))
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/image") and not rel.is_external:
            blob = np.frombuffer(rel.target_part.blob, np.uint8)
            number = _small_code(cv2.imdecode(blob, cv2.IMREAD_GRAYSCALE))
            if number:
                return number
    return None


def pdf_number(data: bytes) -> str | None:
    """The verification code among the images embedded in the first page of a PDF (exact
    pixels, no rendering: a few ms)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            try:
                img = np.asarray(obj.get_bitmap().to_numpy())
            except pdfium.PdfiumError:
                continue
            number = _small_code(img)
            if number:
                return number
        return _slot_number(page)
    finally:
        pdf.close()


def _slot_number(page: Any) -> str | None:
    """The code drawn as vector squares at its page slot (generators/stamp.py; every PDF the
    project makes has it so): that square of the page rendered at 300 dpi (~10 ms)."""
    slot = VERIFY_QR_SLOT
    width, height = page.get_size()
    margin = 4 * PT_PER_MM
    left = slot.x_mm * PT_PER_MM - margin
    top = slot.y_mm * PT_PER_MM - margin
    side = slot.size_mm * PT_PER_MM + 2 * margin
    crop = (max(0.0, left), max(0.0, height - top - side),
            max(0.0, width - left - side), max(0.0, top))  # points cut off left, bottom, right, top
    bitmap = page.render(scale=300 / 72, crop=crop, grayscale=True)
    return number_in(np.asarray(bitmap.to_numpy()))


def check_number(result: ParseResult, number: str | None, source: Source) -> None:
    """Confirm, correct or flag the printed certificate number by the code's number."""
    if number is None:
        return
    reading = result.fields.get("number")
    if reading is None:
        result.fields["number"] = FieldReading("number", number, number, 0.85, note=QR_NOTE)
    elif reading.value == number:
        if reading.confidence < 0.95:
            reading.confidence, reading.note = 0.95, AGREE_NOTE
    elif source == "ocr":   # OCR misread the print; the code is exact
        reading.value, reading.confidence, reading.note = number, 0.85, QR_NOTE
    else:                   # the printed number was edited, or the code is another's
        reading.confidence, reading.note = 0.6, DIFFER_NOTE
