"""Writes doc_templates/application.docx — 创新工作室申报表 (A4 portrait, bordered tables)."""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table

from authoring import slim
from authoring.docxkit import (
    FANG,
    HEI,
    SIGN_ROOM,
    XBS,
    add_row,
    cell,
    field,
    label_cell,
    loop_row,
    merge_row,
    new_document,
    no_borders,
    page_break,
    para,
    qr_header,
    run,
    signed_row,
    table,
)

W = 156  # type width in mm (A4 210 − left 28 − right 26)
CATEGORIES = ("劳模", "先进", "技师")
KINDS = ("科技创新", "技能创新", "管理创新", "服务创新", "机制创新")
SECTORS = ("行业", "街镇", "直属")


def ticks(field_expr: str, options: tuple[str, ...]) -> str:
    return "  ".join(f"{{{{ {field_expr}|tick('{o}') }}}}{o}" for o in options)


def heading(doc: DocumentObject, text: str) -> None:
    para(doc, text, font=HEI, size=14, before=10, after=6)


def pair_rows(t: Table, pairs: list[tuple[str, str, str, str]]) -> None:
    """Rows of label | value | label | value; an empty second label merges the value across."""
    for l1, v1, l2, v2 in pairs:
        row = add_row(t, 9)
        label_cell(row.cells[0], l1)
        if l2:
            cell(row.cells[1], v1)
            label_cell(row.cells[2], l2)
            cell(row.cells[3], v2)
        else:
            cell(merge_row(row, 1, 3), v1)


def cover(doc: DocumentObject) -> None:
    for _ in range(6):
        para(doc)
    para(doc, "杨浦区劳模（先进）、技师", align="center", font=XBS, size=26, line=40)
    para(doc, "创新工作室申报表", align="center", font=XBS, size=26, line=40)
    for _ in range(6):
        para(doc)
    t = table(doc, (40, 96))
    for label, value in (
        ("工作室名称", "{{ studio.name }}"),
        ("所在单位", "{{ host_unit.name }}"),
        ("所属工会", "{{ host_unit.sector_union }}"),
        ("申报年度", "{{ year }}年"),
        ("填表日期", "{{ fill_date|date_zh }}"),
    ):
        row = add_row(t, 12)
        cell(row.cells[0], label, align="right", size=15)
        cell(row.cells[1], value, size=15)
    borderless(t)
    for _ in range(8):
        para(doc)
    para(doc, "上海市杨浦区总工会 制", align="center", size=15)
    page_break(doc)


def borderless(t: Table) -> None:
    """No borders, but the value column keeps a bottom line to write on."""
    no_borders(t._tbl)
    for row in t.rows:
        tcpr = row.cells[1]._tc.get_or_add_tcPr()
        b = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "6")
        b.append(bottom)
        tcpr.append(b)


def basics(doc: DocumentObject) -> None:
    heading(doc, "一、工作室基本情况")
    t = table(doc, (26, 50, 26, 54))
    pair_rows(t, [
        ("工作室名称", "{{ studio.name }}", "", ""),
        ("类别", ticks("studio.category", CATEGORIES), "攻关方向", "{{ studio.direction }}"),
        ("创新内容", ticks("studio.kinds", KINDS), "", ""),
        ("所在单位", "{{ host_unit.name }}",
         "统一社会信用代码", "{{ host_unit.credit_code }}"),
        ("所属工会类别", ticks("host_unit.sector_kind", SECTORS),
         "所属工会", "{{ host_unit.sector_union }}"),
        ("单位工会", "{{ host_unit.unit_union }}", "", ""),
        ("单位地址", "{{ host_unit.address }}", "", ""),
        ("联系人", "{{ host_unit.contact }}", "联系电话", "{{ host_unit.phone }}"),
    ])


def leader(doc: DocumentObject) -> None:
    heading(doc, "二、创新带头人")
    t = table(doc, (30, 48, 30, 48))
    pair_rows(t, [
        ("姓名", "{{ leader.name }}", "性别", "{{ leader.gender }}"),
        ("出生日期", "{{ leader.birth_date|date_zh }}",
         "政治面貌", "{{ leader.political_status }}"),
        ("学历", "{{ leader.education }}", "职务/岗位", "{{ leader.post }}"),
        ("专业技术职称", "{{ leader.title }}", "职业技能等级", "{{ leader.skill_grade }}"),
        ("工会关系在杨浦", "{{ leader.union_in_yangpu|yesno }}",
         "在职", "{{ leader.in_service|yesno }}"),
        ("技术、业务专长", "{{ leader.expertise|lines }}", "", ""),
    ])
    para(doc, "荣誉称号", font=HEI, size=12, before=6, after=3)
    h = table(doc, (20, 46, 60, 30))
    row = add_row(h, 8, header=True)
    for i, text in enumerate(("序号", "级别", "称号", "年份")):
        label_cell(row.cells[i], text)
    loop_row(h, "{%tr for h in leader.honours %}")
    row = add_row(h, 8)
    for i, text in enumerate(("{{ loop.index }}", "{{ h.level }}", "{{ h.kind }}",
                              "{{ h.year }}")):
        cell(row.cells[i], text, align="center")
    loop_row(h, "{%tr endfor %}")


