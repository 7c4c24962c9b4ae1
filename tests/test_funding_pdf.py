"""Funding application through real LibreOffice: values exact, fonts embedded and mapped, two
pages with the page QR code on each, and the command line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner

from cli import main
from forms.ids import DocRef
from forms.kinds import get_kind
from forms.money import parse_capitals
from generators.render import write
from tests.conftest import EXAMPLES, example_data, load_record
from tests.pdfcheck import cell_texts, char_fonts, flat_text, fonts, page_qr_codes, squash

pytestmark = pytest.mark.slow


def busy_data() -> dict[str, Any]:
    """The example with odd amounts, long texts and characters that need escaping."""
    data = copy.deepcopy(example_data("funding"))
    data["achievement"]["name"] = "R&D 平台 A<B {{ 7*7 }}"
    data["amount"] = "12345.67"
    data["spending"][0]["amount"] = "7545.67"
    data["spending"][1]["description"] = "试切用铝合金、钛合金薄壁试件及周𠮷定制夹具毛坯"
    data["opinions"]["proposed_amount"] = "12000"
    return data


@pytest.fixture(scope="module")
def pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(get_kind("funding"), load_record("funding", busy_data()),
                 tmp_path_factory.mktemp("funding") / "funding.pdf")


def test_every_value_exact(pdf: Path) -> None:
    text = "|".join([flat_text(pdf), *cell_texts(pdf)])
    expected = [
        "王建国数控加工劳模创新工作室", "上海杨浦精密机械有限公司", "杨工创〔2024〕第007号",
        "2024年12月20日", "2026年12月10日", "李敏", "021-65432100",
        "R&D平台A<B{{7*7}}", example_data("funding")["achievement"]["summary"], "86.50", "12",
        "方法在区内3家协作企业推广应用，带动一线职工开展技术革新。",
        "¥12,345.67", "人民币壹万贰仟叁佰肆拾伍元陆角柒分",
        "硬件设备", "¥7,545.67", "试切用铝合金、钛合金薄壁试件及周𠮷定制夹具毛坯", "¥2,300.00",
        "书籍资料", "¥800.00", "培训交流", "¥1,700.00",
        "■本工作室声明：本项成果未曾用于其他扶持资金申请",
        "该成果经济和社会效益突出，同意推荐申请扶持资金。", "签字：刘芳", "2026年12月11日",
        "建议扶持金额：¥12,000.00（人民币壹万贰仟元整）",
    ]
    missing = [v for v in expected if squash(v) not in text]
    assert missing == []


def test_capitals_in_the_pdf_read_back(pdf: Path) -> None:
    cells = cell_texts(pdf)
    capitals = next(c for c in cells if c.startswith("人民币"))
    assert str(parse_capitals(capitals)) == "12345.67"


def test_fonts_embedded_and_mapped(pdf: Path) -> None:
    assert [name for name, embedded in fonts(pdf).items() if not embedded] == []
    assert all("FandolFang" in f for f in char_fonts(pdf, "阻尼夹具试验台传感器"))
    assert all("NotoSerifCJK" in f and "Bold" in f
               for f in char_fonts(pdf, "优秀创新成果项目扶持资金申请表"))
    assert all("NotoSansCJK" in f for f in char_fonts(pdf, "资金使用计划"))


def test_two_a4_pages_each_with_its_page_code(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        sizes = [(round(p.width * 25.4 / 72), round(p.height * 25.4 / 72)) for p in doc.pages]
        second = doc.pages[1].extract_text() or ""
    assert sizes == [(210, 297), (210, 297)]
    assert "五、声明" in second and "六、审核意见" in second
    codes = page_qr_codes(pdf)
    assert [len(c) for c in codes] == [1, 1]
    for (found,) in codes:
        ref = DocRef.decode(found)
        assert (ref.kind, ref.version, ref.record_id) == ("funding", 1, "fund2026demo01")


def test_the_spending_plan_stays_on_the_first_page(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        first = squash(doc.pages[0].extract_text() or "")
    assert "合计" in first and "第十六条" in first


def test_cli_renders_the_example(soffice: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", "funding", str(EXAMPLES / "funding.json"),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as doc:
        assert len(doc.pages) == 2


def test_cli_refuses_travel_money(tmp_path: Path) -> None:
    import json

    data = copy.deepcopy(example_data("funding"))
    data["spending"][3]["description"] = "赴外地交流差旅费"
    record = tmp_path / "bad.json"
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", "funding", str(record), "-o", str(out)])
    assert result.exit_code == 2
    assert "第十六条" in result.output and "spending.3.description" in result.output
    assert not out.exists()
