"""整改通知书 — the rectification notice of 第十二条, a 公文 laid out by GB/T 9704-2012.

At the end of each three-year cycle the district union inspects the named studios on site; a
studio that fails any of the “five haves” of 第三条 gets a written notice, addressed to its
sector union, to rectify by a deadline, after which the plaque is withdrawn (第十二条).

The record holds the inspection itself (each have met or not, with the finding and what must be
done); the notice prints exactly the failed haves from it, so nothing is typed twice. Rules
citing articles live in :mod:`forms.notice_rules`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import field_validator

from forms.common import Record
from forms.fields import Text, fld
from forms.five_haves import HAVES, Have
from forms.gongwen import Gongwen

KIND = "notice"
VERSION = 1
TITLE_ZH = "整改通知书"
TITLE_EN = "Rectification notice"


class HaveResult(Record):
    have: Have = fld("标准", "Standard", article="第三条")
    met: bool = fld("符合", "Met", article="第三条", widget="radio")
    finding: Text = fld("检查发现", "Finding", "", article="第十二条", widget="textarea",
                        max_length=500, help_zh="不符合时必填，写入通知书",
                        help_en="required when not met; printed in the notice")
    requirement: Text = fld("整改要求", "What must be done", "", article="第十二条",
                            widget="textarea", max_length=500,
                            help_zh="不符合时必填", help_en="required when not met")


class Inspection(Record):
    date: dt.date = fld("实地走访检查日期", "Date of the on-site inspection", article="第十二条")
    results: list[HaveResult] = fld("“五个有”逐项检查结果", "Result for each of the five haves",
                                    article="第三条", min_items=5)

    @field_validator("results")
    @classmethod
    def _in_article_order(cls, value: list[HaveResult]) -> list[HaveResult]:
        """Print the haves in the order 第三条 lists them, whatever order they were entered in."""
        return sorted(value, key=lambda r: HAVES.index(r.have))


class Notice(Gongwen):
    inspection: Inspection = fld("检查情况", "Inspection", article="第十二条")
    deadline: dt.date = fld("整改期限", "Deadline for rectification", article="第十二条",
                            help_zh="须晚于成文日期", help_en="must be after the date of issue")
