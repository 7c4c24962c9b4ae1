"""Fixed places on a page, shared by a template, the renderer and the bulk stamper."""

from __future__ import annotations

from dataclasses import dataclass

PT_PER_MM = 72 / 25.4
EMU_PER_MM = 36000


@dataclass(frozen=True)
class PageSlot:
    """A square ``size_mm`` wide whose top-left corner is ``x_mm``/``y_mm`` from the page's
    top-left corner.

    A QR code printed in a slot is anchored to the page, not to the text, so it lands on the
    same spot whatever the record says. That lets bulk printing leave it out of the batch
    document (LibreOffice spends ~5 ms a page on an image) and draw it onto each PDF page
    afterwards, at the very place a single document shows it (generators/stamp.py).
    """

    x_mm: float
    y_mm: float
    size_mm: float
