"""The rules of the measures for a plaque withdrawal decision (撤牌决定), citing articles."""

from __future__ import annotations

from collections.abc import Iterable

from forms import gongwen
from forms.errors import Issue
from forms.withdrawal import Withdrawal


def notice_number(w: Withdrawal) -> Iterable[Issue]:
    yield from gongwen.doc_number_issue("notice.number", w.notice.number)
    if w.notice.number == w.number:
        yield Issue("number", "撤牌决定的发文字号不能与整改通知书相同",
                    "the decision cannot have the number of the notice")


def after_the_deadline(w: Withdrawal) -> Iterable[Issue]:
    """第十二条: notice → deadline → re-inspection after it → the decision after the deadline."""
    if w.notice.deadline <= w.notice.date:
        yield Issue("notice.deadline", "整改期限应晚于整改通知书的成文日期",
                    "the deadline must be after the date of the notice", "第十二条")
    if w.date <= w.notice.deadline:
        yield Issue("date", "整改期限届满前不能作出撤牌决定：成文日期须晚于整改期限",
                    "no withdrawal before the deadline has passed: the decision must be dated "
                    "after the deadline", "第十二条")
    if w.recheck.date <= w.notice.deadline:
        yield Issue("recheck.date", "逾期复查应在整改期限届满之后进行",
                    "the re-inspection must take place after the deadline", "第十二条")
    if w.recheck.date > w.date:
        yield Issue("recheck.date", "逾期复查日期不能晚于撤牌决定的成文日期",
                    "the re-inspection cannot be after the decision", "第十二条")


def unmet_once(w: Withdrawal) -> Iterable[Issue]:
    if len(set(w.recheck.unmet)) != len(w.recheck.unmet):
        yield Issue("recheck.unmet", "仍不符合的标准有重复项",
                    "a have is listed twice", "第十二条")


RULES = (*gongwen.RULES, notice_number, after_the_deadline, unmet_once)
