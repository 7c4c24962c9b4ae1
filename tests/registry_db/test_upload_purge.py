"""Retention of uploads on SQLite and PostgreSQL (webforms.upload_purge): only saved uploads
older than the period go, files and rows together, with an audit entry kept for each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from registry import audit
from registry.models_org import AuditEntry
from registry.models_upload import Upload
from registry.roles import SYSTEM
from webforms.upload_purge import purge

NOW = dt.datetime(2026, 11, 24, 12, 0)


def kept(session: Session, root: Path, status: str, age_days: int, name: str) -> Upload:
    upload = Upload(original_name=name, size=3, sha256=f"{age_days:064d}", status=status,
                    uploaded_at=NOW - dt.timedelta(days=age_days), kind="application",
                    record_id="r1", result={"studio_id": None})
    session.add(upload)
    session.flush()
    (root / upload.key).write_bytes(b"abc")
    (root / f"{upload.key}.d").mkdir()
    (root / f"{upload.key}.d" / "crop-0.png").write_bytes(b"png")
    return upload


def test_only_old_saved_uploads_are_purged(factory: sessionmaker[Session],
                                           tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    root.mkdir()
    with factory() as s, s.begin():
        old_saved = kept(s, root, "saved", 400, "旧的.docx")
        audit.record(s, SYSTEM, "upload_saved", "upload", old_saved.id, after="saved")
        others = [kept(s, root, "saved", 30, "新的.docx"),
                  kept(s, root, "needs_review", 400, "待核对.pdf"),
                  kept(s, root, "refused", 400, "未读.pdf")]
        old_key, other_keys = old_saved.key, [u.key for u in others]
    with factory() as s:
        listed = purge(s, root, 365, NOW, dry_run=True)
    assert [p.original_name for p in listed] == ["旧的.docx"]
    assert (root / old_key).exists()
    with factory() as s:
        done = purge(s, root, 365, NOW)
    assert [p.original_name for p in done] == ["旧的.docx"]
    assert not (root / old_key).exists() and not (root / f"{old_key}.d").exists()
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [*other_keys, *(f"{k}.d" for k in other_keys)])  # nothing left aside either
    with factory() as s:
        names = s.scalars(select(Upload.original_name).order_by(Upload.id)).all()
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert names == ["新的.docx", "待核对.pdf", "未读.pdf"]
    assert [e.action for e in entries] == ["upload_saved", "upload_purged"]
    assert entries[1].detail["file"] == "旧的.docx" and entries[1].detail["sha256"] == "0" * 61 \
        + "400"
    with factory() as s:
        assert purge(s, root, 365, NOW) == []


def test_a_failed_commit_puts_the_files_back(factory: sessionmaker[Session],
                                             tmp_path: Path) -> None:
    root = tmp_path / "uploads"
    root.mkdir()
    with factory() as s, s.begin():
        key = kept(s, root, "saved", 400, "旧的.docx").key
    with factory() as s:
        def broken() -> None:
            raise RuntimeError("the database went away")

        s.commit = broken  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            purge(s, root, 365, NOW)
    assert (root / key).read_bytes() == b"abc" and (root / f"{key}.d" / "crop-0.png").exists()
    with factory() as s:
        assert s.scalars(select(Upload.key)).all() == [key]
