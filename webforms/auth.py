"""Sign-in with Flask-Login: one account per person, one role and one organisation each.

Passwords are stored as Werkzeug hashes; the registry's pages ask for a signed-in user
(``login_required``) and act as :func:`actor`. Texts are bilingual in place (:func:`tr`), so the
shared UI catalogue needs no new entries.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response as BaseResponse

from registry import logins
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
    if not user_id.isdigit():
        return None
    user = db().get(User, int(user_id))
    return user if user is not None and user.active else None


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
            session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        logins.failed(session, name)
        session.commit()
        error = True
    return render_template("registry/login.html", error=error), 401 if error else 200


@bp.post("/logout")
def logout() -> BaseResponse:
    logout_user()
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load)
    login_manager.init_app(app)
    app.jinja_env.globals["tr"] = tr
    app.jinja_env.globals["role_label"] = role_label
    app.register_blueprint(bp)
