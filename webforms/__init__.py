"""The Flask web app: ``create_app(config=None)``; nothing happens at import time.

Configuration comes from the defaults below, ``instance/config.py`` if present,
``STUDIO_``-prefixed environment variables (``STUDIO_SECRET_KEY``, ``STUDIO_DATABASE_URL``…) and
finally the ``config`` mapping (tests).
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, Response
from flask_babel import format_date, format_datetime, format_decimal
from flask_wtf.csrf import CSRFProtect

from forms.money import format_yuan
from webforms import converter, database, errors, i18n
from webforms.placement import dom_id
from webforms.widgets import capitals, choice_label

DEFAULTS: dict[str, Any] = {
    # A 10 MB field is refused with a friendly 413 page; real forms are a few kilobytes.
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "LOAD_EXAMPLES": True,
    "CONVERTER_POOL": 0,
    "TEMPLATES_AUTO_RELOAD": False,
}


def _secret_key(app: Flask) -> str:
    """A key kept in the instance folder, so sessions survive restarts and are shared by the
    gunicorn workers without anyone having to configure one for a local run."""
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    for _ in range(50):  # another worker may be writing it this very moment
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.05)
    raise RuntimeError(f"empty secret key file {path}")


# Pages load only their own CSS, JS, frames and images: nothing from outside, nothing inline.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'self'")


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("STUDIO")
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(app)

    CSRFProtect(app)
    i18n.init_app(app)
    database.init_app(app)
    errors.init_app(app)
    converter.init_app(app)
    from webforms import security, throttle

    security.init_app(app)  # cookie flags, security headers, HTTPS behind a proxy (issue 8)
    throttle.init_app(app)  # a bounded number of PDF conversions at once (issue 8)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(dom_id=dom_id, capitals=capitals, choice_label=choice_label,
                                 format_yuan=format_yuan, format_date=format_date,
                                 format_datetime=format_datetime, format_decimal=format_decimal)

    from webforms.documents import bp as documents
    from webforms.pages import bp as pages
    from webforms.verify import bp as verify

    app.register_blueprint(pages)
    app.register_blueprint(documents)
    app.register_blueprint(verify)
    from webforms.bulk import bp as bulk

    app.register_blueprint(bulk)
    from webforms import (  # noqa: F401
        admin_users,
        auth,
        registry_docs,
        registry_excel,
        registry_pages,
    )

    auth.init_app(app)  # sign-in and roles (issue 5)
    app.register_blueprint(registry_pages.bp)  # the registry: /registry/…
    from webforms import uploads
    app.register_blueprint(uploads.bp)  # returned forms: upload, review, save (issue 6)
    return app
