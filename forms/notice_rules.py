"""The rules of the measures for a rectification notice (整改通知书), each citing its article."""

from __future__ import annotations

from collections.abc import Iterable

from forms import gongwen
from forms.errors import Issue
from forms.five_haves import HAVES, HAVES_EN
from forms.notice import Notice


def every_have_once(n: Notice) -> Iterable[Issue]:
    """第三条: the inspection judges each of the five haves exactly once."""
    seen = [r.have for r in n.inspection.results]
    for have in HAVES:
        if seen.count(have) != 1:
            yield Issue("inspection.results",
                        f"检查结果应对“{have}”作出且仅作出一次判断（现有 {seen.count(have)} 次）",
                        f"the inspection must judge “{HAVES_EN[have]}” exactly once "
                        f"({seen.count(have)} given)", "第三条")


def something_failed(n: Notice) -> Iterable[Issue]:
    """第十二条: a notice goes only to a studio that fails the standard."""
    if n.inspection.results and all(r.met for r in n.inspection.results):
        yield Issue("inspection.results",
                    "检查结果均符合“五个有”标准，无需出具整改通知",
                    "every have is met: there is nothing to rectify and no notice to issue",
                    "第十二条")


def failures_explained(n: Notice) -> Iterable[Issue]:
    """第十二条: each failed have is printed with its finding and what must be done."""
    for i, r in enumerate(n.inspection.results):
        if r.met:
            continue
        if not r.finding:
            yield Issue(f"inspection.results.{i}.finding",
                        f"“{r.have}”不符合标准，应填写检查发现的问题",
                        f"“{HAVES_EN[r.have]}” is not met: state what the inspection found",
                        "第十二条")
        if not r.requirement:
            yield Issue(f"inspection.results.{i}.requirement",
                        f"“{r.have}”不符合标准，应填写整改要求",
                        f"“{HAVES_EN[r.have]}” is not met: state what must be done",
                        "第十二条")


def dates(n: Notice) -> Iterable[Issue]:
    """第十二条: inspection, then the notice, then a deadline after the notice."""
    if n.inspection.date > n.date:
        yield Issue("inspection.date", "实地走访检查日期不能晚于通知的成文日期",
                    "the inspection cannot be after the date of the notice", "第十二条")
    if n.deadline <= n.date:
        yield Issue("deadline", "整改期限应晚于通知的成文日期（限期整改）",
                    "the deadline must be after the date of the notice", "第十二条")


RULES = (*gongwen.RULES, every_have_once, something_failed, failures_explained, dates)
