"""Drafts: create, read, update and list the documents people are filling in."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from registry.models import Draft, new_draft_id


def create(session: Session, kind: str, data: dict[str, Any],
           draft_id: str | None = None) -> Draft:
    draft = Draft(id=draft_id or new_draft_id(), kind=kind, data=data)
    session.add(draft)
    session.flush()
    return draft


def get(session: Session, draft_id: str) -> Draft | None:
    return session.get(Draft, draft_id)


def update(session: Session, draft: Draft, data: dict[str, Any]) -> Draft:
    draft.data = copy.deepcopy(data)
    # JSON columns compare by value: a row changed in place must still be written.
    flag_modified(draft, "data")
    session.flush()
    return draft


def recent(session: Session, limit: int = 50) -> Sequence[Draft]:
    return session.scalars(select(Draft).order_by(Draft.updated.desc()).limit(limit)).all()


def delete(session: Session, draft: Draft) -> None:
    session.delete(draft)
    session.flush()
