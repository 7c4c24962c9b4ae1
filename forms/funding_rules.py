"""The rules for a funding application (第十四条 to 第十六条), each citing its article."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from forms.errors import Issue
from forms.funding import ALLOWED_USES, FORBIDDEN_USES, Funding
from forms.money import format_yuan, quantize
from forms.numbers import RULE_EN, RULE_ZH, parse_cert_number

FORBIDDEN_ZH = "扶持资金不得用于对个人的奖励、津贴、补贴、差旅等方面"
FORBIDDEN_EN = "the funds must not pay rewards, allowances, subsidies or travel for individuals"


def forbidden_words(text: str) -> list[str]:
    """The forbidden words in ``text``, a word inside a longer one found (奖励 in 个人奖励) once."""
    found = [w for w in FORBIDDEN_USES if w in text]
    return [w for w in found if not any(w != o and w in o for o in found)]


def spending_uses(f: Funding) -> Iterable[Issue]:
    """第十六条: each row is one of the allowed uses; none pays individuals."""
    for i, row in enumerate(f.spending):
        if forbidden_words(row.category):
            yield Issue(f"spending.{i}.category", f"用途“{row.category}”不允许：{FORBIDDEN_ZH}",
                        f"use {row.category!r} is not allowed: {FORBIDDEN_EN}", "第十六条")
        elif row.category not in ALLOWED_USES:
            yield Issue(f"spending.{i}.category",
                        f"用途“{row.category}”不在第十六条所列范围内，应为以下之一："
                        f"{'、'.join(ALLOWED_USES)}",
                        f"use {row.category!r} is not one of those 第十六条 allows: "
                        f"{', '.join(ALLOWED_USES)}", "第十六条")
        words = forbidden_words(row.description)
        if words:
            yield Issue(f"spending.{i}.description",
                        f"支出内容含“{'、'.join(words)}”：{FORBIDDEN_ZH}",
                        f"the row mentions {', '.join(words)}: {FORBIDDEN_EN}", "第十六条")


def spending_total(f: Funding) -> Iterable[Issue]:
    """The spending plan accounts for the whole request (第十六条: 专款专用、公开透明)."""
    total = quantize(sum((row.amount for row in f.spending), Decimal(0)))
    if f.spending and total != quantize(f.amount):
        yield Issue("spending", f"资金使用计划合计 {format_yuan(total)}，与申请金额 "
                    f"{format_yuan(f.amount)} 不符",
                    f"the spending plan adds up to {format_yuan(total)}, not the "
                    f"{format_yuan(f.amount)} requested", "第十六条")


def declaration(f: Funding) -> Iterable[Issue]:
    """第十五条: the same achievement may back only one funding application."""
    if not f.not_used_before:
        yield Issue("not_used_before", "须声明本成果未曾用于其他扶持资金申请（同一成果只能提出一次"
                    "扶持申请）",
                    "declare that this achievement has not backed another funding application "
                    "(one application per achievement)", "第十五条")


def achievement(f: Funding) -> Iterable[Issue]:
    """第十五条: funding is for achievements with economic and social benefit."""
    a = f.achievement
    if (a.economic_benefit is None or a.economic_benefit == 0) and not a.social_benefit:
        yield Issue("achievement.economic_benefit",
                    "申请扶持的成果应有经济效益或社会效益，请填写其一",
                    "the achievement needs an economic or a social benefit", "第十五条")


def studio(f: Funding) -> Iterable[Issue]:
    """Only a named studio applies (第七条), at the year-end filing (第十五条)."""
    s = f.studio
    if s.named_on > f.fill_date:
        yield Issue("studio.named_on", "命名日期晚于填表日期：只有已命名的工作室可以申请",
                    "the date of naming is after the date filled: only a named studio may apply",
                    "第七条")
    try:
        number = parse_cert_number(s.certificate_number)
    except ValueError:
        yield Issue("studio.certificate_number", RULE_ZH, RULE_EN, "第七条")
    else:
        if number.year != s.named_on.year:
            yield Issue("studio.certificate_number",
                        f"证书编号的年份（{number.year}）与命名日期的年份（{s.named_on.year}）不符",
                        f"the number's year ({number.year}) is not the year of naming "
                        f"({s.named_on.year})", "第七条")
    if f.fill_date.year != f.year:
        yield Issue("fill_date", f"扶持资金申请应在{f.year}年年底备案时提出",
                    f"the application is made at the year-end filing of {f.year}", "第十五条",
                    "warning")


def amounts(f: Funding) -> Iterable[Issue]:
    """The panel proposes and the meeting approves at most what was asked (第十五条)."""
    o = f.opinions
    for path, value, zh, en in (
        ("opinions.proposed_amount", o.proposed_amount, "建议金额", "the proposed amount"),
        ("opinions.approved_amount", o.approved_amount, "审定金额", "the approved amount"),
    ):
        if value is not None and value > f.amount:
            yield Issue(path, f"{zh}超过申请金额 {format_yuan(f.amount)}",
                        f"{en} exceeds the {format_yuan(f.amount)} requested", "第十五条",
                        "warning")


RULES = (spending_uses, spending_total, declaration, achievement, studio, amounts)
