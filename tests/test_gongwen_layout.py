"""GB/T 9704-2012 measured on the generated PDFs of the notice and the withdrawal decision.

Positions come from pdfplumber's characters and graphic objects, in millimetres from the top
left of the page; the tolerances are the standard's (margins ±1 mm) or tighter.
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from forms.dates import format_date_zh
from forms.docnumber import PATTERN
from forms.kinds import get_kind
from generators import libreoffice
from generators.render import docx_bytes
from tests import gongwen_records as records
from tests.conftest import load_record
from tests.gongwen_pages import (
    BOTTOM_EDGE,
    CHAR,
    FOOT_CHAR,
    LEFT,
    PAGE_H,
    PAGE_W,
    PITCH,
    RIGHT_EDGE,
    TOP,
    TYPE_H,
    TYPE_W,
    Line,
    body_lines,
    find,
    images_of,
    is_red,
    lines_of,
    page_count,
    page_sizes,
    rules_of,
)

pytestmark = pytest.mark.slow

CASES: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
    "notice": ("notice", records.notice),
    "notice_long": ("notice", records.notice_long),
    "withdrawal": ("withdrawal", records.withdrawal),
    "withdrawal_long": ("withdrawal", records.withdrawal_long),
}
TITLES = {"notice": ("关于", "限期整改的通知"), "withdrawal": ("关于对", "作撤牌处理的决定")}


@pytest.fixture(scope="module")
def pdfs(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every case rendered through the real template and LibreOffice, in one conversion."""
    work = tmp_path_factory.mktemp("gongwen")
    sources = []
    for name, (kind, data) in CASES.items():
        src = work / f"{name}.docx"
        src.write_bytes(docx_bytes(get_kind(kind), load_record(kind, data())))
        sources.append(src)
    pdfs = libreoffice.to_pdf(sources, work / "pdf")
    return {p.stem: p for p in pdfs}


def data_of(case: str) -> Any:
    kind, data = CASES[case]
    return load_record(kind, data())


@pytest.mark.parametrize("case", list(CASES))
def test_a4_with_the_standard_margins_and_type_area(pdfs: dict[str, Path], case: str) -> None:
    pdf = pdfs[case]
    assert page_sizes(pdf) == {(PAGE_W, PAGE_H)}
    lines = lines_of(pdf)
    for page in range(2, page_count(pdf) + 1):
        first = body_lines(lines, page)[0]
        assert first.line_top == pytest.approx(TOP, abs=1.0)  # 天头 37 mm ± 1
    body = [ln for ln in lines if ln.size == 16]
    assert min(ln.x0 for ln in body) == pytest.approx(LEFT, abs=0.3)  # 订口 28 mm ± 1
    full = [ln for ln in body if ln.x1 > RIGHT_EDGE - CHAR / 2]
    assert len(full) >= 10
    for ln in full:  # justified lines end on the type area's right edge: 156 mm wide
        assert ln.x1 - LEFT == pytest.approx(TYPE_W, abs=0.5), ln.text
    # 225 mm high: from the top margin to the 版记's last rule, which lies on the bottom edge.
    last_rule = max(r.y for r in rules_of(pdf) if r.page == page_count(pdf))
    assert last_rule - TOP == pytest.approx(TYPE_H, abs=0.5)


@pytest.mark.parametrize("case", ["notice_long", "withdrawal_long"])
def test_a_full_page_has_22_lines_of_28_characters(pdfs: dict[str, Path], case: str) -> None:
    """Page 2 of the long records holds body text only: 22 lines; lines of characters: 28."""
    pdf = pdfs[case]
    assert page_count(pdf) >= 3, "the long record must fill page 2"
    lines = lines_of(pdf)
    full = body_lines(lines, 2)
    assert len(full) == 22, [ln.text for ln in full]
    assert {ln.size for ln in full} == {16}  # 3号
    tops = [ln.line_top for ln in full]
    pitch = (tops[-1] - tops[0]) / 21
    assert 22 * pitch <= TYPE_H < 23 * pitch
    assert tops[0] == pytest.approx(TOP, abs=1.0)
    assert tops[-1] + pitch <= BOTTOM_EDGE + 0.5
    counted = 0
    for page in range(1, page_count(pdf) + 1):
        assert len(body_lines(lines, page)) <= 22
    for ln in lines:
        ideographs = all("\u4e00" <= c["text"] <= "\u9fff" for c in ln.chars)
        if ideographs and ln.x1 > RIGHT_EDGE - CHAR / 2 and ln.x0 < LEFT + 1:
            assert len(ln.chars) == 28, ln.text
            steps = [(b["x0"] - a["x0"]) * 25.4 / 72
                     for a, b in zip(ln.chars, ln.chars[1:], strict=False)]
            assert max(steps) - min(steps) < 0.05  # evenly spaced (mm): a character grid
            assert sum(steps) / len(steps) == pytest.approx(CHAR, abs=0.02)
            counted += 1
    assert counted >= 15


