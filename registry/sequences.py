"""Per-year number sequences: certificate numbers (第七条) and 发文字号 of notices/decisions.

The counter row is created if missing (INSERT … ON CONFLICT DO NOTHING) and advanced with one
``UPDATE … RETURNING``, which takes the row's write lock: two transactions can never read the
same value, on SQLite (one writer at a time) or PostgreSQL (row lock). A serial used by a
transaction that rolls back was never given and is used by the next one; a given number is
also UNIQUE in its table.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forms.docnumber import format_doc_number
from forms.numbers import format_cert_number
from registry.models_studio import CertSequence, DocSequence

DOC_PREFIX = "杨工"


def _insert(session: Session, table: type[CertSequence] | type[DocSequence],
            **values: object) -> sqlite.Insert | postgresql.Insert:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).values(**values).on_conflict_do_nothing()
    return sqlite.insert(table).values(**values).on_conflict_do_nothing()


def ensure_cert_year(session: Session, year: int) -> None:
    session.execute(_insert(session, CertSequence, year=year, last=0))


def next_cert_serial(session: Session, year: int) -> int:
    ensure_cert_year(session, year)
    serial: int = session.execute(
        update(CertSequence).where(CertSequence.year == year)
        .values(last=CertSequence.last + 1).returning(CertSequence.last)).scalar_one()
    return serial


def next_cert_number(session: Session, year: int) -> tuple[int, str]:
    serial = next_cert_serial(session, year)
    return serial, format_cert_number(year, serial)


def next_doc_number(session: Session, year: int, series: str = DOC_PREFIX) -> str:
    session.execute(_insert(session, DocSequence, series=series, year=year, last=0))
    serial: int = session.execute(
        update(DocSequence).where(DocSequence.series == series, DocSequence.year == year)
        .values(last=DocSequence.last + 1).returning(DocSequence.last)).scalar_one()
    return format_doc_number(series, year, serial)
