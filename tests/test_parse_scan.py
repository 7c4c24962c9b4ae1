"""Scans and photos through real OCR, on the small committed set in tests/data/returned/
(made by ``benchmarks/corpus.py --fixed``): a 4-page scan turned 1.5°, black-and-white pages and
a colour page with seals and signatures, and that page photographed upside down.

Each OCR page takes seconds: the files are parsed once per module and the tests share them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from forms.ids import DocRef
from forms.kinds import get_kind
from parsers import ParseResult, parse
from parsers.confirm import value_at
from parsers.diff import leaves

pytestmark = pytest.mark.slow
DATA = Path(__file__).parent / "data" / "returned"
KIND = get_kind("application")


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "application-expected.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def truth(expected: dict[str, Any]) -> Any:
    return KIND.model.model_validate(expected["record"])


@pytest.fixture(scope="module")
def blind() -> ParseResult:
    return parse(DATA / "application-scan.pdf")


@pytest.fixture(scope="module")
def checked(truth: Any, blind: ParseResult) -> ParseResult:
    # the OCR of the pages is remembered: this parse only maps and compares again
    return parse(DATA / "application-scan.pdf", stored=truth)


@pytest.fixture(scope="module")
def upside_down() -> ParseResult:
    return parse(DATA / "opinions-upside-down.jpg")


def wrong_fields(result: ParseResult, truth: Any) -> tuple[list[str], list[str]]:
    """(wrong but flagged, wrong and not flagged) among the fields the result read."""
    dumped = truth.model_dump()
    flagged: list[str] = []
    silent: list[str] = []
    for path, _ in leaves(dumped):
        reading = result.fields.get(path)
        if reading is None or path.endswith(("record_id", ".sealed")):
            continue
        expected = value_at(dumped, path)
        same = (sorted(reading.value or []) == sorted(expected)
                if isinstance(expected, list) else reading.value == expected)
        if not same:
            (flagged if reading.uncertain else silent).append(path)
    return flagged, silent


def test_the_scan_names_its_record_by_the_qr_code(blind: ParseResult) -> None:
    assert blind.source == "ocr" and blind.pages == 4
    assert blind.ref == DocRef("application", KIND.version, "app2026demo01")


def test_blind_reading_is_nearly_exact_and_flags_what_it_is_unsure_of(
        blind: ParseResult, truth: Any) -> None:
    flagged, silent = wrong_fields(blind, truth)
    # 𠮷 is outside OCR's dictionary and comes back as 吉 (LAB.md); "0.02 mm" loses its blank
    assert set(silent) <= {"team.3.name", "projects.0.goal"}
    assert len(blind.fields) >= 80
    correct = len(blind.fields) - len(flagged) - len(silent)
    assert correct / len(blind.fields) >= 0.85
    rec: Any = blind.record
    assert rec is not None and rec.studio.kinds == ["科技创新", "技能创新"]
    assert rec.studio.category == "劳模" and rec.host_unit.sector_kind == "行业"
    assert rec.leader.birth_date.isoformat() == "1975-03-12"


def test_with_the_stored_record_nothing_wrong_goes_unflagged(checked: ParseResult,
                                                              truth: Any) -> None:
    _, silent = wrong_fields(checked, truth)
    assert silent == []
    assert checked.fields["team.3.name"].value == "周𠮷"
    assert "核对一致" in checked.fields["team.3.name"].note
    assert {d.path for d in checked.differences} <= {
        f"opinions.{k}.{f}" for k in ("unit_union", "unit_party_admin", "sector_union",
                                      "district_union")
        for f in ("text", "signatory", "date", "sealed")}


def test_seals_and_signatures_are_found_where_they_are(blind: ParseResult,
                                                       upside_down: ParseResult,
                                                       expected: dict[str, Any]) -> None:
    for result in (blind, upside_down):
        found = {k: {"seal": e.seal, "signature": e.signature}
                 for k, e in result.evidence.items()}
        assert found == expected["marks"]
    rec: Any = blind.record
    assert rec.opinions.unit_union.sealed and rec.opinions.sector_union.sealed
    assert not rec.opinions.district_union.sealed


def test_an_upside_down_photo_is_turned_by_its_qr_code(upside_down: ParseResult) -> None:
    assert upside_down.ref is not None and upside_down.ref.record_id == "app2026demo01"
    assert "opinions.district_union.text" in upside_down.fields
    assert upside_down.record is None   # one page of four: the rest is missing, and says so
    assert any(i.path == "studio" or i.path.startswith("studio") for i in upside_down.issues)


def test_every_reading_has_a_page_box_and_crop(blind: ParseResult) -> None:
    reading = blind.fields["studio.name"]
    assert reading.page == 2 and reading.box is not None and reading.crop is not None
    png = reading.crop()
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG" and im.width > 200 and im.height > 20


def test_a_page_without_its_qr_code_is_read_by_its_labels(tmp_path: Path) -> None:
    with Image.open(DATA / "opinions-upside-down.jpg") as im:
        page = im.rotate(180)
    ImageDraw.Draw(page).rectangle((1100, 0, page.width, 320), fill="white")  # the QR code
    target = tmp_path / "no-qr.png"
    page.save(target)
    result = parse(target)
    assert result.kind == "application" and result.ref is None
    assert any(i.path == "ref" for i in result.issues)
    assert result.fields and all(f.uncertain for f in result.fields.values())
