"""Scans and photos: page images → upright by the QR code → ruled cells and OCR text → the same
label-driven mapping as .docx and text PDFs, plus the evidence of each opinion block.

Per page: the QR code gives kind, version, record id and the page's rotation (upside down
too); the ruling lines give the cells; RapidOCR's characters are put into the cell that holds
them (so a line that runs across a ruling is split); tick boxes are judged from the image, not
from OCR (which drops ■ and □); uncertain readings are confirmed against the stored record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import cv2

from forms.ids import DocRef
from forms.kinds import KINDS
from parsers import grid, inks, lookalike, ocr, progress, qr, raster, repair
from parsers.evidence import opinion_evidence
from parsers.gate import Upload
from parsers.layout import layout_of
from parsers.lines import Line, join
from parsers.mapping import Table
from parsers.reconcile import reconcile
from parsers.result import Box, Cell, FieldReading, ParseResult
from parsers.ticks import tick_reader

CELL_PAD_MM = 1.9
COVERED_NOTE = "印章或签名压在文字上 / a seal or signature covers the text"


@dataclass
class Piece:
    """Characters of one OCR line that fall into one cell (or outside every cell)."""

    text: str
    box: Box
    widths: tuple[float, ...]
    score: float
    chars: tuple[ocr.Char, ...]


@dataclass
class ScanPage:
    number: int
    image: Any
    dpi: float
    lines: list[ocr.TextLine]
    codes: list[qr.PageCode]


def _pieces(line: ocr.TextLine, boxes: list[Box]) -> list[tuple[int, Piece]]:
    """Split an OCR line by the cells its characters fall into (-1: outside every cell)."""
    chars = line.chars
    squeezed = line.text.replace(" ", "")
    if not chars or "".join(c.text for c in chars) != squeezed:
        return [(_cell_of(line.box, boxes),
                 Piece(line.text, line.box, (), line.score, ()))]
    spaces = _space_before(line.text)
    out: list[tuple[int, list[int]]] = []
    for i, c in enumerate(chars):
        cell = _cell_of(c.box, boxes)
        if out and out[-1][0] == cell:
            out[-1][1].append(i)
        else:
            out.append((cell, [i]))
    pieces = []
    for cell, idx in out:
        text = "".join((" " if spaces.get(i) and i != idx[0] else "") + chars[i].text
                       for i in idx)
        cs = tuple(chars[i] for i in idx)
        box = (cs[0].box[0], min(c.box[1] for c in cs), cs[-1].box[2],
               max(c.box[3] for c in cs))
        widths = _widths(text, cs)
        pieces.append((cell, Piece(text, box, widths, line.score, cs)))
    return pieces


CJK_GAP = re.compile(r"(?<=[\u2e80-\U0010ffff]) +(?=[!-~\u2e80-\U0010ffff])"
                     r"|(?<=[!-~]) +(?=[\u2e80-\U0010ffff])")
# A year in Chinese numerals with three of them: OCR dropped a 〇 (二〇二五年 read as 二二五年)
SHORT_YEAR = re.compile(r"(?<![〇一二三四五六七八九])[〇一二三四五六七八九]{3}年")
SHORT_YEAR_NOTE = "年份可能漏识〇 / a 〇 may be missing from a year"
GLUED = re.compile(r"[0-9][A-Za-z]")   # 0.02mm: OCR may have dropped a blank (0.02 mm)
CJK = re.compile(r"[\u2e80-\U0010ffff]")
GLUED_NOTE = "文字识别可能漏掉西文空格 / OCR may have dropped a blank between Latin words"
# ○ (a circle) among Chinese numerals is the numeral 〇: 二○二五年 → 二〇二五年
ZERO = re.compile(r"(?<=[〇一二三四五六七八九十○◯])[○◯]|[○◯](?=[〇一二三四五六七八九○◯])")
FULL = {":": "：", ";": "；", ",": "，", "?": "？", "!": "！"}


def ocr_fixes(text: str) -> str:
    """What OCR reads for this print's glyphs, put back: ○ among Chinese numerals is 〇;
    gaps between Chinese characters, and between Chinese and Latin text, are no blanks;
    half-width punctuation after a Chinese character and brackets round Chinese-text content
    are full-width (（1）, 季度：), and so is the half of a bracket pair OCR read half-width
    when the other half is full-width (（1) → （1）: a printer does not mix them); $ before a
    number is ￥."""
    text = CJK_GAP.sub("", text)
    text = ZERO.sub("〇", text)
    out = list(text)
    for i, ch in enumerate(out):
        if ch in FULL and i > 0 and ord(out[i - 1]) >= 0x2E80:
            out[i] = FULL[ch]
        if ch == "$" and i + 1 < len(out) and out[i + 1].isdigit():
            out[i] = "￥"
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch in "(（":
            opened.append(i)
        elif ch in ")）" and opened:
            j = opened.pop()
            around = text[max(0, j - 1):j + 1] + text[i:i + 2] + text[j + 1:i]
            if "（" in (ch, text[j]) or "）" in (ch, text[j]) or any(
                    ord(c) >= 0x2E80 for c in around):
                out[j], out[i] = "（", "）"
    return "".join(out)


def _space_before(text: str) -> dict[int, bool]:
    """For each non-blank character's index, whether a blank came before it."""
    out: dict[int, bool] = {}
    n, blank = 0, False
    for ch in text:
        if ch == " ":
            blank = True
            continue
        out[n] = blank
        n, blank = n + 1, False
    return out


