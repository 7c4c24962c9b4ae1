"""Small python-docx helpers for writing templates: fonts with w:eastAsia, tables, fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FANG = "仿宋_GB2312"
KAI = "楷体_GB2312"
HEI = "黑体"
XBS = "方正小标宋简体"
SONG = "宋体"
RED = RGBColor(0xE6, 0x00, 0x12)

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def set_fonts(rpr_parent: object, name: str) -> None:
    """Set ascii/hAnsi/eastAsia/cs fonts on a run or style (python-docx sets no w:eastAsia)."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(key), name)


def new_document(*, landscape: bool = False, margins_mm: Sequence[float] = (25, 25, 25, 25),
                 font: str = FANG, size_pt: float = 12) -> DocumentObject:
    """A4 document; margins top, right, bottom, left; Normal style in ``font`` at ``size_pt``."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210),
                                                                                    Mm(297))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
    top, right, bottom, left = margins_mm
    section.top_margin, section.right_margin = Mm(top), Mm(right)
    section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(size_pt)
    set_fonts(normal.element, font)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.15
    # The document's East Asian language, so that LibreOffice and Word lay out CJK correctly.
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                rpr.append(lang)
            lang.set(qn("w:val"), "zh-CN")
            lang.set(qn("w:eastAsia"), "zh-CN")
            set_fonts_element(rpr, font)
    # A line broken by hand (a multi-line field's <w:br/>) is not stretched across the width in
    # a justified paragraph: Word and LibreOffice both honour this compatibility switch.
    compat = doc.settings.element.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        doc.settings.element.append(compat)
    compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))  # CT_Compat: before useFELayout
    core = doc.core_properties
    core.author, core.language = "上海市杨浦区总工会", "zh-CN"
    return doc


def set_fonts_element(rpr: object, name: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # type: ignore[attr-defined]
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(key), name)


def run(par: Paragraph, text: str, *, font: str | None = None, size: float | None = None,
        bold: bool = False, color: RGBColor | None = None, underline: bool = False) -> Run:
    r = par.add_run(text)
    if font:
        set_fonts(r._r, font)
    if size:
        r.font.size = Pt(size)
    if bold:
        r.font.bold = True
    if color is not None:
        r.font.color.rgb = color
    if underline:
        r.font.underline = True
    return r


def para(container: DocumentObject | _Cell, text: str = "", *, align: str = "left",
         font: str | None = None, size: float | None = None, bold: bool = False,
         before: float = 0, after: float = 0, line: float | None = None,
         first_indent_chars: float = 0) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = ALIGN[align]
    pf = p.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if line is not None:
        pf.line_spacing = Pt(line)
    if first_indent_chars and size:
        pf.first_line_indent = Pt(size * first_indent_chars)
    if text:
        run(p, text, font=font, size=size, bold=bold)
    return p


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table(doc: DocumentObject, widths_mm: Sequence[float], rows: int = 0) -> Table:
    t = doc.add_table(rows=rows, cols=len(widths_mm))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    t._tbl.tblPr.append(layout)
    for i, w in enumerate(widths_mm):
        t.columns[i].width = Mm(w)
    return cast(Table, t)


def add_row(t: Table, height_mm: float | None = None, exact: bool = False,
            header: bool = False) -> _Row:
    """A row that never splits across pages; ``header`` rows repeat on every page."""
    row: _Row = t.add_row()  # type: ignore[no-untyped-call]
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))
    widths = [c.width for c in t.columns]
    for cell, w in zip(row.cells, widths, strict=True):
        cell.width = w
    if height_mm:
        row.height = Mm(height_mm)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if exact else WD_ROW_HEIGHT_RULE.AT_LEAST
    return row


def cell(c: _Cell, text: str = "", *, align: str = "left", font: str | None = None,
         size: float | None = None, bold: bool = False, valign: str = "center") -> Paragraph:
    """Write ``text`` into the cell's first paragraph (one run, so docxtpl tags stay whole)."""
    p: Paragraph = c.paragraphs[0]
    p.alignment = ALIGN[align]
    if text:
        run(p, text, font=font, size=size, bold=bold)
    tcpr = c._tc.get_or_add_tcPr()
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), valign)
    tcpr.append(v)
    return p


def label_cell(c: _Cell, text: str) -> Paragraph:
    return cell(c, text, align="center", font=HEI, size=10.5)


def loop_row(t: Table, tag: str) -> None:
    """A row that holds only a docxtpl ``{%tr … %}`` tag (the row is replaced by the tag)."""
    row = add_row(t)
    row.cells[0].paragraphs[0].add_run(tag)


def merge_row(row: _Row, start: int, end: int) -> _Cell:
    return cast(_Cell, row.cells[start].merge(row.cells[end]))


def field(par: Paragraph, instr: str, *, font: str | None = None,
          size: float | None = None) -> None:
    """A simple field (PAGE, NUMPAGES) in its own run formatting."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    if font or size:
        rpr = OxmlElement("w:rPr")
        if font:
            rf = OxmlElement("w:rFonts")
            for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                rf.set(qn(key), font)
            rpr.append(rf)
        if size:
            sz = OxmlElement("w:sz")
            sz.set(qn("w:val"), str(int(size * 2)))
            rpr.append(sz)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    par._p.append(fld)


def qr_header(doc: DocumentObject, label: str) -> None:
    """Every page: a small label at the left and the page QR code (``{{ qr }}``) at the right."""
    header = doc.sections[0].header
    p = header.paragraphs[0]
    p.alignment = ALIGN["right"]
    run(p, label, font=FANG, size=8)
    run(p, "{{ qr }}")


def no_borders(tbl: object) -> None:
    """Remove every border of a table (w:tblBorders nil, placed before w:tblLayout)."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tbl_pr = tbl.tblPr  # type: ignore[attr-defined]
    layout = tbl_pr.find(qn("w:tblLayout"))  # tblBorders comes before tblLayout and tblLook
    if layout is not None:
        layout.addprevious(borders)
    else:
        tbl_pr.append(borders)


def stacked_label(c: _Cell, label: str) -> None:
    """A label cell of several centred lines (``\\n`` separated) in 黑体."""
    cell(c, "")
    for i, line in enumerate(label.split("\n")):
        p = c.paragraphs[0] if i == 0 else c.add_paragraph()
        p.alignment = ALIGN["center"]
        run(p, line, font=HEI, size=12)


# Between the printed signatory and the seal words: room to sign by hand (about 30 mm of
# ideographic spaces at 12 pt), so a signature does not cover the printed words.
SIGN_ROOM = "\u3000" * 7


def signed_row(t: Table, path: str, label: str, signature: str, height_mm: float,
               middle: Sequence[str] = ("",)) -> None:
    """An opinion row: label | the opinion text (``path.text``), the ``middle`` lines (blank
    ones leave room to write), the signature line and the date at the right — tall enough for a
    handwritten signature and a 42 mm round seal."""
    row = add_row(t, height_mm)
    stacked_label(row.cells[0], label)
    c = row.cells[1]
    cell(c, f"{{{{ {path}.text|lines }}}}", valign="top")
    for text in middle:
        p = c.add_paragraph()
        if text:
            run(p, text)
    for text in (signature, f"{{{{ {path}.date|date_zh }}}}"):
        p = c.add_paragraph()
        p.alignment = ALIGN["right"]
        run(p, text)
