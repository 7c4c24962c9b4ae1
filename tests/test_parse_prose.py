"""Prose kinds read back by their printed wording: the naming certificate, the rectification
notice and the withdrawal decision, as .docx and as LibreOffice PDF, blind and with the stored
record; an edited sentence is reported, not guessed; a scanned certificate goes through OCR."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from pydantic import BaseModel

from parsers import ParseResult, parse
from tests.conftest import example_data, load_record

Render = Callable[[str, BaseModel, str], Path]


def _notice_all_failed() -> dict[str, Any]:
    data = example_data("notice")
    for i, r in enumerate(data["inspection"]["results"]):
        r["met"] = False
        r["finding"] = f"第{i + 1}项检查发现的问题：台账缺失（2025年）。\n另有说明 A-{i} mm。"
        r["requirement"] = f"限期补齐第{i + 1}项；\n并报送 CNC 报告。"
    data["contact"] = {"name": "", "phone": ""}
    data["printed_on"] = "2026-11-26"
    return data


def _notice_one_failed() -> dict[str, Any]:
    data = example_data("notice")
    for r in data["inspection"]["results"]:
        if r["have"] != "有场所和制度":
            r.update(met=True, finding="", requirement="")
        else:
            r.update(met=False, finding="场所被挪作他用。", requirement="恢复固定场所。")
    data["studio"]["host_unit"] = "上海市杨浦区某某街道社区卫生服务中心（第二分中心）"
    return data


def _withdrawal_variant() -> dict[str, Any]:
    data = example_data("withdrawal")
    data["recheck"]["unmet"] = ["有创新成果"]
    data["recheck"]["finding"] = "工作室未取得新的创新成果。\n所在单位未报送整改报告。"
    data["number"] = "杨工〔2027〕15号"
    return data


def _certificate_variant() -> dict[str, Any]:
    data = example_data("certificate")
    data.update(leader="欧阳明", direction="智能制造", category="技师",
                studio_name="欧阳明智能制造技师创新工作室",
                host_unit="上海杨浦滨江智能装备研究院有限公司第一分公司",
                number="杨工创〔2027〕第108号", date="2027-01-05")
    return data


CASES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("certificate", lambda: example_data("certificate")),
    ("certificate", _certificate_variant),
    ("notice", lambda: example_data("notice")),
    ("notice", _notice_all_failed),
    ("notice", _notice_one_failed),
    ("withdrawal", lambda: example_data("withdrawal")),
    ("withdrawal", _withdrawal_variant),
]
IDS = ["certificate", "certificate-技师", "notice", "notice-all-failed", "notice-one-failed",
       "withdrawal", "withdrawal-one-unmet"]


def _record(kind: str, data: dict[str, Any]) -> BaseModel:
    data = copy.deepcopy(data)
    data.pop("kind", None)
    return load_record(kind, data)


def _dump(record: BaseModel | None) -> dict[str, Any]:
    assert record is not None
    out = record.model_dump()
    out.pop("record_id")   # the certificate prints no record id (it has no page QR code)
    return out


def _assert_read_back(result: ParseResult, kind: str, record: BaseModel) -> None:
    assert result.kind == kind
    assert not [i for i in result.issues if i.severity == "error"], \
        [i.text() for i in result.issues]
    assert _dump(result.record) == _dump(record)
    assert result.uncertain() == [], [(f.path, f.note) for f in result.uncertain()]
    assert result.ok
    if kind != "certificate":   # the 公文 carry the page QR code with the record id
        rid = record.model_dump()["record_id"]
        assert result.ref is not None and result.ref.record_id == rid
        assert result.record is not None and result.record.model_dump()["record_id"] == rid


@pytest.mark.parametrize(("kind", "make"), CASES, ids=IDS)
def test_docx_round_trip(kind: str, make: Callable[[], dict[str, Any]],
                         render_to: Render) -> None:
    record = _record(kind, make())
    result = parse(render_to(kind, record, ".docx"))
    assert result.source == "docx"
    _assert_read_back(result, kind, record)


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "make"), CASES, ids=IDS)
def test_pdf_round_trip(kind: str, make: Callable[[], dict[str, Any]], render_to: Render,
                        soffice: str) -> None:
    record = _record(kind, make())
    pdf = render_to(kind, record, ".pdf")
    result = parse(pdf)
    assert result.source == "pdf-text"
    _assert_read_back(result, kind, record)
    name = result.fields["studio.name" if kind != "certificate" else "studio_name"]
    assert name.page == 1 and name.box is not None
    assert name.crop is not None and name.crop()[:8] == b"\x89PNG\r\n\x1a\n"
    # read again with the stored record: nothing differs
    again = parse(pdf, stored=record)
    assert again.differences == [] or [d.path for d in again.differences] == ["record_id"]


def test_kind_given_and_differences_listed(render_to: Render) -> None:
    record = _record("notice", example_data("notice"))
    stored = _record("notice", {**example_data("notice"), "deadline": "2027-03-31"})
    result = parse(render_to("notice", record, ".docx"), stored=stored, kind="notice")
    assert [(d.path, d.stored, d.read) for d in result.differences] == [
        ("deadline", stored.deadline, record.deadline)]   # type: ignore[attr-defined]


def test_printed_on_left_empty_agrees_with_the_date_of_issue(render_to: Render) -> None:
    record = _record("withdrawal", {**example_data("withdrawal"), "printed_on": None})
    path = render_to("withdrawal", record, ".docx")
    blind = parse(path)   # the paper shows the date of issue as 印发日期
    assert blind.record is not None
    assert blind.record.model_dump()["printed_on"] == record.model_dump()["date"]
    checked = parse(path, stored=record)
    assert checked.differences == []
    assert checked.record is not None and checked.record.model_dump()["printed_on"] is None


def _edit(path: Path, old: str, new: str) -> bytes:
    doc = Document(str(path))
    hits = 0
    cells = [c for t in doc.tables for row in t.rows for c in row.cells]
    for p in [*doc.paragraphs, *(p for c in cells for p in c.paragraphs)]:
        if old in p.text:   # the wording may be split over runs: put it in the first
            text = p.text.replace(old, new)
            for i, r in enumerate(p.runs):
                r.text = text if i == 0 else ""
            hits += 1
    assert hits, old
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_edited_wording_is_reported_not_guessed(render_to: Render) -> None:
    record = _record("notice", example_data("notice"))
    edited = _edit(render_to("notice", record, ".docx"), "前完成", "之前办结")
    result = parse(edited)
    assert result.kind == "notice"
    assert "deadline" not in result.fields
    assert any(i.path == "deadline" and "整改期限" in i.zh for i in result.issues)
    assert result.record is None and not result.ok
    # everything else is still read
    assert result.fields["studio.sector_union"].value == "杨浦区科技园区工会"


def test_certificate_names_that_disagree_are_flagged(render_to: Render) -> None:
    data = example_data("certificate")
    record = _record("certificate", data)
    # the first line names another leader than the studio's name (第八条) begins with
    edited = _edit(render_to("certificate", record, ".docx"), "王建国同志", "李强同志")
    result = parse(edited)
    assert result.kind == "certificate"
    assert not result.ok and result.record is None
    assert "leader" not in result.fields and "direction" not in result.fields
    assert result.fields["studio_name"].uncertain
    assert any(i.path == "studio_name" and i.article == "第八条" for i in result.issues)


def test_certificate_number_checked_by_its_verification_code(render_to: Render) -> None:
    record = _record("certificate", example_data("certificate"))
    path = render_to("certificate", record, ".docx")
    assert parse(path).fields["number"].confidence == 1.0
    # the printed number edited by hand; the verification code still names the first
    edited = parse(_edit(path, "第001号", "第002号"))
    reading = edited.fields["number"]
    assert reading.value == "杨工创〔2026〕第002号" and reading.uncertain
    assert "核验二维码" in reading.note and not edited.ok


@pytest.mark.slow
def test_a_certificate_pdf_shows_its_verification_code_at_its_slot(
        render_to: Render, soffice: str) -> None:
    """PDFs get the code drawn as vector squares (generators/stamp.py), not as a picture: the
    reader renders the slot and decodes it."""
    from parsers.verify_code import pdf_number

    record = _record("certificate", example_data("certificate"))
    pdf = render_to("certificate", record, ".pdf")
    assert pdf_number(pdf.read_bytes()) == record.number  # type: ignore[attr-defined]


def test_table_kinds_are_left_to_the_label_mapper(render_to: Render) -> None:
    record = load_record("application")
    result = parse(render_to("application", record, ".docx"))
    assert result.kind == "application" and result.source == "docx"


@pytest.mark.slow
def test_scanned_certificate_read_by_ocr(render_to: Render, soffice: str,
                                         tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    record = _record("certificate", example_data("certificate"))
    pdf = pdfium.PdfDocument(str(render_to("certificate", record, ".pdf")))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    scan = tmp_path / "certificate-scan.png"
    image.save(scan, dpi=(200, 200))
    blind = parse(scan)
    assert blind.source == "ocr" and blind.kind == "certificate"
    for path in ("studio_name", "leader", "host_unit", "direction", "category", "date"):
        reading = blind.fields[path]
        # read by OCR with no page QR code: every value is shown to a person, never silent
        assert reading.uncertain
    # the number agrees with the verification QR code, which machines read exactly
    number = blind.fields["number"]
    assert number.value == record.model_dump()["number"] and not number.uncertain
    checked = parse(scan, stored=record)
    assert _dump(checked.record) == _dump(record)
    assert checked.uncertain() == []
    assert checked.fields["studio_name"].crop is not None


@pytest.mark.slow
def test_scanned_decision_read_by_ocr(render_to: Render, soffice: str, tmp_path: Path) -> None:
    """A 公文 scan: its page QR code names the kind and record; the sentences are read from the
    OCR lines, every value either right or flagged, and right with the stored record."""
    import pypdfium2 as pdfium

    record = _record("withdrawal", _withdrawal_variant())
    pdf = pdfium.PdfDocument(str(render_to("withdrawal", record, ".pdf")))
    pages = [pdf[i].render(scale=200 / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    pdf.close()
    scan = tmp_path / "withdrawal-scan.tif"
    pages[0].save(scan, save_all=True, append_images=pages[1:], dpi=(200, 200),
                  compression="tiff_deflate")
    blind = parse(scan)
    assert blind.source == "ocr" and blind.kind == "withdrawal"
    assert blind.ref is not None and blind.ref.record_id == record.model_dump()["record_id"]
    truth = record.model_dump()
    from parsers.confirm import value_at

    for path, reading in blind.fields.items():
        assert reading.value == value_at(truth, path) or reading.uncertain, path
    assert blind.fields["recheck.finding"].crop is not None
    checked = parse(scan, stored=record)
    assert _dump(checked.record) == _dump(record) and checked.differences == []


@pytest.mark.slow
def test_scanned_notice_without_qr_code_known_by_its_wording(render_to: Render, soffice: str,
                                                             tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    record = _record("notice", _notice_one_failed())
    pdf = pdfium.PdfDocument(str(render_to("notice", record, ".pdf")))
    pages = [pdf[i].render(scale=200 / 72).to_pil().convert("RGB") for i in range(len(pdf))]
    pdf.close()
    for page in pages:   # the page QR codes torn off: only the print is left
        ImageDraw.Draw(page).rectangle((0, 0, page.width, int(0.09 * page.height)), fill="white")
    scan = tmp_path / "notice-no-qr.tif"
    pages[0].save(scan, save_all=True, append_images=pages[1:], dpi=(200, 200),
                  compression="tiff_deflate")
    blind = parse(scan)
    assert blind.kind == "notice" and blind.ref is None
    assert all(f.uncertain for f in blind.fields.values())   # by the wording alone: all shown
    checked = parse(scan, stored=record)
    assert _dump(checked.record) == _dump(record)
