"""Writes doc_templates/plaque.docx — 牌匾制作单: the plaque text for the sign maker.

Same record as the naming certificate. One A4 landscape page: the plaque's text in a framed box
as it will read (the studio's name large, the issuer and the date below), then the facts the sign
maker and the district union check against (certificate number, host unit, leader, date) and the
making notes. The page QR code in the header names the record.
"""

from __future__ import annotations

from pathlib import Path

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from authoring import slim
from authoring.certificate import no_autospace, spacing
from authoring.docxkit import (
    FANG,
    HEI,
    KAI,
    XBS,
    add_row,
    cell,
    label_cell,
    merge_row,
    new_document,
    para,
    qr_header,
    run,
    table,
)

W = 237  # type width in mm (297 − 30 − 30)
NOTES = ("牌匾文字以本单为准，不得增删或改动；工作室名称用方正小标宋简体，落款用楷体。"
         "建议尺寸 600 mm × 400 mm，材质、颜色以区总工会确认的样稿为准。")


def frame(tbl: object) -> None:
    """A thick double border around the plaque box."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "thinThickSmallGap")
        e.set(qn("w:sz"), "36")
        e.set(qn("w:color"), "C00000")
        borders.append(e)
    tbl.tblPr.append(borders)  # type: ignore[attr-defined]


def build(target: Path) -> None:
    doc = new_document(landscape=True, margins_mm=(26, 30, 16, 30), font=FANG, size_pt=12)
    # no record field in the header: a bulk batch shares it between all its pages
    qr_header(doc, "创新工作室牌匾制作单  ")
    para(doc, "创新工作室牌匾制作单", align="center", font=HEI, size=18, after=4)
    para(doc, "（下框内为牌匾文字及版式示意，非按比例）", align="center", font=FANG, size=11,
         after=6)

    box = table(doc, (W,))
    frame(box._tbl)
    row = add_row(box, 88, exact=True)
    first = cell(row.cells[0], "", align="center")
    first.paragraph_format.space_before = first.paragraph_format.space_after = 0
    p = row.cells[0].add_paragraph()
    p.alignment = 1
    p.paragraph_format.line_spacing = 1.2
    run(p, "{{ studio_name }}", font=XBS, size=36)
    spacing(p, 2)
    p = row.cells[0].add_paragraph()
    p.alignment = 1
    p.paragraph_format.space_before = p.paragraph_format.space_after = 0
    p = row.cells[0].add_paragraph()
    p.alignment = 1
    run(p, "上海市杨浦区总工会", font=KAI, size=22)
    p = row.cells[0].add_paragraph()
    p.alignment = 1
    run(p, "{{ date|date_cn }}", font=KAI, size=16)

    para(doc, size=6)
    facts = table(doc, (30, 88.5, 30, 88.5))
    row = add_row(facts, 9)
    label_cell(row.cells[0], "证书编号")
    no_autospace(cell(row.cells[1], "{{ number }}", align="center"))
    label_cell(row.cells[2], "命名日期")
    cell(row.cells[3], "{{ date|date_cn }}", align="center")
    row = add_row(facts, 9)
    label_cell(row.cells[0], "所在单位")
    cell(row.cells[1], "{{ host_unit }}", align="center")
    label_cell(row.cells[2], "带头人")
    cell(row.cells[3], "{{ leader }}", align="center")
    row = add_row(facts, 14)
    label_cell(row.cells[0], "制作要求")
    cell(merge_row(row, 1, 3), NOTES, size=10.5)
    row = add_row(facts, 10)
    label_cell(row.cells[0], "经办人")
    cell(row.cells[1], "")
    label_cell(row.cells[2], "制作单位签收")
    cell(row.cells[3], "")
    core = doc.core_properties
    core.title = "创新工作室牌匾制作单"
    slim.save(doc, target)
