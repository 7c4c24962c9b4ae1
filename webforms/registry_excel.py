"""Excel pages: import the roster of existing studios (district union), export any list."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from flask import Response, render_template, request, send_file
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import PaperworkError
from registry import dashboard, excel, lifecycle
from registry.errors import NotFound
from registry.models_studio import Studio
from registry.roles import Actor, require_role
from webforms.auth import actor
from webforms.database import db
from webforms.registry_pages import bp, today
from webforms.rendering import content_disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Rows = tuple[str, Sequence[str], Callable[[Actor], list[Sequence[Any]]]]


def _studios(me: Actor) -> list[Sequence[Any]]:
    return [(s.name, s.leader.name, s.leader.gender, s.leader.birth_date, s.direction,
             s.category, s.innovation_kind, s.unit_union.host_unit, s.unit_union.name,
             s.sector_union.name, s.named_on, lifecycle.label(s.state))
            for s in dashboard.studios(db(), me)]


def _due(items: list[dashboard.Due]) -> list[Sequence[Any]]:
    return [(d.studio.name, d.studio.unit_union.name, d.studio.sector_union.name, d.what,
             d.due) for d in items]


DUE_HEADERS = ("工作室名称", "单位工会", "所属行业、街镇、直属工会", "年度/周期", "截止日期")
LISTS: dict[str, Rows] = {
    "studios": ("工作室汇总表", (*[zh for _, zh, _, _ in excel.COLUMNS[:-2]], "命名日期", "状态"),
                _studios),
    "overdue-filings": ("逾期未备案", DUE_HEADERS, lambda me: _due(
        dashboard.filings(db(), me, today(), overdue=True))),
    "due-inspections": ("到期检查", DUE_HEADERS, lambda me: _due(
        dashboard.due_inspections(db(), me, today()))),
    "overdue-rectifications": ("逾期未整改", ("工作室名称", "发文字号", "整改期限"), lambda me: [
        (db().get_one(Studio, n.studio_id).name, n.number, n.deadline)
        for n in dashboard.overdue_rectifications(db(), me, today())]),
}


@bp.get("/export/<name>.xlsx")
def export(name: str) -> Response:
    if name not in LISTS:
        raise NotFound("没有这个列表", "no such list", path="name")
    title, headers, rows = LISTS[name]
    data = excel.export(headers, rows(actor()), title)
    response = send_file(io.BytesIO(data), mimetype=XLSX, max_age=0)
    response.headers["Content-Disposition"] = content_disposition(
        "attachment", f"{title}.xlsx", f"{name}.xlsx")
    return response


@bp.route("/roster", methods=["GET", "POST"])
def roster() -> BaseResponse | tuple[str, int]:
    me = actor()
    require_role(me, "district")
    errors: list[excel.RowError] = []
    imported: list[str] = []
    status = 200
    if request.method == "POST":
        upload = request.files.get("roster")
        session = db()
        try:
            if upload is None or not upload.filename:
                raise excel.RosterRefused([excel.RowError(0, "文件", "请选择 .xlsx 文件",
                                                          "choose an .xlsx file")])
            imported = [s.name for s in excel.import_roster(session, me, upload.read())]
            session.commit()
        except excel.RosterRefused as exc:
            session.rollback()
            errors, status = exc.errors, 422
        except PaperworkError as exc:
            session.rollback()
            errors = [excel.RowError(0, "文件", exc.zh, exc.en)]
            status = 422
    return render_template("registry/roster.html", errors=errors, imported=imported,
                           columns=excel.COLUMNS), status