@pytest.mark.parametrize("case", list(CASES))
def test_version_head_mark_number_and_red_rule(pdfs: dict[str, Path], case: str) -> None:
    pdf, record = pdfs[case], data_of(case)
    lines = lines_of(pdf)
    mark = lines[0]
    assert mark.text == "上海市杨浦区总工会文件"
    assert is_red(mark.colour())
    assert all("NotoSerifCJK" in f and "Bold" in f for f in mark.fonts)  # 方正小标宋简体
    assert mark.centre == pytest.approx(LEFT + TYPE_W / 2, abs=1.0)
    assert mark.top == pytest.approx(TOP + 35, abs=1.5)  # §7.2.3: 35 mm below the type top
    number = lines[1]
    assert number.text == record.number and PATTERN.match(number.text)
    assert number.centre == pytest.approx(LEFT + TYPE_W / 2, abs=1.0)
    assert number.top - mark.bottom > 1.5 * PITCH  # two empty lines between
    red = [r for r in rules_of(pdf) if r.page == 1 and is_red(r.colour)]
    assert red, "no red rule on page 1"
    rule = red[0]
    assert rule.x0 == pytest.approx(LEFT, abs=0.3)
    assert rule.length == pytest.approx(TYPE_W, abs=0.5)
    assert rule.y - number.bottom == pytest.approx(4.0, abs=1.0)  # §7.2.6: 4 mm below


@pytest.mark.parametrize("case", list(CASES))
def test_title_and_addressee(pdfs: dict[str, Path], case: str) -> None:
    pdf, record = pdfs[case], data_of(case)
    kind = CASES[case][0]
    lines = lines_of(pdf)
    title = [ln for ln in lines if ln.size == 22]
    head, tail = TITLES[kind]
    assert "".join(ln.text for ln in title) == f"{head}{record.studio.name}{tail}"
    for ln in title:
        assert all("NotoSerifCJK" in f and "Bold" in f for f in ln.fonts)  # 小标宋
        assert ln.centre == pytest.approx(LEFT + TYPE_W / 2, abs=1.0)
    red_rule = min(r.y for r in rules_of(pdf) if r.page == 1 and is_red(r.colour))
    assert title[0].top - red_rule > 1.5 * PITCH  # two empty lines below the rule
    addressee = lines[lines.index(title[-1]) + 1]
    assert addressee.text == f"{record.studio.sector_union}："
    assert addressee.x0 == pytest.approx(LEFT, abs=0.3)  # flush left
    assert addressee.top - title[-1].bottom > 0.5 * PITCH  # one empty line between


def test_notice_headings_in_their_fonts(pdfs: dict[str, Path]) -> None:
    lines = lines_of(pdfs["notice"])
    expected = {
        "一、检查发现的问题": "NotoSansCJK",  # 黑体
        "（一）“有创新团队”方面": "FandolKai",  # 楷体
        "（二）“有创新成果”方面": "FandolKai",
        "1.“有创新团队”": "FandolFang",  # 仿宋
        "（1）针对检查发现的问题": "FandolFang",
    }
    for start, font in expected.items():
        line = find(lines, start)
        assert line.text.startswith(start)
        assert all(font in f for f in line.fonts), (start, line.fonts)
        assert line.size == 16
        assert line.x0 == pytest.approx(LEFT + 2 * CHAR, abs=0.5)  # two characters in


@pytest.mark.parametrize("case", list(CASES))
def test_signature_date_and_room_for_the_seal(pdfs: dict[str, Path], case: str) -> None:
    pdf, record = pdfs[case], data_of(case)
    lines = lines_of(pdf)
    date = [ln for ln in lines if ln.text == format_date_zh(record.date)][-1]
    issuer = lines[lines.index(date) - 1]
    above = lines[lines.index(issuer) - 1]
    assert issuer.text == "上海市杨浦区总工会"
    assert issuer.page == date.page == above.page  # never parted from the body
    assert RIGHT_EDGE - date.x1 == pytest.approx(4 * CHAR, abs=1.0)  # 右空四字
    assert issuer.centre == pytest.approx(date.centre, abs=3.0)  # centred over the date
    # A 42 mm seal over issuer and date, which sit a little below its centre, its top within
    # one line of the body (§7.3.5.1): that circle must hold no body text.
    cx, cy, radius = issuer.centre, (issuer.top + date.bottom) / 2 - 3, 21.0
    assert 0 <= (cy - radius) - above.bottom <= PITCH
    for ln in lines:
        if ln.page != issuer.page or ln in (issuer, date) or ln.top > date.bottom:
            continue
        for c in ln.chars:
            x, y = (c["x0"] + c["x1"]) / 2 * 25.4 / 72, c["bottom"] * 25.4 / 72
            assert math.hypot(x - cx, y - cy) > radius, f"{c['text']} under the seal"


