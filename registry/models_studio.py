"""Typed models of a studio's life: application and reviews, certificate, subsidy, yearly
filings, inspections, rectification notices, withdrawal, funding and the four ledgers.

States live in :mod:`registry.lifecycle`; the rules that a database must hold even under
concurrency are constraints here: certificate numbers unique per year (第七条), one application
per achievement (第十五条), one filing per studio and year (第十一条).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from registry.models import Base
from registry.models_org import Organisation, Person, utcnow

Money = Numeric(12, 2)


class Studio(Base):
    __tablename__ = "studio"
    __table_args__ = (UniqueConstraint("name", name="uq_studio_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    direction: Mapped[str] = mapped_column(String(30))  # as the application form allows
    category: Mapped[str] = mapped_column(String(4))  # 劳模 / 先进 / 技师
    innovation_kind: Mapped[str] = mapped_column(String(8), default="技能创新")
    leader_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    unit_union_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    sector_union_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="applying", index=True)
    named_on: Mapped[dt.date | None] = mapped_column(Date)
    # 第十三条: the unit's consent that a leader past retirement age keeps the studio.
    retired_leader_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    retired_leader_consent_note: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    leader: Mapped[Person] = relationship()
    unit_union: Mapped[Organisation] = relationship(foreign_keys=[unit_union_id])
    sector_union: Mapped[Organisation] = relationship(foreign_keys=[sector_union_id])


class Member(Base):
    __tablename__ = "studio_member"
    __table_args__ = (UniqueConstraint("studio_id", "person_id", name="uq_member"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    speciality: Mapped[str] = mapped_column(String(40), default="")


class Application(Base):
    """A yearly application (申报, 第七条); the form's record is kept as filled in."""

    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    studio: Mapped[Studio] = relationship()


class Review(Base):
    """One level's decision on an application or a funding request (第七条, 第十四条)."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"), index=True)
    funding_id: Mapped[int | None] = mapped_column(ForeignKey("funding_application.id"),
                                                   index=True)
    level: Mapped[str] = mapped_column(String(24))  # the transition's name
    passed: Mapped[bool] = mapped_column()
    opinion: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    on: Mapped[dt.date] = mapped_column(Date)


class CertSequence(Base):
    """The last certificate serial issued in a year (第七条): one row per year."""

    __tablename__ = "cert_sequence"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class DocSequence(Base):
    """The last 发文字号 serial of a series (notices, withdrawals) in a year."""

    __tablename__ = "doc_sequence"

    series: Mapped[str] = mapped_column(String(12), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(Base):
    """A naming certificate (第七条): its number is unique and never given twice."""

    __tablename__ = "certificate"
    __table_args__ = (UniqueConstraint("number", name="uq_certificate_number"),
                      UniqueConstraint("year", "serial", name="uq_certificate_year_serial"),
                      UniqueConstraint("studio_id", name="uq_certificate_studio"))

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"))
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id"))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(30))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Subsidy(Base):
    """The one-off 10,000 yuan subsidy of a newly named studio (第十四条): once per studio."""

    __tablename__ = "subsidy"
    __table_args__ = (UniqueConstraint("studio_id", name="uq_subsidy_studio"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"))
    amount: Mapped[Decimal] = mapped_column(Money)
    granted_on: Mapped[dt.date] = mapped_column(Date)


class YearlyFiling(Base):
    """第十一条: the studio's self-inspection and the unit union's evaluation of a year."""

    __tablename__ = "yearly_filing"
    __table_args__ = (UniqueConstraint("studio_id", "year", name="uq_filing_studio_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    self_inspection: Mapped[str] = mapped_column(Text, default="")
    evaluation: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Inspection(Base):
    """第十二条: the on-site inspection at the end of a three-year cycle."""

    __tablename__ = "inspection"
    __table_args__ = (UniqueConstraint("studio_id", "cycle", name="uq_inspection_cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)  # 1 for the first three years from naming
    on: Mapped[dt.date] = mapped_column(Date)
    passed: Mapped[bool] = mapped_column()
    # [{have, met, finding, requirement}] as forms.notice.HaveResult
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class RectificationNotice(Base):
    """第十二条: the written notice after a failed inspection, with its deadline."""

    __tablename__ = "rectification_notice"
    __table_args__ = (UniqueConstraint("number", name="uq_notice_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    number: Mapped[str] = mapped_column(String(30))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(12), default="open", index=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kind "notice"


class Withdrawal(Base):
    """第十二条: the plaque withdrawn after a missed rectification deadline."""

    __tablename__ = "withdrawal"
    __table_args__ = (UniqueConstraint("studio_id", name="uq_withdrawal_studio"),
                      UniqueConstraint("number", name="uq_withdrawal_number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"))
    notice_id: Mapped[int] = mapped_column(ForeignKey("rectification_notice.id"))
    number: Mapped[str] = mapped_column(String(30))
    decided_on: Mapped[dt.date] = mapped_column(Date)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kind "withdrawal"


class Activity(Base):
    """第十条 ledger 1: 创建活动."""

    __tablename__ = "ledger_activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")


class Achievement(Base):
    """第十条 ledger 2: 创新成果; what a funding application rests on (第十五条)."""

    __tablename__ = "ledger_achievement"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    economic_benefit: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))  # 万元
    social_benefit: Mapped[str] = mapped_column(Text, default="", server_default="")


class MemberDevelopment(Base):
    """第十条 ledger 3: 成员发展 (promotions, titles, patents of members)."""

    __tablename__ = "ledger_member_development"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    person_name: Mapped[str] = mapped_column(String(20))
    event: Mapped[str] = mapped_column(String(80))


class FundUsage(Base):
    """第十条 ledger 4: 经费使用; forbidden uses of 第十六条 are refused before insert."""

    __tablename__ = "ledger_fund_usage"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(20))
    item: Mapped[str] = mapped_column(String(80))
    amount: Mapped[Decimal] = mapped_column(Money)


class FundingApplication(Base):
    """优秀创新成果项目扶持资金 (第十五条): reviewed by the panel, decided by the meeting."""

    __tablename__ = "funding_application"

    id: Mapped[int] = mapped_column(primary_key=True)
    studio_id: Mapped[int] = mapped_column(ForeignKey("studio.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="submitted", index=True)
    requested: Mapped[Decimal] = mapped_column(Money)
    proposed: Mapped[Decimal | None] = mapped_column(Money)
    granted: Mapped[Decimal | None] = mapped_column(Money)
    record: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # kind "funding"


class FundingAchievement(Base):
    """第十五条: the same achievement backs one funding application only — a UNIQUE key."""

    __tablename__ = "funding_achievement"
    __table_args__ = (UniqueConstraint("achievement_id", name="uq_funding_achievement"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    funding_id: Mapped[int] = mapped_column(ForeignKey("funding_application.id"), index=True)
    achievement_id: Mapped[int] = mapped_column(ForeignKey("ledger_achievement.id"))
