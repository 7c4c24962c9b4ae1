"""The four ledgers of 第十条 and the achievement funding of 第十五条, 第十六条.

第十五条: one achievement backs one funding application only — the ``funding_achievement``
table's UNIQUE key holds it even when two applications are filed at the same moment.
第十六条: a fund-usage row in a forbidden category (rewards, allowances, subsidies, travel for
individuals) is refused before anything is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forms.errors import RecordInvalid
from forms.kinds import get_kind
from registry import audit, lifecycle
from registry.errors import NotFound, RuleBroken
from registry.models_studio import (
    Achievement,
    Activity,
    Certificate,
    FundingAchievement,
    FundingApplication,
    FundUsage,
    MemberDevelopment,
    Review,
    Studio,
)
from registry.roles import Actor, require_role, studio_scope, visible_studio


def _ledger_studio(session: Session, actor: Actor, studio_id: int) -> Studio:
    require_role(actor, "unit_union")
    studio = visible_studio(session, actor, studio_id)
    if studio.state not in ("named", "rectifying"):
        raise RuleBroken("只有已命名的工作室建立台账", "only a named studio keeps ledgers",
                         path="studio", article="第十条")
    return studio


def add_activity(session: Session, actor: Actor, studio_id: int, on: dt.date, title: str,
                 note: str = "") -> Activity:
    studio = _ledger_studio(session, actor, studio_id)
    row = Activity(studio_id=studio.id, on=on, title=title, note=note)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_activity", "ledger_activity", row.id,
                 studio_id=studio.id, article="第十条")
    return row


def add_achievement(session: Session, actor: Actor, studio_id: int, on: dt.date, name: str,
                    summary: str = "", economic_benefit: Decimal | None = None,
                    social_benefit: str = "") -> Achievement:
    studio = _ledger_studio(session, actor, studio_id)
    row = Achievement(studio_id=studio.id, on=on, name=name, summary=summary,
                      economic_benefit=economic_benefit, social_benefit=social_benefit)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_achievement", "ledger_achievement", row.id,
                 studio_id=studio.id, article="第十条")
    return row


def add_member_development(session: Session, actor: Actor, studio_id: int, on: dt.date,
                           person_name: str, event: str) -> MemberDevelopment:
    studio = _ledger_studio(session, actor, studio_id)
    row = MemberDevelopment(studio_id=studio.id, on=on, person_name=person_name, event=event)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_member", "ledger_member_development", row.id,
                 studio_id=studio.id, article="第十条")
    return row


def add_fund_usage(session: Session, actor: Actor, studio_id: int, on: dt.date, category: str,
                   item: str, amount: Decimal) -> FundUsage:
    """第十六条: refused, with nothing written, when the use is forbidden."""
    lifecycle.check_fund_use(category, item)
    if amount <= 0:
        raise RuleBroken("金额应大于零", "the amount must be positive", path="amount",
                         article="第十六条")
    studio = _ledger_studio(session, actor, studio_id)
    row = FundUsage(studio_id=studio.id, on=on, category=category, item=item, amount=amount)
    session.add(row)
    session.flush()
    audit.record(session, actor, "ledger_fund_usage", "ledger_fund_usage", row.id,
                 studio_id=studio.id, article="第十六条", detail={"amount": str(amount)})
    return row


def funding_record(session: Session, studio: Studio, achievement: Achievement, year: int,
                   today: dt.date, requested: Decimal,
                   spending: list[dict[str, Any]]) -> dict[str, Any]:
    """The funding application form (kind ``funding``) from the stored studio, certificate and
    achievement; checked by the kind's rules (第十五条, 第十六条)."""
    cert = session.scalars(select(Certificate).where(Certificate.studio_id == studio.id)).one()
    unit = studio.unit_union
    record = {
        "year": year, "fill_date": today.isoformat(),
        "studio": {"name": studio.name, "host_unit": unit.host_unit or unit.name,
                   "named_on": cert.issued_on.isoformat(),
                   "certificate_number": cert.number, "contact": unit.contact,
                   "phone": unit.phone},
        "achievement": {"name": achievement.name,
                        "summary": achievement.summary or achievement.name,
                        "economic_benefit": None if achievement.economic_benefit is None
                        else str(achievement.economic_benefit),
                        "social_benefit": achievement.social_benefit},
        "amount": str(requested), "spending": spending, "not_used_before": True,
    }
    parsed, result = get_kind("funding").check(record)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    return parsed.model_dump(mode="json")


