"""创新工作室申报表 — the application form (第三条, 第四条, 第七条, 第八条, 第十三条).

The single schema the web form, the template and the parser read. Rules that cite articles live
in :mod:`forms.application_rules`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from forms.common import (
    Category,
    Education,
    Gender,
    HonourKind,
    HonourLevel,
    InnovationKind,
    Opinion,
    PoliticalStatus,
    Record,
    SectorKind,
)
from forms.fields import Required, Text, fld
from forms.ids import new_record_id

KIND = "application"
VERSION = 1
TITLE_ZH = "杨浦区劳模（先进）、技师创新工作室申报表"
TITLE_EN = "Application for a Yangpu model-worker (advanced) / technician innovation studio"


class Studio(Record):
    name: Required = fld("工作室名称", "Studio name", article="第八条", max_length=60,
                         help_zh="由带头人姓名、攻关方向、劳模（先进、技师）、创新工作室构成",
                         help_en="leader's name + research direction + category word + 创新工作室")
    category: Category = fld("类别", "Category", article="第三条", widget="radio")
    kinds: list[InnovationKind] = fld("创新内容", "Innovation kinds", article="第四条",
                                      min_items=1, widget="checkboxes")
    direction: Required = fld("攻关方向", "Research direction", article="第八条", max_length=30)


class HostUnit(Record):
    name: Required = fld("所在单位", "Host unit", max_length=60)
    credit_code: Required = fld("统一社会信用代码", "Unified social credit code", max_length=18,
                                help_zh="18位，GB 32100-2015",
                                help_en="18 characters, GB 32100-2015")
    sector_kind: SectorKind = fld("所属工会类别", "Sector union kind", article="第七条",
                                  widget="radio")
    sector_union: Required = fld("所属行业、街镇、直属工会", "Sector union", article="第七条",
                                 max_length=60)
    unit_union: Required = fld("单位工会", "Unit union", max_length=60)
    address: Required = fld("单位地址", "Address", max_length=100)
    contact: Text = fld("联系人", "Contact person", "", max_length=20)
    phone: Text = fld("联系电话", "Telephone", "", max_length=30)


class Honour(Record):
    level: HonourLevel = fld("级别", "Level")
    kind: HonourKind = fld("称号", "Title")
    year: int = fld("年份", "Year", ge=1950, le=2100)


class Leader(Record):
    name: Required = fld("姓名", "Name", max_length=20)
    gender: Gender = fld("性别", "Gender", widget="radio")
    birth_date: dt.date = fld("出生日期", "Date of birth")
    political_status: PoliticalStatus = fld("政治面貌", "Political status")
    education: Education = fld("学历", "Education")
    post: Required = fld("职务/岗位", "Post", max_length=40)
    title: Text = fld("专业技术职称", "Professional title", "", max_length=40)
    skill_grade: Text = fld("职业技能等级", "Skill grade", "", max_length=40)
    honours: list[Honour] = fld("荣誉称号", "Honours", article="第三条", min_items=1)
    union_in_yangpu: bool = fld("工会关系在杨浦", "Union membership in Yangpu", article="第三条")
    in_service: bool = fld("在职", "In service", article="第十三条")
    expertise: Text = fld("技术、业务专长", "Expertise", "", widget="textarea", max_length=500)


class Member(Record):
    name: Required = fld("姓名", "Name", max_length=20)
    gender: Gender = fld("性别", "Gender")
    birth_date: dt.date = fld("出生日期", "Date of birth")
    education: Education = fld("学历", "Education")
    title: Text = fld("职称/技能等级", "Title / skill grade", "", max_length=40)
    speciality: Required = fld("专业/岗位", "Speciality / post", max_length=40)


class Project(Record):
    name: Required = fld("项目（课题）名称", "Project / topic", max_length=80)
    year: int = fld("年度", "Year", ge=2000, le=2100)
    goal: Text = fld("目标与内容", "Goal and content", "", widget="textarea", max_length=500)


class Achievement(Record):
    name: Required = fld("成果名称", "Achievement", max_length=80)
    year: int = fld("取得年份", "Year", ge=2000, le=2100)
    summary: Required = fld("成果简介", "Summary", widget="textarea", max_length=1000)
    economic_benefit: Decimal | None = fld("经济效益（万元）", "Economic benefit (10k yuan)", None,
                                           ge=0, max_digits=12, decimal_places=2)
    social_benefit: Text = fld("社会效益", "Social benefit", "", widget="textarea", max_length=500)
    applied_in: Required = fld("推广应用情况", "Where applied", article="第三条", max_length=200)


class Site(Record):
    address: Required = fld("场所地址", "Site address", article="第三条", max_length=100)
    area_m2: Decimal = fld("面积（平方米）", "Area (m²)", article="第三条", gt=0, max_digits=8,
                           decimal_places=1)
    equipment: Required = fld("设备设施", "Equipment", article="第三条", widget="textarea",
                              max_length=500)
    rules: Required = fld("工作制度", "Team rules", article="第三条", widget="textarea",
                          max_length=1000)
    activity_plan: Text = fld("活动计划", "Activity plan", "", widget="textarea", max_length=1000)


class Opinions(Record):
    unit_union: Opinion = fld("单位工会推荐意见", "Unit union recommendation",
                              default_factory=Opinion, article="第七条")
    unit_party_admin: Opinion = fld("单位党政意见", "Unit party & administration",
                                    default_factory=Opinion,
                                    article="第七条")
    sector_union: Opinion = fld("行业、街镇、直属工会初审意见", "Sector union preliminary review",
                                default_factory=Opinion, article="第七条")
    district_union: Opinion = fld("区总工会审定意见", "District union decision",
                                  default_factory=Opinion,
                                  article="第七条")


class Application(Record):
    record_id: str = fld("记录编号", "Record id", default_factory=new_record_id, max_length=40,
        pattern=r"^[A-Za-z0-9_-]+$", in_template=False)
    year: int = fld("申报年度", "Application year", ge=2018, le=2100)
    fill_date: dt.date = fld("填表日期", "Date filled")
    studio: Studio = fld("工作室", "Studio")
    host_unit: HostUnit = fld("所在单位", "Host unit")
    leader: Leader = fld("带头人", "Leader", article="第三条")
    team: list[Member] = fld("团队成员（不含带头人）", "Team members (besides the leader)",
                             article="第三条", min_items=3)
    projects: list[Project] = fld("攻关项目及工作计划", "Projects", article="第三条", min_items=1)
    work_plan: Required = fld("年度工作计划", "Annual work plan", article="第三条",
                              widget="textarea", max_length=2000)
    achievements: list[Achievement] = fld("近两年创新成果", "Achievements of the last two years",
                                          article="第三条", min_items=1)
    site: Site = fld("场所和制度", "Site and rules", article="第三条")
    opinions: Opinions = fld("审核意见", "Opinions", default_factory=Opinions)
