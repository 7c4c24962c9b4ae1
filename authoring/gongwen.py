"""The layout of an official document (公文) by GB/T 9704-2012, shared by notice and decision.

Page: A4, 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, type area 156 × 225 mm.
Body: 3号 (16 pt) 仿宋, 22 lines of 28 characters on a full page. Without Word's document grid
(which LibreOffice lays out differently) both are set directly: an exact line pitch of
:data:`LINE_PT` (22 lines fit into 225 mm, 23 do not) and a character spacing of
:data:`CHAR_SPACING_PT` (28 characters of 16 pt fit into 156 mm, 29 do not); justified lines
spread the rest evenly. Widow control is off, as on a 公文 grid, so a full page holds 22 lines.

Parts, top to bottom: 版头 (issuing body mark in red, number, red rule), title, addressee, body
with headings 一、（一）1.（1）, signature and date with room for the seal, 附注, and the 版记 at
the foot of the last page; page numbers “— 1 —” outside the type area, odd pages right, even
pages left; the page QR code (``{{ qr }}``) in the top margin.
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from authoring.docxkit import (
    ALIGN,
    FANG,
    HEI,
    KAI,
    RED,
    SONG,
    XBS,
    field,
    new_document,
    run,
)
from forms.common import ISSUER

TOP, RIGHT, BOTTOM, LEFT = 37.0, 26.0, 35.0, 28.0  # mm: 210 − 28 − 26 = 156, 297 − 37 − 35 = 225
TYPE_W_MM, TYPE_H_MM = 156.0, 225.0
MEASURES = "《杨浦区劳模（先进）、技师创新工作室管理办法》"  # as documents cite it
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
FOOT_PT = 14.0  # 4号: page numbers and 版记
LINES, CHARS = 22, 28
LINE_PT = 28.9  # 22 × 28.9 = 635.8 pt ≤ 637.8 pt (225 mm) < 23 × 28.9
CHAR_SPACING_PT = -0.3  # 28 × 15.7 = 439.6 pt ≤ 442.2 pt (156 mm) < 29 × 15.7
PITCH_PT = TYPE_W_MM / 25.4 * 72 / CHARS  # a justified full line: 15.79 pt per character
MARK_PT = 48.0  # issuing body mark, 小标宋 condensed to MARK_SCALE %
MARK_SCALE = 78
MARK_GAP_MM = 35.0  # §7.2.3: the mark's top edge is 35 mm below the type area's top
RULE_GAP_MM = 4.0  # §7.2.6: the red rule is 4 mm below the document number
# An exact line of LINE_PT leaves this much below the characters' em box (measured).
LINE_FOOT_MM = 2.25
FOOTER_MM = 21.6  # puts the page number line 7 mm below the type area (§7.5)
SEAL_MM = 42.0  # diameter of the district union's seal


# The order of w:pPr's children (ECMA-376 §17.3.1.26); Word refuses others.
PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
             "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
             "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
             "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
             "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
             "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
             "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
             "w:rPr", "w:sectPr", "w:pPrChange")


def ppr_child(ppr: object, tag_name: str) -> object:
    """The ``tag_name`` child of a w:pPr, created in its schema position if missing."""
    found = ppr.find(qn(tag_name))  # type: ignore[attr-defined]
    if found is not None:
        return found
    el = OxmlElement(tag_name)
    later = PPR_ORDER[PPR_ORDER.index(tag_name) + 1:]
    ppr.insert_element_before(el, *later)  # type: ignore[attr-defined]
    return el


def _twips(pt: float) -> str:
    return str(round(pt * 20))


# The children of w:rPr that follow w:spacing and w:w (ECMA-376 §17.3.2.28).
RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                     "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                     "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def rpr_child(owner: object, tag_name: str) -> object:
    """w:spacing or w:w of a run's or style's w:rPr, created in its schema position."""
    rpr = owner.get_or_add_rPr()  # type: ignore[attr-defined]
    found = rpr.find(qn(tag_name))
    if found is not None:
        return found
    el = OxmlElement(tag_name)
    later = RPR_AFTER_SPACING[RPR_AFTER_SPACING.index(tag_name) + 1:] if tag_name == "w:w" \
        else RPR_AFTER_SPACING
    rpr.insert_element_before(el, *later)
    return el


def set_spacing(owner: object, pt: float) -> None:
    """Character spacing (w:spacing in rPr), in points; negative condenses."""
    rpr_child(owner, "w:spacing").set(qn("w:val"), _twips(pt))  # type: ignore[attr-defined]


def set_scale(owner: object, percent: int) -> None:
    """Character width scale (w:w), e.g. 78 for a condensed issuing body mark."""
    rpr_child(owner, "w:w").set(qn("w:val"), str(percent))  # type: ignore[attr-defined]


def exact(p: Paragraph, line_pt: float) -> None:
    pf = p.paragraph_format
    pf.line_spacing = Pt(line_pt)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def new_gongwen() -> DocumentObject:
    doc = new_document(margins_mm=(TOP, RIGHT, BOTTOM, LEFT), font=FANG, size_pt=BODY_PT)
    section = doc.sections[0]
    section.header_distance, section.footer_distance = Mm(12), Mm(FOOTER_MM)
    normal = doc.styles["Normal"]
    pf = normal.paragraph_format
    pf.line_spacing, pf.line_spacing_rule = Pt(LINE_PT), WD_LINE_SPACING.EXACTLY
    pf.widow_control = False
    pf.alignment = ALIGN["justify"]
    # No punctuation hanging outside the type area. LibreOffice 7.4 reads w:overflowPunct
    # inverted (val=1 → no hanging; its default hangs a closing ， 5 mm into the margin).
    overflow = ppr_child(normal.element.get_or_add_pPr(), "w:overflowPunct")
    overflow.set(qn("w:val"), "1")  # type: ignore[attr-defined]
    set_spacing(normal.element, CHAR_SPACING_PT)
    doc.settings.odd_and_even_pages_header_footer = True
    return doc


def line(doc: DocumentObject, text: str = "", *, font: str | None = None,
         size: float | None = None, align: str = "justify", indent_chars: float = 0,
         keep: bool = False) -> Paragraph:
    """One paragraph on the body grid (exact pitch); ``indent_chars`` of first-line indent."""
    p = doc.add_paragraph()
    p.alignment = ALIGN[align]
    if indent_chars:
        p.paragraph_format.first_line_indent = Pt(PITCH_PT * indent_chars)
    if keep:
        p.paragraph_format.keep_with_next = True
    if text:
        run(p, text, font=font, size=size)
    return p


def tag(doc: DocumentObject, jinja: str) -> None:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag (it disappears when rendered)."""
    doc.add_paragraph().add_run(jinja)


