"""Funding application (第十四条–第十六条): rules by article, .docx values, template agreement."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from forms.funding import ALLOWED_USES, FORBIDDEN_USES
from forms.money import parse_capitals
from tests.conftest import example_data
from tests.doccheck import Change, agreement_problems, docx_rows, issues_for, row_of, set_path


def issues(change: Change) -> list[Any]:
    return issues_for("funding", change)


def rows_summing_to(amount: str) -> Change:
    """Change the request and put the whole of it on the first row (the plan still adds up)."""
    def change(d: dict[str, Any]) -> None:
        d["amount"] = amount
        d["spending"] = [dict(d["spending"][0], amount=amount)]
    return change


CASES: list[tuple[str, Change, str, str, str]] = [
    ("forbidden category: rewards", set_path("spending.0.category", "个人奖励"),
     "spending.0.category", "第十六条", "error"),
    ("forbidden category: travel", set_path("spending.1.category", "差旅"),
     "spending.1.category", "第十六条", "error"),
    ("category outside 第十六条", set_path("spending.0.category", "办公家具"),
     "spending.0.category", "第十六条", "error"),
    ("travel hidden in the text", set_path("spending.3.description", "成员赴外地交流的差旅费"),
     "spending.3.description", "第十六条", "error"),
    ("allowance hidden in the text", set_path("spending.2.description", "攻关成员加班津贴"),
     "spending.2.description", "第十六条", "error"),
    ("plan does not add up", set_path("amount", "9000"), "spending", "第十六条", "error"),
    ("plan without rows", set_path("spending", []), "spending", "第十六条", "error"),
    ("row of zero yuan", set_path("spending.0.amount", "0"), "spending.0.amount", "第十六条",
     "error"),
    ("row amount in fen fractions", set_path("spending.0.amount", "5200.001"),
     "spending.0.amount", "第十六条", "error"),
    ("declaration of 第十五条 not affirmed", set_path("not_used_before", False),
     "not_used_before", "第十五条", "error"),
    ("declaration missing", lambda d: d.pop("not_used_before"), "not_used_before", "第十五条",
     "error"),
    ("achievement without benefit", lambda d: d["achievement"].update(
        economic_benefit=None, social_benefit=""), "achievement.economic_benefit", "第十五条",
     "error"),
    ("negative people trained", set_path("achievement.people_trained", -1),
     "achievement.people_trained", "第十五条", "error"),
    ("no amount", lambda d: d.pop("amount"), "amount", "第十五条", "error"),
    ("certificate number malformed", set_path("studio.certificate_number", "杨工创2024-7"),
     "studio.certificate_number", "第七条", "error"),
    ("certificate of another year", set_path("studio.certificate_number",
                                             "杨工创〔2023〕第007号"),
     "studio.certificate_number", "第七条", "error"),
    ("not yet named", set_path("studio.named_on", "2026-12-31"), "studio.named_on", "第七条",
     "error"),
    ("filed in another year", set_path("fill_date", "2027-01-05"), "fill_date", "第十五条",
     "warning"),
    ("panel proposes more than asked", set_path("opinions.proposed_amount", "12000"),
     "opinions.proposed_amount", "第十五条", "warning"),
    ("meeting approves more than asked", set_path("opinions.approved_amount", "10000.01"),
     "opinions.approved_amount", "第十五条", "warning"),
]


def test_example_is_valid_without_warnings() -> None:
    assert issues(lambda d: None) == []


@pytest.mark.parametrize(("what", "change", "path", "article", "severity"), CASES,
                         ids=[c[0] for c in CASES])
def test_rule(what: str, change: Change, path: str, article: str, severity: str) -> None:
    found = [i for i in issues(change) if i.path == path]
    assert found, f"{what}: no issue at {path}"
    assert found[0].article == article
    assert found[0].severity == severity
    assert article in found[0].text() and found[0].zh and found[0].en != found[0].zh


@pytest.mark.parametrize("word", FORBIDDEN_USES)
def test_every_forbidden_use_is_refused_as_category_and_in_text(word: str) -> None:
    (cat,) = [i for i in issues(set_path("spending.0.category", word))
              if i.path == "spending.0.category"]
    assert cat.article == "第十六条" and "不得用于对个人的奖励、津贴、补贴、差旅" in cat.zh
    (txt,) = [i for i in issues(set_path("spending.0.description", f"项目组{word}发放"))
              if i.path == "spending.0.description"]
    assert txt.article == "第十六条" and word in txt.zh


@pytest.mark.parametrize("use", ALLOWED_USES)
def test_every_allowed_use_passes(use: str) -> None:
    assert issues(set_path("spending.0.category", use)) == []


def test_forbidden_words_named_once() -> None:
    from forms.funding_rules import forbidden_words

    assert forbidden_words("发放个人奖励及差旅补贴") == ["个人奖励", "补贴", "差旅"]
    assert forbidden_words("购买数控刀具") == []


def test_sum_message_names_both_amounts() -> None:
    (issue,) = [i for i in issues(set_path("spending.0.amount", "5000")) if i.path == "spending"]
    assert "¥9,800.00" in issue.zh and "¥10,000.00" in issue.zh


def test_schema_offers_only_the_allowed_uses() -> None:
    from forms.kinds import get_kind

    schema = get_kind("funding").json_schema()
    row = schema["$defs"]["SpendingRow"]["properties"]["category"]
    assert row["enum"] == list(ALLOWED_USES) and row["x-article"] == "第十六条"
    assert schema["properties"]["not_used_before"]["x-article"] == "第十五条"


def test_template_and_schema_agree() -> None:
    assert agreement_problems("funding") == []


def test_docx_values_in_their_cells() -> None:
    rows = docx_rows("funding", example_data("funding"))
    assert row_of(rows, "工作室名称") == ["王建国数控加工劳模创新工作室"]
    assert row_of(rows, "命名证书编号") == ["杨工创〔2024〕第007号", "命名日期", "2024年12月20日"]
    assert row_of(rows, "经济效益（万元）") == ["86.50", "培养人才（人）", "12"]
    assert row_of(rows, "小写") == ["¥10,000.00"]
    assert row_of(rows, "大写") == ["人民币壹万元整"]
    plan = [r for r in rows if r and r[0] in {"1", "2", "3", "4"}]
    assert plan == [
        ["1", "硬件设备", "阻尼夹具试验台传感器及数据采集卡", "¥5,200.00"],
        ["2", "材料", "试切用铝合金、钛合金薄壁试件", "¥2,300.00"],
        ["3", "书籍资料", "切削振动与数控工艺专业书籍", "¥800.00"],
        ["4", "培训交流", "组织区内协作企业工艺交流会（场地、资料）", "¥1,700.00"],
    ]
    assert row_of(rows, "合　　计") == ["¥10,000.00"]
    declaration = next(r[0] for r in rows if "本工作室声明" in r[0])
    assert declaration.startswith("■ 本工作室声明：本项成果未曾用于其他扶持资金申请")


def opinion_cell(rows: list[list[str]], label: str) -> str:
    return next(r[1] for r in rows if r and r[0] == label)


def test_opinions_and_amounts_blank_until_given_then_in_figures_and_capitals() -> None:
    rows = docx_rows("funding", example_data("funding"))
    unit = opinion_cell(rows, "单位工会\n意见")
    assert "该成果经济和社会效益突出" in unit and "签字：刘芳" in unit and "2026年12月11日" in unit
    panel = opinion_cell(rows, "评审小组\n评审意见")
    assert "建议扶持金额：\n" in panel and "¥" not in panel and "年  月  日" in panel

    data = copy.deepcopy(example_data("funding"))
    data["opinions"]["proposed_amount"] = "8000"
    data["opinions"]["approved_amount"] = "7500.5"
    rows = docx_rows("funding", data)
    assert "建议扶持金额：¥8,000.00（人民币捌仟元整）" in opinion_cell(rows, "评审小组\n评审意见")
    meeting = opinion_cell(rows, "区总工会\n主席办公会议\n审定意见")
    assert "审定扶持金额：¥7,500.50（人民币柒仟伍佰元伍角）" in meeting


@pytest.mark.parametrize("amount", ["12345.67", "100000", "0.5", "20000.05"])
def test_capitals_read_back_to_the_amount(amount: str) -> None:
    rows = docx_rows("funding", _with_amount(amount))
    assert row_of(rows, "大写")[0].startswith("人民币")
    assert parse_capitals(row_of(rows, "大写")[0]) == Decimal(amount)


def _with_amount(amount: str) -> dict[str, Any]:
    data = copy.deepcopy(example_data("funding"))
    rows_summing_to(amount)(data)
    return data


def test_special_characters_stay_literal() -> None:
    data = copy.deepcopy(example_data("funding"))
    data["achievement"]["name"] = "R&D <平台> {{ 7*7 }}"
    assert row_of(docx_rows("funding", data), "成果名称") == ["R&D <平台> {{ 7*7 }}"]
