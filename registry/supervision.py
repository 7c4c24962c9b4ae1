"""After naming: yearly filings (第十一条), three-year inspections, rectification notices and
plaque withdrawal (第十二条), the retired leader's consent (第十三条).

A failed inspection produces a valid ``notice`` record (the failed haves prefilled from the
inspection, a deadline, the next 发文字号); after the deadline with no accepted rectification
the plaque is withdrawn and a valid ``withdrawal`` record is produced from the notice. Every
state change writes its audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forms.errors import RecordInvalid
from forms.five_haves import HAVES
from forms.kinds import get_kind
from forms.notice import Notice
from forms.withdrawal import draft_from_notice
from registry import audit, lifecycle, sequences, yearly
from registry.errors import NotFound, RuleBroken
from registry.models_org import Organisation
from registry.models_studio import (
    Inspection,
    RectificationNotice,
    Studio,
    Withdrawal,
    YearlyFiling,
)
from registry.roles import Actor, require_role, studio_scope, visible_studio

DEFAULT_RECTIFY_DAYS = 90


def _named(studio: Studio, article: str) -> dt.date:
    if studio.named_on is None or studio.state not in ("named", "rectifying"):
        raise RuleBroken("该工作室未命名或已撤牌", "the studio is not named (or was withdrawn)",
                         path="studio", article=article)
    return studio.named_on


def _leader_ok(studio: Studio, today: dt.date) -> None:
    lifecycle.leader_may_lead(studio.leader.gender, studio.leader.birth_date, today,
                              studio.retired_leader_consent_on)


def file_yearly(session: Session, actor: Actor, studio_id: int, year: int, today: dt.date,
                self_inspection: str, evaluation: str,
                haves: list[dict[str, Any]] | None = None) -> YearlyFiling:
    """第十一条: the unit union files the year's self-inspection and its evaluation.

    With the five haves judged, the self-inspection form's record is made from the stored
    records (:mod:`registry.yearly`)."""
    require_role(actor, "unit_union")
    studio = visible_studio(session, actor, studio_id)
    named_on = _named(studio, "第十一条")
    _leader_ok(studio, today)
    if year <= named_on.year or year > today.year:
        raise RuleBroken(f"{year}年不是该工作室应备案的年度", f"{year} is not a year this "
                         "studio files for", path="year", article="第十一条")
    if not self_inspection.strip() or not evaluation.strip():
        raise RuleBroken("自查情况和单位工会评估意见均须填写", "both the self-inspection and "
                         "the unit union's evaluation are required", path="evaluation",
                         article="第十一条")
    record = {} if haves is None else yearly.self_inspection_record(
        session, studio, year, today, haves, self_inspection, evaluation)
    filing = YearlyFiling(studio_id=studio.id, year=year, filed_on=today,
                          self_inspection=self_inspection, evaluation=evaluation,
                          record=record)
    session.add(filing)
    try:
        session.flush()
    except IntegrityError as exc:
        raise RuleBroken(f"{year}年度的自查评估已备案", f"the {year} filing is already on "
                         "record", path="year", article="第十一条") from exc
    audit.record(session, actor, "file_yearly", "yearly_filing", filing.id, studio_id=studio.id,
                 article="第十一条", detail={"year": year})
    return filing


def record_consent(session: Session, actor: Actor, studio_id: int, on: dt.date,
                   note: str) -> Studio:
    """第十三条: the unit agrees that its retired leader continues the studio."""
    require_role(actor, "unit_union")
    studio = visible_studio(session, actor, studio_id)
    studio.retired_leader_consent_on = on
    studio.retired_leader_consent_note = note[:200]
    session.flush()
    audit.record(session, actor, "consent", "studio", studio.id, studio_id=studio.id,
                 article="第十三条", detail={"on": on.isoformat(), "note": note[:200]})
    return studio


def _parties(studio: Studio) -> dict[str, str]:
    unit: Organisation = studio.unit_union
    return {"name": studio.name, "host_unit": unit.host_unit or unit.name,
            "sector_union": studio.sector_union.name, "unit_union": unit.name}


def inspect(session: Session, actor: Actor, studio_id: int, today: dt.date,
            results: list[dict[str, Any]], deadline: dt.date | None = None,
            contact: dict[str, str] | None = None) -> Inspection:
    """第十二条: record the on-site inspection of the cycle due; a failure issues the notice."""
    require_role(actor, "district")
    studio = visible_studio(session, actor, studio_id)
    named_on = _named(studio, "第十二条")
    done = set(session.scalars(select(Inspection.cycle).where(
        Inspection.studio_id == studio.id)).all())
    cycle = lifecycle.inspection_due(named_on, done, today)
    if cycle is None:
        raise RuleBroken("该工作室本管理周期尚未到期，无需实地检查", "no inspection is due for "
                         "this studio yet", path="studio", article="第十二条")
    haves = sorted((r.get("have") for r in results), key=lambda h: HAVES.index(h)
                   if h in HAVES else 99)
    if haves != list(HAVES):
        raise RuleBroken("检查结果应对“五个有”逐项作出判断", "judge each of the five haves once",
                         path="results", article="第三条")
    passed = all(bool(r.get("met")) for r in results)
    inspection = Inspection(studio_id=studio.id, cycle=cycle, on=today, passed=passed,
                            results=[{"have": r["have"], "met": bool(r.get("met")),
                                      "finding": str(r.get("finding", "")),
                                      "requirement": str(r.get("requirement", ""))}
                                     for r in results])
    session.add(inspection)
    try:
        session.flush()
    except IntegrityError as exc:
        raise RuleBroken("本周期已检查", "this cycle was already inspected", path="studio",
                         article="第十二条") from exc
    audit.record(session, actor, "inspect", "inspection", inspection.id, studio_id=studio.id,
                 article="第十二条", detail={"cycle": cycle, "passed": passed})
    if not passed:
        _notice(session, actor, studio, inspection, today,
                deadline or today + dt.timedelta(days=DEFAULT_RECTIFY_DAYS), contact or {})
    return inspection


def _notice(session: Session, actor: Actor, studio: Studio, inspection: Inspection,
            today: dt.date, deadline: dt.date, contact: dict[str, str]) -> RectificationNotice:
    record = {"number": sequences.next_doc_number(session, today.year), "date": today.isoformat(),
              "studio": _parties(studio), "contact": contact,
              "inspection": {"date": inspection.on.isoformat(), "results": inspection.results},
              "deadline": deadline.isoformat()}
    parsed, result = get_kind("notice").check(record)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    notice = RectificationNotice(studio_id=studio.id, inspection_id=inspection.id,
                                 number=str(record["number"]), issued_on=today,
                                 deadline=deadline, record=parsed.model_dump(mode="json"))
    session.add(notice)
    before = studio.state
    studio.state = "rectifying"
    session.flush()
    audit.record(session, actor, "notice", "rectification_notice", notice.id,
                 studio_id=studio.id, before=before, after="rectifying", article="第十二条",
                 detail={"number": notice.number, "deadline": deadline.isoformat()})
    return notice


def visible_notice(session: Session, actor: Actor, notice_id: int) -> RectificationNotice:
    found = session.scalars(select(RectificationNotice).join(
        Studio, Studio.id == RectificationNotice.studio_id).where(
        RectificationNotice.id == notice_id, studio_scope(actor))).first()
    if found is None:
        raise NotFound("没有找到该整改通知", "no such notice", path="notice")
    return found


def _close(session: Session, actor: Actor, notice: RectificationNotice, action: str,
           today: dt.date) -> lifecycle.Transition:
    t = lifecycle.step(lifecycle.NOTICE, notice.state, action, actor.role)
    done = session.execute(update(RectificationNotice).where(
        RectificationNotice.id == notice.id, RectificationNotice.state == t.before)
        .values(state=t.after, closed_on=today).execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:
        raise RuleBroken("该通知的状态已被他人更新", "someone else changed this notice",
                         path="state", article="第十二条")
    notice.state, notice.closed_on = t.after, today
    return t


def accept(session: Session, actor: Actor, notice_id: int, today: dt.date) -> Studio:
    """第十二条: the rectification is accepted; the studio keeps its plaque."""
    notice = visible_notice(session, actor, notice_id)
    t = _close(session, actor, notice, "accept", today)
    studio = session.get_one(Studio, notice.studio_id)
    studio.state = "named"
    session.flush()
    audit.record(session, actor, "accept", "rectification_notice", notice.id,
                 studio_id=studio.id, before=t.before, after=t.after, article=t.article)
    return studio


def withdraw(session: Session, actor: Actor, notice_id: int, today: dt.date, finding: str,
             unmet: list[str] | None = None) -> Withdrawal:
    """第十二条: past the deadline without accepted rectification the plaque is withdrawn."""
    notice = visible_notice(session, actor, notice_id)
    lifecycle.require_after_deadline(notice.deadline, today)
    t = _close(session, actor, notice, "lapse", today)
    stored = Notice.model_validate(notice.record)
    draft = draft_from_notice(stored)
    draft["number"] = sequences.next_doc_number(session, today.year)
    draft["date"] = today.isoformat()
    draft["recheck"] = {"date": today.isoformat(), "finding": finding,
                        "unmet": unmet or draft["recheck"]["unmet"]}
    parsed, result = get_kind("withdrawal").check(draft)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    studio = session.get_one(Studio, notice.studio_id)
    decision = Withdrawal(studio_id=studio.id, notice_id=notice.id, number=draft["number"],
                          decided_on=today, record=parsed.model_dump(mode="json"))
    session.add(decision)
    before = studio.state
    studio.state = "withdrawn"
    session.flush()
    audit.record(session, actor, "lapse", "rectification_notice", notice.id,
                 studio_id=studio.id, before=t.before, after=t.after, article=t.article)
    audit.record(session, actor, "withdraw", "studio", studio.id, studio_id=studio.id,
                 before=before, after="withdrawn", article="第十二条",
                 detail={"number": decision.number})
    return decision