def body(doc: DocumentObject, text: str, *, keep: bool = False) -> Paragraph:
    """A body paragraph: 3号仿宋, first line indented two characters."""
    return line(doc, text, indent_chars=2, keep=keep)


def heading(doc: DocumentObject, level: int, text: str) -> Paragraph:
    """Headings 一、(黑体) （一）(楷体) 1.(仿宋) （1）(仿宋), indented two characters (§7.3.3)."""
    font = {1: HEI, 2: KAI, 3: FANG, 4: FANG}[level]
    return line(doc, text, font=font, indent_chars=2, keep=True)


def border(p: Paragraph, edge: str, *, size_eighths: int, space_pt: float = 4,
           color: str = "000000") -> None:
    """A paragraph border line on ``edge`` (top/bottom), ``space_pt`` from the text."""
    bdr = ppr_child(p._p.get_or_add_pPr(), "w:pBdr")
    b = OxmlElement(f"w:{edge}")
    b.set(qn("w:val"), "single")
    b.set(qn("w:sz"), str(size_eighths))
    b.set(qn("w:space"), str(round(space_pt)))
    b.set(qn("w:color"), color)
    if edge == "top":
        bdr.insert(0, b)  # type: ignore[attr-defined]
    else:
        bdr.append(b)  # type: ignore[attr-defined]


def version_head(doc: DocumentObject, mark: str, number: str) -> None:
    """版头: 35 mm free, the red mark, two lines, the number, the red rule 4 mm below it."""
    gap = line(doc)
    exact(gap, MARK_GAP_MM / 25.4 * 72)
    p = line(doc, align="center")
    exact(p, MARK_PT * 1.25)
    r = run(p, mark, font=XBS, size=MARK_PT, color=RED)
    set_spacing(r._r, 0)
    set_scale(r._r, MARK_SCALE)
    line(doc)
    line(doc)
    num = line(doc, number, align="center")
    border(num, "bottom", size_eighths=12, space_pt=(RULE_GAP_MM - LINE_FOOT_MM) / 25.4 * 72,
           color="E60012")


def title(doc: DocumentObject, first: str, second: str) -> None:
    """Title in 2号小标宋, centred, two lines below the rule, broken where the words part."""
    line(doc)
    line(doc)
    p = line(doc, align="center")
    exact(p, 36)
    r = run(p, first, font=XBS, size=TITLE_PT)
    set_spacing(r._r, 0)
    r.add_break()
    r2 = run(p, second, font=XBS, size=TITLE_PT)
    set_spacing(r2._r, 0)
    line(doc)


def addressee(doc: DocumentObject, text: str) -> None:
    """主送机关: flush left, ending in a full-width colon (§7.3.2)."""
    line(doc, text, align="left")


DATE_PT = 126.4  # 2026年11月24日 in 3号仿宋, measured (digits are half width, CJK gaps)


def signature(doc: DocumentObject, issuer: str, date: str) -> None:
    """The date four characters from the right, the issuer centred over it (§7.3.5.1).

    Two free lines above the issuer leave the seal (42 mm) room to sit over issuer and date
    with its top within a line of the body. The issuer is centred on a centred tab stop over a
    date of usual length (2026年11月24日); shorter dates shift it by less than a character.
    """
    width_pt = TYPE_W_MM / 25.4 * 72
    centre = width_pt - 4 * PITCH_PT - DATE_PT / 2
    line(doc, keep=True)
    line(doc, keep=True)
    p = line(doc, align="left", keep=True)
    p.paragraph_format.tab_stops.add_tab_stop(Pt(centre), WD_TAB_ALIGNMENT.CENTER)
    run(p, "\t" + issuer)
    p = line(doc, date, align="right")
    p.paragraph_format.right_indent = Pt(4 * PITCH_PT)


