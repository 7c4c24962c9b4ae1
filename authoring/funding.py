"""Writes doc_templates/funding.docx — 优秀创新成果项目扶持资金申请表 (A4 portrait, 第十四–十六条).

Studio and achievement, the amount in figures and in capitals, the spending plan (one row per
use of 第十六条, with its total), the declaration of 第十五条, and the opinions of the unit union,
the review panel (with the amount it proposes) and the chair's office meeting (with the amount
approved).
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.shared import Mm
from docx.table import Table

from authoring import slim
from authoring.application import footer, pair_rows
from authoring.docxkit import (
    FANG,
    HEI,
    SIGN_ROOM,
    XBS,
    add_row,
    cell,
    label_cell,
    loop_row,
    merge_row,
    new_document,
    para,
    qr_header,
    run,
    signed_row,
    table,
)

W = 156  # type width in mm (210 − 28 − 26)


def heading(doc: DocumentObject, text: str, new_page: bool = False) -> None:
    p = para(doc, text, font=HEI, size=13, before=6, after=4)
    # a new page by the heading's own property: no empty break paragraph to spill over
    p.paragraph_format.page_break_before = new_page
    p.paragraph_format.keep_with_next = True


def money_line(expr: str) -> str:
    """Figures and capitals of an optional amount; blank (to fill in by hand) when None."""
    return (f"{{% if {expr} is not none %}}{{{{ {expr}|yuan }}}}（{{{{ {expr}|capitals }}}}）"
            "{% endif %}")


def opinion_row(t: Table, key: str, label: str, seal: str, amount: tuple[str, str] | None,
                height: float) -> None:
    """Label | opinion text, (amount,) signature and seal, date — room for a 42 mm seal."""
    o = f"opinions.{key}"
    middle = ("", f"{amount[0]}：{money_line(amount[1])}", "") if amount else ("", "")
    signed_row(t, o, label, f"签字：{{{{ {o}.signatory }}}}{SIGN_ROOM}{seal}", height, middle)


def head(doc: DocumentObject) -> None:
    para(doc, "杨浦区劳模（先进）、技师创新工作室", align="center", font=XBS, size=18, line=26)
    para(doc, "优秀创新成果项目扶持资金申请表", align="center", font=XBS, size=18, line=26,
         after=6)


def studio(doc: DocumentObject) -> None:
    heading(doc, "一、工作室情况")
    t = table(doc, (30, 60, 24, 42))
    pair_rows(t, [
        ("申请年度", "{{ year }}年", "填表日期", "{{ fill_date|date_zh }}"),
        ("工作室名称", "{{ studio.name }}", "", ""),
        ("所在单位", "{{ studio.host_unit }}", "", ""),
        ("命名证书编号", "{{ studio.certificate_number }}",
         "命名日期", "{{ studio.named_on|date_zh }}"),
        ("联系人", "{{ studio.contact }}", "联系电话", "{{ studio.phone }}"),
    ])


def achievement(doc: DocumentObject) -> None:
    heading(doc, "二、申请扶持的创新成果")
    t = table(doc, (34, 50, 30, 42))
    pair_rows(t, [
        ("成果名称", "{{ achievement.name }}", "", ""),
        ("成果简介", "{{ achievement.summary|lines }}", "", ""),
        ("经济效益（万元）", "{{ achievement.economic_benefit|wan }}",
         "培养人才（人）", "{{ achievement.people_trained }}"),
        ("社会效益", "{{ achievement.social_benefit|lines }}", "", ""),
    ])
    # the summary gets room to read
    t.rows[1].height = Mm(20)


def amount(doc: DocumentObject) -> None:
    heading(doc, "三、申请扶持资金金额")
    t = table(doc, (30, 126))
    for label, value in (("小写", "{{ amount|yuan }}"), ("大写", "{{ amount|capitals }}")):
        row = add_row(t, 9)
        label_cell(row.cells[0], label)
        cell(row.cells[1], value, size=13)


def spending(doc: DocumentObject) -> None:
    heading(doc, "四、资金使用计划")
    t = table(doc, (12, 26, 86, 32))
    row = add_row(t, 9, header=True)
    for i, text in enumerate(("序号", "用途类别", "支出内容", "金额（元）")):
        label_cell(row.cells[i], text)
    loop_row(t, "{%tr for s in spending %}")
    row = add_row(t, 9)
    cell(row.cells[0], "{{ loop.index }}", align="center", size=11)
    cell(row.cells[1], "{{ s.category }}", align="center", size=11)
    cell(row.cells[2], "{{ s.description }}", size=11)
    cell(row.cells[3], "{{ s.amount|yuan }}", align="right", size=11)
    loop_row(t, "{%tr endfor %}")
    row = add_row(t, 9)
    label_cell(merge_row(row, 0, 2), "合　　计")
    cell(row.cells[3], "{{ amount|yuan }}", align="right")
    para(doc, "注：扶持资金专款专用、公开透明，可用于购买与生产、研发项目相关的硬件设备、学习用品、"
         "书籍、材料，参加或组织与创新项目相关的培训交流活动等；不得用于对个人的奖励、津贴、补贴、"
         "差旅等方面（第十六条）。", font=FANG, size=10, before=3)


def declaration(doc: DocumentObject) -> None:
    heading(doc, "五、声明", new_page=True)
    t = table(doc, (W,))
    row = add_row(t, 30)
    c = row.cells[0]
    cell(c, "{{ not_used_before|tick(true) }} 本工作室声明：本项成果未曾用于其他扶持资金申请"
            "（同一成果只能提出一次扶持申请，第十五条），所获资金将专款专用、公开透明。",
         valign="top")
    c.add_paragraph()
    p = c.add_paragraph()
    p.alignment = 2
    run(p, "工作室带头人（签字）：　　　　　　　　")
    p = c.add_paragraph()
    p.alignment = 2
    run(p, "年　　月　　日")


def opinions(doc: DocumentObject) -> None:
    heading(doc, "六、审核意见")
    t = table(doc, (30, 126))
    opinion_row(t, "unit_union", "单位工会\n意见", "（单位工会盖章）", None, 48)
    opinion_row(t, "review_panel", "评审小组\n评审意见", "（评审小组组长）",
                ("建议扶持金额", "opinions.proposed_amount"), 56)
    opinion_row(t, "chair_meeting", "区总工会\n主席办公会议\n审定意见", "（区总工会盖章）",
                ("审定扶持金额", "opinions.approved_amount"), 56)


def build(target: Path) -> None:
    doc = new_document(margins_mm=(25, 26, 22, 28), size_pt=12)
    qr_header(doc, "扶持资金申请表  {{ record_id }}  ")
    footer(doc)
    head(doc)
    studio(doc)
    achievement(doc)
    amount(doc)
    spending(doc)
    declaration(doc)
    opinions(doc)
    slim.save(doc, target)
