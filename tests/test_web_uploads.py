"""Returned forms through the web app: kept under generated keys, read in a sandbox, reviewed,
saved with an audit entry (issues 6 and 8)."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic import BaseModel
from sqlalchemy import select

from forms.kinds import get_kind
from generators.render import docx_bytes
from registry import demo
from registry.models_org import AuditEntry
from registry.models_studio import Application
from registry.models_upload import Upload
from tests.conftest import load_record
from tests.test_web_app import make_app
from tests.test_web_bulk import signed_in
from webforms.database import EXTENSION

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
TODAY = dt.date(2026, 11, 24)


def web_app(tmp_path: Path, **extra: object) -> Flask:
    """The app on the demo registry of :data:`TODAY`, its uploads kept under ``tmp_path``."""
    app = make_app(tmp_path, UPLOADS_DIR=str(tmp_path / "uploads"),
                   REGISTRY_TODAY=TODAY.isoformat(), UPLOAD_PARSE_TIMEOUT=60, **extra)
    assert demo.seed(app.extensions[EXTENSION], TODAY)
    return app


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return web_app(tmp_path)


def send(client: FlaskClient, data: bytes, name: str, wait: bool = True) -> Any:
    found = TOKEN.search(client.get("/uploads/").get_data(as_text=True))
    assert found
    # Encoded here: werkzeug's test client spools a large body to a file it never closes.
    boundary = "----studio-upload-boundary"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f'{found[1]}\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    response = client.post("/uploads/", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    if response.status_code == 302 and wait:
        settled(client, response.headers["Location"])
    return response


def settled(client: FlaskClient, location: str, within: float = 150) -> dict[str, Any]:
    """Poll the upload's state (as its page's script does) until its reading is settled."""
    deadline = time.monotonic() + within
    while True:
        state: dict[str, Any] = client.get(f"{location}/state.json").get_json()
        if state["status"] != "parsing":
            return state
        assert time.monotonic() < deadline, state
        time.sleep(0.2)


def uploads(app: Flask) -> list[Upload]:
    with app.extensions[EXTENSION]() as session:
        return list(session.scalars(select(Upload).order_by(Upload.id)).all())


def application_docx(record: BaseModel | None = None) -> bytes:
    return docx_bytes(get_kind("application"), record or load_record("application"))


def same_record(saved: dict[str, Any], record: BaseModel) -> bool:
    """Equal, except that ticked innovation kinds come back in the form's printed order."""
    expected = record.model_dump(mode="json")
    for r in (saved, expected):
        r["studio"]["kinds"] = sorted(r["studio"]["kinds"])
    return saved == expected


def test_uploads_are_for_the_district_and_unit_unions(app: Flask) -> None:
    assert app.test_client().get("/uploads/").status_code == 302  # to the sign-in page
    for user in ("sector", "panel"):
        assert signed_in(app, user).get("/uploads/").status_code == 403
    for user in ("district", "unit"):
        page = signed_in(app, user).get("/uploads/")
        assert page.status_code == 200 and "上传回收的文书" in page.get_data(as_text=True)


@pytest.mark.parametrize("name", ["../../x.docx", "男孩.jpg", "/etc/passwd"])
def test_a_file_is_kept_under_a_generated_key_and_its_name_as_data(app: Flask, tmp_path: Path,
                                                                    name: str) -> None:
    client = signed_in(app, "district")
    data = application_docx()
    response = send(client, data, name)
    assert response.status_code == 302
    [upload] = uploads(app)
    assert upload.original_name == name
    assert re.fullmatch(r"[0-9a-f]{32}", upload.key)
    kept = tmp_path / "uploads" / upload.key
    assert kept.read_bytes() == data  # the bytes, under the key, inside the uploads folder
    names = {p.name for p in (tmp_path / "uploads").iterdir()}
    assert names == {upload.key, f"{upload.key}.d"}
    assert not (tmp_path.parent / "x.docx").exists()
    # The type is the content's: a .docx named .jpg is read as the application it is.
    assert upload.detected_type == "application/zip" and upload.kind == "application"
    page = client.get(f"/uploads/{upload.id}").get_data(as_text=True)
    assert f"<dd>{name}</dd>" in page  # shown as text, escaped by the template


