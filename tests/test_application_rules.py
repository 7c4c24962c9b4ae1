"""The rules of the measures on an application, one table row per rule (第三条, 第八条 …)."""

from __future__ import annotations

from typing import Any

import pytest

from forms.errors import Issue
from tests.doccheck import Change, set_path
from tests.doccheck import issues_for as kind_issues


def drop_rows(path: str, keep: int) -> Change:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for p in path.split("."):
            node = node[p]
        del node[keep:]
    return change


def every_member(key: str, value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        for m in data["team"]:
            m[key] = value
    return change


def issues_for(change: Change) -> list[Issue]:
    return kind_issues("application", change)


# (what is wrong, change to the valid example, path of the expected issue, article, severity)
CASES = [
    ("name not composed by 第八条", set_path("studio.name", "数控加工创新工作室"),
     "studio.name", "第八条", "error"),
    ("name with another leader", set_path("studio.name", "李四数控加工劳模创新工作室"),
     "studio.name", "第八条", "error"),
    ("leader outside Yangpu", set_path("leader.union_in_yangpu", False),
     "leader.union_in_yangpu", "第三条", "error"),
    ("district-level honour only", set_path("leader.honours", [
        {"level": "区级", "kind": "劳动模范", "year": 2020}]),
     "leader.honours.0.level", "第三条", "error"),
    ("no honour at all", set_path("leader.honours", []), "leader.honours", "第三条", "error"),
    ("技师 category without technician grade", set_path("studio.category", "技师"),
     "studio.category", "第八条", "error"),
    ("only 2 team members", drop_rows("team", 2), "team", "第三条", "error"),
    ("no team", set_path("team", []), "team", "第三条", "error"),
    ("no project", set_path("projects", []), "projects", "第三条", "error"),
    ("no project for the year", lambda d: [p.update(year=2024) for p in d["projects"]],
     "projects", "第三条", "error"),
    ("no work plan", set_path("work_plan", "   "), "work_plan", "第三条", "error"),
    ("no achievement", set_path("achievements", []), "achievements", "第三条", "error"),
    ("achievement older than two years", set_path("achievements.0.year", 2023),
     "achievements", "第三条", "error"),
    ("achievement without any benefit", lambda d: d["achievements"][0].update(
        economic_benefit=None, social_benefit=""), "achievements.0.economic_benefit",
     "第三条", "error"),
    ("achievement not applied anywhere", set_path("achievements.0.applied_in", ""),
     "achievements.0.applied_in", "第三条", "error"),
    ("no site area", set_path("site.area_m2", "0"), "site.area_m2", "第三条", "error"),
    ("no equipment", set_path("site.equipment", ""), "site.equipment", "第三条", "error"),
    ("no team rules", set_path("site.rules", ""), "site.rules", "第三条", "error"),
    ("no innovation kind", set_path("studio.kinds", []), "studio.kinds", "第四条", "error"),
    ("unknown innovation kind", set_path("studio.kinds", ["文化创新"]), "studio.kinds.0",
     "第四条", "error"),
    ("leader retired at creation", set_path("leader.in_service", False),
     "leader.in_service", "第十三条", "warning"),
    ("all members same education", every_member("education", "大学本科"), "team", "第三条",
     "warning"),
    ("all members same speciality", every_member("speciality", "数控车工"), "team", "第三条",
     "warning"),
    ("all members of one age band", every_member("birth_date", "1990-01-01"), "team",
     "第三条", "warning"),
]


def test_example_is_valid_without_warnings() -> None:
    assert issues_for(lambda d: None) == []


@pytest.mark.parametrize(("what", "change", "path", "article", "severity"), CASES,
                         ids=[c[0] for c in CASES])
def test_rule(what: str, change: Change, path: str, article: str, severity: str) -> None:
    found = [i for i in issues_for(change) if i.path == path]
    assert found, f"{what}: no issue at {path}"
    issue = found[0]
    assert issue.article == article
    assert issue.severity == severity
    assert issue.zh and issue.en and issue.zh != issue.en


def test_wrong_name_offers_the_composed_one() -> None:
    (issue,) = [i for i in issues_for(set_path("studio.name", "王建国工作室"))
                if i.path == "studio.name"]
    assert "王建国数控加工劳模创新工作室" in issue.zh


def test_credit_code_check_character() -> None:
    issues = issues_for(set_path("host_unit.credit_code", "91310110MA1G8XKJ3B"))
    (issue,) = [i for i in issues if i.path == "host_unit.credit_code"]
    assert "第18位应为 A" in issue.zh


@pytest.mark.parametrize("value", ["a\x0bb", "x\x1fy", "bad\ud800"])
def test_control_characters_refused_with_field_named(value: str) -> None:
    issues = issues_for(set_path("achievements.0.summary", value))
    (issue,) = [i for i in issues if i.path == "achievements.0.summary"]
    assert "控制字符" in issue.zh and "成果简介" in issue.zh


@pytest.mark.parametrize(("path", "value", "zh"), [
    ("year", "二〇二六", "应为整数"),
    ("fill_date", "2026/13/45", "日期"),
    ("studio.category", "模范", "应为以下之一"),
    ("site.area_m2", "很大", "应为数字"),
    ("leader.in_service", "也许", "是"),
])
def test_wrong_types_name_the_field(path: str, value: Any, zh: str) -> None:
    issues = issues_for(set_path(path, value))
    (issue,) = [i for i in issues if i.path == path]
    assert zh in issue.zh


def test_missing_and_unknown_fields() -> None:
    def change(d: dict[str, Any]) -> None:
        del d["leader"]["name"]
        d["studio"]["colour"] = "red"
    paths = {i.path: i for i in issues_for(change)}
    assert "必填" in paths["leader.name"].zh
    assert "不是本表的字段" in paths["studio.colour"].zh
