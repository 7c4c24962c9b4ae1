"""Account pages under /registry/users: the administrator creates accounts, changes their role
and organisation, deactivates and reactivates them and resets passwords; district union staff
see the same pages read-only. /registry/password lets any signed-in user choose a new password
(and is where a user with an administrator-given password is sent at sign-in).

A form with mistakes comes back with what was typed (never the passwords) and a bilingual
message beside each wrong field; a refusal of the rules (the last administrator) comes back as
a message on the page. Each change commits together with its audit row.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import Issue, RecordInvalid
from registry import logins, users
from registry.errors import RuleBroken
from registry.models_org import User
from registry.roles import ROLE_LABELS
from webforms.auth import _safe_next, actor
from webforms.database import db
from webforms.errors import error_page
from webforms.registry_pages import bp, form_text

ROLES = ("unit_union", "sector_union", "panel", "district", "admin")
ORG_KIND_LABELS = {"district": ("区总工会", "District union"),
                   "sector": ("行业、街镇、直属工会", "Sector unions"),
                   "unit": ("单位工会", "Unit unions"), "panel": ("评审小组", "Review panel")}


def _errors(issues: list[Issue]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for issue in issues:
        out.setdefault(issue.path, []).append(f"{issue.zh} / {issue.en}")
    return out


def _org_id() -> int | None:
    raw = request.form.get("organisation_id", "").strip()
    return int(raw) if raw.isdigit() else None


def _list_page(values: dict[str, Any] | None = None, errors: dict[str, list[str]] | None = None,
               status: int = 200) -> tuple[str, int]:
    me, s = actor(), db()
    users.require_reader(me)
    return render_template(
        "registry/users.html", users=users.all_users(s), organisations=users.organisations(s),
        roles=ROLES, role_labels=ROLE_LABELS, kind_labels=ORG_KIND_LABELS,
        can_edit=me.role == "admin", values=values or {}, errors=errors or {},
        changes=users.changes(s, limit=20), action_label=users.action_label,
        min_length=users.PASSWORD_MIN), status


@bp.get("/users")
def user_list() -> tuple[str, int]:
    return _list_page()


@bp.post("/users")
def user_create() -> BaseResponse | tuple[str, int]:
    me, s = actor(), db()
    users.require_admin(me)
    username, name, role, org = (form_text("username", 40), form_text("display_name", 40),
                                 form_text("role", 16), _org_id())
    values = {"username": username, "display_name": name, "role": role, "organisation_id": org}
    try:
        created = users.create(s, me, username=username, display_name=name, role=role,
                               organisation_id=org, password=request.form.get("password", ""),
                               repeat=request.form.get("password_repeat", ""))
        s.commit()
    except RecordInvalid as exc:
        s.rollback()
        return _list_page(values, _errors(exc.issues), 400)
    flash(f"已新建账号 {created.username}，首次登录时须修改密码 / account {created.username} "
          "created; its user chooses a new password at the first sign-in", "ok")
    return redirect(url_for("registry.user_detail", user_id=created.id), 303)


def _detail_page(user_id: int, values: dict[str, Any] | None = None,
                 errors: dict[str, list[str]] | None = None,
                 status: int = 200) -> tuple[str, int]:
    me, s = actor(), db()
    users.require_reader(me)
    user = users.account(s, user_id)
    shown = {"display_name": user.display_name, "role": user.role,
             "organisation_id": user.organisation_id, **(values or {})}
    return render_template(
        "registry/user.html", user=user, values=shown, errors=errors or {},
        organisations=users.organisations(s), roles=ROLES, role_labels=ROLE_LABELS,
        kind_labels=ORG_KIND_LABELS, can_edit=me.role == "admin", me=me,
        changes=users.changes(s, user.id), action_label=users.action_label,
        min_length=users.PASSWORD_MIN), status


@bp.get("/users/<int:user_id>")
def user_detail(user_id: int) -> tuple[str, int]:
    return _detail_page(user_id)


def _refused(exc: RuleBroken, user_id: int) -> BaseResponse:
    db().rollback()
    flash(f"{exc.zh} / {exc.en}", "error")
    return redirect(url_for("registry.user_detail", user_id=user_id), 303)


@bp.post("/users/<int:user_id>")
def user_update(user_id: int) -> BaseResponse | tuple[str, int]:
    me, s = actor(), db()
    users.require_admin(me)
    name, role, org = form_text("display_name", 40), form_text("role", 16), _org_id()
    values = {"display_name": name, "role": role, "organisation_id": org}
    try:
        users.update_user(s, me, user_id, display_name=name, role=role, organisation_id=org)
        s.commit()
    except RecordInvalid as exc:
        s.rollback()
        return _detail_page(user_id, values, _errors(exc.issues), 400)
    except RuleBroken as exc:
        return _refused(exc, user_id)
    flash("账号已保存 / account saved", "ok")
    return redirect(url_for("registry.user_detail", user_id=user_id), 303)


@bp.post("/users/<int:user_id>/active")
def user_active(user_id: int) -> BaseResponse:
    me, s = actor(), db()
    users.require_admin(me)
    active = request.form.get("active") == "1"
    try:
        users.set_active(s, me, user_id, active)
        s.commit()
    except RuleBroken as exc:
        return _refused(exc, user_id)
    flash("账号已启用 / account reactivated" if active else
          "账号已停用，该用户已无法登录 / account deactivated; its user can no longer sign in",
          "ok")
    return redirect(url_for("registry.user_detail", user_id=user_id), 303)


@bp.post("/users/<int:user_id>/password")
def user_password(user_id: int) -> BaseResponse | tuple[str, int]:
    me, s = actor(), db()
    users.require_admin(me)
    try:
        users.reset_password(s, me, user_id, request.form.get("password", ""),
                             request.form.get("password_repeat", ""))
        s.commit()
    except RecordInvalid as exc:
        s.rollback()
        return _detail_page(user_id, None, _errors(exc.issues), 400)
    except RuleBroken as exc:
        return _refused(exc, user_id)
    flash("密码已重置，该用户下次登录时须修改密码 / password reset; its user chooses a new one "
          "at the next sign-in", "ok")
    return redirect(url_for("registry.user_detail", user_id=user_id), 303)


@bp.route("/password", methods=["GET", "POST"])
def password() -> BaseResponse | tuple[str, int]:
    """Any signed-in user chooses a new password (required after an administrator set one)."""
    user: User = current_user._get_current_object()
    target = _safe_next(request.args.get("next"))
    if request.method == "GET":
        return render_template("registry/password.html", errors={}, user=user,
                               min_length=users.PASSWORD_MIN), 200
    s = db()
    if logins.blocked(s, user.username):  # the same limit as on the sign-in page
        return error_page(429, "密码输错次数过多，请一分钟后再试",
                          "too many wrong passwords; try again in a minute")
    try:
        users.change_own_password(s, user, request.form.get("current", ""),
                                  request.form.get("new", ""), request.form.get("repeat", ""))
        s.commit()
    except RecordInvalid as exc:
        s.rollback()
        if any(i.path == "current" for i in exc.issues):
            logins.failed(s, user.username)
            s.commit()
        return render_template("registry/password.html", errors=_errors(exc.issues), user=user,
                               min_length=users.PASSWORD_MIN), 400
    login_user(user)  # this session goes on; others signed in with the old password end
    flash("密码已修改 / password changed", "ok")
    return redirect(target, 303)
