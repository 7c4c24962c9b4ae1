"""What waits for whom: the lists of a role's dashboard, within what the role may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry import lifecycle
from registry.models_studio import (
    Application,
    FundingApplication,
    Inspection,
    RectificationNotice,
    Studio,
    YearlyFiling,
)
from registry.roles import Actor, studio_scope


@dataclass(frozen=True)
class Due:
    studio: Studio
    what: str  # the year of a filing, the cycle of an inspection…
    due: dt.date


def waiting_applications(session: Session, actor: Actor) -> Sequence[Application]:
    states = lifecycle.waiting_for(actor.role) if actor.role != "admin" else tuple(
        t.before for t in lifecycle.APPLICATION)
    return session.scalars(select(Application).join(Studio).where(
        Application.state.in_(states), studio_scope(actor)).order_by(Application.id)).all()


def waiting_funding(session: Session, actor: Actor) -> Sequence[FundingApplication]:
    states = [t.before for t in lifecycle.FUNDING if t.role == actor.role or actor.role == "admin"]
    return session.scalars(select(FundingApplication).join(
        Studio, Studio.id == FundingApplication.studio_id).where(
        FundingApplication.state.in_(states), studio_scope(actor))
        .order_by(FundingApplication.id)).all()


def studios(session: Session, actor: Actor) -> Sequence[Studio]:
    return session.scalars(select(Studio).where(studio_scope(actor)).order_by(Studio.id)).all()


def _named(session: Session, actor: Actor) -> Sequence[Studio]:
    return session.scalars(select(Studio).where(
        Studio.state.in_(("named", "rectifying")), Studio.named_on.is_not(None),
        studio_scope(actor)).order_by(Studio.id)).all()


def due_inspections(session: Session, actor: Actor, today: dt.date) -> list[Due]:
    """第十二条: studios whose cycle ends within DUE_SOON_DAYS (or ended) uninspected."""
    out = []
    for studio in _named(session, actor):
        assert studio.named_on is not None
        done = set(session.scalars(select(Inspection.cycle).where(
            Inspection.studio_id == studio.id)).all())
        cycle = lifecycle.inspection_due(studio.named_on, done, today)
        if cycle is not None:
            out.append(Due(studio, str(cycle), lifecycle.cycle_end(studio.named_on, cycle)))
    return out


def overdue_rectifications(session: Session, actor: Actor,
                           today: dt.date) -> Sequence[RectificationNotice]:
    """第十二条: open notices whose deadline has passed (ready for withdrawal)."""
    return session.scalars(select(RectificationNotice).join(
        Studio, Studio.id == RectificationNotice.studio_id).where(
        RectificationNotice.state == "open", RectificationNotice.deadline < today,
        studio_scope(actor)).order_by(RectificationNotice.deadline)).all()


def open_rectifications(session: Session, actor: Actor) -> Sequence[RectificationNotice]:
    return session.scalars(select(RectificationNotice).join(
        Studio, Studio.id == RectificationNotice.studio_id).where(
        RectificationNotice.state == "open", studio_scope(actor))
        .order_by(RectificationNotice.deadline)).all()


def filings(session: Session, actor: Actor, today: dt.date, overdue: bool) -> list[Due]:
    """第十一条: yearly filings missing — overdue (past years) or due (this year)."""
    out = []
    for studio in _named(session, actor):
        assert studio.named_on is not None
        filed = set(session.scalars(select(YearlyFiling.year).where(
            YearlyFiling.studio_id == studio.id)).all())
        for year in lifecycle.filing_years(studio.named_on, today):
            if year not in filed and lifecycle.filing_overdue(year, today) == overdue:
                out.append(Due(studio, str(year), dt.date(year, 12, 31)))
    return out


def retired_without_consent(session: Session, actor: Actor, today: dt.date) -> list[Studio]:
    """第十三条: leaders past retirement age with no consent of the unit on record."""
    return [s for s in _named(session, actor) if s.retired_leader_consent_on is None and
            today >= lifecycle.retirement_date(s.leader.gender, s.leader.birth_date)]
