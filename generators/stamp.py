"""Draw QR codes onto PDF pages at their page slots (bulk printing).

A bulk batch document leaves its slotted QR codes out (generators.render.context(stamped=True))
because LibreOffice spends ~5 ms a page laying out and exporting an image, twice what the
rest of a certificate page costs. Each code is drawn here instead, as vector squares in the
page's content, at the slot the single document anchors its picture to — same code (same
matrix and quiet zone), same place, same size. No library draws a QR code into an
existing PDF page, hence these few lines.
"""

from __future__ import annotations

import io

import numpy as np
import pikepdf
from pydantic import BaseModel

from forms.kinds import DocKind
from forms.slots import PT_PER_MM, PageSlot
from generators.qr import BORDER, qr_matrix

Code = tuple[str, PageSlot]  # payload, slot


def slotted_codes(kind: DocKind, record: BaseModel) -> list[Code]:
    """The QR codes of ``record`` that its kind prints at a page slot."""
    return [(extra.payload(record), extra.slot) for extra in kind.extra_qr
            if extra.slot is not None]


def qr_ops(payload: str, slot: PageSlot, page_left_pt: float, page_top_pt: float) -> bytes:
    """PDF content operators drawing ``payload``'s QR code into ``slot``: a white square (the
    code with its quiet zone), then one rectangle per run of dark modules in a row, all filled
    as one path. Vector modules stay sharp at any resolution; a bitmap this small is smoothed
    by viewers that interpolate upscaled images (poppler does below 400 %). The runs are
    written in module units under a scaling ``cm`` (y downwards), as small integers: half the
    bytes and half the time of writing each in points."""
    dark = qr_matrix(payload).astype(np.int8)
    n = dark.shape[0]
    side = slot.size_mm * PT_PER_MM
    module = side / (n + 2 * BORDER)
    left = page_left_pt + slot.x_mm * PT_PER_MM
    top = page_top_pt - slot.y_mm * PT_PER_MM
    edges = np.diff(np.pad(dark, ((0, 0), (1, 1))), axis=1)  # +1 where a run starts, -1 after
    rows, starts = np.nonzero(edges == 1)
    ends = np.nonzero(edges == -1)[1]
    runs = np.column_stack((starts + BORDER, rows + BORDER, ends - starts)).ravel().tolist()
    # Each run is a hair taller than its row (1.02 modules): no seams between rows.
    body = ("%d %d %d 1.02 re\n" * len(rows)) % tuple(runs)
    return (f"q 1 g {left:.2f} {top - side:.2f} {side:.2f} {side:.2f} re f 0 g "
            f"{module:.4f} 0 0 {-module:.4f} {left:.2f} {top:.2f} cm\n{body}f Q"
            .encode("ascii"))


def stamp_page(pdf: pikepdf.Pdf, page: pikepdf.Page, codes: list[Code]) -> None:
    """Draw each (payload, slot) onto ``page``, over what the page already shows; the page's
    own graphics state is saved and restored around its content first."""
    if not codes:
        return
    left, _, _, top = (float(v) for v in page.mediabox)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    drawing = b"\n".join(qr_ops(payload, slot, left, top) for payload, slot in codes)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\n" + drawing + b"\n"))


def stamp_first_page(data: bytes, codes: list[Code]) -> bytes:
    """``data`` (a PDF) with ``codes`` drawn onto its first page."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stamp_page(pdf, pdf.pages[0], codes)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()
