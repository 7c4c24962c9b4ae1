"""The web app against hostile and unlucky use (issue 8): CSRF on every POST route, cookie
flags, security headers, a double-clicked first submit, 50 concurrent writers, and PDF
conversions beyond the converter's capacity answered with 503 + Retry-After."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.serving import make_server

from registry import drafts
from tests.browser.formparse import form_pairs
from tests.test_web_app import make_app as web_app
from webforms.database import db
from webforms.throttle import EXTENSION as SLOTS

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
           "X-Frame-Options", "Permissions-Policy")


def make_app(tmp: Path, **extra: Any) -> Flask:
    return web_app(tmp, **{"SECRET_KEY": "hostile-test", **extra})


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c


def all_drafts(app: Flask) -> dict[str, dict[str, Any]]:
    with app.app_context():
        return {d.id: dict(d.data) for d in drafts.recent(db(), limit=10_000)}


def post_routes(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or set()) and rule.endpoint != "static":
            urls.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: {
                "kind": "application", "draft_id": "example-application", "fmt": "pdf",
                "page": "1"}.get(m[1], "1"), str(rule.rule)))
    return urls


@pytest.mark.parametrize("token", [None, "wrong-token", "IjEyMyI.aaaa.bbbb"],
                         ids=["missing", "wrong", "forged"])
def test_every_post_route_refuses_a_missing_or_wrong_csrf_token(
        client: FlaskClient, app: Flask, token: str | None) -> None:
    before = all_drafts(app)
    client.get("/forms/application")  # a session with a real token exists
    routes = post_routes(app)
    assert {"/forms/application", "/drafts/example-application"} <= set(routes)
    for url in routes:
        data = {"studio.direction": "数控加工", "_action": "save"}
        if token is not None:
            data["csrf_token"] = token
        resp = client.post(url, data=data)
        assert resp.status_code == 400, url
        body = resp.get_data(as_text=True)
        assert "Traceback" not in body
        assert ("页面已过期" in body or "请求无效" in body), url
    assert all_drafts(app) == before, "nothing changed by an unverified post"


def test_a_token_of_another_session_is_refused(app: Flask) -> None:
    alice, mallory = app.test_client(), app.test_client()
    found = TOKEN.search(mallory.get("/forms/application").get_data(as_text=True))
    assert found
    alice.get("/forms/application")
    resp = alice.post("/forms/application", data={"csrf_token": found[1], "_action": "save"})
    assert resp.status_code == 400


def session_cookie(resp: Any) -> str:
    cookies = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "the page sets the session cookie"
    return str(cookies[0])


def test_session_cookie_flags_on_plain_http(client: FlaskClient) -> None:
    cookie = session_cookie(client.get("/forms/application"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie, "a local run on http keeps working"


def test_session_cookie_is_secure_over_https_by_default(client: FlaskClient) -> None:
    cookie = session_cookie(client.get("/forms/application", base_url="https://localhost"))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("setting", [True, "1", "true"])
def test_secure_cookies_forced_by_setting(tmp_path: Path, setting: Any) -> None:
    app = make_app(tmp_path, SECURE_COOKIES=setting)
    with app.test_client() as c:
        assert "Secure" in session_cookie(c.get("/forms/application"))


def test_secure_cookies_from_the_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_SECURE_COOKIES", "true")
    app = make_app(tmp_path)
    with app.test_client() as c:
        assert "Secure" in session_cookie(c.get("/forms/application"))
    monkeypatch.setenv("STUDIO_SECURE_COOKIES", "0")
    app = make_app(tmp_path)
    with app.test_client() as c:
        assert "Secure" not in session_cookie(
            c.get("/forms/application", base_url="https://localhost"))


def test_behind_a_tls_proxy_cookies_are_secure(tmp_path: Path) -> None:
    app = make_app(tmp_path, PROXY_FIX=True)
    with app.test_client() as c:
        resp = c.get("/forms/application", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in session_cookie(resp)
        assert resp.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("url", ["/", "/forms/application", "/drafts/example-application",
                                 "/no-such-page"])
def test_security_headers_on_pages(client: FlaskClient, url: str) -> None:
    resp = client.get(url)
    for name in HEADERS:
        assert resp.headers.get(name), f"{url}: {name}"
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors" in csp
    assert "camera=()" in resp.headers["Permissions-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_downloads_are_not_sniffed(client: FlaskClient) -> None:
    resp = client.get("/drafts/example-application/document.docx")
    assert resp.status_code == 200
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Permissions-Policy"]


def new_form(client: FlaskClient) -> list[tuple[str, str]]:
    pairs = form_pairs(client.get("/forms/application").get_data(as_text=True))
    assert any(k == "_new_id" for k, _ in pairs), "the new form carries its draft id"
    return [*pairs, ("leader.name", "双击测试"), ("_action", "save")]


def test_a_double_clicked_first_submit_makes_one_draft(client: FlaskClient, app: Flask) -> None:
    before = set(all_drafts(app))
    pairs = new_form(client)
    first = client.post("/forms/application", data=MultiDict(pairs))
    second = client.post("/forms/application", data=MultiDict(pairs))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    made = set(all_drafts(app)) - before
    assert len(made) == 1
    # A second, fresh form is a second draft.
    client.post("/forms/application", data=MultiDict(new_form(client)))
    assert len(set(all_drafts(app)) - before) == 2


def test_two_clicks_arriving_at_once_make_one_draft(app: Flask) -> None:
    before = set(all_drafts(app))
    with app.test_client() as first:
        pairs = new_form(first)
        cookie = first.get_cookie("session")
        assert cookie is not None
        results: list[int] = []

        def click() -> None:
            with app.test_client() as c:
                c.set_cookie("session", cookie.value)
                results.append(c.post("/forms/application",
                                      data=MultiDict(pairs)).status_code)

        for _round in range(3):
            threads = [threading.Thread(target=click) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
    assert results == [303] * 12
    assert len(set(all_drafts(app)) - before) == 1


def test_a_new_id_of_another_kind_does_not_touch_that_draft(client: FlaskClient,
                                                            app: Flask) -> None:
    token = TOKEN.search(client.get("/forms/funding").get_data(as_text=True))
    assert token
    stolen = next(i for i, d in all_drafts(app).items() if i.startswith("example-"))
    before = all_drafts(app)[stolen]
    resp = client.post("/forms/funding", data={"csrf_token": token[1], "_new_id": stolen,
                                               "_action": "save"})
    assert resp.status_code == 303
    assert all_drafts(app)[stolen] == before


@pytest.fixture
def live(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_fifty_concurrent_writers_lose_nothing(live: str, app: Flask) -> None:
    before = set(all_drafts(app))
    outcome: dict[int, str] = {}
    start = threading.Barrier(50)

    def writer(n: int) -> None:
        with requests.Session() as s:
            page = s.get(f"{live}/forms/application", timeout=60).text
            typed = {"leader.name": f"写入者{n:02d}", "studio.direction": f"并发测试{n}"}
            pairs = [(k, typed.get(k, v)) for k, v in form_pairs(page)]
            pairs.append(("_action", "save"))
            start.wait(timeout=60)
            resp = s.post(f"{live}/forms/application", data=pairs, timeout=60,
                          allow_redirects=False)
            draft_url = resp.headers.get("Location", "")
            # ... and an update of the same draft right after.
            again = form_pairs(s.get(f"{live}{draft_url}", timeout=60).text)
            again = [(k, f"更新{n:02d}" if k == "studio.direction" else v) for k, v in again]
            done = s.post(f"{live}{draft_url}", data=[*again, ("_action", "save")],
                          timeout=60, allow_redirects=False)
            outcome[n] = f"{resp.status_code}/{done.status_code}:{draft_url}"

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcome) == list(range(50))
    assert all(v.startswith("303/303:/drafts/") for v in outcome.values()), outcome
    made = {i: d for i, d in all_drafts(app).items() if i not in before}
    assert len(made) == 50
    names = sorted(d["leader"]["name"] for d in made.values())
    assert names == [f"写入者{n:02d}" for n in range(50)]
    assert sorted(d["studio"]["direction"] for d in made.values()) == \
        sorted(f"更新{n:02d}" for n in range(50))


def test_pdf_conversions_beyond_capacity_get_503_with_retry_after(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT=0.2)
    slots: threading.BoundedSemaphore = app.extensions[SLOTS]
    with app.test_client() as c:
        assert slots.acquire(timeout=1)  # the one converter is busy
        try:
            resp = c.get("/drafts/example-application/document.pdf")
            assert resp.status_code == 503
            assert resp.headers["Retry-After"] == "5"
            body = resp.get_data(as_text=True)
            assert "请稍候几秒再试" in body and "try again in a few seconds" in body
            assert "Traceback" not in body
            docx = c.get("/drafts/example-application/document.docx")
            assert docx.status_code == 200, "a .docx needs no converter"
        finally:
            slots.release()


def test_a_freed_slot_serves_the_pdf(soffice: str, tmp_path: Path) -> None:
    app = make_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT=120)
    with app.test_client() as c:
        resp = c.get("/drafts/example-certificate/document.pdf")
        assert resp.status_code == 200 and resp.data.startswith(b"%PDF-")