def test_docx_upload_shows_differences_then_saves_with_an_audit_entry(app: Flask) -> None:
    record = load_record("application")
    stored = record.model_dump(mode="json")
    stored["leader"]["post"] = "车间副主任"
    with app.extensions[EXTENSION]() as session:
        row = session.scalars(select(Application).order_by(Application.id)).first()
        assert row is not None
        row.record = stored
        session.commit()
        application_id, studio_id = row.id, row.studio_id
    client = signed_in(app, "district")
    location = send(client, application_docx(record), "申报表.docx").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    [upload] = uploads(app)
    assert upload.status == "parsed" and upload.stored_ref == f"application:{application_id}"
    assert "与登记册记录不同之处" in page and "带头人 › 职务/岗位" in page and "车间副主任" in page
    token = TOKEN.search(page)
    assert token
    assert client.post(location, data={}).status_code == 400  # no CSRF token
    assert client.post(location, data={"csrf_token": token[1]}).status_code == 302
    [upload] = uploads(app)
    assert upload.status == "saved" and same_record(upload.reviewed, record)
    with app.extensions[EXTENSION]() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.subject == "upload")).one()
    assert (entry.action, entry.subject_id, entry.studio_id) == ("upload_saved", upload.id,
                                                                  studio_id)
    assert entry.before == "parsed" and entry.after == "saved"
    assert client.get("/registry/audit").status_code == 200  # the audit log page shows it
    # A saved upload is not saved twice.
    assert client.post(location, data={"csrf_token": token[1]}).status_code == 409


def test_wrong_fields_are_reviewed_corrected_and_saved(app: Flask) -> None:
    record: Any = load_record("application")
    bad = record.model_copy(update={"year": 1999,
                                    "leader": record.leader.model_copy(update={"post": ""})})
    client = signed_in(app, "district")
    location = send(client, application_docx(bad), "returned.docx").headers["Location"]
    [upload] = uploads(app)
    assert upload.status == "needs_review" and set(upload.result["review"]) == {"year",
                                                                              "leader.post"}
    queue = client.get("/uploads/review").get_data(as_text=True)
    assert f'href="/uploads/{upload.id}"' in queue
    page = client.get(location).get_data(as_text=True)
    token = TOKEN.search(page)
    assert token and "申报年度：不能小于 2018" in page
    fields = {p: f"v{n}" for n, p in enumerate(upload.result["review"])}
    # Still wrong: refused with the field named, nothing saved.
    again = client.post(location, data={"csrf_token": token[1], fields["year"]: "1999",
                                        fields["leader.post"]: "数控车间主任"})
    assert again.status_code == 400 and "不能小于 2018" in again.get_data(as_text=True)
    assert uploads(app)[0].status == "needs_review"
    done = client.post(location, data={"csrf_token": token[1], fields["year"]: "2026",
                                       fields["leader.post"]: "数控车间主任"})
    assert done.status_code == 302
    [upload] = uploads(app)
    assert upload.status == "saved" and same_record(upload.reviewed, record)
    english = client.get(f"{location}?lang=en")
    assert english.status_code == 200


def test_an_unreadable_file_is_kept_for_manual_entry(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app, "district")
    broken = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\ngarbage\n"
    location = send(client, broken, "扫描件.pdf").headers["Location"]
    [upload] = uploads(app)
    assert upload.status == "refused" and (tmp_path / "uploads" / upload.key).exists()
    page = client.get(location).get_data(as_text=True)
    assert "已保留以便人工录入" in page and "Traceback" not in page
    listing = client.get("/uploads/").get_data(as_text=True)
    assert "未能读取，已保留待人工录入" in listing and "保存到登记册" not in page
    token = TOKEN.search(listing)
    assert token
    assert client.post(location, data={"csrf_token": token[1]}).status_code == 409


def test_a_unit_union_sees_its_own_uploads_only(app: Flask) -> None:
    district = signed_in(app, "district")
    send(district, application_docx(), "区.docx")
    unit = signed_in(app, "unit")
    send(unit, application_docx(), "单位.docx")
    first, second = uploads(app)
    assert unit.get(f"/uploads/{first.id}").status_code == 404
    assert unit.get(f"/uploads/{second.id}").status_code == 200
    listing = unit.get("/uploads/").get_data(as_text=True)
    assert "单位.docx" in listing and "区.docx" not in listing
    assert district.get(f"/uploads/{second.id}").status_code == 200


