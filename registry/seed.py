"""Example data for a fresh database: every ``examples/<kind>.json`` becomes a draft."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from registry.models import Draft


def example_id(kind: str) -> str:
    return f"example-{kind}".replace("_", "-")


def load_examples(factory: sessionmaker[Session], examples: Path, kinds: Iterable[str]) -> int:
    """On first start (no drafts yet) load the examples; returns how many were loaded.

    The example drafts have fixed ids, so two workers starting together cannot load them twice:
    the second one's insert fails on the primary key and is rolled back.
    """
    with factory() as session:
        if session.scalar(select(func.count()).select_from(Draft)):
            return 0
        loaded = 0
        for kind in kinds:
            path = examples / f"{kind}.json"
            if not path.exists():
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            session.add(Draft(id=example_id(kind), kind=kind, data=data))
            loaded += 1
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return 0
        return loaded