@pytest.mark.parametrize("case", list(CASES))
def test_colophon_between_rules_at_the_foot_of_the_last_page(pdfs: dict[str, Path],
                                                             case: str) -> None:
    pdf, record = pdfs[case], data_of(case)
    last = page_count(pdf)
    rules = sorted((r for r in rules_of(pdf) if not is_red(r.colour)), key=lambda r: r.y)
    assert {r.page for r in rules} == {last}
    assert len(rules) == 3
    top, middle, bottom = rules
    for r in rules:
        assert r.x0 == pytest.approx(LEFT, abs=0.3) and r.length == pytest.approx(TYPE_W, abs=0.5)
    assert bottom.y == pytest.approx(BOTTOM_EDGE, abs=0.5)  # on the type area's bottom edge
    assert top.width_pt > middle.width_pt and bottom.width_pt > middle.width_pt  # thick, thin
    lines = lines_of(pdf)
    cc = find(lines, "抄送：")
    assert cc.text == f"抄送：{record.studio.unit_union}。"
    assert top.y < cc.top and cc.bottom < middle.y
    assert cc.size == 14 and all("FandolFang" in f for f in cc.fonts)
    assert cc.x0 == pytest.approx(LEFT + FOOT_CHAR, abs=0.5)  # 左空一字
    printed = [ln for ln in lines if ln.text.endswith("印发")][-1]
    assert printed.page == last and middle.y < printed.top and printed.bottom < bottom.y
    when = format_date_zh(record.printed_on or record.date)
    assert printed.text == f"{record.printer}{when}印发"
    assert printed.x0 == pytest.approx(LEFT + FOOT_CHAR, abs=0.5)
    assert printed.x1 == pytest.approx(RIGHT_EDGE - FOOT_CHAR, abs=0.5)  # 右空一字
    # Nothing of the body reaches into the 版记.
    assert all(ln.bottom < top.y for ln in lines if ln.page == last and ln.size == 16)


@pytest.mark.parametrize("case", list(CASES))
def test_page_numbers_outer_side_below_the_type_area(pdfs: dict[str, Path], case: str) -> None:
    pdf = pdfs[case]
    lines = lines_of(pdf)
    pages = page_count(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        (number,) = [ln for ln in lines if ln.page == page and ln.top > BOTTOM_EDGE]
        assert re.sub(r"\s", "", number.text) == f"—{page}—"
        assert number.size == 14  # 4号
        assert all("NotoSerifCJK" in f and "Bold" not in f for f in number.fonts)  # 宋体
        assert number.top - BOTTOM_EDGE == pytest.approx(7.0, abs=1.0)
        if page % 2:
            assert number.x1 == pytest.approx(RIGHT_EDGE - FOOT_CHAR, abs=0.5)  # odd: right
        else:
            assert number.x0 == pytest.approx(LEFT + FOOT_CHAR, abs=0.5)  # even: left


@pytest.mark.parametrize("case", list(CASES))
def test_page_qr_code_stays_out_of_the_type_area(pdfs: dict[str, Path], case: str) -> None:
    pdf = pdfs[case]
    images = images_of(pdf)
    assert sorted(i[0] for i in images) == list(range(1, page_count(pdf) + 1))
    for _, x0, _top, x1, bottom in images:
        assert bottom < TOP - 2  # in the top margin
        assert x1 - x0 <= 17
        assert x0 >= LEFT - 1 and x1 <= RIGHT_EDGE + 1


def test_the_colophon_never_overlaps_the_text(soffice: str, tmp_path: Path) -> None:
    """Bodies ending ever lower on the last page: the 版记 stays clear, or takes a page."""
    kind = get_kind("notice")
    sources = []
    for n in range(0, 9):
        data = records.notice()
        data["inspection"]["results"][1]["finding"] = records.filler(200 + 28 * n)
        src = tmp_path / f"n{n}.docx"
        src.write_bytes(docx_bytes(kind, load_record("notice", data)))
        sources.append(src)
    own_page = 0
    for pdf in libreoffice.to_pdf(sources, tmp_path / "pdf"):
        last = page_count(pdf)
        rules = [r for r in rules_of(pdf) if not is_red(r.colour)]
        assert len(rules) == 3 and {r.page for r in rules} == {last}
        first_rule = min(r.y for r in rules)
        body: list[Line] = [ln for ln in lines_of(pdf) if ln.page == last and ln.size == 16]
        assert all(ln.bottom < first_rule for ln in body), pdf.name
        own_page += not body
    assert own_page <= 2  # only where the body ends right at the foot of a page


@pytest.mark.parametrize("case", list(CASES))
def test_pages_as_pictures_for_review(pdfs: dict[str, Path], case: str, artifacts: Path) -> None:
    """tests/artifacts/gongwen-CASE-N.png: every page, for a person to look at."""
    for old in artifacts.glob(f"gongwen-{case}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdfs[case]),
                    str(artifacts / f"gongwen-{case}")], check=True, timeout=120)
    assert len(list(artifacts.glob(f"gongwen-{case}-*.png"))) == page_count(pdfs[case])