def test_a_text_pdf_is_read_and_saved(soffice: str, app: Flask) -> None:
    from generators.render import pdf_bytes

    record = load_record("application")
    client = signed_in(app, "district")
    location = send(client, pdf_bytes(get_kind("application"), record), "a.pdf").headers[
        "Location"]
    [upload] = uploads(app)
    assert upload.kind == "application" and upload.status in ("parsed", "needs_review")
    assert upload.result["source"] == "pdf-text"
    page = client.get(location).get_data(as_text=True)
    token = TOKEN.search(page)
    assert token
    form = {"csrf_token": token[1]}
    fields = {f["path"]: f for f in upload.result["fields"]}
    for n, path in enumerate(upload.result["review"]):  # accept what was read
        value = fields[path]["value"]
        form[f"v{n}"] = value if isinstance(value, str) else str(value)
    assert client.post(location, data=form).status_code == 302
    assert uploads(app)[0].status == "saved"


@pytest.mark.slow
def test_a_scan_is_read_by_ocr_with_evidence_and_crops(app: Flask) -> None:
    """… and, saved, its seals are written back into the stored application of its QR code,
    which has passed the sector union's review (the unit's and the sector union's blocks)."""
    returned = Path(__file__).parent / "data" / "returned"
    scan = returned / "application-scan.pdf"
    expected = json.loads((returned / "application-expected.json").read_text())["record"]
    with app.extensions[EXTENSION]() as session:
        row = session.scalars(select(Application).where(
            Application.state == "preliminary_passed")).first()
        assert row is not None
        row.record, application_id = expected, row.id
        session.commit()
    client = signed_in(app, "district")
    location = send(client, scan.read_bytes(), "扫描件.pdf").headers["Location"]
    [upload] = uploads(app)
    assert upload.kind == "application" and upload.result["source"] == "ocr"
    assert upload.status == "needs_review" and upload.result["review"]
    page = client.get(location).get_data(as_text=True)
    assert "签字与印章" in page and "unit_union" in page
    seals = {e["key"]: e["seal"] for e in upload.result["evidence"]}
    assert seals["unit_union"] is True
    with_crop = [n for n, p in enumerate(upload.result["review"]) if p in upload.result["crops"]]
    assert with_crop and f"/uploads/{upload.id}/crop/{with_crop[0]}" in page
    image = client.get(f"/uploads/{upload.id}/crop/{with_crop[0]}")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert client.get(f"/uploads/{upload.id}/crop/999").status_code == 404
    token = TOKEN.search(page)
    assert token and upload.stored_ref == f"application:{application_id}"
    fields = {f["path"]: f for f in upload.result["fields"]}
    form = {"csrf_token": token[1]}
    for n, path in enumerate(upload.result["review"]):  # accept what was read
        value = fields[path]["value"]
        form[f"v{n}"] = "" if value is None else value if isinstance(value, str) \
            else json.dumps(value)  # as the page shows it
    saved = client.post(location, data=form)
    assert saved.status_code == 302, (upload.result["review"], saved.get_data(as_text=True))
    with app.extensions[EXTENSION]() as session:
        opinions = session.get_one(Application, application_id).record["opinions"]
    assert opinions["unit_union"]["sealed"] is True and opinions["sector_union"]["sealed"] is True
    assert opinions["unit_party_admin"]["sealed"] is False
    written = uploads(app)[0].result["writeback"]["written"]
    assert {"opinions.unit_union.sealed", "opinions.sector_union.sealed"} <= {
        c["path"] for c in written}


def test_an_upload_over_the_form_limit_but_within_the_gate_is_accepted(app: Flask) -> None:
    client = signed_in(app, "district")
    padded = application_docx() + b"\0" * (3 * 1024 * 1024)  # 3 MB: over the 2 MB form limit
    assert send(client, padded, "big.docx").status_code == 302
    assert uploads(app)[0].size == len(padded)
    huge = b"%PDF-1.4\n" + b"0" * (26 * 1024 * 1024)
    assert send(client, huge, "huge.pdf").status_code == 413
    assert len(uploads(app)) == 1


@pytest.mark.parametrize(("application_id", "matched"), [(1, True), (2, False)])
def test_a_unit_union_is_compared_only_with_its_own_studios_records(
        app: Flask, application_id: int, matched: bool) -> None:
    """The QR code's record id names a stored application; a unit union sees the differences
    only if that application is one of its own studios' (demo: application 1 is the unit's,
    application 2 another unit's)."""
    record = load_record("application")
    with app.extensions[EXTENSION]() as session:
        row = session.get(Application, application_id)
        assert row is not None
        row.record = record.model_dump(mode="json")
        session.commit()
    send(signed_in(app, "unit"), application_docx(record), "申报表.docx")
    [upload] = uploads(app)
    assert upload.stored_ref == (f"application:{application_id}" if matched else "")
    assert ("studio_id" in upload.result) is matched
