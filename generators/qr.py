"""QR codes (segno) for the pages of generated documents.

Bulk jobs make one or two QR codes per certificate, so the cost matters: segno's automatic mask
choice evaluates all eight masks in pure Python (~6 ms), and its PNG writer is pure Python too.
Any of the eight masks gives a valid code (the choice only avoids patterns that some readers
find harder), so a fixed mask is used, and the module matrix is drawn with Pillow: ~1.8 ms a code
instead of ~7, and every reader used here (zbar, OpenCV) decodes them.
"""

from __future__ import annotations

import io

import segno
from docx.shared import Length
from docxtpl import DocxTemplate, InlineImage
from PIL import Image

MASK = 4
BORDER = 2  # modules of quiet zone (the page around is white too)


def qr_png(payload: str, scale: int = 4) -> io.BytesIO:
    """A PNG of ``payload``: error correction M, fixed mask, quiet zone of 2 modules."""
    code = segno.make(payload, error="m", micro=False, mask=MASK)
    matrix = code.matrix
    n = len(matrix)
    modules = Image.frombytes("L", (n, n), bytes(0 if v else 255 for row in matrix for v in row))
    side = n + 2 * BORDER
    image = Image.new("L", (side, side), 255)
    image.paste(modules, (BORDER, BORDER))
    image = image.resize((side * scale, side * scale), Image.Resampling.NEAREST).convert("1")
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False)
    buf.seek(0)
    return buf


class LazyQR(InlineImage):  # type: ignore[misc]
    """An InlineImage whose QR code is only made if the template prints it."""

    def __init__(self, tpl: DocxTemplate, payload: str, width: Length) -> None:
        self.payload = payload
        self._png: io.BytesIO | None = None
        super().__init__(tpl, None, width=width)

    @property
    def image_descriptor(self) -> io.BytesIO:
        if self._png is None:
            self._png = qr_png(self.payload)
        return self._png

    @image_descriptor.setter
    def image_descriptor(self, value: object) -> None:
        """InlineImage's constructor assigns the descriptor; this one is made on demand."""
