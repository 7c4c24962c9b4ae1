"""Typed SQLAlchemy 2 models: drafts of documents and the certificates issued."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, DateTime, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON}


def new_draft_id() -> str:
    return uuid.uuid4().hex


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Draft(Base):
    """A document being filled in: the form's values exactly as typed (not yet valid)."""

    __tablename__ = "draft"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=new_draft_id)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now,
                                                 server_default=func.current_timestamp())
    updated: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now,
                                                 index=True)


class IssuedCertificate(Base):
    """A naming certificate that was issued; ``/verify/<number>`` answers from this table."""

    __tablename__ = "issued_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    record: Mapped[dict[str, Any]] = mapped_column(default=dict)
    issued: Mapped[dt.date] = mapped_column(Date)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
