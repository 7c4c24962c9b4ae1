"""Returned forms uploaded, read, reviewed and saved (issue 6; safety from issue 8).

``/uploads/``: upload a returned form (size limit; type by content through the gate) and see the
recent uploads. Each file is kept under a generated key (:mod:`webforms.upload_store`) before
anything reads it, then read in a child process with memory and time limits
(:mod:`parsers.sandbox`). ``/uploads/<id>``: the record read, the evidence of each opinion block
and the differences from the stored record, with the fields a person must check beside their
crops; accept or correct them and save. ``/uploads/review``: the queue of uploads waiting.

Saving stores the reviewed record on the upload's row with an audit entry (same transaction);
the application's or funding request's own record in the registry is not overwritten.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from forms.ids import DocRef
from forms.kinds import KINDS
from parsers.diff import differences
from parsers.result import REVIEW_BELOW
from parsers.sandbox import MEMORY_LIMIT, TIMEOUT, ParseFailed, parse_isolated
from registry import audit
from registry.models_org import User
from registry.models_upload import Upload
from webforms import upload_store
from webforms.auth import actor, login_manager, tr
from webforms.database import db
from webforms.errors import error_page
from webforms.i18n import lang
from webforms.schema_form import Node, fields_of

bp = Blueprint("uploads", __name__, url_prefix="/uploads")
UPLOADERS = ("district", "admin", "unit_union")
MAX_UPLOAD = 25 * 1024 * 1024  # the gate's own limit (parsers.gate.Limits.max_bytes)
CROP_NAME = re.compile(r"crop-\d+\.png")
STATUS = {"parsed": ("已读取", "read"), "needs_review": ("待核对", "needs review"),
          "refused": ("未能读取，已保留待人工录入", "not read — kept for manual entry"),
          "saved": ("已保存", "saved")}


def _larger_bodies() -> None:
    """Before the CSRF check reads the form: an upload may be larger than a typed form."""
    if request.blueprint == "uploads":
        request.max_content_length = current_app.config.get("UPLOAD_MAX_BYTES", MAX_UPLOAD)


@bp.record_once
def _install(state: Any) -> None:
    app: Flask = state.app
    app.before_request_funcs.setdefault(None, []).insert(0, _larger_bodies)
    app.jinja_env.globals["upload_status"] = lambda s: tr(*STATUS.get(s, (s, s)))
    app.jinja_env.globals["field_label"] = field_label
    app.jinja_env.filters["pretty_json"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)


def field_label(kind_name: str, path: str) -> str:
    """``team.2.name`` as the form names it: 创新团队 › 第3项 › 姓名 (or in English)."""
    kind = KINDS.get(kind_name)
    if kind is None:
        return path
    zh = lang().startswith("zh")
    nodes: tuple[Node, ...] = fields_of(kind.model)
    words = []
    for part in path.split("."):
        if part.isdigit():
            words.append(f"第{int(part) + 1}项" if zh else f"item {int(part) + 1}")
            continue
        node = next((n for n in nodes if n.name == part), None)
        if node is None:
            words.append(part)
            continue
        words.append(node.label("zh" if zh else "en"))
        nodes = node.children
    return " › ".join(words)


@bp.before_request
def _allowed() -> BaseResponse | tuple[str, int] | None:
    if not current_user.is_authenticated:
        response: BaseResponse = login_manager.unauthorized()
        return response
    if actor().role not in UPLOADERS:
        return error_page(403, "上传回收的文书由区总工会或单位工会办理",
                          "returned forms are uploaded by the district union or a unit union")
    return None


def _visible() -> Any:
    """The uploads the signed-in user may see: all for the district union and the
    administrator, those of their own organisation's users for a unit union."""
    who = actor()
    query = select(Upload).order_by(Upload.id.desc())
    if who.role in ("district", "admin"):
        return query
    return query.where(Upload.uploaded_by.in_(
        select(User.id).where(User.organisation_id == who.org_id)))


def _get(upload_id: int) -> Upload | None:
    found: Upload | None = db().scalars(_visible().where(Upload.id == upload_id)).first()
    return found


def _message(zh: str, en: str) -> str:
    return f"{zh}\n{en}"


def _read(upload: Upload) -> None:
    """Parse the kept file in the sandbox and record what came out on ``upload``."""
    config = current_app.config
    try:
        done = parse_isolated(upload_store.file_of(upload), upload_store.work_dir(upload),
                              timeout=float(config.get("UPLOAD_PARSE_TIMEOUT", TIMEOUT)),
                              memory=int(config.get("UPLOAD_PARSE_MEMORY", MEMORY_LIMIT)),
                              candidates=upload_store.candidates(db(), actor()))
    except ParseFailed as exc:
        upload.status, upload.message = "refused", _message(exc.zh, exc.en)
        upload.result = {"reason": exc.reason}
        return
    result = dict(done.result)
    result["crops"], result["seconds"] = done.crops, round(done.seconds, 2)
    upload.kind = str(result.get("kind") or "")
    if result.get("ref"):
        upload.record_id = DocRef.decode(str(result["ref"])).record_id
    read = result.get("record") or result.get("data") or {}
    found = upload_store.stored_record(db(), actor(), upload.kind, upload.record_id)
    if found is not None:
        upload.stored_ref, result["studio_id"] = found[0], found[1]
        result["differences"] = [d.as_dict() for d in differences(found[2], read)]
    result["review"] = _review_paths(result)
    upload.result = result
    errors = [i for i in result.get("issues", []) if i.get("severity") == "error"]
    clean = result.get("record") is not None and not errors and not result["review"]
    upload.status = "parsed" if clean else "needs_review"
    upload.message = "" if upload.kind else _message(
        "未能识别文书种类（没有可读的二维码或标题）", "the kind of document was not recognised "
        "(no readable QR code or title)")


