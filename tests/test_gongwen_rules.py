"""The rules of 第十二条 (and GB/T 9704) for the notice and the withdrawal decision, by table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from forms.kinds import get_kind
from forms.notice import Notice
from forms.withdrawal import Withdrawal, draft_from_notice
from tests import gongwen_records as records

Mutation = Callable[[dict[str, Any]], None]
GB_NUMBER = "GB/T 9704-2012 7.2.4"


def issues_of(kind: str, data: dict[str, Any]) -> set[tuple[str, str | None, str]]:
    _, result = get_kind(kind).check(data)
    return {(i.path, i.article, i.severity) for i in result.issues}


def test_examples_pass_without_any_remark() -> None:
    assert issues_of("notice", records.notice()) == set()
    assert issues_of("withdrawal", records.withdrawal()) == set()


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        target: Any = data
        for part in head:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value
    return mutate


def _all_met(data: dict[str, Any]) -> None:
    for r in data["inspection"]["results"]:
        r["met"] = True


def _drop_have(data: dict[str, Any]) -> None:
    del data["inspection"]["results"][4]


def _twice(data: dict[str, Any]) -> None:
    data["inspection"]["results"][0]["have"] = "有创新团队"


NOTICE_CASES: list[tuple[str, Mutation, tuple[str, str | None, str]]] = [
    ("deadline on the day of issue", _set("deadline", "2026-11-24"),
     ("deadline", "第十二条", "error")),
    ("deadline before the day of issue", _set("deadline", "2026-11-01"),
     ("deadline", "第十二条", "error")),
    ("inspection after the notice", _set("inspection.date", "2026-11-25"),
     ("inspection.date", "第十二条", "error")),
    ("every have met: nothing to rectify", _all_met, ("inspection.results", "第十二条", "error")),
    ("failed have without a finding", _set("inspection.results.1.finding", ""),
     ("inspection.results.1.finding", "第十二条", "error")),
    ("failed have without what must be done", _set("inspection.results.3.requirement", ""),
     ("inspection.results.3.requirement", "第十二条", "error")),
    ("a have not judged", _drop_have, ("inspection.results", "第三条", "error")),
    ("a have judged twice", _twice, ("inspection.results", "第三条", "error")),
    ("not one of the five haves", _set("inspection.results.0.have", "有资金"),
     ("inspection.results.0.have", "第三条", "error")),
    ("padded serial number", _set("number", "杨工〔2026〕012号"), ("number", GB_NUMBER, "error")),
    ("第 in the number", _set("number", "杨工〔2026〕第12号"), ("number", GB_NUMBER, "error")),
    ("no year in the number", _set("number", "杨工12号"), ("number", GB_NUMBER, "error")),
    ("year of the number differs", _set("number", "杨工〔2025〕12号"),
     ("number", GB_NUMBER, "warning")),
    ("printed before issued", _set("printed_on", "2026-11-23"),
     ("printed_on", "GB/T 9704-2012 7.4.3", "error")),
    ("no sector union to address", _set("studio.sector_union", " "),
     ("studio.sector_union", "第十二条", "error")),
    ("control character", _set("inspection.results.1.finding", "成员\x0b不足"),
     ("inspection.results.1.finding", None, "error")),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in NOTICE_CASES],
                         ids=[name for name, _, _ in NOTICE_CASES])
def test_notice_rules(mutate: Mutation, expected: tuple[str, str | None, str]) -> None:
    data = records.notice()
    mutate(data)
    assert expected in issues_of("notice", data)


WITHDRAWAL_CASES: list[tuple[str, Mutation, tuple[str, str | None, str]]] = [
    ("decided on the deadline", _set("date", "2027-02-28"), ("date", "第十二条", "error")),
    ("decided before the deadline", _set("date", "2027-01-15"), ("date", "第十二条", "error")),
    ("re-inspected on the deadline", _set("recheck.date", "2027-02-28"),
     ("recheck.date", "第十二条", "error")),
    ("re-inspected after the decision", _set("recheck.date", "2027-03-20"),
     ("recheck.date", "第十二条", "error")),
    ("notice's deadline not after the notice", _set("notice.deadline", "2026-11-24"),
     ("notice.deadline", "第十二条", "error")),
    ("notice number malformed", _set("notice.number", "杨工〔2026〕012号"),
     ("notice.number", GB_NUMBER, "error")),
    ("decision numbered as the notice", _set("number", "杨工〔2026〕12号"),
     ("number", None, "error")),
    ("no have left unmet", _set("recheck.unmet", []), ("recheck.unmet", "第十二条", "error")),
    ("a have listed twice", _set("recheck.unmet", ["有创新团队", "有创新团队"]),
     ("recheck.unmet", "第十二条", "error")),
    ("not one of the five haves", _set("recheck.unmet", ["有资金"]),
     ("recheck.unmet.0", "第十二条", "error")),
    ("no finding", _set("recheck.finding", ""), ("recheck.finding", "第十二条", "error")),
]


@pytest.mark.parametrize(("mutate", "expected"), [(m, e) for _, m, e in WITHDRAWAL_CASES],
                         ids=[name for name, _, _ in WITHDRAWAL_CASES])
def test_withdrawal_rules(mutate: Mutation, expected: tuple[str, str | None, str]) -> None:
    data = records.withdrawal()
    mutate(data)
    assert expected in issues_of("withdrawal", data)


def test_the_day_after_the_deadline_is_the_first_allowed() -> None:
    data = records.withdrawal()
    data["recheck"]["date"] = data["date"] = "2027-03-01"
    data["printed_on"] = None
    assert issues_of("withdrawal", data) == set()


def test_messages_are_bilingual_and_name_the_dates() -> None:
    data = records.notice()
    data["deadline"] = "2026-11-24"
    _, result = get_kind("notice").check(data)
    (issue,) = [i for i in result.issues if i.path == "deadline"]
    assert "整改期限" in issue.zh and "deadline" in issue.en
    assert issue.text("zh").endswith("〔第十二条〕")


def test_typed_brackets_become_hexagonal() -> None:
    data = records.notice()
    data["number"] = "杨工[2026]12号"
    record, result = get_kind("notice").check(data)
    assert result.ok and isinstance(record, Notice)
    assert record.number == "杨工〔2026〕12号"


def test_haves_are_kept_in_the_order_of_article_3() -> None:
    data = records.notice_tricky()  # entered in reverse
    record, result = get_kind("notice").check(data)
    assert result.ok and isinstance(record, Notice)
    assert [r.have for r in record.inspection.results] == [
        "有创新带头人", "有创新团队", "有攻关项目及工作计划", "有创新成果", "有场所和制度"]


def test_withdrawal_schema_names_article_12() -> None:
    schema = get_kind("withdrawal").json_schema()
    assert schema["x-kind"] == "withdrawal"
    notice = Withdrawal.model_json_schema()["$defs"]["NoticeRef"]["properties"]
    assert notice["deadline"]["x-article"] == "第十二条"
    assert notice["number"]["x-label-zh"] == "整改通知书发文字号"


def test_a_withdrawal_starts_from_its_notice() -> None:
    notice = get_kind("notice").check(records.notice())[0]
    assert isinstance(notice, Notice)
    data = draft_from_notice(notice)
    data.update(number="杨工〔2027〕3号", date="2027-03-16")
    data["recheck"].update(date="2027-03-05", finding="仍未整改。")
    record, result = get_kind("withdrawal").check(data)
    assert result.ok and isinstance(record, Withdrawal), [i.text() for i in result.issues]
    assert (record.notice.number, record.notice.deadline) == (notice.number, notice.deadline)
    assert record.recheck.unmet == ["有创新团队", "有创新成果"]
    assert record.studio == notice.studio
