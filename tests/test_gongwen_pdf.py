"""Notice and withdrawal decision → PDF through LibreOffice: values, fonts, QR, command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from forms.dates import format_date_zh, parse_date_zh
from forms.docnumber import parse_doc_number
from forms.ids import DocRef
from forms.kinds import get_kind
from generators.render import write
from tests import gongwen_records as records
from tests.conftest import EXAMPLES, load_record
from tests.pdfcheck import char_fonts, flat_text, fonts, page_qr_codes, squash

pytestmark = pytest.mark.slow

CASES = {"notice": records.notice_tricky, "withdrawal": records.withdrawal}


@pytest.fixture(scope="module")
def pdfs(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("gongwen-pdf")
    return {kind: write(get_kind(kind), load_record(kind, data()), work / f"{kind}.pdf")
            for kind, data in CASES.items()}


def test_notice_values_read_back(pdfs: dict[str, Path]) -> None:
    text = flat_text(pdfs["notice"])
    data = records.notice()
    failed = [r for r in data["inspection"]["results"] if not r["met"]]
    expected = [
        "杨工〔2026〕12号", "关于王建国数控加工劳模创新工作室限期整改的通知",
        "杨浦区科技园区工会：",
        "2026年10月15日", records.TRICKY, failed[1]["finding"],
        *(r["requirement"] for r in failed), "2027年2月28日前完成", "做撤牌处理",
        "2026年11月24日", "抄送：上海杨浦精密机械有限公司工会。",
        "上海市杨浦区总工会办公室2026年11月24日印发", "021-65432100",
    ]
    assert [v for v in expected if squash(v) not in text] == []
    assert "有创新带头人" not in text and "有场所和制度" not in text  # met: not listed
    assert "49" not in text  # {{ 7*7 }} printed, never evaluated


def test_withdrawal_values_read_back(pdfs: dict[str, Path]) -> None:
    text = flat_text(pdfs["withdrawal"])
    data = records.withdrawal()
    expected = ["杨工〔2027〕3号", "关于对王建国数控加工劳模创新工作室作撤牌处理的决定",
                "（杨工〔2026〕12号）", "2026年11月24日", "2027年2月28日前完成", "2027年3月5日",
                data["recheck"]["finding"], "“有创新团队”“有创新成果”仍不符合", "第十二条",
                "2027年3月16日", "2027年3月17日印发"]
    assert [v for v in expected if squash(v) not in text] == []


@pytest.mark.parametrize("kind", list(CASES))
def test_number_and_dates_parse_back_from_the_pdf(pdfs: dict[str, Path], kind: str) -> None:
    record: Any = load_record(kind, CASES[kind]())
    text = flat_text(pdfs[kind])
    numbers = re.findall(r"杨工〔\d{4}〕[1-9]\d*号", text)
    assert parse_doc_number(numbers[0]) == parse_doc_number(record.number)
    dates = {parse_date_zh(d) for d in re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text)}
    assert record.date in dates and format_date_zh(record.date) in text


@pytest.mark.parametrize("kind", list(CASES))
def test_every_font_embedded(pdfs: dict[str, Path], kind: str) -> None:
    found = fonts(pdfs[kind])
    assert found
    assert [name for name, embedded in found.items() if not embedded] == []


def test_fonts_of_the_parts(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["notice"]
    assert all("FandolFang" in f for f in char_fonts(pdf, "杨浦区科技园区工会"))  # 仿宋
    assert all("NotoSerifCJK" in f and "Bold" in f for f in char_fonts(pdf, "限期整改的通知"))
    assert all("NotoSansCJK" in f for f in char_fonts(pdf, "检查发现的问题"))  # 黑体
    assert all("FandolKai" in f for f in char_fonts(pdf, "整改内容"))  # 楷体
    assert all("NotoSerifCJK" in f for f in char_fonts(pdf, "𠮷"))  # outside GB2312


@pytest.mark.parametrize("kind", list(CASES))
def test_page_qr_code_on_every_page(pdfs: dict[str, Path], kind: str) -> None:
    record: Any = load_record(kind, CASES[kind]())
    codes = page_qr_codes(pdfs[kind])
    assert len(codes) >= 2
    for found in codes:
        assert len(found) == 1
        ref = DocRef.decode(found[0])
        assert (ref.kind, ref.version, ref.record_id) == (kind, 1, record.record_id)


@pytest.mark.parametrize("kind", ["notice", "withdrawal"])
def test_cli_renders_the_example(soffice: str, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = CliRunner().invoke(main, ["render", kind, str(EXAMPLES / f"{kind}.json"),
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"
    assert squash("上海市杨浦区总工会文件") in flat_text(out)


@pytest.mark.parametrize(("kind", "field", "value", "path"), [
    ("notice", "deadline", "2026-11-20", "deadline"),
    ("withdrawal", "date", "2027-02-28", "date"),
])
def test_cli_refuses_a_date_against_article_12(tmp_path: Path, kind: str, field: str,
                                               value: str, path: str) -> None:
    data = json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    data[field] = value
    if kind == "withdrawal":
        data["recheck"]["date"] = data["printed_on"] = value
    src = tmp_path / "record.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", kind, str(src), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{path} 〔第十二条〕" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
