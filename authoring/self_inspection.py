"""Writes doc_templates/self_inspection.docx — 年度自查评估表 (A4 portrait, 第十条, 第十一条).

The studio's facts, its check of each of the five haves of 第三条 (达标 ■是 □否 with the
explanation), the summary of its four ledgers (第十条), the studio's summary signed by the leader
and the unit union's evaluation, both due with the district union by the year's end (第十一条).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.table import Table

from authoring import slim
from authoring.application import footer, pair_rows
from authoring.docxkit import (
    FANG,
    XBS,
    add_row,
    cell,
    label_cell,
    loop_row,
    new_document,
    para,
    qr_header,
    signed_row,
    table,
)
from authoring.funding import heading

W = 156  # type width in mm (210 − 28 − 26)
LEDGERS = (
    ("activities", "创建活动台账"),
    ("achievements", "创新成果台账"),
    ("members", "成员发展台账"),
    ("funds", "经费使用台账"),
)


def head(doc: DocumentObject) -> None:
    para(doc, "杨浦区劳模（先进）、技师创新工作室", align="center", font=XBS, size=18, line=26)
    para(doc, "年度自查评估表", align="center", font=XBS, size=18, line=26, after=6)


def studio(doc: DocumentObject) -> None:
    heading(doc, "一、工作室基本情况")
    t = table(doc, (27, 64, 23, 42))
    pair_rows(t, [
        ("自查年度", "{{ year }}年", "填表日期", "{{ fill_date|date_zh }}"),
        ("工作室名称", "{{ studio.name }}", "", ""),
        ("命名证书编号", "{{ studio.certificate_number }}", "带头人", "{{ studio.leader }}"),
        ("所在单位", "{{ studio.host_unit }}", "", ""),
        ("单位工会", "{{ studio.unit_union }}", "团队成员", "{{ studio.members }}人"),
    ])


def haves(doc: DocumentObject) -> None:
    heading(doc, "二、“五个有”标准自查情况")
    t = table(doc, (12, 44, 28, 72))
    row = add_row(t, 9, header=True)
    for i, text in enumerate(("序号", "标准（第三条）", "是否达标", "情况说明")):
        label_cell(row.cells[i], text)
    loop_row(t, "{%tr for h in haves %}")
    row = add_row(t, 14)
    cell(row.cells[0], "{{ loop.index }}", align="center")
    cell(row.cells[1], "{{ h.have }}", align="center", size=11)
    cell(row.cells[2], "{{ h.met|tick(true) }}是　{{ h.met|tick(false) }}否", align="center")
    cell(row.cells[3], "{{ h.explanation|lines }}", size=11)
    loop_row(t, "{%tr endfor %}")


def ledgers(doc: DocumentObject) -> None:
    heading(doc, "三、工作台账情况")
    t = table(doc, (30, 24, 102))
    row = add_row(t, 9, header=True)
    for i, text in enumerate(("台账", "记录（条）", "情况摘要")):
        label_cell(row.cells[i], text)
    for key, label in LEDGERS:
        row = add_row(t, 12)
        label_cell(row.cells[0], label)
        cell(row.cells[1], f"{{{{ ledgers.{key}.entries }}}}", align="center")
        summary = f"{{{{ ledgers.{key}.summary|lines }}}}"
        if key == "funds":
            summary = "本年度支出 {{ ledgers.funds.spent|yuan }}。" + summary
        cell(row.cells[2], summary, size=11)


def signed_block(t: Table, path: str, label: str, signer: str, height: float) -> None:
    """Label | text, then ``signer`` (with ``{sig}`` for the signatory) and the date."""
    signed_row(t, path, label, signer.format(sig=f"{{{{ {path}.signatory }}}}"), height)


def conclusions(doc: DocumentObject) -> None:
    heading(doc, "四、自查小结与评估意见")
    t = table(doc, (30, 126))
    signed_block(t, "self_check", "工作室\n自查小结", "签字：{sig}　　　　（工作室带头人）", 44)
    signed_block(t, "evaluation", "单位工会\n评估意见", "签字：{sig}　　　　（单位工会盖章）", 52)
    para(doc, "注：工作室填写自查情况，所在单位工会填写评估意见，每年年底前报区总工会备案"
         "（第十一条）。", font=FANG, size=10, before=3)


def build(target: Path) -> None:
    doc = new_document(margins_mm=(25, 26, 22, 28), size_pt=12)
    qr_header(doc, "年度自查评估表  {{ record_id }}  ")
    footer(doc)
    head(doc)
    studio(doc)
    haves(doc)
    ledgers(doc)
    conclusions(doc)
    slim.save(doc, target)
