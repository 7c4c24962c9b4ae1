"""Record → .docx for the notice and the withdrawal decision, read back with python-docx."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from forms.kinds import get_kind
from generators.render import docx_bytes, template_path
from generators.template_check import check_template
from tests import gongwen_records as records
from tests.conftest import load_record
from tests.doccheck import agreement_problems, printable_fields, top_level_names

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def rendered(kind: str, data: dict[str, Any]) -> Any:
    return docx.Document(io.BytesIO(docx_bytes(get_kind(kind), load_record(kind, data))))


def texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def cells(document: Any) -> list[str]:
    return [c.text for t in document.tables for r in t.rows for c in r.cells]


@pytest.mark.parametrize("kind", ["notice", "withdrawal"])
def test_template_and_schema_agree(kind: str) -> None:
    assert agreement_problems(kind) == []
    assert printable_fields(kind) <= top_level_names(kind)


@pytest.mark.parametrize("kind", ["notice", "withdrawal"])
def test_the_agreement_check_finds_a_misspelt_field(kind: str, tmp_path: Path) -> None:
    """An office edit that misspells {{ printer }} is caught: unknown name, unprinted field."""
    edited = tmp_path / f"{kind}.docx"
    with zipfile.ZipFile(template_path(get_kind(kind))) as src, \
            zipfile.ZipFile(edited, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ printer }}", b"{{ printr }}")
            dst.writestr(item, data)
    report = check_template(edited, get_kind(kind).model)
    assert report.unknown == ["printr"] and report.unprinted == ["printer"]


def test_notice_values_in_order() -> None:
    document = rendered("notice", records.notice_tricky())
    paras = texts(document)
    assert paras[0] == "上海市杨浦区总工会文件"
    assert paras[1] == "杨工〔2026〕12号"
    assert paras[2] == "关于王建国数控加工劳模创新工作室\n限期整改的通知"
    assert paras[3] == "杨浦区科技园区工会："
    assert "区总工会于2026年10月15日对你会所属上海杨浦精密机械有限公司的王建国数控加工劳模" \
        "创新工作室" in paras[4]
    assert "工作室“有创新团队”“有创新成果”不符合《办法》第三条" in paras[4]
    at = paras.index("一、检查发现的问题")
    assert paras[at + 1:at + 5] == [
        "（一）“有创新团队”方面", records.TRICKY,  # escaped, kept verbatim, never evaluated
        "（二）“有创新成果”方面", records.notice()["inspection"]["results"][3]["finding"],
    ]
    assert paras[at + 5:at + 7] == ["二、整改要求", "（一）整改内容"]
    assert paras[at + 7].startswith("1.“有创新团队”：补充专业对口的团队成员")
    assert paras[at + 8].startswith("2.“有创新成果”：围绕本单位生产经营")
    assert "于2027年2月28日前完成" in paras[at + 10]
    assert "区总工会将根据《办法》第十二条规定对其做撤牌处理，不再保留其工作室称号" in \
        "".join(paras)
    end = paras.index("特此通知。")
    assert paras[end + 1:] == ["\t上海市杨浦区总工会", "2026年11月24日",
                               "（联系人：李敏；联系电话：021-65432100）"]
    assert cells(document) == ["抄送：上海杨浦精密机械有限公司工会。",
                               "上海市杨浦区总工会办公室\t2026年11月24日印发"]


def test_notice_lists_exactly_the_failed_haves() -> None:
    data = records.notice()
    data["inspection"]["results"][0].update(met=False, finding="带头人工会关系已转出杨浦。",
                                            requirement="确定工会关系在杨浦的带头人。")
    body = "\n".join(texts(rendered("notice", data)))
    for have, shown in (("有创新带头人", True), ("有创新团队", True), ("有创新成果", True),
                        ("有攻关项目及工作计划", False), ("有场所和制度", False)):
        assert (f"“{have}”方面" in body) is shown
    assert "（三）“有创新成果”方面" in body and "3.“有创新成果”" in body
    assert "带头人工会关系已转出杨浦。" in body


def test_no_contact_no_note() -> None:
    data = records.notice()
    data["contact"] = {"name": "", "phone": ""}
    assert not any("联系人" in t for t in texts(rendered("notice", data)))


def test_withdrawal_values() -> None:
    document = rendered("withdrawal", records.withdrawal())
    paras = texts(document)
    assert paras[:4] == ["上海市杨浦区总工会文件", "杨工〔2027〕3号",
                         "关于对王建国数控加工劳模创新工作室\n作撤牌处理的决定",
                         "杨浦区科技园区工会："]
    body = "".join(paras)
    for expected in ("2026年11月24日，区总工会印发《关于王建国数控加工劳模创新工作室"
                     "限期整改的通知》（杨工〔2026〕12号）", "于2027年2月28日前完成",
                     "于2027年3月5日对工作室进行了复查",
                     "“有创新团队”“有创新成果”仍不符合", "根据《办法》第十二条规定",
                     "决定对工作室作撤牌处理，不再保留“王建国数控加工劳模创新工作室”称号",
                     records.withdrawal()["recheck"]["finding"]):
        assert expected in body
    end = paras.index("特此决定。")
    assert paras[end + 1:end + 3] == ["\t上海市杨浦区总工会", "2027年3月16日"]
    assert cells(document) == ["抄送：上海杨浦精密机械有限公司工会。",
                               "上海市杨浦区总工会办公室\t2027年3月17日印发"]


def test_printed_on_defaults_to_the_date_of_issue() -> None:
    data = records.withdrawal()
    data["printed_on"] = None
    assert cells(rendered("withdrawal", data))[1].endswith("2027年3月16日印发")


@pytest.mark.parametrize("kind", ["notice", "withdrawal"])
def test_odd_and_even_headers_and_footers(kind: str) -> None:
    document = rendered(kind, getattr(records, kind)())
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        assert len(header._element.findall(f".//{W}drawing")) == 1  # the page QR code
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        (p,) = footer.paragraphs
        assert p.alignment is not None and p.alignment.name.lower() == align
        assert p._p.find(f".//{W}fldSimple").get(f"{W}instr") == "PAGE"
        assert p.text.replace("1", "").strip() == "—  —"


@pytest.mark.parametrize("kind", ["notice", "withdrawal", "application", "funding"])
def test_lines_broken_by_hand_are_not_stretched_in_justified_paragraphs(kind: str) -> None:
    """Multi-line fields print with <w:br/>; without this switch a justified paragraph spreads
    the line before each break across the whole width (Word and LibreOffice alike)."""
    with zipfile.ZipFile(template_path(get_kind(kind))) as package:
        settings = package.read("word/settings.xml").decode("utf-8")
    assert "<w:compat><w:doNotExpandShiftReturn/>" in settings
