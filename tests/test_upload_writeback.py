"""Saving a reviewed returned form writes its signed opinion blocks back into the registry's
stored record of the same id (the QR code names it), in one transaction with the audit entries,
and shows what was written; the registry's rules refuse with the field and the article."""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from forms.kinds import get_kind
from generators.render import docx_bytes
from registry.models_org import AuditEntry
from registry.models_studio import Application
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import TODAY as TODAY  # the registry's day, for other tests
from tests.test_web_uploads import TOKEN, send, uploads
from tests.test_web_uploads import app as app  # the fixture: the demo registry, uploads kept
from webforms.database import EXTENSION


def application_in(app: Flask, state: str) -> tuple[int, dict[str, Any]]:
    with app.extensions[EXTENSION]() as session:
        row = session.scalars(select(Application).where(Application.state == state)
                              .order_by(Application.id)).first()
        assert row is not None, state
        return row.id, copy.deepcopy(row.record)


def stored(app: Flask, application_id: int) -> dict[str, Any]:
    with app.extensions[EXTENSION]() as session:
        return copy.deepcopy(session.get_one(Application, application_id).record)


def paper(record: dict[str, Any], block: str, **values: Any) -> bytes:
    data = copy.deepcopy(record)
    data["opinions"][block].update(values)
    kind = get_kind("application")
    return docx_bytes(kind, kind.model.model_validate(data))


def save(client: FlaskClient, location: str) -> Any:
    page = client.get(location).get_data(as_text=True)
    token = TOKEN.search(page)
    assert token and "确认并保存到登记册" in page, page
    return client.post(location, data={"csrf_token": token[1]})


def entries(app: Flask, action: str) -> list[AuditEntry]:
    with app.extensions[EXTENSION]() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_signed_opinion_is_written_back_and_shown(app: Flask) -> None:
    application_id, record = application_in(app, "preliminary_passed")
    client = signed_in(app, "district")
    location = send(client, paper(record, "sector_union", signatory="周华",
                                  date="2026-11-20"), "初审后.docx").headers["Location"]
    [upload] = uploads(app)
    assert upload.stored_ref == f"application:{application_id}", upload.result
    before = client.get(location).get_data(as_text=True)  # what saving will write
    assert "保存时将写入登记册中的记录" in before and "（示例） → 周华" in before
    assert stored(app, application_id) == record and entries(app, "upload_written") == []
    assert save(client, location).status_code == 302
    after = stored(app, application_id)
    assert after["opinions"]["sector_union"]["signatory"] == "周华"
    assert after["opinions"]["sector_union"]["date"] == "2026-11-20"
    assert after["opinions"]["unit_union"] == record["opinions"]["unit_union"]
    [written] = entries(app, "upload_written")
    [saved] = entries(app, "upload_saved")
    assert (written.subject, written.subject_id, written.article) == (
        "application", application_id, "第七条")
    assert saved.detail["written"] == ["opinions.sector_union.date",
                                       "opinions.sector_union.signatory"]
    page = client.get(location).get_data(as_text=True)
    assert "写回登记册" in page and "以下内容已写入登记册中的记录" in page
    assert "行业、街镇、直属工会初审意见 › 签字人" in page and "周华" in page
    assert f"application:{application_id}" in page
    english = client.get(f"{location}?lang=en").get_data(as_text=True)
    assert "Written into the stored record" in english


def test_a_block_the_lifecycle_has_not_reached_is_refused_and_nothing_saved(
        app: Flask) -> None:
    application_id, record = application_in(app, "draft")
    client = signed_in(app, "district")
    location = send(client, paper(record, "district_union", text="同意命名。",
                                  signatory="李敏"), "提前.docx").headers["Location"]
    before = client.get(location).get_data(as_text=True)
    assert "保存将被拒绝" in before and "区总工会审定意见 › 签字人" in before
    refused = save(client, location)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "登记册的规则不允许写回以下内容，未保存任何内容。" in page
    assert "区总工会审定意见 › 意见" in page and "〔第七条〕" in page
    assert "草稿" in page and "主席办公会议审定" in page and "Traceback" not in page
    assert stored(app, application_id) == record
    [upload] = uploads(app)
    assert upload.status in ("parsed", "needs_review") and not upload.reviewed
    assert entries(app, "upload_saved") == [] and entries(app, "upload_written") == []
    english = client.post(f"{location}?lang=en", data={"csrf_token": TOKEN.search(
        page)[1]})  # type: ignore[index]
    text = english.get_data(as_text=True)
    assert english.status_code == 409 and "take that step in the registry first" in text


def test_a_form_the_registry_does_not_keep_is_saved_with_the_upload_only(app: Flask) -> None:
    kind = get_kind("application")
    record = kind.model.model_validate(demo_record()).model_dump(mode="json")
    client = signed_in(app, "district")
    location = send(client, paper(record, "unit_union", signatory="李明"),
                    "外来.docx").headers["Location"]
    assert save(client, location).status_code == 302
    page = client.get(location).get_data(as_text=True)
    assert "登记册中没有该编号的记录，核对后的内容只保存在本上传中。" in page
    assert entries(app, "upload_written") == []


def demo_record() -> dict[str, Any]:
    from tests.conftest import example_data

    data = copy.deepcopy(example_data("application"))
    data["record_id"] = "NOT-IN-THE-REGISTRY-1"
    return data
