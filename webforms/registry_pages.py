"""The registry's pages: a dashboard per role, the studios, a studio's page and its actions.

Every route needs a signed-in user and acts as that user's :class:`~registry.roles.Actor`: a
record outside the user's organisation is 404, a step that is not the role's is 403, a step the
measures refuse comes back to the studio page with the reason and the article. Each action runs
in one transaction with its audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import PaperworkError, RecordInvalid
from forms.five_haves import HAVES
from forms.funding import ALLOWED_USES
from registry import applications, audit, dashboard, drafts, funds, lifecycle, supervision
from registry.errors import Forbidden, NotFound, RuleBroken
from registry.models_org import AuditEntry, User
from registry.models_studio import (
    Achievement,
    Activity,
    Application,
    Certificate,
    FundingApplication,
    FundUsage,
    Inspection,
    MemberDevelopment,
    RectificationNotice,
    Studio,
    Withdrawal,
    YearlyFiling,
)
from registry.roles import ROLE_LABELS, require_role, visible_studio
from webforms.auth import actor, login_manager, tr
from webforms.database import db
from webforms.errors import error_page

bp = Blueprint("registry", __name__, url_prefix="/registry")
T = TypeVar("T")


def today() -> dt.date:
    """The registry's today (``REGISTRY_TODAY`` pins it for demonstrations and tests)."""
    pinned = current_app.config.get("REGISTRY_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


@bp.before_request
def _signed_in() -> BaseResponse | None:
    """Every registry page needs a signed-in user (else: to the sign-in page)."""
    if not current_user.is_authenticated:
        response: BaseResponse = login_manager.unauthorized()
        return response
    return None


@bp.errorhandler(NotFound)
def _not_found(exc: NotFound) -> tuple[str, int]:
    return error_page(404, exc.zh, exc.en)


@bp.errorhandler(Forbidden)
def _forbidden(exc: Forbidden) -> tuple[str, int]:
    return error_page(403, exc.zh, exc.en)


@bp.errorhandler(RuleBroken)
def _refused(exc: RuleBroken) -> tuple[str, int]:
    return error_page(409, _message(exc), exc.en)


def _message(exc: PaperworkError) -> str:
    if isinstance(exc, RecordInvalid):
        return "；".join(i.text() for i in exc.issues if i.severity == "error")
    cite = f"〔{exc.article}〕" if exc.article else ""
    return f"{exc.zh}{cite} / {exc.en}"


def run(step: Callable[[], T], back: str, done_zh: str, done_en: str) -> BaseResponse:
    """Run ``step`` in one transaction; refusals by the measures come back as a message."""
    session = db()
    try:
        step()
        session.commit()
    except (NotFound, Forbidden):
        session.rollback()
        raise
    except (RuleBroken, RecordInvalid) as exc:
        session.rollback()
        flash(_message(exc), "error")
        return redirect(back, 303)
    flash(f"{done_zh} / {done_en}", "ok")
    return redirect(back, 303)


def form_text(name: str, limit: int = 1000) -> str:
    return request.form.get(name, "").strip()[:limit]


def form_date(name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(request.form.get(name, ""))
    except ValueError as exc:
        raise RuleBroken("日期格式应为 2026-11-24", "a date reads 2026-11-24",
                         path=name) from exc


def form_money(name: str) -> Decimal:
    try:
        return Decimal(request.form.get(name, "").replace(",", "").strip()).quantize(
            Decimal("0.01"))
    except InvalidOperation as exc:
        raise RuleBroken("金额应为数字", "the amount must be a number", path=name) from exc


@bp.get("/", endpoint="dashboard")
def dashboard_page() -> str:
    me, day, s = actor(), today(), db()
    return render_template(
        "registry/dashboard.html", today=day, role=ROLE_LABELS[me.role],
        applications=dashboard.waiting_applications(s, me),
        funding=dashboard.waiting_funding(s, me),
        inspections=dashboard.due_inspections(s, me, day),
        overdue_notices=dashboard.overdue_rectifications(s, me, day),
        open_notices=dashboard.open_rectifications(s, me),
        overdue_filings=dashboard.filings(s, me, day, overdue=True),
        due_filings=dashboard.filings(s, me, day, overdue=False),
        retired=dashboard.retired_without_consent(s, me, day), label=lifecycle.label,
        drafts=[d for d in drafts.recent(s) if d.kind == "application"]
        if me.role == "unit_union" else [])



@bp.get("/studios")
def studios() -> str:
    return render_template("registry/studios.html",
                           studios=dashboard.studios(db(), actor()), label=lifecycle.label)


@bp.get("/studios/<int:studio_id>")
def studio(studio_id: int) -> str:
    me, s, day = actor(), db(), today()
    found = visible_studio(s, me, studio_id)

    def rows(model: Any) -> list[Any]:
        return list(s.scalars(select(model).where(model.studio_id == found.id)
                              .order_by(model.id)).all())

    apps = rows(Application)
    inspections = rows(Inspection)
    due = found.named_on and lifecycle.inspection_due(
        found.named_on, {i.cycle for i in inspections}, day)
    return render_template(
        "registry/studio.html", studio=found, me=me, today=day, label=lifecycle.label,
        applications=apps, certificates=rows(Certificate), filings=rows(YearlyFiling),
        inspections=inspections, notices=rows(RectificationNotice),
        withdrawals=rows(Withdrawal), funding=rows(FundingApplication),
        activities=rows(Activity), achievements=rows(Achievement),
        members=rows(MemberDevelopment), usage=rows(FundUsage),
        history=audit.history(s, found.id), steps=lifecycle.APPLICATION,
        action_label=lifecycle.action_label,
        leader_retired=day >= lifecycle.retirement_date(found.leader.gender,
                                                        found.leader.birth_date),
        inspection_due=due, haves=HAVES, allowed_uses=ALLOWED_USES,
        filing_years=[y for y in lifecycle.filing_years(found.named_on, day)
                      if y not in {f.year for f in rows(YearlyFiling)}]
        if found.named_on else [])


@bp.get("/audit")
def audit_log() -> str:
    """The latest state changes across the district (district union staff, administrator)."""
    me = actor()
    require_role(me, "district")
    entries = db().scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(200)).all()
    names = {row.id: row.name for row in db().execute(select(Studio.id, Studio.name))}
    users = {row.id: row.username for row in db().execute(select(User.id, User.username))}
    return render_template("registry/audit.html", entries=entries, studios=names, users=users,
                           label=lifecycle.label, action_label=lifecycle.action_label)


def _back(studio_id: int) -> str:
    return url_for("registry.studio", studio_id=studio_id)


@bp.post("/applications/new")
def application_new() -> BaseResponse:
    """A unit union files a filled-in application form (a draft of kind ``application``)."""
    me, day = actor(), today()
    if me.role != "unit_union":  # the administrator has no unit to file for
        raise Forbidden("申报由单位工会报送", "a unit union files applications",
                        path="role", article="第七条")
    draft = drafts.get(db(), form_text("draft_id", 40))
    if draft is None or draft.kind != "application":
        raise NotFound("没有找到该申报表草稿", "no such application draft", path="draft_id")
    data = dict(draft.data)
    filed: list[int] = []

    def step() -> object:
        app = applications.submit(db(), me, data, day)
        filed.append(app.studio_id)
        return app

    response = run(step, url_for("registry.dashboard"), "申报已提交，待单位工会推荐",
                   "application filed; the unit union recommends next")
    if filed:
        return redirect(_back(filed[0]), 303)
    return response


@bp.post("/applications/<int:application_id>/<action>")
def application_action(application_id: int, action: str) -> BaseResponse:
    me, day = actor(), today()
    app = applications.visible_application(db(), me, application_id)
    score = request.form.get("score", "").strip()
    return run(lambda: applications.act(
        db(), me, application_id, action, day, opinion=form_text("opinion"),
        signatory=form_text("signatory", 40),
        score=Decimal(score) if score.replace(".", "", 1).isdigit() else None),
        _back(app.studio_id), "已办理", "done")


@bp.post("/studios/<int:studio_id>/filing")
def filing(studio_id: int) -> BaseResponse:
    me, day = actor(), today()
    year = request.form.get("year", "")
    haves = [{"have": have, "met": request.form.get(f"met_{i}") == "1",
              "explanation": form_text(f"explanation_{i}", 300)}
             for i, have in enumerate(HAVES)]
    return run(lambda: supervision.file_yearly(
        db(), me, studio_id, int(year) if year.isdigit() else 0, day,
        form_text("self_inspection"), form_text("evaluation"), haves),
        _back(studio_id), "年度自查评估已备案", "yearly filing recorded")


@bp.post("/studios/<int:studio_id>/consent")
def consent(studio_id: int) -> BaseResponse:
    me, day = actor(), today()
    return run(lambda: supervision.record_consent(db(), me, studio_id, day, form_text("note")),
               _back(studio_id), "单位同意意见已记录", "the unit's consent is on record")


@bp.post("/studios/<int:studio_id>/inspection")
def inspection(studio_id: int) -> BaseResponse:
    me, day = actor(), today()
    results = [{"have": have, "met": request.form.get(f"met_{i}") == "1",
                "finding": form_text(f"finding_{i}", 500),
                "requirement": form_text(f"requirement_{i}", 500)}
               for i, have in enumerate(HAVES)]

    def step() -> object:
        deadline = form_date("deadline") if request.form.get("deadline") else None
        return supervision.inspect(db(), me, studio_id, day, results, deadline)

    return run(step, _back(studio_id), "检查结果已记录", "inspection recorded")


@bp.post("/notices/<int:notice_id>/<action>")
def notice_action(notice_id: int, action: str) -> BaseResponse:
    me, day = actor(), today()
    notice = supervision.visible_notice(db(), me, notice_id)
    back = _back(notice.studio_id)
    if action == "accept":
        return run(lambda: supervision.accept(db(), me, notice_id, day), back,
                   "整改已验收", "rectification accepted")
    if action == "withdraw":
        return run(lambda: supervision.withdraw(db(), me, notice_id, day,
                                                form_text("finding") or "逾期未完成整改。"),
                   back, "已撤牌，撤牌决定已生成", "plaque withdrawn; decision produced")
    raise NotFound("没有这个操作", "no such action")


@bp.post("/studios/<int:studio_id>/ledger/<kind>")
def ledger(studio_id: int, kind: str) -> BaseResponse:
    me, s = actor(), db()
    steps: dict[str, Callable[[], object]] = {
        "activity": lambda: funds.add_activity(s, me, studio_id, form_date("on"),
                                               form_text("title", 80), form_text("note")),
        "achievement": lambda: funds.add_achievement(s, me, studio_id, form_date("on"),
                                                     form_text("name", 60),
                                                     form_text("summary"), None,
                                                     form_text("social_benefit", 300)),
        "member": lambda: funds.add_member_development(s, me, studio_id, form_date("on"),
                                                       form_text("person_name", 20),
                                                       form_text("event", 80)),
        "usage": lambda: funds.add_fund_usage(s, me, studio_id, form_date("on"),
                                              form_text("category", 20),
                                              form_text("item", 80), form_money("amount")),
    }
    if kind not in steps:
        raise NotFound("没有这本台账", "no such ledger")
    return run(steps[kind], _back(studio_id), "台账已登记", "ledger row added")


@bp.post("/studios/<int:studio_id>/funding")
def funding_apply(studio_id: int) -> BaseResponse:
    me, day = actor(), today()
    ids = [int(x) for x in request.form.getlist("achievement") if x.isdigit()]

    def step() -> object:
        requested = form_money("requested")
        plan = [{"category": form_text("category", 20),
                 "description": form_text("description", 80) or form_text("category", 20),
                 "amount": str(requested)}]
        return funds.apply(db(), me, studio_id, day.year, day, ids, requested, plan)

    return run(step,
               _back(studio_id), "扶持资金申请已提交", "funding application filed")


@bp.post("/funding/<int:funding_id>/<action>")
def funding_action(funding_id: int, action: str) -> BaseResponse:
    me, day = actor(), today()
    funding = funds.visible_funding(db(), me, funding_id)
    return run(lambda: funds.decide(db(), me, funding_id, action, day, form_money("amount"),
                                    form_text("opinion")),
               _back(funding.studio_id), "已办理", "done")


__all__ = ["bp", "tr"]
