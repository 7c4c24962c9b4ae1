"""The web app through Flask's test client: CSRF, error pages, rows without JavaScript, drafts,
checks shown beside their fields, downloads and certificate verification."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from docx import Document
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from forms.errors import Issue
from forms.kinds import KINDS, DocKind
from registry import certificates, drafts
from tests.browser.formparse import form_pairs
from tests.conftest import example_data
from webforms import create_app
from webforms.database import db

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_app(tmp: Path, **extra: Any) -> Flask:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": f"sqlite:///{tmp / 'web.sqlite3'}",
        "RENDER_CACHE": str(tmp / "renders"),
        "LOAD_EXAMPLES": True,
    }
    config.update(extra)
    return create_app(config)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c


def token(client: FlaskClient, url: str = "/forms/application") -> str:
    page = client.get(url)
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, "the form carries a CSRF token"
    return found[1]


def pairs_of(client: FlaskClient, url: str) -> list[tuple[str, str]]:
    return form_pairs(client.get(url).get_data(as_text=True))


def post(client: FlaskClient, url: str, pairs: Iterable[tuple[str, str]], action: str) -> Any:
    """Post the form's fields as a browser would, pressing the button ``_action=action``."""
    return client.post(url, data=MultiDict([*pairs, ("_action", action)]))


def without(pairs: Iterable[tuple[str, str]], prefix: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in pairs if not k.startswith(prefix)]


def text(resp: Any) -> str:
    body: str = resp.get_data(as_text=True)
    return body


def draft_count(app: Flask) -> int:
    with app.app_context():
        return len(drafts.recent(db()))


def test_home_lists_every_kind_and_the_example_drafts(client: FlaskClient) -> None:
    page = text(client.get("/"))
    for kind in KINDS.values():
        assert kind.title_zh in page
        assert f"/forms/{kind.name}" in page
    assert "/drafts/example-application" in page
    assert "王建国数控加工劳模创新工作室" in page


@pytest.mark.parametrize("url", ["/forms/no-such-kind", "/drafts/nope", "/nothing-here",
                                 "/drafts/nope/document.pdf"])
