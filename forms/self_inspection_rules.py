"""The rules for the yearly self-inspection and evaluation (第十条, 第十一条), citing articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from forms.errors import Issue
from forms.five_haves import HAVES, HAVES_EN
from forms.numbers import RULE_EN, RULE_ZH, parse_cert_number
from forms.self_inspection import SelfInspection


def five_haves(s: SelfInspection) -> Iterable[Issue]:
    """第十一条 / 第三条: each of the five haves is checked exactly once."""
    seen = [h.have for h in s.haves]
    for have in HAVES:
        if seen.count(have) == 0:
            yield Issue("haves", f"缺少“{have}”的自查情况",
                        f"the self-check of {HAVES_EN[have]} is missing", "第三条")
        if seen.count(have) > 1:
            yield Issue("haves", f"“{have}”填写了 {seen.count(have)} 次，每项只填一次",
                        f"{HAVES_EN[have]} is entered {seen.count(have)} times; once each",
                        "第三条")
    for i, h in enumerate(s.haves):
        if not h.met:
            yield Issue(f"haves.{i}.met",
                        f"“{h.have}”未达标：管理周期末检查不符合“五个有”标准的，将限期整改",
                        f"{HAVES_EN[h.have]} not met: a studio failing the five haves at the "
                        "cycle's inspection is told to rectify by a deadline", "第十二条",
                        "warning")


def filed_by_year_end(s: SelfInspection) -> Iterable[Issue]:
    """第十一条: the self-inspection and evaluation are filed before the year ends."""
    end = dt.date(s.year, 12, 31)
    if s.fill_date < dt.date(s.year, 1, 1):
        yield Issue("fill_date", f"填表日期早于自查年度（{s.year}年）",
                    f"the date filled is before the year inspected ({s.year})", "第十一条")
    elif s.fill_date > end:
        yield Issue("fill_date", f"自查和评估情况应于{s.year}年年底前报区总工会备案，已逾期",
                    f"the self-inspection of {s.year} was due with the district union by the "
                    "end of that year; it is late", "第十一条", "warning")
    for path, opinion in (("self_check", s.self_check), ("evaluation", s.evaluation)):
        if opinion.date is not None and opinion.date > end:
            yield Issue(f"{path}.date", f"签署日期晚于{s.year}年年底，应于年底前报区总工会备案",
                        f"signed after the end of {s.year}; due by the end of the year",
                        "第十一条", "warning")
        if opinion.date is not None and opinion.date.year < s.year:
            yield Issue(f"{path}.date", f"签署日期早于自查年度（{s.year}年）",
                        f"signed before the year inspected ({s.year})", "第十一条")


def texts(s: SelfInspection) -> Iterable[Issue]:
    """第十一条: the studio checks itself and its unit union evaluates it — both in writing."""
    if not s.self_check.text:
        yield Issue("self_check.text", "请填写工作室年度自查小结",
                    "the studio's summary of its self-inspection is required", "第十一条")
    if not s.evaluation.text:
        yield Issue("evaluation.text", "请填写单位工会对工作室运行情况的评估意见",
                    "the unit union's evaluation is required", "第十一条")


def ledgers(s: SelfInspection) -> Iterable[Issue]:
    """第十条: the four ledgers are kept; an empty one is worth a look."""
    for key, zh, en in (("activities", "创建活动", "activities"),
                        ("achievements", "创新成果", "achievements"),
                        ("members", "成员发展", "member development"),
                        ("funds", "经费使用", "fund usage")):
        ledger = getattr(s.ledgers, key)
        if ledger.entries == 0 and key in ("activities", "members"):
            yield Issue(f"ledgers.{key}.entries", f"{zh}台账本年度没有记录",
                        f"the {en} ledger has no entry this year", "第十条", "warning")
        if ledger.entries > 0 and not ledger.summary:
            yield Issue(f"ledgers.{key}.summary", f"请摘要说明{zh}台账的内容",
                        f"summarise the {en} ledger", "第十条")
    funds = s.ledgers.funds
    if funds.spent > 0 and funds.entries == 0:
        yield Issue("ledgers.funds.entries",
                    "有经费支出却没有经费使用台账记录（专款专用、公开透明）",
                    "money was spent but the fund ledger has no entry", "第十六条")


def certificate_number(s: SelfInspection) -> Iterable[Issue]:
    try:
        number = parse_cert_number(s.studio.certificate_number)
    except ValueError:
        yield Issue("studio.certificate_number", RULE_ZH, RULE_EN, "第七条")
        return
    if number.year > s.year:
        yield Issue("studio.certificate_number", f"证书编号的年份（{number.year}）晚于自查年度",
                    f"the certificate ({number.year}) is later than the year inspected",
                    "第七条")


def team(s: SelfInspection) -> Iterable[Issue]:
    if s.studio.members < 3:
        yield Issue("studio.members", "除带头人外，团队应至少有3名成员",
                    "the team needs at least 3 members besides the leader", "第三条", "warning")


RULES = (five_haves, filed_by_year_end, texts, ledgers, certificate_number, team)