def _review_paths(result: dict[str, Any]) -> list[str]:
    """The fields a person must look at: read with low confidence, or named by an error."""
    paths = [f["path"] for f in result.get("fields", []) if f["confidence"] < REVIEW_BELOW]
    known = {f["path"] for f in result.get("fields", [])}
    for issue in result.get("issues", []):
        if issue.get("severity") == "error" and issue.get("path") in known \
                and issue["path"] not in paths:
            paths.append(issue["path"])
    return paths


def _page(status: int = 200, **extra: Any) -> tuple[str, int]:
    uploads = db().scalars(_visible().limit(30)).all()
    return render_template("uploads.html", uploads=uploads, **extra), status


@bp.get("/")
def index() -> tuple[str, int]:
    return _page()


@bp.post("/")
def upload_post() -> BaseResponse | tuple[str, int]:
    file = request.files.get("file")
    data = b""
    if file is not None:
        try:
            data = file.read()
        finally:
            file.close()  # a large upload is spooled to a temporary file: close it now
    if not data:
        return _page(400, problem=(tr("请选择要上传的文件。", "Choose a file to upload.")))
    session = db()
    upload = upload_store.keep(session, data, (file.filename if file else "") or "",
                               actor().user_id)
    session.commit()  # the file is kept whatever happens next
    _read(upload)
    session.commit()
    return redirect(url_for("uploads.show", upload_id=upload.id))


@bp.get("/review")
def queue() -> str:
    waiting = db().scalars(_visible().where(Upload.status.in_(("needs_review", "parsed")))).all()
    return render_template("uploads_review.html", uploads=waiting)


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _text_value(text: str, was: Any) -> Any:
    if isinstance(was, str) or was is None:
        return text if text or was is not None else None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _show(upload: Upload, status: int = 200, **extra: Any) -> tuple[str, int]:
    result = upload.result or {}
    fields = {f["path"]: f for f in result.get("fields", [])}
    review = [(n, fields[p], _value_text(fields[p]["value"]), p in result.get("crops", {}))
              for n, p in enumerate(result.get("review", [])) if p in fields]
    kind = KINDS.get(upload.kind)
    return render_template("upload.html", upload=upload, result=result, review=review,
                           kind=kind, **extra), status


@bp.get("/<int:upload_id>")
def show(upload_id: int) -> tuple[str, int]:
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    return _show(upload)


@bp.get("/<int:upload_id>/crop/<int:n>")
def crop(upload_id: int, n: int) -> BaseResponse | tuple[str, int]:
    upload = _get(upload_id)
    result = upload.result if upload is not None else {}
    paths = result.get("review", [])
    name = result.get("crops", {}).get(paths[n]) if 0 <= n < len(paths) else None
    if upload is None or not name or not CROP_NAME.fullmatch(name):
        return error_page(404, "没有该字段的截图", "no crop image for this field")
    png = (upload_store.work_dir(upload) / name).read_bytes()  # a few kilobytes
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=0"})


def _put(data: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data.setdefault(part, {})
    if isinstance(data, list):
        data[int(parts[-1])] = value
    else:
        data[parts[-1]] = value


@bp.post("/<int:upload_id>")
def save(upload_id: int) -> BaseResponse | tuple[str, int]:
    upload = _get(upload_id)
    if upload is None:
        return error_page(404, "没有找到该上传文件", "no such upload")
    kind = KINDS.get(upload.kind)
    if upload.status not in ("parsed", "needs_review") or kind is None:
        return _show(upload, 409, problem=tr("此文件不能保存到登记册：未读取出可识别的文书。",
                                             "this file cannot be saved: no known document "
                                             "was read from it."))
    result = upload.result
    data = json.loads(json.dumps(result.get("record") or result.get("data") or {}))
    fields = {f["path"]: f for f in result.get("fields", [])}
    corrected = []
    for n, path in enumerate(result.get("review", [])):
        text = request.form.get(f"v{n}")
        if text is None or path not in fields:
            continue
        text = text.strip()[:5000]
        if text != _value_text(fields[path]["value"]):
            corrected.append(path)
        try:
            _put(data, path, _text_value(text, fields[path]["value"]))
        except (KeyError, IndexError, ValueError, TypeError):
            continue
    record, checked = kind.check(data)
    if record is None:
        return _show(upload, 400, issues=checked.issues)
    session = db()
    before = upload.status
    upload.reviewed = record.model_dump(mode="json")
    upload.status = "saved"
    audit.record(session, actor(), "upload_saved", "upload", upload.id,
                 studio_id=result.get("studio_id"), before=before, after="saved",
                 detail={"kind": upload.kind, "record_id": upload.record_id,
                         "stored": upload.stored_ref, "corrected": corrected,
                         "file": upload.original_name, "sha256": upload.sha256})
    session.commit()
    return redirect(url_for("uploads.show", upload_id=upload.id))
