"""The text-PDF parser on PDFs printed by real LibreOffice: exact values, QR, page and box."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from forms.ids import DocRef
from forms.kinds import get_kind
from generators.render import write
from parsers import parse
from parsers.diff import differences
from tests.conftest import load_record
from tests.test_application_docx import tricky_data
from tests.test_parse_records import application_data, comparable

pytestmark = pytest.mark.slow
KIND = get_kind("application")


def tricky_record() -> Any:
    data = tricky_data()
    data["work_plan"] = ("第一季度：完成 CNC machining of turbine blades 的工艺验证，"
                         "A<B 且 R&D 费用≥￥50万元。\n第二季度：二〇二六年推广。\n"
                         "第三季度：" + "精益求精，" * 30)
    data["leader"]["expertise"] = "五轴联动\n复杂曲面零件工艺编制 and tool-path optimisation"
    data["opinions"]["unit_union"] = {"text": "同意推荐。", "signatory": "李敏", "sealed": False,
                                      "date": "2026-12-01"}
    return load_record("application", data)


@pytest.fixture(scope="module")
def tricky_pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(KIND, tricky_record(), tmp_path_factory.mktemp("pdf") / "tricky.pdf")


def test_a_printed_pdf_reads_back_exactly(tricky_pdf: Path) -> None:
    start = time.perf_counter()
    result = parse(tricky_pdf, stored=tricky_record())
    seconds = time.perf_counter() - start
    assert result.source == "pdf-text" and result.pages >= 4
    assert result.record is not None, [i.text() for i in result.issues]
    assert comparable(result.record) == comparable(tricky_record())
    assert result.differences == [] and result.uncertain() == []
    assert seconds / result.pages < 0.5, f"{seconds / result.pages:.3f} s/page"


def test_without_the_stored_record_what_may_be_wrong_is_flagged(tricky_pdf: Path) -> None:
    result = parse(tricky_pdf, stored=load_record("application"))
    assert result.record is not None, [i.text() for i in result.issues]
    printed: Any = result.record
    assert printed.team[3].name == "周𠮷"
    assert printed.work_plan.splitlines()[0].endswith("R&D 费用≥￥50万元。")
    assert printed.work_plan.count("\n") == 2
    assert printed.leader.expertise == "五轴联动\n复杂曲面零件工艺编制 and tool-path optimisation"
    assert str(printed.opinions.unit_union.date) == "2026-12-01"
    truth = tricky_record()
    silent = [d for d in differences(truth, printed)
              if not result.fields[d.path].uncertain]
    assert silent == []
    assert len(result.uncertain()) <= 3
    changed = {d.path for d in result.differences}
    assert {"work_plan", "leader.expertise", "opinions.unit_union.date"} <= changed
    assert "host_unit.name" not in changed


def test_the_qr_code_names_kind_version_and_record(tricky_pdf: Path) -> None:
    result = parse(tricky_pdf)
    assert result.ref == DocRef("application", KIND.version, "app2026demo01")


def test_fields_carry_page_and_box(tricky_pdf: Path) -> None:
    result = parse(tricky_pdf)
    name = result.fields["studio.name"]
    assert name.page in (1, 2) and name.box is not None
    x0, top, x1, bottom = name.box
    assert 0 < x0 < x1 < 596 and 0 < top < bottom < 842
    assert result.fields["opinions.unit_union.signatory"].page == result.pages


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(application_data())
def test_random_records_round_trip_through_pdf(soffice: str, tmp_path: Path,
                                               data: dict[str, Any]) -> None:
    record = KIND.model.model_validate(data)
    target = write(KIND, record, tmp_path / "random.pdf")
    result = parse(target)
    assert result.record is not None, [i.text() for i in result.issues]
    assert comparable(result.record) == comparable(record), differences(record, result.record)


@pytest.mark.parametrize("kind", ["funding", "self_inspection"])
def test_other_tabular_kinds_round_trip_through_pdf(soffice: str, tmp_path: Path,
                                                    kind: str) -> None:
    record = load_record(kind)
    target = write(get_kind(kind), record, tmp_path / f"{kind}.pdf")
    result = parse(target, stored=record)
    assert result.kind == kind and result.record is not None, [i.text() for i in result.issues]
    assert result.differences == [], result.differences


def test_a_text_pdf_reading_has_a_crop_to_show(tricky_pdf: Path) -> None:
    import io

    from PIL import Image

    reading = parse(tricky_pdf).fields["host_unit.name"]
    assert reading.crop is not None
    with Image.open(io.BytesIO(reading.crop())) as im:
        assert im.format == "PNG" and im.width > 3 * im.height > 0
