"""Session cookie flags, browser security headers and HTTPS behind a proxy.

Cookies are always HttpOnly and SameSite=Lax. ``Secure`` follows ``SECURE_COOKIES``
(``STUDIO_SECURE_COOKIES``): true or false forces it; the default ``"auto"`` marks cookies Secure
whenever the request came over HTTPS — so a deployment behind HTTPS gets Secure cookies without
anyone remembering a setting, while a local run and the tests on plain http keep working.
Behind a TLS-terminating proxy set ``PROXY_FIX`` (``STUDIO_PROXY_FIX=1``) so that the proxy's
``X-Forwarded-Proto`` counts.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

AUTO = "auto"
# Features no page of ours uses: a framed or injected page cannot ask for them either.
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                      "serial=(), bluetooth=(), interest-cohort=()")


def secure_setting(value: Any) -> bool | str:
    """``SECURE_COOKIES`` as given in a mapping or the environment: True, False or "auto"."""
    if isinstance(value, bool):
        return value
    if value is None:
        return AUTO
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    return AUTO


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, Secure decided per request when set to "auto"."""

    def get_cookie_secure(self, app: Flask) -> bool:
        setting = secure_setting(app.config.get("SECURE_COOKIES"))
        if setting == AUTO:
            return bool(request) and request.is_secure
        return bool(setting)


def _headers(response: Response) -> Response:
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.mimetype == "text/html":
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("SECURE_COOKIES", AUTO)
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    if secure_setting(app.config["SECURE_COOKIES"]) is True:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config.setdefault("REMEMBER_COOKIE_SECURE", True)
    app.session_interface = SessionInterface()
    if app.config.get("PROXY_FIX"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    app.after_request(_headers)
