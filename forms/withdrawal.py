"""撤牌决定 — the plaque withdrawal decision of 第十二条, a 公文 like the notice.

When a studio is still not rectified after the deadline of its rectification notice, the
district union withdraws its plaque and the title (第十二条). The decision refers to the notice
by its number, its date and the missed deadline, and states what the re-inspection found. Rules
live in :mod:`forms.withdrawal_rules`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from forms.common import Record
from forms.fields import Required, fld
from forms.five_haves import Have
from forms.gongwen import DocNumberText, Gongwen
from forms.notice import Notice

KIND = "withdrawal"
VERSION = 1
TITLE_ZH = "撤牌决定"
TITLE_EN = "Plaque withdrawal decision"


class NoticeRef(Record):
    number: DocNumberText = fld("整改通知书发文字号", "Number of the rectification notice",
                                article="第十二条", max_length=30)
    date: dt.date = fld("整改通知书成文日期", "Date of the rectification notice",
                        article="第十二条")
    deadline: dt.date = fld("整改期限", "Deadline for rectification", article="第十二条")


class Recheck(Record):
    date: dt.date = fld("逾期复查日期", "Date of the re-inspection", article="第十二条",
                        help_zh="须在整改期限之后", help_en="after the deadline")
    unmet: list[Have] = fld("仍不符合的标准", "Haves still not met", article="第十二条",
                            min_items=1, widget="checkboxes")
    finding: Required = fld("复查情况", "What the re-inspection found", article="第十二条",
                            widget="textarea", max_length=1000)


class Withdrawal(Gongwen):
    notice: NoticeRef = fld("整改通知书", "Rectification notice", article="第十二条")
    recheck: Recheck = fld("逾期复查", "Re-inspection after the deadline", article="第十二条")


def draft_from_notice(notice: Notice) -> dict[str, Any]:
    """The part of a withdrawal decision that the rectification notice already holds.

    Studio, unions, contact, the notice's number, date and deadline, and the haves it found
    unmet (as the re-inspection's starting point) are copied, never typed again; the decision's
    own number and date and the re-inspection are left to fill in.
    """
    return {
        "printer": notice.printer,
        "studio": notice.studio.model_dump(),
        "contact": notice.contact.model_dump(),
        "notice": {"number": notice.number, "date": notice.date.isoformat(),
                   "deadline": notice.deadline.isoformat()},
        "recheck": {"unmet": [r.have for r in notice.inspection.results if not r.met]},
    }
