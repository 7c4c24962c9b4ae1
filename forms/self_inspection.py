"""年度自查评估表 — the studio's yearly self-inspection and its unit union's evaluation (第十一条).

Every year the studio checks itself against each of the “five haves” of 第三条, summarises its four
ledgers (创建活动、创新成果、成员发展、经费使用, 第十条), and its unit union evaluates how it runs;
both are filed with the district union before the year ends (第十一条). Rules citing the articles
live in :mod:`forms.self_inspection_rules`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import field_validator

from forms.common import Opinion, Record
from forms.fields import Required, Text, fld
from forms.five_haves import HAVES, Have
from forms.ids import new_record_id
from forms.numbers import EXAMPLE

KIND = "self_inspection"
VERSION = 1
TITLE_ZH = "杨浦区劳模（先进）、技师创新工作室年度自查评估表"
TITLE_EN = "Yearly self-inspection and evaluation of an innovation studio"


class StudioInfo(Record):
    name: Required = fld("工作室名称", "Studio name", article="第八条", max_length=40)
    certificate_number: Required = fld("命名证书编号", "Certificate number", article="第七条",
                                       max_length=30, help_zh=f"如 {EXAMPLE}",
                                       help_en=f"e.g. {EXAMPLE}")
    leader: Required = fld("带头人", "Leader", max_length=20)
    host_unit: Required = fld("所在单位", "Host unit", max_length=40)
    unit_union: Required = fld("单位工会", "Unit union", article="第十一条", max_length=40)
    members: int = fld("团队成员人数（不含带头人）", "Team members besides the leader",
                       article="第三条", ge=0, le=1000)


class HaveCheck(Record):
    have: Have = fld("标准", "Standard", article="第三条")
    met: bool = fld("达标", "Met", article="第三条", widget="radio")
    explanation: Required = fld("情况说明", "Explanation", article="第十一条", widget="textarea",
                                max_length=300)


class Ledger(Record):
    entries: int = fld("记录条数", "Entries", article="第十条", ge=0, le=100000)
    summary: Text = fld("情况摘要", "Summary", "", article="第十条", widget="textarea",
                        max_length=300)


class FundLedger(Ledger):
    spent: Decimal = fld("本年度经费支出（元）", "Spent this year (yuan)", Decimal(0),
                         article="第十六条", ge=0, max_digits=12, decimal_places=2)


class Ledgers(Record):
    activities: Ledger = fld("创建活动台账", "Activities ledger", article="第十条")
    achievements: Ledger = fld("创新成果台账", "Achievements ledger", article="第十条")
    members: Ledger = fld("成员发展台账", "Member development ledger", article="第十条")
    funds: FundLedger = fld("经费使用台账", "Fund usage ledger", article="第十条")


class SelfInspection(Record):
    record_id: str = fld("记录编号", "Record id", default_factory=new_record_id, max_length=40,
                         pattern=r"^[A-Za-z0-9_-]+$", in_template=False)
    year: int = fld("自查年度", "Year inspected", article="第十一条", ge=2018, le=2100)
    fill_date: dt.date = fld("填表日期", "Date filled", article="第十一条",
                             help_zh="应于当年年底前报区总工会备案",
                             help_en="to be filed with the district union before the year ends")
    studio: StudioInfo = fld("工作室", "Studio")
    haves: list[HaveCheck] = fld("“五个有”自查情况", "Self-check of the five haves",
                                 article="第十一条", min_items=5)
    ledgers: Ledgers = fld("工作台账情况", "Ledgers", article="第十条")
    self_check: Opinion = fld("工作室自查小结", "Studio's self-inspection summary",
                              default_factory=Opinion, article="第十一条",
                              help_zh="带头人签字", help_en="signed by the leader")
    evaluation: Opinion = fld("单位工会评估意见", "Unit union's evaluation",
                              default_factory=Opinion, article="第十一条")

    @field_validator("haves")
    @classmethod
    def _in_article_order(cls, value: list[HaveCheck]) -> list[HaveCheck]:
        """Print the haves in the order 第三条 lists them, whatever order they were entered in."""
        return sorted(value, key=lambda h: HAVES.index(h.have))
