"""Self-inspection and evaluation through real LibreOffice: values exact, fonts embedded and
mapped, the page QR code on every page, and the command line."""

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
from generators.render import write
from tests.conftest import EXAMPLES, example_data, load_record
from tests.pdfcheck import cell_texts, char_fonts, flat_text, fonts, page_qr_codes, squash

pytestmark = pytest.mark.slow


def busy_data() -> dict[str, Any]:
    data = copy.deepcopy(example_data("self_inspection"))
    data["haves"][2]["explanation"] = ("本年度开展“航空发动机叶片五轴加工变形控制”等2个攻关项目，"
                                       "年度工作计划按季度推进，R&D <数据> 平台完成 {{ 7*7 }} 项"
                                       "测试。") * 2
    data["ledgers"]["members"]["summary"] = "成员周𠮷取得高级工证书。"
    return data


@pytest.fixture(scope="module")
def pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(get_kind("self_inspection"), load_record("self_inspection", busy_data()),
                 tmp_path_factory.mktemp("self") / "self_inspection.pdf")


def test_every_value_exact(pdf: Path) -> None:
    data = busy_data()
    text = "|".join([flat_text(pdf), *cell_texts(pdf)])
    expected = [
        "2026年", "2026年12月15日", "王建国数控加工劳模创新工作室", "杨工创〔2024〕第007号",
        "上海杨浦精密机械有限公司工会", "4人", *[h["explanation"] for h in data["haves"]],
        "■是□否", "□是■否", "18", "9", "¥8,600.00",
        *[ledger["summary"] for ledger in data["ledgers"].values()],
        data["self_check"]["text"], data["evaluation"]["text"], "签字：王建国（工作室带头人）",
        "签字：刘芳", "2026年12月18日",
    ]
    missing = [v for v in expected if squash(v) not in text]
    assert missing == []


def test_fonts_embedded_and_mapped(pdf: Path) -> None:
    assert [name for name, embedded in fonts(pdf).items() if not embedded] == []
    assert all("FandolFang" in f for f in char_fonts(pdf, "技术攻关例会"))
    title = char_fonts(pdf, "杨浦区劳模（先进）、技师")
    assert all("NotoSerifCJK" in f and "Bold" in f for f in title)
    assert all("NotoSansCJK" in f for f in char_fonts(pdf, "工作台账情况"))
    assert all("NotoSerifCJK" in f for f in char_fonts(pdf, "𠮷"))


def test_a4_pages_each_with_its_page_code(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        sizes = {(round(p.width * 25.4 / 72), round(p.height * 25.4 / 72)) for p in doc.pages}
        texts = [p.extract_text() or "" for p in doc.pages]
    assert sizes == {(210, 297)}
    assert len(texts) == 2 and all(t.strip() for t in texts), "no empty page"
    assert "四、自查小结与评估意见" in texts[-1]
    codes = page_qr_codes(pdf)
    assert [len(c) for c in codes] == [1] * len(texts)
    for (found,) in codes:
        ref = DocRef.decode(found)
        assert (ref.kind, ref.version, ref.record_id) == ("self_inspection", 1, "self2026demo01")


def test_cli_renders_the_example_and_prints_the_warning(soffice: str, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", "self_inspection",
                                       str(EXAMPLES / "self_inspection.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "第十二条" in result.output and "有场所和制度" in result.output
    with pdfplumber.open(out) as doc:
        assert len(doc.pages) == 2
