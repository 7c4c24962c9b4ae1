"""The upload pages on SQLite and PostgreSQL: a returned form read in the background, the same
file refused as a duplicate, the review saved with its opinion block written back."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import Engine

from registry import demo
from tests.test_upload_writeback import TODAY, application_in, entries, paper, save, stored
from tests.test_web_app import make_app
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import send, uploads
from webforms.database import EXTENSION


def test_upload_read_deduplicated_saved_and_written_back(engine: Engine,
                                                         tmp_path: Path) -> None:
    app = make_app(tmp_path, DATABASE_URL=engine.url.render_as_string(hide_password=False),
                   UPLOADS_DIR=str(tmp_path / "uploads"), REGISTRY_TODAY=TODAY.isoformat(),
                   UPLOAD_PARSE_TIMEOUT=60)
    try:
        run(app)
    finally:  # close the app's own connections (PostgreSQL warns of open ones otherwise)
        app.extensions[EXTENSION].kw["bind"].dispose()


def run(app: Flask) -> None:
    assert demo.seed(app.extensions[EXTENSION], TODAY)
    application_id, record = application_in(app, "unit_agreed")
    client = signed_in(app, "district")
    data = paper(record, "unit_party_admin", signatory="赵强", date="2026-11-21")
    location = send(client, data, "同意后.docx").headers["Location"]
    assert send(client, data, "再传.docx").status_code == 409
    [upload] = uploads(app)
    assert upload.status == "parsed" and upload.stored_ref == f"application:{application_id}"
    assert save(client, location).status_code == 302
    assert stored(app, application_id)["opinions"]["unit_party_admin"]["signatory"] == "赵强"
    assert len(entries(app, "upload_written")) == 1 and len(entries(app, "upload_saved")) == 1
    assert uploads(app)[0].status == "saved"
