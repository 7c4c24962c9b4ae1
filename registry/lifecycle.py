"""The lifecycle of the measures as a state machine — pure Python, no database.

Every transition names who may take it, the state it leaves, the state it reaches and the article
it follows; :func:`step` refuses anything else with a bilingual :class:`PaperworkError` citing the
article. The date rules (第十一条 yearly filing, 第十二条 three-year cycle and deadline, 第十三条
retirement age) and the fund-usage rule of 第十六条 are plain functions of their inputs.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from forms.funding import FORBIDDEN_USES
from forms.funding_rules import FORBIDDEN_EN, FORBIDDEN_ZH
from registry.errors import Forbidden, RuleBroken

SUBSIDY = Decimal("10000.00")  # 第十四条: one-off support for a newly named studio
CYCLE_YEARS = 3  # 第十二条
DUE_SOON_DAYS = 90  # an inspection is listed this many days before its cycle ends

STATE_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("草稿", "draft"),
    "recommended": ("单位工会已推荐", "recommended by the unit union"),
    "unit_agreed": ("单位党政已同意", "agreed by the unit's party & administration"),
    "preliminary_passed": ("行业、街镇、直属工会初审通过", "passed the sector union's review"),
    "panel_passed": ("评审小组评审通过", "passed the review panel"),
    "named": ("已命名", "named"),
    "rejected": ("未通过", "not approved"),
    "applying": ("申报中", "applying"),
    "rectifying": ("限期整改中", "rectifying"),
    "withdrawn": ("已撤牌", "plaque withdrawn"),
    "open": ("整改中", "open"),
    "accepted": ("整改已验收", "rectification accepted"),
    "lapsed": ("逾期未整改", "deadline missed"),
    "submitted": ("已申请", "submitted"),
    "proposed": ("评审小组已提出金额", "amount proposed by the panel"),
    "granted": ("已批准", "granted"),
    "refused": ("未批准", "refused"),
}


ACTION_LABELS: dict[str, tuple[str, str]] = {
    "submit": ("单位工会申报", "application filed"),
    "recommend": ("单位工会推荐", "recommended by the unit union"),
    "agree": ("单位党政同意", "agreed by the unit's party & administration"),
    "preliminary": ("行业、街镇、直属工会初审", "sector union's preliminary review"),
    "panel": ("评审小组评审", "review panel"),
    "approve": ("主席办公会议审定", "approved by the chair's office meeting"),
    "reject": ("不予通过", "not approved"),
    "name": ("挂牌命名，颁发证书", "named; certificate issued"),
    "subsidy": ("一次性扶持补贴", "one-off subsidy"),
    "import": ("从汇总表导入", "imported from the roster"),
    "file_yearly": ("年度自查评估备案", "yearly filing"),
    "consent": ("单位同意退休带头人继续领办", "unit's consent for a retired leader"),
    "inspect": ("实地走访检查", "on-site inspection"),
    "notice": ("书面整改通知", "rectification notice"),
    "accept": ("整改验收合格", "rectification accepted"),
    "lapse": ("逾期未整改", "deadline missed"),
    "withdraw": ("撤牌", "plaque withdrawn"),
    "ledger_activity": ("登记创建活动台账", "activity ledger row"),
    "ledger_achievement": ("登记创新成果台账", "achievement ledger row"),
    "ledger_member": ("登记成员发展台账", "member development ledger row"),
    "ledger_fund_usage": ("登记经费使用台账", "fund usage ledger row"),
    "funding_apply": ("申请扶持资金", "funding applied for"),
    "propose": ("评审小组提出扶持金额", "amount proposed by the panel"),
    "grant": ("审定扶持资金", "funding granted"),
    "upload_saved": ("回收文书核对并保存", "returned form reviewed and saved"),
    "upload_written": ("回收文书的签字盖章意见写入登记册",
                       "signed and sealed opinions of a returned form written back"),
    "upload_purged": ("清除已保存的回收文书上传", "saved returned form purged"),
    "user_created": ("新建账号", "account created"),
    "user_updated": ("修改账号", "account changed"),
    "user_deactivated": ("停用账号", "account deactivated"),
    "user_activated": ("启用账号", "account reactivated"),
    "user_password_reset": ("重置密码", "password reset"),
    "user_password_changed": ("本人修改密码", "password changed by its user"),
    "organisation_created": ("新建组织", "organisation created"),
}


def action_label(action: str, lang: str = "zh") -> str:
    zh, en = ACTION_LABELS.get(action, (action, action))
    return zh if lang.startswith("zh") else en


@dataclass(frozen=True)
class Transition:
    action: str
    before: str
    after: str
    role: str
    article: str
    zh: str
    en: str


APPLICATION: tuple[Transition, ...] = (
    Transition("recommend", "draft", "recommended", "unit_union", "第七条",
               "单位工会推荐", "the unit union recommends"),
    Transition("agree", "recommended", "unit_agreed", "unit_union", "第七条",
               "单位党政同意", "the unit's party & administration agree"),
    Transition("preliminary", "unit_agreed", "preliminary_passed", "sector_union", "第七条",
               "行业、街镇、直属工会初审", "the sector union's preliminary review"),
    Transition("panel", "preliminary_passed", "panel_passed", "panel", "第七条",
               "区总工会评审小组评审", "the district union's review panel"),
    Transition("approve", "panel_passed", "named", "district", "第七条",
               "区总工会主席办公会议审定并命名", "the chair's office meeting approves; named"),
)
# Each level may also send the application back as not approved.
REJECT: dict[str, str] = {t.before: t.role for t in APPLICATION}

FUNDING: tuple[Transition, ...] = (
    Transition("propose", "submitted", "proposed", "panel", "第十五条",
               "评审小组提出扶持金额", "the review panel proposes an amount"),
    Transition("grant", "proposed", "granted", "district", "第十五条",
               "区总工会主席办公会议审定扶持资金", "the chair's office meeting decides"),
)

NOTICE: tuple[Transition, ...] = (
    Transition("accept", "open", "accepted", "district", "第十二条",
               "整改验收合格", "the rectification is accepted"),
    Transition("lapse", "open", "lapsed", "district", "第十二条",
               "逾期未整改，撤牌", "not rectified by the deadline: plaque withdrawn"),
)


def label(state: str, lang: str = "zh") -> str:
    zh, en = STATE_LABELS.get(state, (state, state))
    return zh if lang.startswith("zh") else en


def step(machine: tuple[Transition, ...], state: str, action: str, role: str) -> Transition:
    """The transition ``action`` from ``state`` for ``role``, or a PaperworkError saying why not.

    The administrator may take any step (to correct the record); everyone else only their own.
    """
    named = [t for t in machine if t.action == action]
    if not named:
        raise RuleBroken(f"没有这个操作：{action}", f"no such action: {action}",
                             path="action")
    t = named[0]
    if t.before != state:
        raise RuleBroken(
            f"当前状态为“{label(state)}”，不能进行“{t.zh}”（应在“{label(t.before)}”之后）",
            f"the record is {label(state, 'en')}: “{t.en}” comes after "
            f"“{label(t.before, 'en')}”", path="state", article=t.article)
    if role not in (t.role, "admin"):
        raise Forbidden(f"“{t.zh}”不由本角色办理", f"“{t.en}” is not this role's step",
                             path="role", article=t.article)
    return t


def reject_step(state: str, role: str) -> Transition:
    """Sending an application back as not approved, by the level it waits for (第七条)."""
    if state not in REJECT:
        raise RuleBroken(f"当前状态为“{label(state)}”，不能退回",
                             f"the record is {label(state, 'en')} and cannot be refused",
                             path="state", article="第七条")
    if role not in (REJECT[state], "admin"):
        raise Forbidden("此阶段的审核不由本角色办理", "this stage is not this role's",
                             path="role", article="第七条")
    return Transition("reject", state, "rejected", REJECT[state], "第七条", "不予通过",
                      "not approved")


def waiting_for(role: str) -> tuple[str, ...]:
    """Application states in which ``role`` has the next step (第七条)."""
    return tuple(t.before for t in APPLICATION if t.role == role)


# 第七条: a studio named in an earlier year may not apply again.
def may_apply(named_on: dt.date | None, studio_state: str, year: int) -> None:
    if named_on is not None or studio_state in ("named", "rectifying"):
        when = f"{named_on.year}年" if named_on else "往年"
        raise RuleBroken(f"该工作室已于{when}命名，往年已命名的工作室不再重复申报",
                             "a studio named in an earlier year may not apply again",
                             path="studio", article="第七条")
    if studio_state == "withdrawn":
        raise RuleBroken("该工作室已被撤牌，不能以原工作室重新申报",
                             "the studio's plaque was withdrawn; it cannot apply again as is",
                             path="studio", article="第十二条")


# 第十二条: three-year management cycles from naming.
def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def cycle_end(named_on: dt.date, cycle: int) -> dt.date:
    return add_years(named_on, CYCLE_YEARS * cycle)


def current_cycle(named_on: dt.date, today: dt.date) -> int:
    """The cycle ``today`` falls in: 1 for the first three years from naming."""
    cycle = 1
    while cycle_end(named_on, cycle) <= today:
        cycle += 1
    return cycle


def inspection_due(named_on: dt.date, inspected: set[int], today: dt.date) -> int | None:
    """The cycle whose end-of-cycle inspection is due (ends within DUE_SOON_DAYS or has passed
    without an inspection), or None."""
    cycle = 1
    while cycle_end(named_on, cycle) <= today + dt.timedelta(days=DUE_SOON_DAYS):
        if cycle not in inspected:
            return cycle
        cycle += 1
    return None


def require_after_deadline(deadline: dt.date, today: dt.date) -> None:
    if today <= deadline:
        raise RuleBroken(
            f"整改期限（{deadline.isoformat()}）尚未届满，不能撤牌",
            f"the deadline ({deadline.isoformat()}) has not passed: no withdrawal yet",
            path="deadline", article="第十二条")


# 第十一条: the yearly self-inspection and evaluation, due by the end of each year.
def filing_years(named_on: dt.date, today: dt.date) -> range:
    """The years a named studio owes a filing for, up to this one (from the year after its
    naming: a studio named at year end files first in the following year)."""
    return range(named_on.year + 1, today.year + 1)


def filing_overdue(year: int, today: dt.date) -> bool:
    return today > dt.date(year, 12, 31)


# 第十三条: the statutory retirement age, with the gradual rise from 1 January 2025 (men from
# 60 towards 63, women cadres from 55 towards 58: one month more for every four months of birth).
BASE_AGE = {"男": (60, 1965), "女": (55, 1970)}


def retirement_date(gender: str, birth: dt.date) -> dt.date:
    base, first_year = BASE_AGE.get(gender, BASE_AGE["男"])
    months_after = (birth.year - first_year) * 12 + birth.month - 1
    delay = 0 if months_after < 0 else min(36, months_after // 4 + 1)
    total = birth.year * 12 + birth.month - 1 + base * 12 + delay
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(birth.day, calendar.monthrange(year, month + 1)[1]))


def leader_may_lead(gender: str, birth: dt.date, today: dt.date,
                    consent_on: dt.date | None) -> None:
    """第十三条: past retirement age the studio continues only with the unit's consent."""
    if today >= retirement_date(gender, birth) and consent_on is None:
        raise RuleBroken(
            "带头人已达法定退休年龄，须有所在单位同意其继续领办工作室的记录",
            "the leader is past the statutory retirement age: the unit's consent to continue "
            "must be on record", path="leader", article="第十三条")


def may_create(gender: str, birth: dt.date, today: dt.date) -> None:
    """第十三条: the leader should be in service when the studio is created."""
    if today >= retirement_date(gender, birth):
        raise RuleBroken("创建工作室时带头人应为在职人员",
                             "the leader must be in service when the studio is created",
                             path="leader", article="第十三条")


# 第十六条: fund-usage rows in forbidden categories are refused.
def check_fund_use(category: str, item: str) -> None:
    for where, text in (("category", category), ("item", item)):
        found = [w for w in FORBIDDEN_USES if w in text]
        if found:
            raise RuleBroken(f"经费用途“{text}”不允许：{FORBIDDEN_ZH}",
                                 f"the use {text!r} is not allowed: {FORBIDDEN_EN}",
                                 path=where, article="第十六条")
