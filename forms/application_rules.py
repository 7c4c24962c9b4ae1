"""The rules of the measures for an application (申报表), each citing its article.

Errors block the application; warnings (a team without a reasonable mix, a retired leader) are
shown to the reviewers and do not.
"""

from __future__ import annotations

from collections.abc import Iterable

from forms.application import Application
from forms.dates import age_on
from forms.errors import Issue
from forms.naming import name_issue
from forms.uscc import problem as uscc_problem

# Honours that qualify a leader (第三条 1): national or municipal model worker or advanced
# individual, or a technician; which of them fit each category word of 第八条.
QUALIFYING_LEVELS = ("全国", "市级")
CATEGORY_HONOURS = {
    "劳模": ("劳动模范",),
    "先进": ("先进个人", "劳动模范"),
    "技师": ("技师", "高级技师"),
}
AGE_BANDS = ((0, 35), (36, 45), (46, 54), (55, 200))


def studio_name(app: Application) -> Iterable[Issue]:
    """第八条: the name is leader + direction + category word + 创新工作室."""
    issue = name_issue("studio.name", app.studio.name, app.leader.name, app.studio.direction,
                       app.studio.category)
    if issue:
        yield issue


def credit_code(app: Application) -> Iterable[Issue]:
    found = uscc_problem(app.host_unit.credit_code)
    if found:
        yield Issue("host_unit.credit_code", f"统一社会信用代码{found[0]}",
                    f"unified social credit code: {found[1]}", "GB 32100-2015")


def leader_qualifies(app: Application) -> Iterable[Issue]:
    """第三条 1: union membership in Yangpu; a national/municipal honour or a technician."""
    leader = app.leader
    if not leader.union_in_yangpu:
        yield Issue("leader.union_in_yangpu", "带头人的工会关系应在杨浦",
                    "the leader's union membership must be in Yangpu", "第三条")
    qualifying = [
        h for h in leader.honours
        if h.kind in ("技师", "高级技师") or h.level in QUALIFYING_LEVELS
    ]
    for i, h in enumerate(leader.honours):
        if h.kind in ("劳动模范", "先进个人") and h.level not in QUALIFYING_LEVELS:
            yield Issue(f"leader.honours.{i}.level",
                        f"{h.level}{h.kind}不符合带头人条件，须为全国或市级",
                        f"a {h.level}-level title does not qualify; it must be national or "
                        "municipal", "第三条")
        if h.year > app.year:
            yield Issue(f"leader.honours.{i}.year", "获得年份晚于申报年度",
                        "the year is after the application year")
    if leader.honours and not qualifying:
        yield Issue("leader.honours", "带头人应为全国或市级劳动模范、先进个人，或技师",
                    "the leader must be a national/municipal model worker or advanced "
                    "individual, or a technician", "第三条")
    fitting = CATEGORY_HONOURS[app.studio.category]
    if qualifying and not any(h.kind in fitting for h in qualifying):
        yield Issue("studio.category",
                    f"类别“{app.studio.category}”要求带头人具有{'或'.join(fitting)}称号",
                    f"category {app.studio.category} needs a leader who is "
                    f"{' or '.join(fitting)}", "第八条")


def leader_in_service(app: Application) -> Iterable[Issue]:
    if not app.leader.in_service:
        yield Issue("leader.in_service", "工作室创建时，带头人原则上应为在职",
                    "when a studio is created its leader should in principle be in service",
                    "第十三条", "warning")


def team(app: Application) -> Iterable[Issue]:
    """第三条 2: team besides the leader; a reasonable mix of specialities, education and ages."""
    for i, m in enumerate(app.team):
        if m.name == app.leader.name and m.birth_date == app.leader.birth_date:
            yield Issue(f"team.{i}.name", "带头人不计入团队成员，请勿重复填写",
                        "the leader does not count as a team member", "第三条")
        age = age_on(m.birth_date, app.fill_date)
        if not 16 <= age <= 80:
            yield Issue(f"team.{i}.birth_date", f"出生日期不合理（{age}岁）",
                        f"implausible date of birth (age {age})")
    if len(app.team) < 2:
        return
    mixes = (
        ("年龄", "ages", {_band(age_on(m.birth_date, app.fill_date)) for m in app.team}),
        ("学历", "educations", {m.education for m in app.team}),
        ("专业/岗位", "specialities", {m.speciality for m in app.team}),
    )
    for zh, en, values in mixes:
        if len(values) == 1:
            yield Issue("team", f"团队成员的{zh}结构单一，第三条要求结构相对合理",
                        f"all team members share the same {en}; 第三条 asks for a reasonable mix",
                        "第三条", "warning")


def _band(age: int) -> int:
    return next(i for i, (lo, hi) in enumerate(AGE_BANDS) if lo <= age <= hi)


def projects(app: Application) -> Iterable[Issue]:
    """第三条 3: at least one project for the year."""
    if app.projects and not any(p.year == app.year for p in app.projects):
        yield Issue("projects", f"应至少有1个{app.year}年度的攻关项目或创新课题",
                    f"at least one project or topic for {app.year} is required", "第三条")


def achievements(app: Application) -> Iterable[Issue]:
    """第三条 4: at least one achievement in two years, with a benefit, applied in production."""
    recent = [a for a in app.achievements if app.year - 1 <= a.year <= app.year]
    if app.achievements and not recent:
        yield Issue("achievements", f"应至少有1项{app.year - 1}—{app.year}年取得的创新成果",
                    f"at least one achievement of {app.year - 1}–{app.year} is required",
                    "第三条")
    for i, a in enumerate(app.achievements):
        if (a.economic_benefit is None or a.economic_benefit == 0) and not a.social_benefit:
            yield Issue(f"achievements.{i}.economic_benefit",
                        "成果应产生一定经济效益或社会效益，请填写其一",
                        "an achievement needs an economic or a social benefit", "第三条")
        if a.year > app.year:
            yield Issue(f"achievements.{i}.year", "取得年份晚于申报年度",
                        "the year is after the application year")


def dates(app: Application) -> Iterable[Issue]:
    age = age_on(app.leader.birth_date, app.fill_date)
    if not 18 <= age <= 80:
        yield Issue("leader.birth_date", f"出生日期不合理（{age}岁）",
                    f"implausible date of birth (age {age})")
    if app.fill_date.year not in (app.year, app.year + 1):
        yield Issue("fill_date", "填表日期应在申报年度内", "the date should be in the application "
                    "year", "第七条", "warning")


RULES = (studio_name, credit_code, leader_qualifies, leader_in_service, team, projects,
         achievements, dates)
