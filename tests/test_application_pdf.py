"""Record → PDF through real LibreOffice: values exact, fonts embedded and right, QR per page."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from forms.ids import DocRef
from forms.kinds import get_kind
from generators.render import write
from tests.conftest import load_record
from tests.pdfcheck import cell_texts, char_fonts, flat_text, fonts, page_qr_codes, squash
from tests.test_application_docx import LONG, tricky_data

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    record = load_record("application", tricky_data())
    return write(get_kind("application"), record, tmp_path_factory.mktemp("pdf") / "app.pdf")


def test_every_value_is_in_the_pdf(pdf: Path) -> None:
    text = "|".join([flat_text(pdf), *cell_texts(pdf)])
    expected = [
        "王建国数控加工劳模创新工作室", "91310110MA1G8XKJ3A", "上海市杨浦区军工路1076号",
        "1975年3月12日", "高级技师", "劳动模范", "陈晓东", "赵丽华", "孙志强", "周𠮷",
        "航空发动机叶片五轴加工变形控制", "R&D平台A<B{{7*7}}", "二〇二六年目标：成本降低￥50万元",
        LONG[:200], "86.50", "本公司一、二车间及区内3家协作企业", "120",
        "■劳模", "□先进", "■科技创新", "□管理创新",
    ]
    missing = [v for v in expected if squash(v) not in text]
    assert missing == []


def test_the_long_summary_wraps_onto_several_lines(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        lines = [ln for p in doc.pages for ln in (p.extract_text() or "").splitlines()]
    holding = [ln for ln in lines if any(LONG[i:i + 8] in ln for i in range(0, 200, 8))]
    assert len(holding) >= 4


def test_all_fonts_embedded(pdf: Path) -> None:
    found = fonts(pdf)
    assert found, "no fonts found"
    assert [name for name, embedded in found.items() if not embedded] == []


def test_body_text_in_mapped_fangsong_and_titles_in_their_fonts(pdf: Path) -> None:
    assert all("FandolFang" in f for f in char_fonts(pdf, "上海杨浦精密机械有限公司"))
    title = char_fonts(pdf, "杨浦区劳模（先进）、技师")
    assert all("NotoSerifCJK" in f and "Bold" in f for f in title)
    assert all("NotoSansCJK" in f for f in char_fonts(pdf, "工作室基本情况"))
    # 𠮷 is outside GB2312: it falls back to a CJK serif, never to a Latin font or a box.
    assert all("NotoSerifCJK" in f for f in char_fonts(pdf, "𠮷"))


def test_a4_portrait_and_a_qr_code_on_every_page(pdf: Path) -> None:
    with pdfplumber.open(pdf) as doc:
        sizes = {(round(p.width * 25.4 / 72), round(p.height * 25.4 / 72)) for p in doc.pages}
        pages = len(doc.pages)
    assert sizes == {(210, 297)}
    assert pages >= 3
    codes = page_qr_codes(pdf)
    assert len(codes) == pages
    for found in codes:
        assert len(found) == 1
        ref = DocRef.decode(found[0])
        assert (ref.kind, ref.version, ref.record_id) == ("application", 1, "app2026demo01")
