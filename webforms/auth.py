"""Sign-in with Flask-Login: one account per person, one role and one organisation each.

Passwords are stored as Werkzeug hashes; the registry's pages ask for a signed-in user
(``login_required``) and act as :func:`actor`. Texts are bilingual in place (:func:`tr`), so the
shared UI catalogue needs no new entries.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response as BaseResponse

from registry import logins, users
from registry.models_org import User
from registry.roles import ROLE_LABELS, Actor
from webforms.database import db
from webforms.errors import error_page
from webforms.i18n import lang

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "请先登录 / Please sign in first"
login_manager.login_message_category = "ok"


def tr(zh: str, en: str) -> str:
    """The text in the UI language: Chinese first, English on switch."""
    return zh if lang().startswith("zh") else en


def role_label(role: str, lang_code: str = "zh") -> str:
    zh, en = ROLE_LABELS.get(role, (role, role))
    return zh if lang_code.startswith("zh") else en


def _load(user_id: str) -> User | None:
    """The signed-in user, or None when the account was deactivated or its password changed
    since the session began (``id:token``, see :meth:`User.get_id`): the session ends at the
    very next request."""
    number, _, token = user_id.partition(":")
    if not number.isdigit():
        return None
    user = db().get(User, int(number))
    if user is None or not user.active or not hmac.compare_digest(token,
                                                                  user.session_token()):
        return None
    return user


def actor() -> Actor:
    user: User = current_user._get_current_object()
    return Actor.of(user)


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not urlsplit(target).netloc \
            and not target.startswith("//"):
        return target
    return url_for("registry.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse | tuple[str, int] | tuple[str, int, dict[str, str]]:
    error = False
    if request.method == "POST":
        name = request.form.get("username", "").strip()[:40]
        session = db()
        if logins.blocked(session, name):
            page, _ = error_page(429, "登录失败次数过多，请一分钟后再试",
                                 "too many failed sign-ins; try again in a minute")
            return page, 429, {"Retry-After": str(int(logins.WINDOW.total_seconds()))}
        user = session.scalars(select(User).where(User.username == name)).first()
        if user is not None and user.active and check_password_hash(
                user.password_hash, request.form.get("password", "")):
            logins.succeeded(session, name)
            users.signed_in(session, user)
            session.commit()
            login_user(user)
            if user.must_change_password:
                return redirect(url_for("registry.password",
                                        next=_safe_next(request.args.get("next"))))
            return redirect(_safe_next(request.args.get("next")))
        logins.failed(session, name)
        session.commit()
        error = True
    return render_template("registry/login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout() -> BaseResponse:
    logout_user()
    return redirect(url_for("auth.login"))


# What a user who must choose a new password may still reach.
UNTIL_PASSWORD_CHANGED = ("registry.password", "auth.logout", "auth.login", "static")


def _password_change_due() -> BaseResponse | None:
    """A password given by the administrator is changed before anything else is done."""
    if request.endpoint in UNTIL_PASSWORD_CHANGED or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("registry.password", next=request.full_path.rstrip("?")
                                if request.method == "GET" else None), 303)
    return None


def init_app(app: Flask) -> None:
    app.before_request(_password_change_due)
    login_manager.user_loader(_load)
    login_manager.init_app(app)
    app.jinja_env.globals["tr"] = tr
    app.jinja_env.globals["role_label"] = role_label
    app.register_blueprint(bp)