def apply(session: Session, actor: Actor, studio_id: int, year: int, today: dt.date,
          achievement_ids: list[int], requested: Decimal,
          spending: list[dict[str, Any]] | None = None) -> FundingApplication:
    """第十五条: a funding application on the studio's own achievements, each used once.

    With a spending plan, the application form's record is made from the stored data (its
    achievement is the first one named)."""
    require_role(actor, "unit_union")
    studio = visible_studio(session, actor, studio_id)
    if studio.state != "named":
        raise RuleBroken("只有已命名且不在整改期的工作室可申请扶持资金",
                         "only a named studio (not under rectification) applies for funding",
                         path="studio", article="第十五条")
    lifecycle.leader_may_lead(studio.leader.gender, studio.leader.birth_date, today,
                              studio.retired_leader_consent_on)
    if not achievement_ids or requested <= 0:
        raise RuleBroken("须列明所依据的创新成果和申请金额", "name the achievements and the "
                         "amount", path="achievements", article="第十五条")
    own = set(session.scalars(select(Achievement.id).where(
        Achievement.studio_id == studio.id, Achievement.id.in_(achievement_ids))).all())
    if own != set(achievement_ids):
        raise RuleBroken("所列成果不在本工作室的创新成果台账中", "an achievement is not in this "
                         "studio's ledger", path="achievements", article="第十条")
    record: dict[str, Any] = {}
    if spending is not None:
        first = session.get_one(Achievement, achievement_ids[0])
        record = funding_record(session, studio, first, year, today, requested, spending)
    funding = FundingApplication(studio_id=studio.id, year=year, state="submitted",
                                 requested=requested, record=record)
    session.add(funding)
    session.flush()
    for achievement_id in sorted(own):
        session.add(FundingAchievement(funding_id=funding.id, achievement_id=achievement_id))
    try:
        session.flush()
    except IntegrityError as exc:
        raise RuleBroken("同一创新成果只能申请一次扶持资金", "the same achievement may back "
                         "only one funding application", path="achievements",
                         article="第十五条") from exc
    audit.record(session, actor, "funding_apply", "funding_application", funding.id,
                 studio_id=studio.id, after="submitted", article="第十五条",
                 detail={"requested": str(requested), "achievements": sorted(own)})
    return funding


def visible_funding(session: Session, actor: Actor, funding_id: int) -> FundingApplication:
    found = session.scalars(select(FundingApplication).join(
        Studio, Studio.id == FundingApplication.studio_id).where(
        FundingApplication.id == funding_id, studio_scope(actor))).first()
    if found is None:
        raise NotFound("没有找到该扶持资金申请", "no such funding application", path="funding")
    return found


def decide(session: Session, actor: Actor, funding_id: int, action: str, today: dt.date,
           amount: Decimal, opinion: str = "") -> FundingApplication:
    """The panel proposes an amount; the chair's office meeting grants it (第十五条)."""
    funding = visible_funding(session, actor, funding_id)
    t = lifecycle.step(lifecycle.FUNDING, funding.state, action, actor.role)
    if amount <= 0 or amount > funding.requested:
        raise RuleBroken("金额应大于零且不超过申请金额", "the amount must be positive and at "
                         "most the amount requested", path="amount", article="第十五条")
    values: dict[str, Any] = {"state": t.after}
    values["proposed" if action == "propose" else "granted"] = amount
    done = session.execute(update(FundingApplication).where(
        FundingApplication.id == funding.id, FundingApplication.state == t.before)
        .values(**values).execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:
        raise RuleBroken("该申请的状态已被他人更新", "someone else changed this application",
                         path="state", article="第十五条")
    session.refresh(funding)
    if funding.record:
        opinions = dict(funding.record.get("opinions") or {})
        block, field = (("review_panel", "proposed_amount") if action == "propose"
                        else ("chair_meeting", "approved_amount"))
        opinions[block] = {"text": opinion, "signatory": "", "sealed": False,
                           "date": today.isoformat()}
        opinions[field] = str(amount.quantize(Decimal("0.01")))
        funding.record = {**funding.record, "opinions": opinions}
    session.add(Review(funding_id=funding.id, level=action, passed=True, opinion=opinion,
                       by_user_id=actor.user_id, on=today))
    audit.record(session, actor, action, "funding_application", funding.id,
                 studio_id=funding.studio_id, before=t.before, after=t.after,
                 article=t.article, detail={"amount": str(amount)})
    return funding
