"""Yearly self-inspection and evaluation (第十条, 第十一条): rules, .docx values, agreement."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from forms.five_haves import HAVES
from tests.conftest import example_data, load_record
from tests.doccheck import Change, agreement_problems, docx_rows, issues_for, row_of, set_path

NOT_MET = ("haves.4.met", "第十二条", "warning")  # the example's site is being moved


def issues(change: Change) -> list[Any]:
    return issues_for("self_inspection", change)


def all_met(d: dict[str, Any]) -> None:
    for h in d["haves"]:
        h["met"] = True


def duplicate_first(d: dict[str, Any]) -> None:
    d["haves"][4] = copy.deepcopy(d["haves"][0])


CASES: list[tuple[str, Change, str, str, str]] = [
    ("a have not checked", lambda d: d["haves"].pop(), "haves", "第三条", "error"),
    ("fewer than five rows", lambda d: d["haves"].pop(), "haves", "第十一条", "error"),
    ("a have checked twice", duplicate_first, "haves", "第三条", "error"),
    ("unknown standard", set_path("haves.0.have", "有创新精神"), "haves.0.have", "第三条",
     "error"),
    ("no explanation", set_path("haves.1.explanation", " "), "haves.1.explanation",
     "第十一条", "error"),
    ("filed after the year end", set_path("fill_date", "2027-01-04"), "fill_date", "第十一条",
     "warning"),
    ("filed before the year began", set_path("fill_date", "2025-12-30"), "fill_date",
     "第十一条", "error"),
    ("evaluation signed next year", set_path("evaluation.date", "2027-01-02"),
     "evaluation.date", "第十一条", "warning"),
    ("self-check signed the year before", set_path("self_check.date", "2025-12-01"),
     "self_check.date", "第十一条", "error"),
    ("no self-inspection summary", set_path("self_check.text", ""), "self_check.text",
     "第十一条", "error"),
    ("no evaluation by the unit union", set_path("evaluation.text", ""), "evaluation.text",
     "第十一条", "error"),
    ("ledger entries without summary", set_path("ledgers.achievements.summary", ""),
     "ledgers.achievements.summary", "第十条", "error"),
    ("empty activities ledger", lambda d: d["ledgers"]["activities"].update(
        entries=0, summary=""), "ledgers.activities.entries", "第十条", "warning"),
    ("money spent without ledger", lambda d: d["ledgers"]["funds"].update(
        entries=0, summary=""), "ledgers.funds.entries", "第十六条", "error"),
    ("negative ledger count", set_path("ledgers.members.entries", -2),
     "ledgers.members.entries", "第十条", "error"),
    ("negative spending", set_path("ledgers.funds.spent", "-1"), "ledgers.funds.spent",
     "第十六条", "error"),
    ("certificate number malformed", set_path("studio.certificate_number", "2024-7"),
     "studio.certificate_number", "第七条", "error"),
    ("certificate later than the year", set_path("studio.certificate_number",
                                                 "杨工创〔2027〕第001号"),
     "studio.certificate_number", "第七条", "error"),
    ("team below three", set_path("studio.members", 2), "studio.members", "第三条", "warning"),
    ("a have not met", lambda d: None, *NOT_MET),
]


def test_example_warns_only_of_the_unmet_have() -> None:
    assert [(i.path, i.article, i.severity) for i in issues(lambda d: None)] == [NOT_MET]
    assert issues(all_met) == []


@pytest.mark.parametrize(("what", "change", "path", "article", "severity"), CASES,
                         ids=[c[0] for c in CASES])
def test_rule(what: str, change: Change, path: str, article: str, severity: str) -> None:
    found = [i for i in issues(change) if i.path == path and i.article == article]
    assert found, f"{what}: no issue at {path} citing {article}: {issues(change)}"
    assert found[0].severity == severity
    assert found[0].zh and found[0].en and found[0].zh != found[0].en


def test_missing_have_is_named() -> None:
    (issue,) = [i for i in issues(lambda d: d["haves"].pop()) if i.article == "第三条"]
    assert "有场所和制度" in issue.zh


def test_haves_are_kept_in_the_order_of_article_3() -> None:
    data = copy.deepcopy(example_data("self_inspection"))
    data["haves"].reverse()
    record = load_record("self_inspection", data)
    assert tuple(h.have for h in record.haves) == HAVES  # type: ignore[attr-defined]


def test_template_and_schema_agree() -> None:
    assert agreement_problems("self_inspection") == []


def test_docx_values_in_their_cells() -> None:
    data = example_data("self_inspection")
    rows = docx_rows("self_inspection", data)
    assert row_of(rows, "工作室名称") == ["王建国数控加工劳模创新工作室"]
    assert row_of(rows, "命名证书编号") == ["杨工创〔2024〕第007号", "带头人", "王建国"]
    assert row_of(rows, "单位工会") == ["上海杨浦精密机械有限公司工会", "团队成员", "4人"]
    haves = [r for r in rows if r and r[0] in {"1", "2", "3", "4", "5"}]
    assert [r[1] for r in haves] == list(HAVES)
    assert [r[2] for r in haves] == ["■是　□否"] * 4 + ["□是　■否"]
    assert [r[3] for r in haves] == [h["explanation"] for h in data["haves"]]
    assert row_of(rows, "创建活动台账") == ["18", data["ledgers"]["activities"]["summary"]]
    assert row_of(rows, "成员发展台账") == ["6", data["ledgers"]["members"]["summary"]]
    assert row_of(rows, "经费使用台账") == [
        "9", "本年度支出 ¥8,600.00。" + data["ledgers"]["funds"]["summary"]]
    self_check = next(r[1] for r in rows if r and r[0] == "工作室\n自查小结")
    assert self_check.startswith(data["self_check"]["text"])
    assert "签字：王建国　　　　（工作室带头人）" in self_check and "2026年12月15日" in self_check
    evaluation = next(r[1] for r in rows if r and r[0] == "单位工会\n评估意见")
    assert "签字：刘芳" in evaluation and "（单位工会盖章）" in evaluation
    assert "2026年12月18日" in evaluation


def test_multiline_explanation_keeps_its_lines() -> None:
    data = copy.deepcopy(example_data("self_inspection"))
    data["haves"][0]["explanation"] = "带头人为市级劳动模范。\n工会关系在杨浦。"
    rows = docx_rows("self_inspection", data)
    first = next(r for r in rows if r and r[0] == "1")
    assert first[3] == "带头人为市级劳动模范。\n工会关系在杨浦。"
