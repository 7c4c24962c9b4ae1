"""Retention of uploaded returned forms: purge those saved to the registry long ago.

An upload older than the retention period whose reviewed record was saved (status ``saved``)
has done its work: its file, its work folder (crops, parser answer) and its row are removed
together, and an ``upload_purged`` audit entry says what was there (name, size, SHA-256, the
record it was saved to); the earlier audit entries stay. Uploads not saved — still to review, or
kept for manual entry — are never purged. The files are first moved aside inside the uploads
folder, the rows deleted and the audit entries written in one transaction, and only after the
commit are the moved files deleted; a failed commit moves them back.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from registry import audit
from registry.models_upload import Upload
from registry.roles import SYSTEM

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Purged:
    id: int
    original_name: str
    uploaded_at: dt.datetime
    size: int


def due(session: Session, older_than_days: int, now: dt.datetime) -> list[Upload]:
    cutoff = now - dt.timedelta(days=older_than_days)
    return list(session.scalars(select(Upload).where(Upload.status == "saved",
                                                     Upload.uploaded_at < cutoff)
                                .order_by(Upload.id)).all())


def purge(session: Session, root: Path, older_than_days: int, now: dt.datetime,
          dry_run: bool = False) -> list[Purged]:
    """Remove the saved uploads older than ``older_than_days``; what was (or would be) removed."""
    uploads = due(session, older_than_days, now)
    found = [Purged(u.id, u.original_name, u.uploaded_at, u.size) for u in uploads]
    if dry_run or not uploads:
        return found
    moved: list[tuple[Path, Path]] = []
    try:
        for upload in uploads:
            for path in (root / upload.key, root / f"{upload.key}.d"):
                if path.exists():
                    aside = root / f".purge-{path.name}"
                    path.rename(aside)
                    moved.append((aside, path))
            audit.record(session, SYSTEM, "upload_purged", "upload", upload.id,
                         studio_id=_studio(upload), before="saved", after="purged",
                         detail={"file": upload.original_name, "size": upload.size,
                                 "sha256": upload.sha256, "kind": upload.kind,
                                 "record_id": upload.record_id, "stored": upload.stored_ref,
                                 "uploaded_at": upload.uploaded_at.isoformat(),
                                 "older_than_days": older_than_days})
        session.execute(delete(Upload).where(Upload.id.in_([u.id for u in uploads]))
                        .execution_options(synchronize_session=False))
        session.commit()
    except BaseException:
        session.rollback()
        for aside, path in reversed(moved):
            aside.rename(path)
        raise
    for aside, _ in moved:
        if aside.is_dir():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
    return found


def _studio(upload: Upload) -> int | None:
    studio = (upload.result or {}).get("studio_id")
    return studio if isinstance(studio, int) else None
