"""Password guessing: at most ``LIMIT`` failed sign-ins per account in ``WINDOW``.

Failures are rows in the database, so the limit holds across every gunicorn worker and machine.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from registry.models_org import LoginFailure

LIMIT = 5
WINDOW = dt.timedelta(minutes=1)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def blocked(session: Session, username: str, at: dt.datetime | None = None) -> bool:
    since = (at or now()) - WINDOW
    count = session.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.username == username, LoginFailure.at > since))
    return (count or 0) >= LIMIT


def failed(session: Session, username: str, at: dt.datetime | None = None) -> None:
    moment = at or now()
    session.execute(delete(LoginFailure).where(LoginFailure.at <= moment - WINDOW))
    session.add(LoginFailure(username=username, at=moment))


def succeeded(session: Session, username: str) -> None:
    session.execute(delete(LoginFailure).where(LoginFailure.username == username))
