"""The form tree read from the schema and the way between posted fields and records."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from forms.errors import Issue
from forms.kinds import KINDS
from webforms.formdata import add_row, blank, collect, normalise_date, remove_row, to_input
from webforms.placement import anchor, dom_id
from webforms.schema_form import fields_of, find
from webforms.widgets import capitals, composed_names

APP = fields_of(KINDS["application"].model)


def test_the_tree_comes_from_the_schema() -> None:
    assert [n.name for n in APP] == list(KINDS["application"].model.model_fields)
    team = find(APP, "team")
    assert team is not None and team.kind == "list" and team.min_items == 3
    assert team.article == "第三条" and team.label_en == "Team members (besides the leader)"
    category = find(APP, "studio.category")
    assert category is not None and category.choices == ("劳模", "先进", "技师")
    assert category.widget == "radio"
    kinds = find(APP, "studio.kinds")
    assert kinds is not None and kinds.kind == "multi" and len(kinds.choices) == 5
    benefit = find(APP, "achievements.economic_benefit")
    assert benefit is not None and benefit.kind == "decimal" and benefit.nullable
    assert not benefit.money, "an amount in 万元 is not shown in yuan capitals"
    record_id = find(APP, "record_id")
    assert record_id is not None and record_id.kind == "hidden"


def test_funding_amounts_show_capitals_and_uses_are_offered_as_choices() -> None:
    funding = fields_of(KINDS["funding"].model)
    amount = find(funding, "amount")
    assert amount is not None and amount.money
    row = find(funding, "spending.amount")
    assert row is not None and row.money
    use = find(funding, "spending.category")
    assert use is not None and use.kind == "choice" and "差旅" not in use.choices


def test_collect_reads_rows_in_order_with_gaps_and_keeps_text_as_typed() -> None:
    form = MultiDict([
        ("team.5._row", "1"), ("team.5.name", "乙"), ("team.0._row", "1"),
        ("team.0.name", "  甲 "), ("studio.kinds", "科技创新"), ("studio.kinds", "管理创新"),
        ("leader.in_service", "y"), ("year", "２０２６"),
    ])
    data = collect(APP, form)
    assert [m["name"] for m in data["team"]] == ["  甲 ", "乙"]
    assert data["studio"]["kinds"] == ["科技创新", "管理创新"]
    assert data["leader"]["in_service"] is True and data["leader"]["union_in_yangpu"] is False
    record_input = to_input(APP, data)
    assert record_input["year"] == "2026", "full-width digits are read"
    assert "fill_date" not in record_input, "a blank date is left out: pydantic says required"


@pytest.mark.parametrize("typed", ["2026-11-24", "2026年11月24日", "2026/11/24", "2026.11.24",
                                   "２０２６年１１月２４日", " 2026 年 11 月 24 日 "])
def test_dates_are_read_as_people_write_them(typed: str) -> None:
    assert normalise_date(typed) == "2026-11-24"


def test_rows_added_and_removed_without_javascript() -> None:
    data = blank(APP)
    assert len(data["team"]) == 1 and data["leader"]["honours"] == [{"level": "", "kind": "",
                                                                     "year": ""}]
    assert add_row(APP, data, "team") == 1
    assert add_row(APP, data, "leader.honours") == 1
    assert add_row(APP, data, "studio") is None and add_row(APP, data, "nope") is None
    data["team"][0]["name"] = "甲"
    assert remove_row(APP, data, "team.0") and [m["name"] for m in data["team"]] == [""]
    assert not remove_row(APP, data, "team.7") and not remove_row(APP, data, "team")


def test_messages_go_to_the_nearest_rendered_element() -> None:
    data = blank(APP)
    assert anchor(APP, data, "team.0.name") == "team.0.name"
    assert anchor(APP, data, "team.9.name") == "team", "a row that is not there: the table"
    assert anchor(APP, data, "studio.kinds.0") == "studio.kinds"
    assert anchor(APP, data, "") == ""
    assert dom_id("team.0.name") == "f-team-0-name"
    issue = Issue("team", "团队成员至少 3 项", "at least 3", "第三条")
    assert anchor(APP, data, issue.path) == "team"


def test_the_studio_name_is_composed_from_the_schema_for_every_kind_that_has_one() -> None:
    composed = composed_names(APP)["studio.name"]
    data = {"leader": {"name": "王建国"}, "studio": {"direction": "数控加工", "category": "劳模"}}
    assert composed.expected(data) == "王建国数控加工劳模创新工作室"
    assert composed.expected({"leader": {"name": ""}}) == ""
    certificate = composed_names(fields_of(KINDS["certificate"].model))
    assert certificate["studio_name"].sources() == "leader|direction|category"


@pytest.mark.parametrize(("typed", "expected"), [
    ("10000", "人民币壹万元整"), ("1,234.56", "人民币壹仟贰佰叁拾肆元伍角陆分"),
    ("１００", "人民币壹佰元整"), ("", ""), ("-5", ""), ("abc", ""), ("1e30", ""), ("NaN", ""),
])
def test_capitals_beside_money_fields(typed: str, expected: str) -> None:
    assert capitals(typed) == expected
