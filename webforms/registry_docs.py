"""The documents of each step, made from the stored records (nothing typed again).

``/registry/documents/<kind>/<id>.<fmt>``: the application form (申报表), the naming certificate
and its plaque text, the rectification notice, the withdrawal decision, the yearly
self-inspection and the funding application — each from the record the registry stored at that
step, rendered by :mod:`generators.render` through the web app's cache.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Response, current_app, send_file
from sqlalchemy import select

from forms.kinds import get_kind
from registry.errors import NotFound, RuleBroken
from registry.models_studio import (
    Application,
    Certificate,
    FundingApplication,
    RectificationNotice,
    Studio,
    Withdrawal,
    YearlyFiling,
)
from registry.roles import studio_scope
from webforms import rendering
from webforms.auth import actor
from webforms.database import db
from webforms.errors import error_page
from webforms.registry_pages import bp

# document kind → the table holding its record
SOURCES: dict[str, Any] = {
    "application": Application, "certificate": Certificate, "plaque": Certificate,
    "notice": RectificationNotice, "withdrawal": Withdrawal,
    "self_inspection": YearlyFiling, "funding": FundingApplication,
}
MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def stored_record(kind: str, object_id: int) -> dict[str, Any]:
    model = SOURCES.get(kind)
    if model is None:
        raise NotFound("没有这种文书", "no such document kind", path="kind")
    found = db().scalars(select(model).join(Studio, Studio.id == model.studio_id).where(
        model.id == object_id, studio_scope(actor()))).first()
    if found is None:
        raise NotFound("没有找到该文书", "no such document", path="id")
    record: dict[str, Any] = found.record
    if not record:
        raise RuleBroken("此环节没有保存文书记录", "no document record was stored at this step",
                         path="record")
    return record


@bp.get("/documents/<kind>/<int:object_id>.<fmt>")
def document(kind: str, object_id: int, fmt: str) -> Response | tuple[str, int]:
    if fmt not in MIMETYPES:
        raise NotFound("没有这种格式", "no such format", path="fmt")
    data = stored_record(kind, object_id)
    doc_kind = get_kind(kind)
    record, result = doc_kind.check(data)
    if record is None or not result.ok:
        return error_page(409, "；".join(i.text() for i in result.errors),
                          "; ".join(i.text("en") for i in result.errors))
    cache = Path(current_app.config.get("RENDER_CACHE") or
                 Path(current_app.instance_path) / "renders")
    path = rendering.document(doc_kind, record, fmt, cache)
    response = send_file(io.BytesIO(path.read_bytes()), mimetype=MIMETYPES[fmt], max_age=0)
    response.headers["Content-Disposition"] = rendering.content_disposition(
        "attachment", rendering.download_name(doc_kind, record, fmt),
        rendering.ascii_name(doc_kind, record, fmt))
    return response
