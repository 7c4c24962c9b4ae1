"""Where uploaded returned forms live, and the stored record a page's QR code names.

Bytes go to ``UPLOADS_DIR`` (``STUDIO_UPLOADS_DIR``; by default ``instance/uploads``) under the
upload's generated key; the parser's answer and the crops go into ``<key>.d/``. The user's file
name is kept in the database as data and never touches a path.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from parsers.gate import sniff
from registry.models_studio import Application, FundingApplication, Studio, YearlyFiling
from registry.models_upload import Upload, new_upload_key
from registry.roles import Actor, studio_scope

# Document kinds whose filled-in record the registry keeps, and where.
STORED_KINDS: dict[str, Any] = {"application": Application, "funding": FundingApplication,
                                "self_inspection": YearlyFiling}


def root() -> Path:
    configured = current_app.config.get("UPLOADS_DIR")
    path = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_of(upload: Upload) -> Path:
    return root() / upload.key


def work_dir(upload: Upload) -> Path:
    return root() / f"{upload.key}.d"


def keep(session: Session, data: bytes, original_name: str, user_id: int | None) -> Upload:
    """Write ``data`` under a new generated key (atomically) and add its row (not committed)."""
    key = new_upload_key()
    target = root() / key
    tmp = target.with_name(f".{key}.part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(target)
    upload = Upload(key=key, original_name=original_name[:255], size=len(data),
                    sha256=hashlib.sha256(data).hexdigest(),
                    detected_type=sniff(data) or "unknown", uploaded_by=user_id,
                    status="refused")
    session.add(upload)
    session.flush()
    return upload


def discard(session: Session, upload: Upload) -> None:
    """Remove an upload never read (a duplicate kept a moment ago): its row, then its file."""
    session.delete(upload)
    session.commit()
    file_of(upload).unlink(missing_ok=True)


def stored_record(session: Session, actor: Actor, kind: str,
                  record_id: str) -> tuple[str, int, dict[str, Any]] | None:
    """(``"application:3"``, studio id, record) of the stored record with this id that
    ``actor`` may see, if the registry keeps one."""
    model = STORED_KINDS.get(kind)
    if model is None or not record_id:
        return None
    rows = session.scalars(select(model).join(Studio, Studio.id == model.studio_id)
                           .where(studio_scope(actor))).all()
    for row in rows:
        if isinstance(row.record, dict) and row.record.get("record_id") == record_id:
            return f"{model.__tablename__}:{row.id}", int(row.studio_id), dict(row.record)
    return None


def candidates(session: Session, actor: Actor) -> dict[str, dict[str, Any]]:
    """Every stored record ``actor`` may see, by ``"kind|record_id"``: what an uncertain scan
    is confirmed against once its QR code has named one."""
    return {k: v["record"] for k, v in stored_records(session, actor).items()}


def stored_records(session: Session, actor: Actor) -> dict[str, dict[str, Any]]:
    """``{"ref": "application:3", "studio_id": …, "record": {…}}`` of every stored record
    ``actor`` may see, by ``"kind|record_id"`` (what a background reading compares with)."""
    found: dict[str, dict[str, Any]] = {}
    for kind, model in STORED_KINDS.items():
        rows = session.scalars(select(model).join(Studio, Studio.id == model.studio_id)
                               .where(studio_scope(actor))).all()
        for row in rows:
            if isinstance(row.record, dict) and row.record.get("record_id"):
                found[f"{kind}|{row.record['record_id']}"] = {
                    "ref": f"{model.__tablename__}:{row.id}", "studio_id": int(row.studio_id),
                    "record": dict(row.record)}
    return found
