"""The yearly self-inspection and evaluation form (kind ``self_inspection``, 第十一条) made from
the stored records: the studio and its certificate, its team, and the
four ledgers of 第十条 counted and summarised for the year — only the five haves' judgement
and the two texts are typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forms.errors import RecordInvalid
from forms.kinds import get_kind
from registry.models_studio import (
    Achievement,
    Activity,
    Certificate,
    FundUsage,
    Member,
    MemberDevelopment,
    Studio,
)

SUMMARY_MAX = 300


def _summary(texts: list[str]) -> str:
    text = "；".join(t for t in texts if t)
    return text if len(text) <= SUMMARY_MAX else text[:SUMMARY_MAX - 1] + "…"


def ledgers(session: Session, studio: Studio, year: int) -> dict[str, Any]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def rows(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(
            model.studio_id == studio.id, model.on >= first, model.on <= last)
            .order_by(model.on, model.id)).all())

    activities, achievements = rows(Activity), rows(Achievement)
    members, usage = rows(MemberDevelopment), rows(FundUsage)
    spent = session.scalar(select(func.coalesce(func.sum(FundUsage.amount), 0)).where(
        FundUsage.studio_id == studio.id, FundUsage.on >= first, FundUsage.on <= last))
    return {
        "activities": {"entries": len(activities),
                       "summary": _summary([r.title for r in activities])},
        "achievements": {"entries": len(achievements),
                         "summary": _summary([r.name for r in achievements])},
        "members": {"entries": len(members),
                    "summary": _summary([f"{r.person_name}{r.event}" for r in members])},
        "funds": {"entries": len(usage),
                  "summary": _summary([f"{r.category}：{r.item}" for r in usage]),
                  "spent": str(Decimal(spent or 0).quantize(Decimal("0.01")))},
    }


def self_inspection_record(session: Session, studio: Studio, year: int, today: dt.date,
                           haves: list[dict[str, Any]], self_inspection: str,
                           evaluation: str) -> dict[str, Any]:
    cert = session.scalars(select(Certificate).where(Certificate.studio_id == studio.id)).one()
    team = session.scalar(select(func.count()).select_from(Member).where(
        Member.studio_id == studio.id)) or 0
    unit = studio.unit_union
    record = {
        "year": year, "fill_date": today.isoformat(),
        "studio": {"name": studio.name, "certificate_number": cert.number,
                   "leader": studio.leader.name, "host_unit": unit.host_unit or unit.name,
                   "unit_union": unit.name, "members": team},
        "haves": haves, "ledgers": ledgers(session, studio, year),
        "self_check": {"text": self_inspection, "signatory": studio.leader.name,
                       "sealed": False, "date": today.isoformat()},
        "evaluation": {"text": evaluation, "signatory": "", "sealed": False,
                       "date": today.isoformat()},
    }
    parsed, result = get_kind("self_inspection").check(record)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    return parsed.model_dump(mode="json")
