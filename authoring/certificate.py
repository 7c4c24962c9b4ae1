"""Writes doc_templates/certificate.docx — 命名证书 (A4 landscape, one page, printed border).

The page: a red double-line page border; the title 荣誉证书 centred; the naming wording with the
studio's name on its own line; at the foot the verification QR code and the certificate number
on the left, the issuer and the date in Chinese numerals on the right, where the seal goes
(压年盖月: the round seal covers the issuer's name and the date).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from authoring.docxkit import FANG, KAI, XBS, cell, new_document, no_borders, para, run

RED = RGBColor(0xC0, 0x00, 0x00)
W = 237  # type width in mm (297 − 30 − 30)


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


def float_at_foot(tbl: object, x_mm: float, width_mm: float) -> None:
    """Pin a table to the bottom of the type area, ``x_mm`` from the page's left edge.

    LibreOffice only floats a table with an explicit width (w:tblW in dxa) and no w:jc.
    """
    tbl_pr = tbl.tblPr  # type: ignore[attr-defined]
    for stale in (tbl_pr.find(qn("w:tblW")), tbl_pr.find(qn("w:jc"))):
        if stale is not None:
            tbl_pr.remove(stale)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(width_mm * 56.7)))
    width.set(qn("w:type"), "dxa")
    tbl_pr.insert(0, width)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    tbl_pr.insert(0, overlap)
    pos = OxmlElement("w:tblpPr")
    for key, value in (("w:leftFromText", "0"), ("w:rightFromText", "0"),
                       ("w:vertAnchor", "margin"), ("w:horzAnchor", "page"),
                       ("w:tblpX", str(round(x_mm * 56.7))), ("w:tblpYSpec", "bottom")):
        pos.set(qn(key), value)
    # CT_TblPr order: tblStyle, tblpPr, tblOverlap, …, tblW, jc, …, tblBorders, …, tblLayout
    style = tbl_pr.find(qn("w:tblStyle"))
    tbl_pr.insert(0 if style is None else 1, pos)


def foot_block(doc: DocumentObject) -> None:
    """QR code and number at the left, issuer and date at the right, pinned to the page foot.

    A table floating at a fixed place on the page: a long name or unit above can never push it
    onto a second page. It is in the body, not the footer, so that bulk printing (one batch
    document, one record per page) gives every certificate its own number, date and QR code;
    the small paragraph after it anchors it to its own page.
    """
    foot = doc.add_table(1, 3)
    foot.autofit = False  # w:tblLayout fixed
    widths = (70, 60, 100)  # narrower than the type area
    float_at_foot(foot._tbl, 30, sum(widths))
    no_borders(foot._tbl)
    for i, w in enumerate(widths):
        foot.columns[i].width = Mm(w)
        foot.rows[0].cells[i].width = Mm(w)
    row = foot.rows[0]
    row.height = Mm(36)
    left = cell(row.cells[0], "{{ verify_qr }}", valign="bottom")
    left.paragraph_format.space_after = Pt(2)
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
    anchor = para(doc, line=1)
    anchor.paragraph_format.line_spacing = Pt(1)


def build(target: Path) -> None:
    doc = new_document(landscape=True, margins_mm=(24, 30, 16, 30), font=KAI, size_pt=20)
    page_border(doc)
    para(doc, size=12, line=18)
    title = para(doc, align="center", line=60, after=18)
    run(title, "荣誉证书", font=XBS, size=44, color=RED)
    spacing(title, 16)
    # One paragraph per phrase, so that lines break where the sentence does.
    for text in ("{{ host_unit }}{{ leader }}同志领衔的创新工作室：",
                 "经上海市杨浦区总工会主席办公会议审定，命名为"):
        body = para(doc, align="justify", size=20, line=36, first_indent_chars=2)
        run(body, text, font=KAI, size=20)
    name = para(doc, align="center", line=50, before=10, after=10)
    run(name, "“{{ studio_name }}”。", font=XBS, size=28)
    closing = para(doc, size=20, line=36, first_indent_chars=2)
    run(closing, "特发此证。", font=KAI, size=20)
    foot_block(doc)
    core = doc.core_properties
    core.title = "创新工作室命名证书"
    doc.save(str(target))
