"""The .docx parser: record → .docx → parser → the same record; and a .docx edited by hand."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, given, settings

from forms.kinds import get_kind
from generators.render import docx_bytes
from parsers import parse
from tests.conftest import example_data, load_record
from tests.test_parse_records import application_data, comparable

KIND = get_kind("application")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(application_data())
def test_random_records_round_trip_through_docx(data: dict[str, Any]) -> None:
    record = KIND.model.model_validate(data)
    result = parse(docx_bytes(KIND, record))
    assert result.kind == "application"
    assert result.ref is not None and result.ref.record_id == data["record_id"]
    assert result.record is not None, [i.text() for i in result.issues]
    assert comparable(result.record) == comparable(record)
    assert result.uncertain() == []
    assert result.differences == []


def test_the_example_round_trips_and_every_field_has_a_reading() -> None:
    record = load_record("application")
    result = parse(docx_bytes(KIND, record), stored=record)
    assert result.ok and result.differences == []
    assert result.fields["team.3.name"].value == "周𠮷"
    assert result.fields["studio.kinds"].value == ["科技创新", "技能创新"]
    assert result.fields["fill_date"].text == "2026年11月24日"
    assert all(f.confidence == 1.0 for f in result.fields.values())


def rows_of(table: Any) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def set_cell(cell: Any, text: str) -> None:
    """Replace a cell's text the way a person typing in Word does (one run per paragraph)."""
    first = cell.paragraphs[0]
    for p in cell.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    for r in first.runs[1:]:
        r._r.getparent().remove(r._r)
    lines = text.split("\n")
    if first.runs:
        first.runs[0].text = lines[0]
    else:
        first.add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def find_row(doc: Any, label: str) -> Any:
    for t in doc.tables:
        for row in t.rows:
            if row.cells[0].text.replace("\n", "") == label:
                return row
    raise AssertionError(label)


def edited_docx(tmp_path: Path) -> Path:
    """The example as a unit union returns it after editing it in Word."""
    doc = docx.Document(io.BytesIO(docx_bytes(KIND, load_record("application"))))
    # ticks retyped by hand: ☑ for one category, √ after an innovation kind, □ elsewhere
    set_cell(find_row(doc, "类别").cells[1], "□劳模  ☑先进  □技师")
    set_cell(find_row(doc, "创新内容").cells[1],
             "□科技创新  □技能创新  管理创新√  □服务创新  ✓机制创新")
    # a label retyped as the schema names it
    row = find_row(doc, "所属工会类别")
    set_cell(row.cells[2], "所属行业、街镇、直属工会")
    set_cell(row.cells[3], "杨浦区五角场街道总工会")
    # one more team member: a copy of the last row, retyped (rows shift below it)
    team = next(t for t in doc.tables if rows_of(t)[0][:2] == ["序号", "姓名"])
    new = copy.deepcopy(team.rows[-1]._tr)
    team.rows[-1]._tr.addnext(new)
    last = team.rows[-1]
    for i, value in enumerate(["5", "钱〇芳", "女", "2000年2月29日", "大学本科", "", "焊接"]):
        set_cell(last.cells[i], value)
    # the work plan re-flowed into two paragraphs
    set_cell(find_row(doc, "年度工作计划").cells[1], "上半年：工艺试验。\n下半年：推广。")
    # the unit union's opinion typed in, signed and dated
    set_cell(find_row(doc, "单位工会推荐意见").cells[1],
             "同意推荐。\n\n\n签字：李敏        （单位工会盖章）\n2026年12月1日")
    target = tmp_path / "returned.docx"
    doc.save(str(target))
    return target


def test_a_docx_edited_in_word_reads_back_by_its_labels(tmp_path: Path) -> None:
    stored = example_data("application")
    result = parse(edited_docx(tmp_path), stored=stored)
    assert result.record is not None, [i.text() for i in result.issues]
    rec: Any = result.record
    assert rec.studio.category == "先进"
    assert rec.studio.kinds == ["管理创新", "机制创新"]
    assert rec.host_unit.sector_union == "杨浦区五角场街道总工会"
    assert [m.name for m in rec.team][-2:] == ["周𠮷", "钱〇芳"]
    assert rec.team[4].title == "" and str(rec.team[4].birth_date) == "2000-02-29"
    assert rec.work_plan == "上半年：工艺试验。\n下半年：推广。"
    op = rec.opinions.unit_union
    assert (op.text, op.signatory, str(op.date)) == ("同意推荐。", "李敏", "2026-12-01")
    changed = {d.path for d in result.differences}
    assert {"studio.category", "studio.kinds", "team.4.name", "work_plan",
            "opinions.unit_union.text", "opinions.unit_union.date"} <= changed
    assert "host_unit.name" not in changed
    # the cover still says the old sector union: the field is flagged for a person
    assert result.fields["host_unit.sector_union"].uncertain


def test_an_unticked_single_choice_is_flagged_not_guessed(tmp_path: Path) -> None:
    doc = docx.Document(io.BytesIO(docx_bytes(KIND, load_record("application"))))
    set_cell(find_row(doc, "类别").cells[1], "■劳模  ■先进  □技师")
    target = tmp_path / "two.docx"
    doc.save(str(target))
    result = parse(target)
    reading = result.fields["studio.category"]
    assert reading.value is None and reading.uncertain
    assert result.record is None
    assert any(i.path == "studio.category" for i in result.issues)


@pytest.mark.parametrize("kind", ["application", "funding", "self_inspection"])
def test_every_tabular_kind_round_trips_through_docx(kind: str) -> None:
    record = load_record(kind)
    result = parse(docx_bytes(get_kind(kind), record), stored=record)
    assert result.kind == kind and result.record is not None, [i.text() for i in result.issues]
    assert result.differences == [] and result.uncertain() == []