def _widths(text: str, chars: tuple[ocr.Char, ...]) -> tuple[float, ...]:
    widths: list[float] = []
    k = 0
    for ch in text:
        if ch == " ":
            widths.append(0.3 * (chars[0].box[3] - chars[0].box[1]))
        else:
            widths.append(chars[k].box[2] - chars[k].box[0])
            k += 1
    return tuple(widths)


def _cell_of(box: Box, boxes: list[Box]) -> int:
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for i, b in enumerate(boxes):
        if b[0] <= x <= b[2] and b[1] <= y <= b[3]:
            return i
    return -1


def _visual_lines(pieces: list[Piece]) -> list[Piece]:
    """Pieces on the same line (vertical overlap) merged left to right, lines top to bottom."""
    rows: list[list[Piece]] = []
    for p in sorted(pieces, key=lambda p: (p.box[1] + p.box[3]) / 2):
        mid = (p.box[1] + p.box[3]) / 2
        if rows and rows[-1][0].box[1] <= mid <= rows[-1][0].box[3]:
            rows[-1].append(p)
        else:
            rows.append([p])
    merged = []
    for row in rows:
        row.sort(key=lambda p: p.box[0])
        text = " ".join(p.text for p in row)
        widths: tuple[float, ...] = ()
        if all(p.widths for p in row):
            parts: list[float] = []
            for i, p in enumerate(row):
                if i:
                    parts.append(max(0.0, p.box[0] - row[i - 1].box[2]))
                parts.extend(p.widths)
            widths = tuple(parts)
        box = (row[0].box[0], min(p.box[1] for p in row), row[-1].box[2],
               max(p.box[3] for p in row))
        merged.append(Piece(text, box, widths, min(p.score for p in row),
                            tuple(c for p in row for c in p.chars)))
    return merged


def page_tables(page: ScanPage) -> list[Table]:
    grey = grid.as_grey(page.image)
    boxes = grid.cells(grey, page.dpi)
    grouped = grid.tables(boxes)
    index = {b: i for i, b in enumerate(boxes)}
    inside: dict[int, list[Piece]] = {}
    for line in page.lines:
        for cell, piece in _pieces(line, boxes):
            inside.setdefault(cell, []).append(piece)
    pad = CELL_PAD_MM * page.dpi / 25.4
    tables: list[Table] = []
    for t in grouped:
        rows: Table = []
        for row in t:
            cells = []
            for b in row:
                vis = _visual_lines(inside.get(index[b], []))
                cells.append(_cell(vis, b, page, pad))
            rows.append(cells)
        tables.append(rows)
    free = _visual_lines(inside.get(-1, []))
    rows = []
    for piece in free:
        parts = _split_at_gaps(piece)
        rows.append([Cell(ocr_fixes(p.text), page.number, p.box, p.score) for p in parts])
    if rows:
        tables.insert(0, rows)
    return tables


def _cell(vis: list[Piece], box: Box, page: ScanPage, pad: float) -> Cell:
    if not vis:
        return Cell("", page.number, box, 1.0)
    # widths from the line height: OCR's character boxes hug the ink, not the advance
    lines = [Line(ocr_fixes(p.text), p.box, (), p.score) for p in vis]
    em = min(p.box[3] - p.box[1] for p in vis)
    # OCR's boxes are tight around the ink, not the advance: a generous tolerance, and no
    # "nearly full" doubts between Chinese characters
    text, doubts = join(lines, box[2] - pad, tolerance=-0.6 * em, near_full=0.0)
    text = ocr_fixes(text)
    confidence = min(p.score for p in vis)
    note = ""
    if doubts:
        confidence, note = min(confidence, 0.8), "换行处文字可能有误 / a line join is in doubt"
    elif GLUED.search(text) and CJK.search(text):
        confidence, note = min(confidence, 0.85), GLUED_NOTE
    elif any(lookalike.doubtful(p.chars) for p in vis):
        confidence, note = min(confidence, lookalike.DOUBT), lookalike.NOTE
    elif any(lookalike.simplified_here(p.chars) for p in vis):
        confidence, note = min(confidence, lookalike.DOUBT), lookalike.SIMPLIFIED_NOTE
    elif any(lookalike.uncommon(ch) for ch in text):
        confidence, note = min(confidence, lookalike.DOUBT), lookalike.UNCOMMON_NOTE
    if SHORT_YEAR.search(text):   # flagged, with the 〇 given back where only one place fits
        confidence, note = min(confidence, 0.5), SHORT_YEAR_NOTE
        text = repair.short_years(text)
    return Cell(text, page.number, box, confidence, note,
                ticks=tick_reader(vis, grid.as_grey(page.image)))


