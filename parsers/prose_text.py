"""The running text of a prose document (certificate, 公文) as paragraphs, from any source.

A certificate or an official document has no ruled table of labels and values: its fields sit in
printed sentences. Whatever the source, the reader gets the same thing: paragraphs in reading
order, each with its page, box and how surely it was read.

- ``.docx``: the body's paragraphs and table cells in document order (a ``<w:br/>`` is ``\\n``);
- text PDF: pdfplumber's characters as lines; a line indented from the left margin, or set in
  another size, starts a paragraph; the lines of a paragraph are joined by
  :func:`parsers.lines.join` (wrapped lines run on, real breaks stay ``\\n``);
- page images: RapidOCR's lines, grouped and joined the same way from their boxes.

Page numbers (“— 2 —”) are left out.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from forms.ids import DocRef
from parsers.lines import NO_LINE_END, NO_LINE_START, Line, join, judge
from parsers.result import Box

PAGE_NUMBER = re.compile(r"^[—\-－]\s*\d{1,3}\s*[—\-－]$")
DOUBT_NOTE = "换行处文字可能有误 / a line join is in doubt"
# Curly quotes are full-width in Chinese text; parsers.lines judges a wrap between two of them
# as between Latin letters (a lost blank?). Stand-ins from the private use area read as CJK.
AS_CJK = str.maketrans("“”‘’", "\ue000\ue001\ue002\ue003")
BACK = str.maketrans("\ue000\ue001\ue002\ue003", "“”‘’")


@dataclass
class Block:
    """One paragraph as read."""

    text: str
    page: int | None = None
    box: Box | None = None
    confidence: float = 1.0
    note: str = ""
    doubts: tuple[int, ...] = ()      # offsets in ``text`` of line joins in doubt


@dataclass
class ProseText:
    blocks: list[Block]
    refs: list[DocRef] = field(default_factory=list)
    pages: int = 0

    def __post_init__(self) -> None:
        self.blocks = [b for b in self.blocks if b.text.strip()]
        parts: list[str] = []
        self.spans: list[tuple[int, int]] = []
        at = 0
        self.doubts: list[int] = []
        for b in self.blocks:
            lead = len(b.text) - len(b.text.lstrip(" \t\u3000\n"))
            b.text = b.text.strip(" \t\u3000\n")
            self.doubts.extend(at + d - lead for d in b.doubts)
            self.spans.append((at, at + len(b.text)))
            parts.append(b.text)
            at += len(b.text) + 1
        self.text = "\n".join(parts)

    def where(self, start: int, end: int, joins: bool = True) -> tuple[list[Block], float, str]:
        """The paragraphs text[start:end] was read from, the lowest confidence and its note.
        ``joins``: whether a doubtful line join inside the span matters (not for a value whose
        parser fixes its form, like a date)."""
        hit = [b for b, (s, e) in zip(self.blocks, self.spans, strict=True)
               if s < max(end, start + 1) and e > start]
        if not hit:
            return [], 1.0, ""
        worst = min(hit, key=lambda b: b.confidence)
        confidence, note = worst.confidence, worst.note
        if joins and any(start <= d <= end for d in self.doubts) and confidence > 0.8:
            confidence, note = 0.8, DOUBT_NOTE
        return hit, confidence, note


# --- .docx -----------------------------------------------------------------------------------

def docx_text(data: bytes) -> ProseText:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from parsers.docx_reader import read_docx

    refs = read_docx(data).refs   # the page QR code in the header; also refuses a damaged file
    doc = Document(io.BytesIO(data))
    blocks: list[Block] = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(Block(Paragraph(child, doc).text))
        elif tag == "tbl":
            seen: list[object] = []
            for row in Table(child, doc).rows:
                for c in row.cells:
                    if any(c._tc is s for s in seen):   # a merged cell appears once
                        continue
                    seen.append(c._tc)
                    blocks.extend(Block(p.text) for p in c.paragraphs)
    return ProseText(blocks, refs, 0)


# --- lines with boxes (PDF characters or OCR) --------------------------------------------------

def paragraphs(lines: Sequence[tuple[int, Line]], *, tolerance: float = 1.0,
               near_full: float = 0.5, size_step: float = 0.15) -> list[Block]:
    """Lines (page, line) in reading order → paragraphs. The body's size is the commonest line
    height; its left and right edges are taken from the lines of that size. A line whose
    height differs by more than ``size_step`` from the line before starts a paragraph."""
    lines = [(n, ln) for n, ln in lines if not PAGE_NUMBER.match(ln.text.strip())]
    if not lines:
        return []
    em = Counter(round(ln.em) for _, ln in lines).most_common(1)[0][0]
    body = [ln for _, ln in lines if abs(ln.em - em) <= max(1.0, 0.15 * em)]
    left = min(ln.box[0] for ln in body)
    right = max(ln.box[2] for ln in body)
    full_lines = [units(ln.text) for ln in body if ln.box[2] >= right - ln.em]
    full = sorted(full_lines)[len(full_lines) // 2] if len(full_lines) >= 3 else 0.0
    groups: list[list[tuple[int, Line]]] = []
    for n, ln in lines:
        starts = (not groups or ln.box[0] > left + 0.75 * ln.em
                  or abs(ln.em - groups[-1][-1][1].em) > max(1.0, size_step * ln.em))
        if starts:
            groups.append([(n, ln)])
        else:
            groups[-1].append((n, ln))
    out = []
    for g in groups:
        g_lines = [replace(ln, text=ln.text.translate(AS_CJK)) for _, ln in g]
        tol = tolerance if tolerance >= 0 else tolerance * g_lines[0].em
        texts: list[str] = []
        doubts: list[int] = []
        at = 0
        for part, unsure in _at_stretched(g_lines, right, full):
            text, n = join(part, right, tolerance=tol, near_full=near_full)
            doubts.extend(at + d for d in _doubts(part, right, tol, near_full, n))
            texts.append(text)
            at += len(text) + 1
            if unsure:
                doubts.append(at - 1)   # the break itself
        text = "\n".join(texts)
        page = g[0][0]
        on_page = [ln for n, ln in g if n == page]
        box = (min(ln.box[0] for ln in on_page), min(ln.box[1] for ln in on_page),
               max(ln.box[2] for ln in on_page), max(ln.box[3] for ln in on_page))
        confidence = min(ln.confidence for ln in g_lines)
        out.append(Block(text.translate(BACK), page, box, confidence, "", tuple(doubts)))
    return out


def _doubts(lines: list[Line], right: float, tolerance: float, near_full: float,
            total: int) -> list[int]:
    """Where in the joined text of ``lines`` the joins in doubt are: each doubtful break, a
    justified line spread a little more than usual, and — when :func:`join` doubts every
    wrap between Chinese and Latin text (``total`` exceeds the breaks' own doubts) — those."""
    out: list[int] = []
    mixed: list[int] = []
    for i in range(1, len(lines)):
        b = judge(lines[i - 1], lines[i], right, tolerance, near_full)
        if not (b.doubtful or b.wrapped or 1.0 < _stretch(lines[i - 1]) <= STRETCHED):
            continue
        offset = len(join(lines[:i], right, tolerance=tolerance, near_full=near_full)[0])
        if b.doubtful or 1.0 < _stretch(lines[i - 1]) <= STRETCHED:
            out.append(offset)
        head, nxt = lines[i - 1].text.rstrip(), lines[i].text.lstrip()
        if b.wrapped and head and nxt and _cjk(head[-1]) != _cjk(nxt[0]):
            mixed.append(offset)
    if total > sum(judge(lines[i - 1], lines[i], right, tolerance, near_full).doubtful
                   for i in range(1, len(lines))):
        out.extend(mixed)
    return sorted(set(out))


STRETCHED = 1.5   # ems of blank spread over a justified line: more than a wrap leaves


def _stretch(line: Line) -> float:
    """Blank between the characters of a line, in ems (0 when the widths are unknown)."""
    if not line.char_widths or line.em <= 0:
        return 0.0
    # the layout puts a quarter em between Chinese and Latin text (autospace): not a stretch
    mixed = sum(_cjk(a) != _cjk(b) and not (_punct(a) or _punct(b))
                for a, b in zip(line.text, line.text[1:], strict=False))
    blank = (line.box[2] - line.box[0] - sum(line.char_widths)) / line.em
    return blank - 0.3 * mixed


def _cjk(ch: str) -> bool:
    return ord(ch) >= 0x2E80


def _punct(ch: str) -> bool:
    return ch in NO_LINE_START or ch in NO_LINE_END or ch in " \u3000\ue000\ue001"


def units(text: str) -> float:
    """A line's length in ems as this print sets it: Chinese characters and full-width
    punctuation one em, Latin letters and digits about half."""
    return sum(1.0 if _cjk(c) else 0.0 if c == " " else 0.5 for c in text)


def _at_stretched(lines: list[Line], right: float,
                  full: float) -> list[tuple[list[Line], bool]]:
    """A justified line that ends in a typed line break is spread over the whole width (Word
    and LibreOffice both do this): by its geometry it looks wrapped. Its characters stand far
    apart, which a wrapped line's never do: the paragraph is cut after such a line. With the
    characters' advances (PDF) the spread is measured; from OCR, whose boxes hug the ink, a
    line that reaches the right edge holding clearly fewer ems than a full line (``full``) is
    cut too, with the cut in doubt. (part, whether the cut after it is in doubt)"""
    parts: list[tuple[list[Line], bool]] = [([], False)]
    for i, ln in enumerate(lines):
        parts[-1][0].append(ln)
        if i == len(lines) - 1:
            break
        if _stretch(ln) > STRETCHED:
            parts.append(([], False))
        elif (not ln.char_widths and full and ln.box[2] >= right - ln.em
              and units(ln.text) < 0.85 * full):
            parts[-1] = (parts[-1][0], True)
            parts.append(([], False))
    return parts


def pdf_text(data: bytes, page_codes: bool = True) -> ProseText:
    """``page_codes``: look for the page QR code in the header band (a certificate has none,
    and a fruitless search costs seconds)."""
    import pdfplumber

    from parsers.pdf_text import char_lines, header_refs

    lines: list[tuple[int, Line]] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            lines.extend((n, ln) for ln in char_lines(page.chars))
        pages = len(pdf.pages)
    return ProseText(paragraphs(lines), header_refs(data) if page_codes else [], pages)


def ocr_lines(pieces: Iterable[tuple[str, Box, float]]) -> list[Line]:
    """OCR's text boxes of one page (text, box, score) → visual lines, top to bottom: boxes
    whose middles lie within each other's height are one line, read left to right."""
    rows: list[list[tuple[str, Box, float]]] = []
    for p in sorted(pieces, key=lambda p: (p[1][1] + p[1][3]) / 2):
        mid = (p[1][1] + p[1][3]) / 2
        if rows and any(q[1][1] <= mid <= q[1][3] for q in rows[-1]):
            rows[-1].append(p)
        else:
            rows.append([p])
    out = []
    for row in rows:
        row.sort(key=lambda p: p[1][0])
        box = (row[0][1][0], min(p[1][1] for p in row), max(p[1][2] for p in row),
               max(p[1][3] for p in row))
        out.append(Line("".join(p[0] for p in row), box, (), min(p[2] for p in row)))
    return out


def scan_text(pages: Sequence[tuple[int, list[Line]]], refs: list[DocRef]) -> ProseText:
    """Pages of OCR lines → paragraphs. OCR's boxes hug the ink, not the advance: the line
    join gets the generous tolerance the table reader uses, and a line's height says little
    (书一项。 stands taller than the line above it): only a large step starts a paragraph."""
    lines = [(n, ln) for n, page in pages for ln in page]
    return ProseText(paragraphs(lines, tolerance=-0.6, near_full=0.0, size_step=0.35), refs,
                     len(pages))
