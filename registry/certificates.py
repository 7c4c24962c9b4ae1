"""Issued certificates: recorded when a certificate document is produced, read by /verify."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.models import IssuedCertificate


def find(session: Session, number: str) -> IssuedCertificate | None:
    return session.scalars(
        select(IssuedCertificate).where(IssuedCertificate.number == number.strip())
    ).first()


def issue(session: Session, number: str, record: dict[str, Any],
          issued: dt.date) -> IssuedCertificate:
    """Record (or refresh) the certificate with this number; numbers are unique."""
    found = find(session, number)
    if found is None:
        found = IssuedCertificate(number=number.strip(), record=record, issued=issued)
        session.add(found)
    else:
        found.record = record
        found.issued = issued
    session.flush()
    return found
