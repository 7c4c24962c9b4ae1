"""Start page: the document kinds, the drafts being filled in, schemas and example documents."""

from __future__ import annotations

import io
import json
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, send_file

from forms.kinds import KINDS, get_kind
from generators.paths import ROOT
from registry import drafts
from webforms import rendering
from webforms.database import db
from webforms.documents import MIMETYPES
from webforms.formdata import value_at
from webforms.rendering import SUBJECT_PATHS

bp = Blueprint("pages", __name__)
EXAMPLES = ROOT / "examples"


def draft_subject(data: object) -> str:
    for path in SUBJECT_PATHS:
        value = value_at(data, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@bp.get("/")
def index() -> str:
    recent = [(d, KINDS[d.kind], draft_subject(d.data)) for d in drafts.recent(db())
              if d.kind in KINDS]
    return render_template("index.html", kinds=KINDS.values(), drafts=recent,
                           examples={k for k in KINDS if (EXAMPLES / f"{k}.json").exists()})


@bp.get("/schema/<kind>.json")
def schema(kind: str) -> Response:
    if kind not in KINDS:
        abort(404)
    body = json.dumps(get_kind(kind).json_schema(), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json")


@bp.get("/example/<kind>.<fmt>")
def example(kind: str, fmt: str) -> Response:
    if kind not in KINDS or fmt not in ("docx", "pdf") or not (EXAMPLES / f"{kind}.json").exists():
        abort(404)
    doc_kind = get_kind(kind)
    data = json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    record, _ = doc_kind.check(data)
    if record is None:
        abort(500)
    cache = Path(current_app.config.get("RENDER_CACHE") or
                 Path(current_app.instance_path) / "renders")
    payload = rendering.document(doc_kind, record, fmt, cache).read_bytes()
    response = send_file(io.BytesIO(payload), mimetype=MIMETYPES[fmt], max_age=0)
    response.headers["Content-Disposition"] = rendering.content_disposition(
        "attachment", f"{doc_kind.title_zh}（示例）.{fmt}", f"{kind}-example.{fmt}")
    return response
