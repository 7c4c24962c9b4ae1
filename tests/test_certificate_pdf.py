"""Certificate and plaque through real LibreOffice: one landscape page, values exact, fonts
embedded, border, centred title, the seal's place, and the verification QR code."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from click.testing import CliRunner

from cli import main
from forms.certificate import NAME_MAX
from forms.ids import DocRef
from forms.kinds import get_kind
from forms.numbers import number_from_verify_url, verify_url
from generators.render import write
from tests.conftest import EXAMPLES, example_data, load_record
from tests.pdfcheck import (
    char_fonts,
    flat_text,
    fonts,
    page_qr_codes,
    squash,
    stamped_qr_boxes,
)

pytestmark = pytest.mark.slow

MM = 72 / 25.4
SEAL_MM = 42  # a round official seal


def render(kind: str, data: dict[str, Any], target: Path) -> Path:
    return write(get_kind(kind), load_record(kind, data), target)


@pytest.fixture(scope="module")
def cert(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render("certificate", example_data("certificate"),
                  tmp_path_factory.mktemp("cert") / "certificate.pdf")


@pytest.fixture(scope="module")
def plaque(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render("plaque", example_data("plaque"),
                  tmp_path_factory.mktemp("plaque") / "plaque.pdf")


def long_data() -> dict[str, Any]:
    data = copy.deepcopy(example_data("certificate"))
    data.update(leader="阿依古丽·买买提", direction="航空发动机复杂曲面五轴联动数控精密加工",
                category="技师", host_unit="上海杨浦高端装备智能制造产业技术研究院有限责任公司"
                "第二分公司")
    data["studio_name"] = f"{data['leader']}{data['direction']}技师创新工作室"
    assert len(data["studio_name"]) == NAME_MAX
    return data


def pages(pdf: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(pdf) as doc:
        return [(p.width, p.height) for p in doc.pages]


def words(pdf: Path) -> list[dict[str, Any]]:
    with pdfplumber.open(pdf) as doc:
        found: list[dict[str, Any]] = doc.pages[0].extract_words()
        return found


def word(pdf: Path, text: str) -> dict[str, Any]:
    return next(w for w in words(pdf) if w["text"] == text)


def test_one_landscape_a4_page(cert: Path) -> None:
    (size,) = pages(cert)
    assert (round(size[0] / MM), round(size[1] / MM)) == (297, 210)


def test_every_value_exact(cert: Path) -> None:
    text = flat_text(cert)
    for value in ("荣誉证书", "上海杨浦精密机械有限公司王建国同志领衔的创新工作室：",
                  "经上海市杨浦区总工会主席办公会议审定，命名为",
                  "“王建国数控加工劳模创新工作室”。", "特发此证。", "上海市杨浦区总工会",
                  "二〇二六年十一月二十四日", "证书编号：杨工创〔2026〕第001号"):
        assert squash(value) in text, value


def test_fonts_embedded_and_mapped(cert: Path) -> None:
    assert [name for name, embedded in fonts(cert).items() if not embedded] == []
    assert all("FandolKai" in f for f in char_fonts(cert, "同志领衔的创新工作室"))
    assert all("FandolKai" in f for f in char_fonts(cert, "二〇二六年十一月二十四日"))
    for text in ("荣誉证书", "王建国数控加工劳模创新工作室"):
        assert all("NotoSerifCJK" in f and "Bold" in f for f in char_fonts(cert, text))
    assert all("FandolFang" in f for f in char_fonts(cert, "杨工创〔2026〕第001号"))


def test_title_and_name_centred(cert: Path) -> None:
    (size,) = pages(cert)
    with pdfplumber.open(cert) as doc:
        chars = doc.pages[0].chars
    for text in ("荣", "“"):
        line = [c for c in chars if abs(c["top"] - next(
            d for d in chars if d["text"] == text)["top"]) < 1]
        centre = (min(c["x0"] for c in line) + max(c["x1"] for c in line)) / 2
        assert abs(centre - size[0] / 2) < 3 * MM, text


def test_printed_border_on_all_four_sides(cert: Path) -> None:
    with pdfplumber.open(cert) as doc:
        page = doc.pages[0]
        w, h = page.width, page.height
        edges = page.lines + page.rects
    near = 15 * MM
    horizontal = [e for e in edges if e["x1"] - e["x0"] > 0.9 * w]
    vertical = [e for e in edges if e["bottom"] - e["top"] > 0.85 * h]
    assert any(e["top"] < near for e in horizontal), "no top border"
    assert any(e["bottom"] > h - near for e in horizontal), "no bottom border"
    assert any(e["x0"] < near for e in vertical), "no left border"
    assert any(e["x1"] > w - near for e in vertical), "no right border"
    red = [tuple(e["stroking_color"]) for e in horizontal + vertical]
    assert all(r > 0.7 and g < 0.1 and b < 0.1 for r, g, b in red), "the border is red"


def border_box(pdf: Path) -> tuple[float, float, float, float]:
    """The inside of the printed border: the innermost of its lines on each side."""
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        w, h = page.width, page.height
        edges = page.lines + page.rects
    horizontal = [e for e in edges if e["x1"] - e["x0"] > 0.9 * w]
    vertical = [e for e in edges if e["bottom"] - e["top"] > 0.85 * h]
    return (max(e["x1"] for e in vertical if e["x0"] < w / 2),
            max(e["bottom"] for e in horizontal if e["top"] < h / 2),
            min(e["x0"] for e in vertical if e["x0"] > w / 2),
            min(e["top"] for e in horizontal if e["top"] > h / 2))


def test_seal_fits_over_issuer_and_date(cert: Path) -> None:
    """A 42 mm seal centred on the issuer and the date stays inside the border and clear of
    the body text and the QR code."""
    (size,) = pages(cert)
    issuer, date = word(cert, "上海市杨浦区总工会"), word(cert, "二〇二六年十一月二十四日")
    assert issuer["x0"] > size[0] / 2 and date["x0"] > size[0] / 2, "issuer and date at right"
    assert abs((issuer["x0"] + issuer["x1"]) / 2 - (date["x0"] + date["x1"]) / 2) < 2 * MM
    cx = (date["x0"] + date["x1"]) / 2
    cy = (issuer["top"] + date["bottom"]) / 2
    r = SEAL_MM / 2 * MM
    seal = (cx - r, cy - r, cx + r, cy + r)
    inner = border_box(cert)
    assert inner[0] < seal[0] and seal[2] < inner[2] and inner[1] < seal[1] \
        and seal[3] < inner[3], "the seal would cross the border"
    body = word(cert, "特发此证。")
    assert seal[1] > body["bottom"], "the seal would cover the body text"
    with pdfplumber.open(cert) as doc:
        (qr,) = stamped_qr_boxes(doc.pages[0])
    assert qr["x1"] < seal[0], "the seal would cover the QR code"


def test_qr_code_opens_the_verification_address(cert: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDIO_PUBLIC_URL", raising=False)
    assert page_qr_codes(cert) == [[verify_url("杨工创〔2026〕第001号")]]
    (found,) = page_qr_codes(cert)[0]
    assert found.startswith("http://127.0.0.1:5000/verify/")
    assert number_from_verify_url(found) == "杨工创〔2026〕第001号"


def test_qr_code_follows_the_public_url(soffice: str, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_PUBLIC_URL", "https://studios.yangpu.example")
    data = dict(example_data("certificate"), number="杨工创〔2026〕第123号")
    pdf = render("certificate", data, tmp_path / "c.pdf")
    (found,) = page_qr_codes(pdf)[0]
    assert found.startswith("https://studios.yangpu.example/verify/")
    assert number_from_verify_url(found) == "杨工创〔2026〕第123号"


def test_longest_name_and_unit_stay_on_one_page(soffice: str, tmp_path: Path) -> None:
    data = long_data()
    pdf = render("certificate", data, tmp_path / "long.pdf")
    assert len(pages(pdf)) == 1
    text = flat_text(pdf)
    for value in (data["studio_name"], data["host_unit"], data["leader"]):
        assert squash(value) in text
    assert len(page_qr_codes(pdf)[0]) == 1


def test_plaque_is_one_page_with_the_name_large(plaque: Path) -> None:
    assert len(pages(plaque)) == 1
    with pdfplumber.open(plaque) as doc:
        chars = doc.pages[0].chars
    name_sizes = {round(c["size"]) for c in chars if c["text"] in "王建国数控加工劳模创新工作室"}
    assert max(name_sizes) >= 36
    text = flat_text(plaque)
    for value in ("王建国数控加工劳模创新工作室", "上海市杨浦区总工会", "二〇二六年十一月二十四日",
                  "杨工创〔2026〕第001号", "上海杨浦精密机械有限公司", "王建国"):
        assert squash(value) in text, value
    assert [name for name, embedded in fonts(plaque).items() if not embedded] == []
    assert all("NotoSerifCJK" in f for f in char_fonts(plaque, "王建国数控加工劳模创新工作室"))


def test_plaque_page_code_names_the_record(plaque: Path) -> None:
    ((found,),) = page_qr_codes(plaque)
    ref = DocRef.decode(found)
    assert (ref.kind, ref.version, ref.record_id) == ("plaque", 1, "plaque2026demo01")


def test_longest_plaque_stays_on_one_page(soffice: str, tmp_path: Path) -> None:
    pdf = render("plaque", long_data(), tmp_path / "long-plaque.pdf")
    assert len(pages(pdf)) == 1
    assert squash(long_data()["studio_name"]) in flat_text(pdf)


@pytest.mark.parametrize("kind", ["certificate", "plaque"])
def test_cli_renders_the_example(soffice: str, tmp_path: Path, kind: str) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", kind, str(EXAMPLES / f"{kind}.json"), "-o",
                                       str(out)])
    assert result.exit_code == 0, result.output
    assert len(pages(out)) == 1


def test_cli_refuses_a_mismatching_name(tmp_path: Path) -> None:
    import json

    data = dict(example_data("certificate"), studio_name="王建国创新工作室")
    record = tmp_path / "bad.json"
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(main, ["render", "certificate", str(record), "-o", str(out)])
    assert result.exit_code == 2
    assert "第八条" in result.output and "王建国数控加工劳模创新工作室" in result.output
    assert not out.exists()
