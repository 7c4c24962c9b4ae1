"""The audit log: every state change writes its row in the same transaction as the change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models_org import AuditEntry
from registry.roles import Actor


def record(session: Session, actor: Actor, action: str, subject: str, subject_id: int, *,
           studio_id: int | None = None, before: str = "", after: str = "",
           article: str = "", detail: dict[str, Any] | None = None) -> AuditEntry:
    entry = AuditEntry(user_id=actor.user_id, action=action, subject=subject,
                       subject_id=subject_id, studio_id=studio_id, before=before, after=after,
                       article=article, detail=detail or {})
    session.add(entry)
    session.flush()
    return entry


def history(session: Session, studio_id: int) -> Sequence[AuditEntry]:
    return session.scalars(select(AuditEntry).where(AuditEntry.studio_id == studio_id)
                           .order_by(AuditEntry.id)).all()
