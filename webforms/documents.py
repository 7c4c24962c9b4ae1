"""Filling in a document: the form, drafts, checking, preview and downloads.

Every POST first stores what was typed as the draft (so an error later, even a crash, loses
nothing), then does what the pressed button asks: save, add or remove a row, switch language,
or check — which shows each message beside its input, or on success leads to the preview.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_babel import gettext as _
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import CheckResult, ConversionFailed, Issue, ToolMissing
from forms.ids import new_record_id
from forms.kinds import KINDS, DocKind
from registry import certificates, drafts
from registry.models import Draft, new_draft_id
from webforms import rendering
from webforms.database import db
from webforms.formdata import add_row, blank, collect, remove_row, to_input
from webforms.i18n import LANGUAGES
from webforms.placement import anchor, dom_id, place
from webforms.prechecks import short_lists
from webforms.schema_form import fields_of
from webforms.widgets import capitals, composed_names

bp = Blueprint("documents", __name__)
NEW_ID = re.compile(r"[0-9a-f]{32}")  # registry.models.new_draft_id
FORMATS = ("pdf", "docx")
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def kind_or_404(name: str) -> DocKind:
    if name not in KINDS:
        abort(404)
    return KINDS[name]


def draft_or_404(draft_id: str) -> tuple[Draft, DocKind]:
    draft = drafts.get(db(), draft_id)
    if draft is None:
        abort(404)
    g.draft_id = draft.id
    return draft, kind_or_404(draft.kind)


def form_page(kind: DocKind, data: dict[str, Any], *, draft: Draft | None = None,
              issues: Iterable[Issue] = (), status: int = 200,
              notice: str | None = None) -> tuple[str, int]:
    nodes = fields_of(kind.model)
    issues = list(issues)
    action = (url_for("documents.draft_post", draft_id=draft.id) if draft
              else url_for("documents.new_post", kind=kind.name))
    page = render_template(
        "form.html", kind=kind, nodes=nodes, data=data, draft=draft, action=action,
        new_id=None if draft else (posted_new_id() or new_draft_id()),
        placed=place(nodes, data, issues), composed=composed_names(nodes), notice=notice,
        nodes_data=data,
        errors=[(i, dom_id(anchor(nodes, data, i.path))) for i in issues
                if i.severity == "error"],
        warnings=[(i, dom_id(anchor(nodes, data, i.path))) for i in issues
                  if i.severity == "warning"])
    return page, status


def check(kind: DocKind, data: dict[str, Any]) -> tuple[BaseModel | None, CheckResult]:
    nodes = fields_of(kind.model)
    record, result = kind.check(to_input(nodes, data))
    if record is None:
        told = {i.path for i in result.issues}
        result.issues.extend(i for i in short_lists(nodes, data) if i.path not in told)
    return record, result


@bp.get("/forms/<kind>")
def new(kind: str) -> tuple[str, int]:
    doc_kind = kind_or_404(kind)
    data = blank(fields_of(doc_kind.model))
    if "record_id" in data:
        data["record_id"] = new_record_id()
    return form_page(doc_kind, data)


@bp.post("/forms/<kind>")
def new_post(kind: str) -> BaseResponse | tuple[str, int]:
    doc_kind = kind_or_404(kind)
    data = collect(fields_of(doc_kind.model), request.form)
    draft = save_new(doc_kind, data)
    g.draft_id = draft.id
    return act(doc_kind, draft, data)


def posted_new_id() -> str | None:
    """The draft id a new form page was given (hidden ``_new_id``), if it looks like one."""
    value = request.form.get("_new_id", "")
    return value if NEW_ID.fullmatch(value) else None


def save_new(kind: DocKind, data: dict[str, Any]) -> Draft:
    """Store a new form's first post as a draft under the id its page was given, so that a
    double-clicked (or re-sent) first submit makes one draft, not two: a second post with
    the same id updates the draft the first one made, even when both arrive at once."""
    new_id = posted_new_id()
    if new_id is not None:
        existing = drafts.get(db(), new_id)
        if existing is not None and existing.kind == kind.name:
            drafts.update(db(), existing, data)
            db().commit()
            return existing
        if existing is not None:  # an id of another kind's draft: start afresh
            new_id = None
    try:
        draft = drafts.create(db(), kind.name, data, draft_id=new_id)
        db().commit()
        return draft
    except IntegrityError:  # the other click's request created it a moment ago
        db().rollback()
        existing = drafts.get(db(), new_id) if new_id else None
        if existing is None or existing.kind != kind.name:
            raise
        drafts.update(db(), existing, data)
        db().commit()
        return existing


@bp.get("/drafts/<draft_id>")
def edit(draft_id: str) -> tuple[str, int]:
    draft, kind = draft_or_404(draft_id)
    return form_page(kind, dict(draft.data), draft=draft)


@bp.post("/drafts/<draft_id>")
def draft_post(draft_id: str) -> BaseResponse | tuple[str, int]:
    draft, kind = draft_or_404(draft_id)
    data = collect(fields_of(kind.model), request.form)
    drafts.update(db(), draft, data)
    db().commit()
    return act(kind, draft, data)


def act(kind: DocKind, draft: Draft, data: dict[str, Any]) -> BaseResponse | tuple[str, int]:
    """Do what the pressed button (``_action``) asks, the draft being saved already."""
    action = request.form.get("_action", "save")
    nodes = fields_of(kind.model)
    here = url_for("documents.edit", draft_id=draft.id)
    verb, _sep, arg = action.partition(":")
    if verb in ("add", "remove"):
        changed = copy.deepcopy(data)
        if verb == "add":
            index = add_row(nodes, changed, arg)
            target = f"{arg}.{index}" if index is not None else arg
        else:
            remove_row(nodes, changed, arg)
            target = arg.rpartition(".")[0]
        drafts.update(db(), draft, changed)
        db().commit()
        return redirect(f"{here}#{dom_id(target)}", 303)
    if verb == "lang" and arg in LANGUAGES:
        session["lang"] = arg
        return redirect(here, 303)
    if verb == "submit":
        record, result = check(kind, data)
        if record is None or not result.ok:
            return form_page(kind, data, draft=draft, issues=result.issues, status=422)
        return redirect(url_for("documents.preview", draft_id=draft.id), 303)
    flash(_("草稿已保存。"), "ok")
    return redirect(here, 303)


@bp.get("/drafts/<draft_id>/preview")
def preview(draft_id: str) -> BaseResponse | tuple[str, int]:
    draft, kind = draft_or_404(draft_id)
    record, result = check(kind, dict(draft.data))
    if record is None or not result.ok:
        return form_page(kind, dict(draft.data), draft=draft, issues=result.issues, status=422)
    # Made here (not only when the frame asks) so that the page can offer page images too and
    # say plainly when no PDF can be made; the .docx is offered either way.
    pages, problem = 0, None
    try:
        pages = rendering.page_count(rendering.document(kind, record, "pdf", _cache()))
    except (ToolMissing, ConversionFailed) as exc:
        problem = exc
    return render_template("preview.html", kind=kind, draft=draft, warnings=result.warnings,
                           file_name=rendering.download_name(kind, record, "pdf"),
                           pages=pages, problem=problem), 200


def _ready(draft_id: str) -> tuple[Draft, DocKind, BaseModel]:
    draft, kind = draft_or_404(draft_id)
    record, result = check(kind, dict(draft.data))
    if record is None or not result.ok:
        abort(409)
    return draft, kind, record


def _cache() -> Path:
    return Path(current_app.config.get("RENDER_CACHE") or
                Path(current_app.instance_path) / "renders")


@bp.get("/drafts/<draft_id>/document.<fmt>")
def document(draft_id: str, fmt: str) -> Response:
    if fmt not in FORMATS:
        abort(404)
    _draft, kind, record = _ready(draft_id)
    path = rendering.document(kind, record, fmt, _cache())
    inline = fmt == "pdf" and request.args.get("inline") == "1"
    if not inline:
        register_issued(kind, record)
    response = send_file(io.BytesIO(path.read_bytes()), mimetype=MIMETYPES[fmt], max_age=0)
    response.headers["Content-Disposition"] = rendering.content_disposition(
        "inline" if inline else "attachment", rendering.download_name(kind, record, fmt),
        rendering.ascii_name(kind, record, fmt))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/drafts/<draft_id>/page-<int:page>.png")
def page_image(draft_id: str, page: int) -> Response:
    _draft, kind, record = _ready(draft_id)
    pdf = rendering.document(kind, record, "pdf", _cache())
    if not 1 <= page <= rendering.page_count(pdf):
        abort(404)
    png = rendering.page_png(pdf, page).read_bytes()
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=0)


@bp.post("/drafts/<draft_id>/delete")
def delete(draft_id: str) -> BaseResponse:
    draft, _kind = draft_or_404(draft_id)
    drafts.delete(db(), draft)
    db().commit()
    flash(_("草稿已删除。"), "ok")
    return redirect(url_for("pages.index"), 303)


@bp.get("/api/capitals")
def api_capitals() -> Response:
    """The amount in Chinese capitals, for the live display beside money fields."""
    return jsonify(capitals=capitals(request.args.get("amount", "")[:40]))


def register_issued(kind: DocKind, record: BaseModel) -> None:
    """Downloading a naming certificate to print it issues it: /verify/<number> then knows the
    number (a preview does not). The full registry will issue through its review workflow."""
    if kind.name != "certificate":
        return
    number = getattr(record, "number", None)
    if not isinstance(number, str) or not number.strip():
        return
    issued = next((v for v in (getattr(record, n, None) for n in ("issue_date", "date", "issued"))
                   if isinstance(v, dt.date)), dt.date.today())
    certificates.issue(db(), number, record.model_dump(mode="json"), issued)
    db().commit()
