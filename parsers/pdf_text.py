"""A PDF with a text layer (printed from the .docx) → tables of cells, with page and box.

pdfplumber finds the ruled tables and the characters with their positions; the cover's
borderless label/value lines become rows of cells split at wide gaps. The page QR code is read
from the rasterized header band.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pdfplumber

from forms.ids import DocRef
from parsers.lines import Line, join
from parsers.mapping import Table
from parsers.result import Box, Cell

HEADER_BAND = 80.0   # points from the top of the page where the header and QR code sit
CELL_PAD = 5.4       # Word's and LibreOffice's default left/right cell margin (0.19 cm)


@dataclass
class PdfContent:
    tables: list[Table]
    refs: list[DocRef]
    header_text: str
    pages: int
    page_sizes: list[tuple[float, float]] = field(default_factory=list)


def has_text_layer(data: bytes) -> bool:
    """Text and ruled lines on the first page: a PDF printed from a document, not a scan."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        big_image = any(float(im["width"]) * float(im["height"])
                        > 0.5 * float(page.width * page.height) for im in page.images)
        return bool(len(page.chars) >= 20 and (page.lines or page.rects) and not big_image)


def char_lines(chars: list[dict[str, Any]]) -> list[Line]:
    """Characters grouped into lines (by their tops), left to right."""
    lines: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: (round(c["top"], 0), c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) < 0.5 * c["size"]:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
        space_after = False
        while ln and ln[-1]["text"] == " ":
            ln.pop()
            space_after = True
        if not ln:
            continue
        box = (min(c["x0"] for c in ln), min(c["top"] for c in ln),
               max(c["x1"] for c in ln), max(c["bottom"] for c in ln))
        out.append(Line("".join(c["text"] for c in ln), box,
                        tuple(c["x1"] - c["x0"] for c in ln), space_after=space_after))
    return out


