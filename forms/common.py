"""Choice lists and building blocks shared by several document kinds."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from forms.fields import Text, fld

Category = Literal["劳模", "先进", "技师"]
InnovationKind = Literal["科技创新", "技能创新", "管理创新", "服务创新", "机制创新"]
SectorKind = Literal["行业", "街镇", "直属"]
Gender = Literal["男", "女"]
PoliticalStatus = Literal["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"]
Education = Literal["博士研究生", "硕士研究生", "大学本科", "大学专科", "中专/高中", "初中及以下"]
HonourLevel = Literal["全国", "市级", "区级"]
HonourKind = Literal["劳动模范", "先进个人", "技师", "高级技师"]

ISSUER = "上海市杨浦区总工会"


class Record(BaseModel):
    """Base of every document record: unknown keys are refused, values are validated on set."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_max_length=2000)


class Opinion(Record):
    """An opinion block: what the body says, who signs, whether it is sealed, and when."""

    text: Text = fld("意见", "Opinion", "", widget="textarea")
    signatory: Text = fld("签字人", "Signatory", "", max_length=40)
    # Whether the paper carries the seal: read from the returned form, never printed.
    sealed: bool = fld("已盖章", "Sealed", False, in_template=False)
    date: dt.date | None = fld("日期", "Date", None)
