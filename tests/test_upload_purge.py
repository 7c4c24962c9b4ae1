"""studio-docs purge-uploads: a returned form saved long ago is removed (file, work folder,
row) through the web app's own configuration; the audit log keeps what it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select, update

from cli import main
from registry.models_org import AuditEntry
from registry.models_upload import Upload
from tests.test_upload_writeback import app as app
from tests.test_upload_writeback import save
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import application_docx, send, uploads
from webforms.database import EXTENSION


def run(app: Flask, tmp_path: Path, *args: str, **env: str) -> tuple[int, str]:
    environment = {"STUDIO_DATABASE_URL": app.config["DATABASE_URL"],
                   "STUDIO_UPLOADS_DIR": str(tmp_path / "uploads"),
                   "STUDIO_SECRET_KEY": "cli-test", "STUDIO_LOAD_EXAMPLES": "false", **env}
    result = CliRunner().invoke(main, ["purge-uploads", *args], env=environment)
    return result.exit_code, result.output


def test_purge_uploads_saved_long_ago(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app, "district")
    data = application_docx()
    location = send(client, data, "申报表.docx").headers["Location"]
    assert save(client, location).status_code == 302
    send(client, application_docx() + b"\0", "待核对.docx")
    saved, waiting = uploads(app)
    with app.extensions[EXTENSION]() as session:
        session.execute(update(Upload).values(uploaded_at=dt.datetime(2025, 6, 1)))
        session.commit()
    status, out = run(app, tmp_path, "--older-than", "365", "--dry-run")
    assert status == 0 and "将清除 1 份上传" in out and "would purge 1 upload" in out
    assert (tmp_path / "uploads" / saved.key).exists()
    status, out = run(app, tmp_path, "--older-than", "3650")
    assert status == 0 and "已清除 0 份上传" in out
    status, out = run(app, tmp_path, STUDIO_UPLOAD_RETENTION_DAYS="365")  # the default
    assert status == 0 and "申报表.docx" in out and "purged 1 upload(s)" in out
    assert not (tmp_path / "uploads" / saved.key).exists()
    assert not (tmp_path / "uploads" / f"{saved.key}.d").exists()
    assert (tmp_path / "uploads" / waiting.key).exists()
    assert [u.id for u in uploads(app)] == [waiting.id]
    with app.extensions[EXTENSION]() as session:
        actions = session.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == "upload", AuditEntry.subject_id == saved.id)
            .order_by(AuditEntry.id)).all()
    assert actions == ["upload_saved", "upload_purged"]
    assert client.get("/registry/audit").status_code == 200
    # Gone from the uploads: the same file may be uploaded again.
    assert send(client, data, "申报表.docx").status_code == 302


@pytest.mark.parametrize("days", ["0", "-3"])
def test_purge_refuses_a_period_under_a_day(app: Flask, tmp_path: Path,
                                            days: str) -> None:
    status, out = run(app, tmp_path, "--older-than", days)
    assert status == 2 and "至少 1 天" in out and "at least 1 day" in out
