"""Writes doc_templates/certificate.docx — 命名证书 (A4 landscape, one page, printed border).

The page: a red double-line page border; the title 荣誉证书 centred; the naming wording with the
studio's name on its own line; at the foot the verification QR code and the certificate number
on the left, the issuer and the date in Chinese numerals on the right, where the seal goes
(压年盖月: the round seal covers the issuer's name and the date).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell, _Row

from authoring import slim
from authoring.docxkit import FANG, KAI, XBS, cell, new_document, no_borders, para, run
from forms.certificate import VERIFY_QR_SLOT

RED = RGBColor(0xC0, 0x00, 0x00)
W = 237  # type width in mm (297 − 30 − 30)
# The type area is 170 mm high (210 − 24 − 16): the 1-pt first line (holding the anchored QR
# code), the wording, the foot, the 1-pt last paragraph, and the 1-pt lines a bulk batch adds
# around its page breaks, with half a millimetre to spare.
WORDING_MM = 132.0
FOOT_MM = 36.0


def page_border(doc: DocumentObject, style: str = "thinThickSmallGap", size_eighths: int = 36,
                color: str = "C00000", space_pt: int = 20) -> None:
    """A border printed around the page (w:pgBorders), measured from the page edge."""
    sect = doc.sections[0]._sectPr
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), style)
        e.set(qn("w:sz"), str(size_eighths))
        e.set(qn("w:space"), str(space_pt))
        e.set(qn("w:color"), color)
        borders.append(e)
    # CT_SectPr order: … pgSz, pgMar, paperSrc, pgBorders, lnNumType, pgNumType, cols …
    pg_mar = sect.find(qn("w:pgMar"))
    assert pg_mar is not None
    pg_mar.addnext(borders)


def spacing(p: object, chars: float) -> None:
    """Letter spacing (w:spacing) on every run of a paragraph, in points."""
    for r in p.runs:  # type: ignore[attr-defined]
        rpr = r._r.get_or_add_rPr()
        sp = OxmlElement("w:spacing")
        sp.set(qn("w:val"), str(int(chars * 20)))
        rpr.append(sp)


def no_autospace(p: object) -> None:
    """No extra space between Chinese and digits (杨工创〔2026〕第001号 stays tight)."""
    ppr = p._p.get_or_add_pPr()  # type: ignore[attr-defined]
    # CT_PPr order puts autoSpaceDE/DN before spacing, ind and jc: insert them first.
    for key in ("w:autoSpaceDN", "w:autoSpaceDE"):
        e = OxmlElement(key)
        e.set(qn("w:val"), "0")
        ppr.insert(0, e)


def exact_row(row: object, height_mm: float) -> None:
    row.height = Mm(height_mm)  # type: ignore[attr-defined]
    row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY  # type: ignore[attr-defined]


def page_table(doc: DocumentObject) -> tuple[_Cell, _Row]:
    """The page below its first line: one borderless table of two rows of exact heights, the
    wording above and the foot below (number at the left, issuer and date at the right).

    Exact heights pin the foot to the same place on every certificate whatever the length of
    the wording, without a floating table or frame: LibreOffice lays out a floating object
    ~3 ms a page slower, which was half of a certificate's cost in bulk printing. The wording
    row fits the longest name the schema allows (tested); what would not fit is cut off, not
    pushed onto a second page, and the bulk check of every page's text would report it.
    """
    widths = (70, 77, 90)  # the type width, 237 mm
    t = doc.add_table(2, 3)
    t.autofit = False  # w:tblLayout fixed
    no_borders(t._tbl)
    for i, w in enumerate(widths):
        t.columns[i].width = Mm(w)  # w:gridCol
        for row in t.rows:
            row.cells[i].width = Mm(w)  # w:tcW
    exact_row(t.rows[0], WORDING_MM)
    exact_row(t.rows[1], FOOT_MM)
    wording = t.rows[0].cells[0].merge(t.rows[0].cells[2])
    return wording, t.rows[1]


def foot_block(row: _Row) -> None:
    """Number at the left under the verification QR code's slot, issuer and date at the
    right, where the seal goes."""
    # Room for the verification QR code, which is anchored to the page at VERIFY_QR_SLOT (see
    # build): an empty line as high as the code, so the number prints just below it.
    room = cell(row.cells[0], valign="bottom")
    room.paragraph_format.line_spacing = Mm(VERIFY_QR_SLOT.size_mm)
    room.paragraph_format.space_after = Pt(2)
    p = row.cells[0].add_paragraph()
    no_autospace(p)
    run(p, "证书编号：{{ number }}", font=FANG, size=11)
    p = row.cells[0].add_paragraph()
    run(p, "扫码核验证书真伪", font=FANG, size=9)
    cell(row.cells[1], "")
    issuer = cell(row.cells[2], "上海市杨浦区总工会", align="center", font=KAI, size=20,
                  valign="center")
    issuer.paragraph_format.space_after = Pt(8)
    p = row.cells[2].add_paragraph()
    p.alignment = 1
    run(p, "{{ date|date_cn }}", font=KAI, size=20)


def build(target: Path) -> None:
    doc = new_document(landscape=True, margins_mm=(24, 30, 16, 30), font=KAI, size_pt=20)
    page_border(doc)
    first = para(doc, line=1)
    first.paragraph_format.line_spacing = Pt(1)
    # The verification QR code, anchored to the page (forms.certificate.VERIFY_QR_SLOT): it
    # prints at the same place on every certificate, so bulk printing can stamp it onto the
    # PDF instead (generators/stamp.py).
    run(first, "{{ verify_qr }}")
    wording, foot = page_table(doc)
    title = para(wording, align="center", line=60, before=18, after=18)
    run(title, "荣誉证书", font=XBS, size=44, color=RED)
    spacing(title, 16)
    # One paragraph per phrase, so that lines break where the sentence does.
    for text in ("{{ host_unit }}{{ leader }}同志领衔的创新工作室：",
                 "经上海市杨浦区总工会主席办公会议审定，命名为"):
        body = para(wording, align="justify", size=20, line=36, first_indent_chars=2)
        run(body, text, font=KAI, size=20)
    name = para(wording, align="center", line=50, before=10, after=10)
    run(name, "“{{ studio_name }}”。", font=XBS, size=28)
    closing = para(wording, size=20, line=36, first_indent_chars=2)
    run(closing, "特发此证。", font=KAI, size=20)
    wording._tc.remove(wording.paragraphs[0]._p)  # the cell's own empty first paragraph
    foot_block(foot)
    # The paragraph a document must end with, 1 pt high so the page does not overflow.
    para(doc, line=1).paragraph_format.line_spacing = Pt(1)
    core = doc.core_properties
    core.title = "创新工作室命名证书"
    slim.save(doc, target)