def _inside(c: dict[str, Any], box: Box) -> bool:
    x = (float(c["x0"]) + float(c["x1"])) / 2
    y = (float(c["top"]) + float(c["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


DOUBT = ("换行处是否有空格或原有换行无法确定 / cannot tell whether a space was lost at a line "
         "wrap, or whether the line was broken by hand")


def cell_text(chars: list[dict[str, Any]], box: Box) -> tuple[str, float]:
    """The cell's text and the confidence in it (lower when a line join is in doubt)."""
    lines = char_lines(chars)
    if not lines:
        return "", 1.0
    pad = min(CELL_PAD, max(0.0, min(ln.box[0] for ln in lines) - box[0]))
    text, doubts = join(lines, box[2] - pad)
    return text, 0.8 if doubts else 1.0


def split_at_gaps(line: Line, chars: list[dict[str, Any]]) -> list[tuple[str, Box]]:
    """A free line as cells: split where a gap without a space is wider than half an em."""
    parts: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: c["x0"]):
        if c["text"] == " ":
            continue
        if parts and c["x0"] - parts[-1][-1]["x1"] <= 0.5 * c["size"]:
            parts[-1].append(c)
        else:
            parts.append([c])
    out = []
    for p in parts:
        box = (p[0]["x0"], min(c["top"] for c in p), p[-1]["x1"], max(c["bottom"] for c in p))
        text = "".join(c["text"] for c in chars if _inside(c, box))
        out.append((text, box))
    return out


def boxes(page: Any, tables: list[Any]) -> list[Box]:
    """Single ruled boxes (one-cell tables, which pdfplumber does not report as tables)."""
    lines = page.lines
    horiz = [ln for ln in lines if abs(ln["top"] - ln["bottom"]) < 1]
    vert = [ln for ln in lines if abs(ln["x0"] - ln["x1"]) < 1]

    def upright(x: float, top: float, bottom: float) -> bool:
        return any(abs(v["x0"] - x) < 2 and v["top"] <= top + 2 and v["bottom"] >= bottom - 2
                   for v in vert)

    found: list[Box] = []
    for a in horiz:
        for b in horiz:
            if b["top"] <= a["top"] + 5 or abs(a["x0"] - b["x0"]) > 2 or abs(a["x1"] - b["x1"]) > 2:
                continue
            box = (float(a["x0"]), float(a["top"]), float(a["x1"]), float(b["top"]))
            inside = any(t.bbox[0] - 2 <= box[0] and t.bbox[1] - 2 <= box[1]
                         and t.bbox[2] + 2 >= box[2] and t.bbox[3] + 2 >= box[3] for t in tables)
            if not inside and upright(box[0], box[1], box[3]) and upright(box[2], box[1], box[3]):
                found.append(box)
                break
    return found


def read_page(page: Any, number: int) -> list[Table]:
    tables: list[Table] = []
    used: set[int] = set()
    chars = page.chars
    found_tables = page.find_tables()
    grids: list[list[list[Any]]] = [[list(row.cells) for row in t.rows] for t in found_tables]
    grids.extend([[[b]] for b in boxes(page, found_tables)])
    for grid in sorted(grids, key=lambda g: min(c[1] for r in g for c in r if c is not None)):
        rows: Table = []
        for row in grid:
            cells = []
            for bbox in row:
                if bbox is None:
                    continue
                box: Box = tuple(float(v) for v in bbox)  # type: ignore[assignment]
                inside = [i for i, c in enumerate(chars) if i not in used and _inside(c, box)]
                used.update(inside)
                text, confidence = cell_text([chars[i] for i in inside], box)
                cells.append(Cell(text, number, box, confidence,
                                  DOUBT if confidence < 1 else ""))
            rows.append(cells)
        tables.append(rows)
    free = [c for i, c in enumerate(chars) if i not in used and c["top"] > HEADER_BAND]
    rows = []
    for line in char_lines(free):
        in_line = [c for c in free if _inside(c, line.box)]
        parts = split_at_gaps(line, in_line)
        if len(parts) >= 2:
            rows.append([Cell(t, number, b, 1.0) for t, b in parts])
    if rows:
        tables.insert(0, rows)
    return tables


def read_pdf(data: bytes) -> PdfContent:
    tables: list[Table] = []
    header = ""
    sizes = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            sizes.append((float(page.width), float(page.height)))
            tables.extend(read_page(page, n))
            if n == 1:
                band = [c for c in page.chars if c["bottom"] <= HEADER_BAND]
                header = "\n".join(ln.text for ln in char_lines(band))
        pages = len(pdf.pages)
    return PdfContent(tables, header_refs(data), header, pages, sizes)


def header_refs(data: bytes, dpi: int = 200) -> list[DocRef]:
    """The QR codes in the header band of the first page that has one."""
    import numpy as np
    import pypdfium2 as pdfium

    from parsers.qr import decode

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(min(len(pdf), 2)):
            page = pdf[i]
            _, height = page.get_size()
            bitmap = page.render(scale=dpi / 72, crop=(0, height - HEADER_BAND, 0, 0),
                                 grayscale=True)
            img = np.asarray(bitmap.to_numpy()).squeeze()
            codes = decode(img)
            if codes:
                return [c.ref for c in codes]
    finally:
        pdf.close()
    return []


def crop_png(data: bytes, page_number: int, box: Box, dpi: int = 150) -> bytes:
    """A PNG of a box (points, from the top) on a page of the PDF, with a small margin."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_number - 1]
        width, height = page.get_size()
        m = 3.0
        crop = (max(0.0, box[0] - m), max(0.0, height - box[3] - m),
                max(0.0, width - box[2] - m), max(0.0, box[1] - m))
        image = page.render(scale=dpi / 72, crop=crop).to_pil()
        buf = io.BytesIO()
        image.save(buf, "PNG")
        return buf.getvalue()
    finally:
        pdf.close()