def team(doc: DocumentObject) -> None:
    heading(doc, "三、创新团队（不含带头人，至少3人）")
    t = table(doc, (10, 20, 10, 36, 24, 26, 30))
    row = add_row(t, 9, header=True)
    for i, text in enumerate(("序号", "姓名", "性别", "出生日期", "学历", "职称/技能等级",
                              "专业/岗位")):
        label_cell(row.cells[i], text)
    loop_row(t, "{%tr for m in team %}")
    row = add_row(t, 9)
    for i, text in enumerate(("{{ loop.index }}", "{{ m.name }}", "{{ m.gender }}",
                              "{{ m.birth_date|date_zh }}", "{{ m.education }}", "{{ m.title }}",
                              "{{ m.speciality }}")):
        cell(row.cells[i], text, align="center", size=11)
    loop_row(t, "{%tr endfor %}")


def projects(doc: DocumentObject) -> None:
    heading(doc, "四、攻关项目及年度工作计划")
    t = table(doc, (12, 50, 16, 78))
    row = add_row(t, 9, header=True)
    for i, text in enumerate(("序号", "项目（课题）名称", "年度", "目标与内容")):
        label_cell(row.cells[i], text)
    loop_row(t, "{%tr for p in projects %}")
    row = add_row(t, 12)
    for i, text in enumerate(("{{ loop.index }}", "{{ p.name }}", "{{ p.year }}",
                              "{{ p.goal|lines }}")):
        cell(row.cells[i], text, align="left" if i in (1, 3) else "center")
    loop_row(t, "{%tr endfor %}")
    row = add_row(t, 30)
    label_cell(row.cells[0], "年度工作计划")
    merge_row(row, 0, 0)
    c = merge_row(row, 1, 3)
    cell(c, "{{ work_plan|lines }}", valign="top")


def achievements(doc: DocumentObject) -> None:
    heading(doc, "五、近两年创新成果")
    t = table(doc, (30, 48, 30, 48))
    loop_row(t, "{%tr for a in achievements %}")
    pair_rows(t, [
        ("成果{{ loop.index }}名称", "{{ a.name }}", "取得年份", "{{ a.year }}"),
        ("成果简介", "{{ a.summary|lines }}", "", ""),
        ("经济效益（万元）", "{{ a.economic_benefit|wan }}",
         "社会效益", "{{ a.social_benefit|lines }}"),
        ("推广应用情况", "{{ a.applied_in }}", "", ""),
    ])
    loop_row(t, "{%tr endfor %}")


def site(doc: DocumentObject) -> None:
    heading(doc, "六、场所和制度")
    t = table(doc, (30, 48, 30, 48))
    pair_rows(t, [
        ("场所地址", "{{ site.address }}", "面积（平方米）", "{{ site.area_m2|decimal }}"),
        ("设备设施", "{{ site.equipment|lines }}", "", ""),
        ("工作制度", "{{ site.rules|lines }}", "", ""),
        ("活动计划", "{{ site.activity_plan|lines }}", "", ""),
    ])


OPINIONS = (
    ("unit_union", "单位工会\n推荐意见", "（单位工会盖章）"),
    ("unit_party_admin", "单位党政\n意见", "（单位盖章）"),
    ("sector_union", "行业、街镇、\n直属工会\n初审意见", "（盖章）"),
    ("district_union", "区总工会\n审定意见", "（区总工会盖章）"),
)


def opinions(doc: DocumentObject) -> None:
    page_break(doc)
    heading(doc, "七、审核意见")
    t = table(doc, (30, 126))
    for key, label, seal in OPINIONS:
        signed_row(t, f"opinions.{key}", label,
                   f"签字：{{{{ opinions.{key}.signatory }}}}{SIGN_ROOM}{seal}", 56,
                   middle=("", "", ""))


def footer(doc: DocumentObject) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = 1
    run(p, "第 ", font=FANG, size=9)
    field(p, "PAGE", font=FANG, size=9)
    run(p, " 页  共 ", font=FANG, size=9)
    field(p, "NUMPAGES", font=FANG, size=9)
    run(p, " 页", font=FANG, size=9)


def build(target: Path) -> None:
    doc = new_document(margins_mm=(25, 26, 22, 28), size_pt=12)
    qr_header(doc, "创新工作室申报表  {{ record_id }}  ")
    footer(doc)
    cover(doc)
    basics(doc)
    leader(doc)
    team(doc)
    projects(doc)
    achievements(doc)
    site(doc)
    opinions(doc)
    slim.save(doc, target)
