"""Record → .docx: every value in the right cell, read back with python-docx."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table
from pydantic import BaseModel

from forms.kinds import get_kind
from generators.paths import TEMPLATES
from generators.render import docx_bytes
from generators.template_check import check_template
from tests.conftest import example_data, load_record

LONG = ("针对薄壁零件高速铣削时的颤振问题，提出变主轴转速与阻尼夹具相结合的方法，"
        "表面粗糙度由Ra1.6降至Ra0.8，刀具寿命提高30%。") * 4  # well over 200 characters

Render = Callable[[str, BaseModel, str], Path]


def tricky_data() -> dict[str, Any]:
    data = copy.deepcopy(example_data("application"))
    data["achievements"][0]["summary"] = LONG[:200]
    data["achievements"][0]["name"] = "R&D 平台 A<B {{ 7*7 }}"
    data["projects"][0]["goal"] = "二〇二六年目标：成本降低￥50万元"
    data["team"][3]["name"] = "周𠮷"
    return data


def row_after(tables: list[Table], label: str) -> list[str]:
    """The texts of the cells in the row whose first cell is ``label`` (merged cells once)."""
    for table in tables:
        for row in table.rows:
            texts: list[str] = []
            for c in row.cells:
                if not texts or c.text != texts[-1]:
                    texts.append(c.text)
            if texts and texts[0] == label:
                return texts[1:]
    raise AssertionError(f"no row labelled {label!r}")


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    record = load_record("application", tricky_data())
    path = tmp_path_factory.mktemp("docx") / "application.docx"
    path.write_bytes(docx_bytes(get_kind("application"), record))
    return docx.Document(str(path))


def test_cover_page(document: Any) -> None:
    cover = document.tables[0]
    assert [[c.text for c in r.cells] for r in cover.rows] == [
        ["工作室名称", "王建国数控加工劳模创新工作室"],
        ["所在单位", "上海杨浦精密机械有限公司"],
        ["所属工会", "杨浦区科技园区工会"],
        ["申报年度", "2026年"],
        ["填表日期", "2026年11月24日"],
    ]


def test_values_in_their_cells(document: Any) -> None:
    t = document.tables[1:]  # after the cover page
    assert row_after(t, "工作室名称")[0] == "王建国数控加工劳模创新工作室"
    assert row_after(t, "所在单位") == ["上海杨浦精密机械有限公司", "统一社会信用代码",
                                       "91310110MA1G8XKJ3A"]
    assert row_after(t, "类别")[0] == "■劳模  □先进  □技师"
    assert row_after(t, "创新内容")[0] == "■科技创新  ■技能创新  □管理创新  □服务创新  □机制创新"
    assert row_after(t, "出生日期") == ["1975年3月12日", "政治面貌", "中共党员"]
    assert row_after(t, "工会关系在杨浦") == ["是", "在职", "是"]
    assert row_after(t, "成果简介")[0] == LONG[:200]
    assert row_after(t, "经济效益（万元）") == ["86.50", "社会效益",
                                               "培养技师3名，方法在区内3家企业推广。"]
    assert row_after(t, "场所地址") == ["上海市杨浦区军工路1076号3号楼201室",
                                       "面积（平方米）", "120"]


def test_repeating_rows(document: Any) -> None:
    team = next(t for t in document.tables if t.rows[0].cells[1].text == "姓名")
    rows = [[c.text for c in r.cells] for r in team.rows[1:]]
    assert [r[1] for r in rows] == ["陈晓东", "赵丽华", "孙志强", "周𠮷"]
    assert rows[0] == ["1", "陈晓东", "男", "1988年7月21日", "大学本科", "工程师", "机械设计"]
    achievement = row_after(document.tables, "成果1名称")
    assert achievement == ["R&D 平台 A<B {{ 7*7 }}", "取得年份", "2025"]


def test_special_text_is_literal(document: Any) -> None:
    body = "\n".join(p.text for t in document.tables for r in t.rows for p in r.cells[0]._tc
                     .xpath(".//w:t")) + "".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "R&D 平台 A<B {{ 7*7 }}" in body
    assert "49" not in body.split("A<B")[1][:10]
    assert "二〇二六年目标：成本降低￥50万元" in body
    xml = document.element.xml
    assert "w:instrText" not in xml


def test_official_fonts_named_in_east_asian_slot(document: Any) -> None:
    normal = document.styles["Normal"].element
    fonts = normal.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "仿宋_GB2312"


def test_multiline_text_keeps_its_lines(render_to: Render) -> None:
    data = tricky_data()
    data["work_plan"] = "一季度：调研\n二季度：试验"
    path = render_to("application", load_record("application", data), ".docx")
    cell = row_after(docx.Document(str(path)).tables, "年度工作计划")[0]
    assert cell == "一季度：调研\n二季度：试验"


def test_template_and_schema_agree() -> None:
    kind = get_kind("application")
    report = check_template(TEMPLATES / kind.template, kind.model)
    assert report.unknown == [], "template reads fields the schema does not have"
    assert report.unprinted == [], "schema fields the template never prints"


def test_template_check_catches_a_typo(tmp_path: Path) -> None:
    src = docx.Document(str(TEMPLATES / "application.docx"))
    src.add_paragraph("{{ leader.nmae }}")
    broken = tmp_path / "broken.docx"
    src.save(str(broken))
    report = check_template(broken, get_kind("application").model)
    assert report.unknown == ["leader.nmae"]