def test_unknown_pages_get_the_friendly_404(client: FlaskClient, url: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 404
    body = text(resp)
    assert "页面不存在" in body and "Page not found" in body
    assert "Traceback" not in body


def test_a_post_without_csrf_token_is_refused_but_keeps_what_was_typed(
        client: FlaskClient, app: Flask) -> None:
    before = draft_count(app)
    resp = client.post("/forms/application", data={"studio.direction": "数控加工",
                                                   "leader.name": "王建国", "_action": "save"})
    assert resp.status_code == 400
    body = text(resp)
    assert "页面已过期" in body
    assert 'value="数控加工"' in body and 'value="王建国"' in body
    assert TOKEN.search(body), "a fresh token to submit again"
    assert draft_count(app) == before, "an unverified post stores nothing"


def test_an_expired_csrf_token_brings_the_form_back_and_the_new_token_works(
        tmp_path: Path) -> None:
    app = make_app(tmp_path, WTF_CSRF_TIME_LIMIT=1, LOAD_EXAMPLES=False)
    with app.test_client() as client:
        old = token(client)
        time.sleep(2.2)
        typed = {"csrf_token": old, "leader.name": "李四", "studio.direction": "焊接工艺",
                 "_action": "save"}
        resp = client.post("/forms/application", data=typed)
        assert resp.status_code == 400
        body = text(resp)
        assert "页面已过期" in body and 'value="李四"' in body and 'value="焊接工艺"' in body
        fresh = TOKEN.search(body)
        assert fresh and fresh[1] != old
        resp = client.post("/forms/application",
                           data=MultiDict([*form_pairs(body), ("_action", "save")]))
        assert resp.status_code == 303
        page = text(client.get(resp.headers["Location"]))
        assert 'value="李四"' in page and 'value="焊接工艺"' in page


def test_a_10_mb_field_gets_the_friendly_413(client: FlaskClient) -> None:
    resp = client.post("/forms/application", data={"csrf_token": token(client),
                                                   "work_plan": "计" * (10 * 1024 * 1024 // 3)})
    assert resp.status_code == 413
    body = text(resp)
    assert "提交的内容过大" in body and "Too much data" in body and "Traceback" not in body


def test_save_a_draft_and_come_back_to_it(client: FlaskClient, app: Flask) -> None:
    before = draft_count(app)
    pairs = pairs_of(client, "/drafts/example-application")
    pairs = [(k, "孙志刚" if k == "team.2.name" else v) for k, v in pairs]
    resp = post(client, "/forms/application", pairs, "save")
    assert resp.status_code == 303
    url = resp.headers["Location"]
    assert url.startswith("/drafts/") and url != "/drafts/example-application"
    again = pairs_of(client, url)
    assert [p for p in again if p[0] != "csrf_token"] == [p for p in pairs if p[0] != "csrf_token"]
    assert draft_count(app) == before + 1
    with app.app_context():
        stored = drafts.get(db(), url.rsplit("/", 1)[1])
        assert stored is not None and stored.data["team"][2]["name"] == "孙志刚"


def test_add_and_remove_rows_without_javascript(client: FlaskClient) -> None:
    pairs = pairs_of(client, "/drafts/example-application")
    team = [p for p in pairs if p[0].startswith("team.")]
    assert {k.split(".")[1] for k, _ in team} == {"0", "1", "2", "3"}
    resp = post(client, "/drafts/example-application", pairs, "add:team")
    assert resp.status_code == 303 and resp.headers["Location"].endswith("#f-team-4")
    page = text(client.get("/drafts/example-application"))
    assert 'id="f-team-4"' in page and 'value="周𠮷"' in page
    pairs = form_pairs(page)
    resp = post(client, "/drafts/example-application", pairs, "remove:team.1")
    assert resp.status_code == 303
    after = pairs_of(client, "/drafts/example-application")
    names = [v for k, v in after if re.fullmatch(r"team\.\d+\.name", k)]
    assert names == ["陈晓东", "孙志强", "周𠮷", ""], "赵丽华 removed, the others kept in order"


def test_rows_removed_by_javascript_leave_gaps_that_are_read_in_order(
        client: FlaskClient) -> None:
    pairs = pairs_of(client, "/drafts/example-application")
    pairs = without(pairs, "team.1.")
    resp = post(client, "/drafts/example-application", pairs, "save")
    assert resp.status_code == 303
    after = pairs_of(client, "/drafts/example-application")
    assert [v for k, v in after if re.fullmatch(r"team\.\d+\.name", k)] == [
        "陈晓东", "孙志强", "周𠮷"]


def test_two_team_members_get_the_article_3_message_at_the_team_table(
        client: FlaskClient) -> None:
    pairs = without(without(pairs_of(client, "/drafts/example-application"), "team.2."),
                    "team.3.")
    resp = post(client, "/drafts/example-application", pairs, "submit")
    assert resp.status_code == 422
    body = text(resp)
    section = body[body.index('id="f-team"'):body.index('id="f-team-0"')]
    assert "至少 3 项，现有 2 项" in section and "〔第三条〕" in section
    assert 'href="#f-team"' in body, "the summary links to the table"
    for value in ("陈晓东", "赵丽华", "王建国数控加工劳模创新工作室", "91310110MA1G8XKJ3A"):
        assert f'value="{value}"' in body
    assert "将叶片加工变形量控制在0.02 mm以内" in body


def test_studio_name_outside_article_8_is_refused_beside_the_field(
        client: FlaskClient) -> None:
    pairs = [(k, "王建国工作室" if k == "studio.name" else v)
             for k, v in pairs_of(client, "/drafts/example-application")]
    resp = post(client, "/drafts/example-application", pairs, "submit")
    assert resp.status_code == 422
    body = text(resp)
    box = body[body.index('id="f-studio-name-box"'):]
    box = box[:box.index("</div>")]
    assert "〔第八条〕" in box and "王建国数控加工劳模创新工作室" in box
    assert 'value="王建国工作室"' in box, "what was typed stays"
    assert 'aria-invalid="true"' in box


def test_a_valid_draft_goes_to_the_preview(client: FlaskClient) -> None:
    pairs = pairs_of(client, "/drafts/example-application")
    resp = post(client, "/drafts/example-application", pairs, "submit")
    assert resp.status_code == 303
    assert resp.headers["Location"] == "/drafts/example-application/preview"
    page = text(client.get(resp.headers["Location"]))
    assert "检查通过" in page
    assert "/drafts/example-application/document.pdf?inline=1" in page


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_gets_a_form_from_its_schema(client: FlaskClient, kind: str) -> None:
    resp = client.get(f"/forms/{kind}")
    assert resp.status_code == 200
    body = text(resp)
    for name, info in KINDS[kind].model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if name != "record_id":
            assert str(extra["x-label-zh"]) in body, name
    labels = re.findall(r'<label for="([^"]+)"', body)
    ids = set(re.findall(r' id="([^"]+)"', body))
    assert labels and all(f in ids for f in labels), "every label is bound to an input"


@pytest.mark.parametrize("kind", sorted(k for k in KINDS
                                        if (Path("examples") / f"{k}.json").exists()))
def test_every_example_round_trips_through_its_form(client: FlaskClient, kind: str) -> None:
    """The example, shown in the form and posted back untouched, passes its kind's check."""
    url = f"/drafts/example-{kind}".replace("_", "-")
    pairs = pairs_of(client, url)
    resp = post(client, url, pairs, "submit")
    assert resp.status_code == 303, re.findall(r'class="msg msg-error"[^>]*>(.*?)</p>',
                                               text(resp), re.S)[:5]


def test_english_on_switch_and_back(client: FlaskClient) -> None:
    page = text(client.get("/forms/application?lang=en"))
    assert '<html lang="en">' in page and "Save draft" in page and "Team members" in page
    assert "Add a row" in page
    page = text(client.get("/"))
    assert "Fill in a document" in page, "the choice is remembered"
    page = text(client.get("/?lang=zh_CN"))
    assert '<html lang="zh-CN">' in page and "填写文书" in page


def test_the_docx_download_has_the_chinese_file_name(client: FlaskClient) -> None:
    resp = client.get("/drafts/example-application/document.docx")
    assert resp.status_code == 200
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="application-app2026demo01.docx"; ')
    match = re.search(r"filename\*=UTF-8''([^;]+)", disposition)
    assert match, disposition
    assert unquote(match[1]) == ("杨浦区劳模（先进）、技师创新工作室申报表"
                                 "（王建国数控加工劳模创新工作室）.docx")
    text_of_doc = "\n".join(p.text for p in Document(io.BytesIO(resp.data)).paragraphs)
    tables = "\n".join(c.text for t in Document(io.BytesIO(resp.data)).tables
                       for r in t.rows for c in r.cells)
    assert "王建国数控加工劳模创新工作室" in text_of_doc + tables


def test_a_draft_with_errors_cannot_be_downloaded(client: FlaskClient) -> None:
    pairs = without(pairs_of(client, "/drafts/example-application"), "team.")
    post(client, "/drafts/example-application", pairs, "save")
    resp = client.get("/drafts/example-application/document.docx")
    assert resp.status_code == 409 and "文书尚有错误" in text(resp)


def test_a_server_error_shows_a_friendly_page_and_the_draft_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_rule(_record: Any) -> Iterable[Issue]:
        raise RuntimeError("a bug in a rule")

    real = KINDS["application"]
    monkeypatch.setitem(KINDS, "application", DocKind(
        real.name, real.model, (*real.rules, broken_rule), real.template, real.version,
        real.title_zh, real.title_en))
    app = make_app(tmp_path, PROPAGATE_EXCEPTIONS=False)
    with app.test_client() as client:
        pairs = pairs_of(client, "/drafts/example-application")
        pairs = [(k, "临时修改的内容" if k == "work_plan" else v) for k, v in pairs]
        resp = post(client, "/drafts/example-application", pairs, "submit")
        assert resp.status_code == 500
        body = text(resp)
        assert "系统出错了" in body and "已保存为草稿" in body and "Traceback" not in body
        assert "a bug in a rule" not in body
        assert 'href="/drafts/example-application"' in body
    with app.app_context():
        stored = drafts.get(db(), "example-application")
        assert stored is not None and stored.data["work_plan"] == "临时修改的内容"


def test_capitals_for_the_live_display(client: FlaskClient) -> None:
    assert client.get("/api/capitals?amount=10000").json == {"capitals": "人民币壹万元整"}
    assert client.get("/api/capitals?amount=1,234.5").json == {
        "capitals": "人民币壹仟贰佰叁拾肆元伍角"}
    assert client.get("/api/capitals?amount=abc").json == {"capitals": ""}


def test_verify_answers_known_and_unknown_certificate_numbers(
        client: FlaskClient, app: Flask) -> None:
    number = "杨工创〔2026〕第001号"
    with app.app_context():
        certificates.issue(db(), number, {"studio_name": "王建国数控加工劳模创新工作室"},
                           dt.date(2026, 12, 28))
        db().commit()
    resp = client.get(f"/verify/{quote(number)}")
    assert resp.status_code == 200
    body = text(resp)
    assert "有效证书编号" in body and "王建国数控加工劳模创新工作室" in body
    assert "2026年12月28日" in body
    resp = client.get(f"/verify/{quote('杨工创〔2026〕第999号')}")
    assert resp.status_code == 404
    assert "没有这个证书编号" in text(resp) and "not a known issued certificate" in text(resp)


def test_the_example_data_is_loaded_once(tmp_path: Path) -> None:
    make_app(tmp_path)
    app = make_app(tmp_path)
    assert draft_count(app) == len([k for k in KINDS if Path(f"examples/{k}.json").exists()])
    data = copy.deepcopy(example_data("application"))
    with app.app_context():
        stored = drafts.get(db(), "example-application")
        assert stored is not None and stored.data == data


def test_funding_refuses_a_travel_row_even_when_posted_without_the_page(
        client: FlaskClient) -> None:
    """A client that does not offer the select (no page, an old form) may post any use: the
    funding kind's own rule refuses 差旅 citing 第十六条, and the value is kept to correct."""
    pairs = [(k, "差旅" if k == "spending.1.category" else v)
             for k, v in pairs_of(client, "/drafts/example-funding")]
    resp = post(client, "/drafts/example-funding", pairs, "submit")
    assert resp.status_code == 422
    body = text(resp)
    box = body[body.index('id="f-spending-1-category-box"'):]
    box = box[:box.index("</div>")]
    assert "差旅" in box and "〔第十六条〕" in box
    assert '<option value="差旅" selected>' in box
    assert 'id="f-amount-capitals"' in body and "人民币壹万元整" in body


def test_dates_typed_the_chinese_way_are_accepted(client: FlaskClient) -> None:
    pairs = [(k, "2026年11月24日" if k == "fill_date" else v)
             for k, v in pairs_of(client, "/drafts/example-application")]
    resp = post(client, "/drafts/example-application", pairs, "submit")
    assert resp.status_code == 303
    assert 'value="2026年11月24日"' in text(client.get("/drafts/example-application"))


def test_delete_a_draft(client: FlaskClient, app: Flask) -> None:
    before = draft_count(app)
    resp = client.post("/drafts/example-funding/delete", data={"csrf_token": token(client)})
    assert resp.status_code == 303 and draft_count(app) == before - 1
    assert client.get("/drafts/example-funding").status_code == 404
    assert client.post("/drafts/example-plaque/delete").status_code == 400, "CSRF applies"


def test_a_short_team_is_told_together_with_missing_fields(client: FlaskClient) -> None:
    pairs = [(k, "" if k == "leader.post" else v)
             for k, v in without(without(pairs_of(client, "/drafts/example-application"),
                                         "team.2."), "team.3.")]
    resp = post(client, "/drafts/example-application", pairs, "submit")
    assert resp.status_code == 422
    body = text(resp)
    post_box = body[body.index('id="f-leader-post-box"'):]
    assert "不能为空" in post_box[:post_box.index("</div>")]
    team = body[body.index('id="f-team"'):body.index('id="f-team-0"')]
    assert "至少 3 项，现有 2 项" in team and "〔第三条〕" in team


def test_example_documents_download_with_their_chinese_names(client: FlaskClient) -> None:
    resp = client.get("/example/certificate.docx")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == (
        "attachment; filename=\"certificate-example.docx\"; filename*=UTF-8''"
        + quote("创新工作室命名证书（示例）.docx", safe=""))
    assert client.get("/example/nothing.docx").status_code == 404