def _split_at_gaps(piece: Piece) -> list[Piece]:
    """A line outside the tables split where the gap between characters is wider than a
    space (the cover's label and value)."""
    if not piece.chars:
        return [piece]
    em = piece.box[3] - piece.box[1]
    groups: list[list[ocr.Char]] = [[piece.chars[0]]]
    for c in piece.chars[1:]:
        if c.box[0] - groups[-1][-1].box[2] > 0.6 * em:
            groups.append([c])
        else:
            groups[-1].append(c)
    out = []
    for g in groups:
        box = (g[0].box[0], min(c.box[1] for c in g), g[-1].box[2], max(c.box[3] for c in g))
        out.append(Piece("".join(c.text for c in g), box, (), piece.score, tuple(g)))
    return out


def load_pages(upload: Upload, *, page_codes: bool = True) -> list[ScanPage]:
    """Every page upright, read by OCR. ``page_codes=False``: no search for the page QR code
    (1–3 s a page when there is none), for a caller that already knows the document carries
    none (a certificate: only its verification code, at its own slot)."""
    pages = []
    progress.page_read(0, upload.pages)
    for n, (img, dpi) in enumerate(raster.pages(upload), start=1):
        if dpi > 1.1 * raster.DPI:   # OCR reads 200 dpi as well as 300, in less memory and time
            f = raster.DPI / dpi
            img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
            dpi = float(raster.DPI)
        codes = qr.decode(img) if page_codes else []
        if codes:
            img = raster.turn(img, codes[0].angle)
        residual = grid.skew(grid.as_grey(img))   # the whole page is longer than the code
        if abs(residual) > 0.1:
            img = raster.turn(img, residual)
        if not codes and page_codes:
            codes = qr.decode(img)   # easier to read upright
            if codes and abs(codes[0].angle) > 90:
                img = raster.turn(img, 180.0)
        # OCR reads the printout, not seal, pen ink or handwriting
        toner = inks.toner_only(img, dpi)   # the page itself when it has no colour ink
        clean = inks.without_handwriting(toner, dpi, grid.cells(grid.as_grey(img), dpi),
                                         scanned=None if toner is img else img)
        lines = lookalike.check(ocr.read(clean), grid.as_grey(clean))
        pages.append(ScanPage(n, img, dpi, lines, codes))
        progress.page_read(n, upload.pages)
    return pages


def read_scan(upload: Upload, stored: Any, kind: str | None) -> ParseResult:
    from parsers.pipeline import finish

    pages = load_pages(upload)
    tables: list[Table] = []
    refs: list[DocRef] = []
    for page in pages:
        tables.extend(page_tables(page))
        refs.extend(c.ref for c in page.codes)
    name = kind or next((r.kind for r in refs if r.kind in KINDS), None)
    if name is not None:   # printed words a seal or signature damaged, found again
        reconcile(tables, layout_of(name))
    by_number = {p.number: p for p in pages}

    def after_mapping(result: ParseResult) -> None:
        for reading in result.fields.values():
            page = by_number.get(reading.page or 0)
            if page is not None and reading.box is not None:
                reading.crop = partial(raster.png_crop, page.image, reading.box)
        result.evidence = opinion_evidence(result, by_number)
        for key, ev in result.evidence.items():
            if ev.seal or ev.signature:   # OCR reads a seal's ring of words as if printed
                for path, reading in result.fields.items():
                    if path.startswith(f"opinions.{key}.") and reading.confidence > 0.6:
                        reading.confidence = 0.6
                        reading.note = reading.note or COVERED_NOTE
            if ev.seal is not None:
                path = f"opinions.{key}.sealed"
                result.fields[path] = FieldReading(
                    path, ev.seal, "", 1.0 if ev.seal is not None else 0.0, ev.page, ev.box,
                    crop=_crop_of(by_number, ev.page, ev.box))

    first = pages[0] if pages else None
    header = "" if first is None else "".join(
        ln.text for ln in first.lines if ln.box[3] < 0.08 * first.image.shape[0])
    return finish("ocr", tables, refs, stored, kind, pages=len(pages), header_text=header,
                  after_mapping=after_mapping, strict=True)


def _crop_of(pages: dict[int, ScanPage], number: int | None,
             box: Box | None) -> Callable[[], bytes] | None:
    page = pages.get(number or 0)
    if page is None or box is None:
        return None
    return partial(raster.png_crop, page.image, box)
