"""扶持资金申请表 — application for excellent-achievement funding (第十四条 to 第十六条).

A named studio may ask, at the year-end filing, for funding of one excellent achievement
(第十五条); the review panel proposes an amount and the chair's office meeting decides. The same
achievement may back only one application (第十五条), and the money may be spent only on the uses
第十六条 allows — never on rewards, allowances, subsidies or travel for individuals. Rules citing
the articles live in :mod:`forms.funding_rules`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import WithJsonSchema

from forms.common import Opinion, Record
from forms.fields import Required, Text, fld
from forms.ids import new_record_id
from forms.numbers import EXAMPLE

KIND = "funding"
VERSION = 1
TITLE_ZH = "杨浦区劳模（先进）、技师创新工作室优秀创新成果项目扶持资金申请表"
TITLE_EN = "Application for excellent-achievement funding of an innovation studio"

# The uses 第十六条 allows, as the spending plan's categories.
ALLOWED_USES: tuple[str, ...] = ("硬件设备", "学习用品", "书籍资料", "材料", "培训交流")
ALLOWED_USES_EN: dict[str, str] = {
    "硬件设备": "hardware for production / R&D projects",
    "学习用品": "learning supplies",
    "书籍资料": "books and documentation",
    "材料": "materials",
    "培训交流": "project-related training and exchanges",
}
# What 第十六条 forbids (对个人的奖励、津贴、补贴、差旅): as categories, as words in a row.
FORBIDDEN_USES: tuple[str, ...] = ("个人奖励", "奖励", "奖金", "津贴", "补贴", "差旅")

# Any text is accepted (so that a forbidden use is refused by the rule citing 第十六条, not by a
# bare "must be one of"), but the web form offers only the allowed uses.
SpendingUse = Annotated[str, WithJsonSchema({"type": "string", "enum": list(ALLOWED_USES)})]


class StudioRef(Record):
    name: Required = fld("工作室名称", "Studio name", article="第八条", max_length=40)
    host_unit: Required = fld("所在单位", "Host unit", max_length=40)
    named_on: dt.date = fld("命名日期", "Date of naming", article="第七条")
    certificate_number: Required = fld("命名证书编号", "Certificate number", article="第七条",
                                       max_length=30, help_zh=f"如 {EXAMPLE}",
                                       help_en=f"e.g. {EXAMPLE}")
    contact: Text = fld("联系人", "Contact person", "", max_length=20)
    phone: Text = fld("联系电话", "Telephone", "", max_length=30)


class FundedAchievement(Record):
    name: Required = fld("成果名称", "Achievement", article="第十五条", max_length=60)
    summary: Required = fld("成果简介", "Summary", article="第十五条", widget="textarea",
                            max_length=600)
    economic_benefit: Decimal | None = fld("经济效益（万元）", "Economic benefit (10k yuan)", None,
                                           article="第十五条", ge=0, max_digits=12,
                                           decimal_places=2)
    social_benefit: Text = fld("社会效益", "Social benefit", "", article="第十五条",
                               widget="textarea", max_length=300)
    people_trained: int = fld("培养人才（人）", "People trained", 0, article="第十五条", ge=0,
                              le=100000)


class SpendingRow(Record):
    category: SpendingUse = fld("用途类别", "Use", article="第十六条", widget="select",
                                max_length=20)
    description: Required = fld("支出内容", "What is bought or done", article="第十六条",
                                max_length=80)
    amount: Decimal = fld("金额（元）", "Amount (yuan)", article="第十六条", gt=0, max_digits=12,
                          decimal_places=2)


class FundingOpinions(Record):
    unit_union: Opinion = fld("单位工会意见", "Unit union opinion", default_factory=Opinion,
                              article="第十五条")
    review_panel: Opinion = fld("评审小组评审意见", "Review panel opinion", default_factory=Opinion,
                                article="第十五条")
    proposed_amount: Decimal | None = fld("评审小组建议金额（元）", "Amount the panel proposes",
                                          None, article="第十五条", ge=0, max_digits=12,
                                          decimal_places=2)
    chair_meeting: Opinion = fld("区总工会主席办公会议审定意见", "Chair's office meeting decision",
                                 default_factory=Opinion, article="第十五条")
    approved_amount: Decimal | None = fld("审定金额（元）", "Amount approved", None,
                                          article="第十五条", ge=0, max_digits=12,
                                          decimal_places=2)


class Funding(Record):
    record_id: str = fld("记录编号", "Record id", default_factory=new_record_id, max_length=40,
                         pattern=r"^[A-Za-z0-9_-]+$", in_template=False)
    year: int = fld("申请年度", "Year of the application", article="第十五条", ge=2018, le=2100)
    fill_date: dt.date = fld("填表日期", "Date filled")
    studio: StudioRef = fld("工作室", "Studio")
    achievement: FundedAchievement = fld("申请扶持的创新成果", "The achievement",
                                         article="第十五条")
    amount: Decimal = fld("申请金额（元）", "Amount requested (yuan)", article="第十五条", gt=0,
                          max_digits=12, decimal_places=2)
    spending: list[SpendingRow] = fld("资金使用计划", "Spending plan", article="第十六条",
                                      min_items=1)
    not_used_before: bool = fld("本成果未曾用于其他扶持资金申请", "Achievement not used in "
                                "another funding application", False, article="第十五条",
                                widget="checkbox")
    opinions: FundingOpinions = fld("审核意见", "Opinions", default_factory=FundingOpinions)
