"""Typed models of who is who: organisations, people, users and the audit log.

Organisations form the tree of the measures: the district union (区总工会) over the sector unions
(行业、街镇、直属工会) over the unit unions (单位工会) of the host units (所在单位). Users belong to
one organisation and have one role; what they see follows from both (:mod:`registry.roles`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models import Base

# Organisation kinds: 区总工会, 行业/街镇/直属工会, 单位工会, and the review panel (评审小组).
ORG_KINDS = ("district", "sector", "unit", "panel")
ROLES = ("unit_union", "sector_union", "district", "panel", "admin")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (UniqueConstraint("name", name="uq_organisation_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(80))
    # The unit an 单位工会 belongs to (所在单位), printed on documents.
    host_unit: Mapped[str] = mapped_column(String(80), default="")
    # 行业 / 街镇 / 直属 for a sector union.
    sector_kind: Mapped[str] = mapped_column(String(8), default="")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    contact: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])


class Person(Base):
    """A studio leader or member (第三条, 第十三条)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    gender: Mapped[str] = mapped_column(String(2))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    # 劳动模范 / 先进个人 / 技师 ... with its level (全国 / 市级).
    honour: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("username", name="uq_user_username"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # Set when an administrator gives a password: the user chooses their own at next sign-in.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_login: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organisation: Mapped[Organisation] = relationship()

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """``id:token``; the token follows the password hash, so a new password ends every
        session signed in with the old one (:func:`session_token`)."""
        return f"{self.id}:{self.session_token()}"

    def session_token(self) -> str:
        return hashlib.sha256(self.password_hash.encode()).hexdigest()[:16]


class AuditEntry(Base):
    """One state change: who, when, what, from which state to which (same transaction)."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(40))  # table of the object changed
    subject_id: Mapped[int] = mapped_column(Integer)
    studio_id: Mapped[int | None] = mapped_column(ForeignKey("studio.id"), index=True)
    before: Mapped[str] = mapped_column(String(20), default="")
    after: Mapped[str] = mapped_column(String(20), default="")
    article: Mapped[str] = mapped_column(String(12), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class LoginFailure(Base):
    """A failed sign-in, kept for a minute to refuse password guessing on one account."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
