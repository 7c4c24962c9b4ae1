"""QR codes for the pages of generated documents.

Bulk jobs make one or two QR codes per certificate, so the cost matters. The matrix comes from
ZXing's C++ encoder (zxing-cpp): ~0.2 ms a code, against ~1.1 ms for segno (pure Python; its
Reed-Solomon and mask scoring dominate a bulk worker's Python time). ZXing picks the smallest
version and the best-scoring mask, in C++. The PNG for a .docx is drawn from that matrix with
Pillow (segno's PNG writer is pure Python too); every reader used here (zbar, OpenCV, ZXing)
decodes them.
"""

from __future__ import annotations

import functools
import io

import numpy as np
import zxingcpp
from docx.shared import Length
from docxtpl import DocxTemplate, InlineImage
from lxml import etree
from numpy.typing import NDArray
from PIL import Image

from forms.slots import EMU_PER_MM, PageSlot

BORDER = 2  # modules of quiet zone (the page around is white too)
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@functools.lru_cache(maxsize=4096)
def qr_matrix(payload: str) -> NDArray[np.uint8]:
    """The modules of ``payload``'s QR code (error correction M, no quiet zone), dark = 1; the
    last few thousand are kept (a bulk worker makes its codes while LibreOffice starts). Read
    only: the array is shared."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = np.asarray(code.to_image(scale=1, add_quiet_zones=False))
    matrix: NDArray[np.uint8] = (image == 0).astype(np.uint8)
    matrix.flags.writeable = False
    return matrix


def qr_png(payload: str, scale: int = 4) -> io.BytesIO:
    """A PNG of ``payload``: error correction M, quiet zone of 2 modules."""
    matrix = qr_matrix(payload)
    n = len(matrix)
    modules = Image.fromarray(np.where(matrix, 0, 255).astype(np.uint8), "L")
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

    def __init__(self, tpl: DocxTemplate, payload: str, width: Length,
                 slot: PageSlot | None = None) -> None:
        self.payload = payload
        self.slot = slot
        self._png: io.BytesIO | None = None
        super().__init__(tpl, None, width=width)

    def _insert_image(self) -> str:
        xml: str = super()._insert_image()
        if self.slot is None:
            return xml
        start, end = xml.index("<wp:inline"), xml.index("</wp:inline>") + len("</wp:inline>")
        return xml[:start] + anchored(xml[start:end], self.slot) + xml[end:]

    @property
    def image_descriptor(self) -> io.BytesIO:
        if self._png is None:
            self._png = qr_png(self.payload)
        return self._png

    @image_descriptor.setter
    def image_descriptor(self, value: object) -> None:
        """InlineImage's constructor assigns the descriptor; this one is made on demand."""


def anchored(inline_xml: str, slot: PageSlot) -> str:
    """``inline_xml`` (a wp:inline picture) as a picture anchored to the page at ``slot``, in
    front of the text (python-docx and docxtpl only make inline pictures)."""
    inline = etree.fromstring(inline_xml)
    anchor = etree.Element(f"{{{WP}}}anchor", nsmap=inline.nsmap, attrib={
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
        "relativeHeight": "251659264", "behindDoc": "0", "locked": "1", "layoutInCell": "0",
        "allowOverlap": "1"})
    etree.SubElement(anchor, f"{{{WP}}}simplePos", x="0", y="0")
    for axis, offset in (("H", slot.x_mm), ("V", slot.y_mm)):
        pos = etree.SubElement(anchor, f"{{{WP}}}position{axis}", relativeFrom="page")
        etree.SubElement(pos, f"{{{WP}}}posOffset").text = str(round(offset * EMU_PER_MM))
    # CT_Anchor order: simplePos, positionH, positionV, extent, effectExtent, wrap*, docPr,
    # cNvGraphicFramePr, graphic.
    extent = inline.find(f"{{{WP}}}extent")
    assert extent is not None
    anchor.append(extent)
    etree.SubElement(anchor, f"{{{WP}}}effectExtent", l="0", t="0", r="0", b="0")
    etree.SubElement(anchor, f"{{{WP}}}wrapNone")
    for child in list(inline):
        if child.tag != f"{{{WP}}}effectExtent":
            anchor.append(child)
    return str(etree.tostring(anchor, encoding="unicode"))