def note(doc: DocumentObject, text: str) -> Paragraph:
    """附注: two characters in, in round brackets, on the line after the date (§7.3.6)."""
    return line(doc, text, align="left", indent_chars=2)


COLOPHON_ROW_MM = 9.0  # each 版记 line: 4号 text between rules


def colophon(doc: DocumentObject, cc: str, printer: str, printed: str) -> None:
    """版记 at the foot of the last page (§7.4): 抄送, then 印发机关 and 印发日期, between rules.

    A floating table of two rows of exact height, placed on the page so that its last rule lies
    on the bottom edge of the type area whatever the length of the text (LibreOffice ignores
    “align to the bottom”, so the position is absolute); thick outer rules (0.35 mm), a thin
    one between (0.25 mm), as §7.4.1 recommends.
    """
    t = doc.add_table(rows=2, cols=1)
    t.autofit = False
    tblpr = t._tbl.tblPr
    look = tblpr.find(qn("w:tblLook"))
    for child in list(tblpr):
        tblpr.remove(child)
    # Children in the order of ECMA-376 §17.4.60 (Word refuses a table otherwise).
    pos = OxmlElement("w:tblpPr")
    for k, v in (("w:vertAnchor", "margin"), ("w:horzAnchor", "page"),
                 ("w:tblpX", _twips_mm(LEFT)), ("w:tblpYSpec", "bottom")):
        pos.set(qn(k), v)
    overlap = OxmlElement("w:tblOverlap")
    overlap.set(qn("w:val"), "never")
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), _twips_mm(TYPE_W_MM))
    width.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for edge, size in (("top", 8), ("left", 0), ("bottom", 8), ("right", 0), ("insideH", 6),
                       ("insideV", 0)):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single" if size else "nil")
        if size:
            e.set(qn("w:sz"), str(size))
            e.set(qn("w:color"), "000000")
        borders.append(e)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        m = OxmlElement(f"w:{edge}")
        m.set(qn("w:w"), "0")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    for child in (pos, overlap, width, borders, layout, margins, look):
        if child is not None:
            tblpr.append(child)
    t.columns[0].width = Mm(TYPE_W_MM)
    one_char = Pt(FOOT_PT)
    for row, (left, right) in zip(t.rows, ((cc, ""), (printer, printed)), strict=True):
        row.height = Mm(COLOPHON_ROW_MM)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].width = Mm(TYPE_W_MM)
        row.cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = row.cells[0].paragraphs[0]
        p.alignment = ALIGN["left"]
        exact(p, FOOT_PT * 1.3)
        pf = p.paragraph_format
        pf.left_indent = pf.right_indent = one_char
        run(p, left, size=FOOT_PT)
        if right:
            pf.tab_stops.add_tab_stop(Mm(TYPE_W_MM) - one_char, WD_TAB_ALIGNMENT.RIGHT)
            run(p, "\t" + right, size=FOOT_PT)
    # A floating table is anchored to the paragraph after it: keep that one tiny.
    end = line(doc)
    exact(end, 1)


def _twips_mm(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def page_numbers(doc: DocumentObject) -> None:
    """“— 1 —” in 4号宋体 below the type area: odd pages right, even pages left (§7.5)."""
    section = doc.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        p.alignment = ALIGN[align]
        exact(p, 20)
        pf = p.paragraph_format
        pf.right_indent = Pt(FOOT_PT) if align == "right" else Pt(0)
        pf.left_indent = Pt(FOOT_PT) if align == "left" else Pt(0)
        r = run(p, "— ", font=SONG, size=FOOT_PT)
        set_spacing(r._r, 0)
        field(p, "PAGE", font=SONG, size=FOOT_PT)
        r = run(p, " —", font=SONG, size=FOOT_PT)
        set_spacing(r._r, 0)


def qr_headers(doc: DocumentObject) -> None:
    """The page QR code (``{{ qr }}``) in the top margin, at the outer edge of every page."""
    section = doc.sections[0]
    for header, align in ((section.header, "right"), (section.even_page_header, "left")):
        p = header.paragraphs[0]
        p.alignment = ALIGN[align]
        p.paragraph_format.line_spacing = 1.0  # single: the image sets the height
        p.add_run("{{ qr }}")


def ending(doc: DocumentObject) -> None:
    """What every 公文 of the studio kinds ends with: issuer and date (seal place), the contact
    line when there is one, and the 版记 (抄送 the studio's unit union, 印发机关 and 印发日期)."""
    signature(doc, ISSUER, "{{ date|date_zh }}")
    tag(doc, "{%p if contact.name or contact.phone %}")
    note(doc, "（联系人：{{ contact.name }}；联系电话：{{ contact.phone }}）")
    tag(doc, "{%p endif %}")
    colophon(doc, "抄送：{{ studio.unit_union }}。", "{{ printer }}",
             "{{ (printed_on or date)|date_zh }}印发")
