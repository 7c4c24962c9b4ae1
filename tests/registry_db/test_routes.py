"""Every registry route for every role on the seeded example district: 200/303 for the role
whose step it is, 403 for a role that sees the record but does not take the step, 404 for a
record outside the user's organisation, the sign-in page for nobody."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from registry import demo, drafts
from registry.models import Draft
from registry.models_org import AuditEntry
from registry.models_studio import (
    Application,
    Certificate,
    FundingApplication,
    RectificationNotice,
    Studio,
)
from tests.registry_db.test_lifecycle import application_record
from webforms import create_app
from webforms.database import EXTENSION

TODAY = dt.date(2026, 11, 24)
ROLES = ("district", "panel", "admin", "sector", "unit")


def make_app(path: Path) -> Flask:
    return create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "LOAD_EXAMPLES": False,
                       "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{path}",
                       "REGISTRY_TODAY": TODAY.isoformat(),
                       "RENDER_CACHE": str(path.parent / "renders")})


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "district.sqlite3"
    app = make_app(path)
    assert demo.seed(app.extensions[EXTENSION], TODAY)
    return path


@pytest.fixture
def app(seeded: Path, tmp_path: Path) -> Iterator[Flask]:
    copy = tmp_path / "district.sqlite3"
    # The backup API copies what is still in the write-ahead log too.
    with closing(sqlite3.connect(seeded)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    yield make_app(copy)


def login(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": username,
                                           "password": f"demo-{username}"})
    assert response.status_code == 302, username
    return client


def ids(app: Flask) -> dict[str, int | str]:
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    with factory() as s:
        def studio(leader: str) -> int:
            return s.scalars(select(Studio.id).where(Studio.name.startswith(leader))).one()

        def app_of(leader: str) -> int:
            return s.scalars(select(Application.id).where(
                Application.studio_id == studio(leader))).one()

        draft = s.scalars(select(Draft.id).where(Draft.kind == "application")).first()
        if draft is None:
            draft = drafts.create(s, "application", application_record("冯十", year=2026)).id
            s.commit()
        return {
            "draft": draft,
            "wang": studio("王建国"), "li": studio("李红梅"), "liu": studio("刘洋"),
            "zheng_app": app_of("郑磊"), "zhou_app": app_of("周敏"),
            "zhang_notice": s.scalars(select(RectificationNotice.id).where(
                RectificationNotice.studio_id == studio("张伟"))).one(),
            "li_funding": s.scalars(select(FundingApplication.id)).one(),
            "wang_cert": s.scalars(select(Certificate.id).where(
                Certificate.studio_id == studio("王建国"))).one(),
            "li_cert": s.scalars(select(Certificate.id).where(
                Certificate.studio_id == studio("李红梅"))).one(),
        }


INSPECTION = {**{f"met_{i}": "1" for i in range(5)}}
EXPLAINED = {**INSPECTION, **{f"explanation_{i}": "情况良好" for i in range(5)}}
S, A = 303, 200
# (method, url template, form data, {role: expected status})
ROUTES: list[tuple[str, str, dict[str, Any], dict[str, int]]] = [
    ("GET", "/registry/", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/studios", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/studios/{wang}", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/studios/{li}", {},
     {"district": A, "panel": A, "admin": A, "sector": 404, "unit": 404}),
    ("GET", "/registry/studios/{liu}", {},
     {"district": A, "panel": 404, "admin": A, "sector": 404, "unit": 404}),
    ("GET", "/registry/roster", {},
     {"district": A, "panel": 403, "admin": A, "sector": 403, "unit": 403}),
    ("POST", "/registry/roster", {},
     {"district": 422, "panel": 403, "admin": 422, "sector": 403, "unit": 403}),
    ("GET", "/registry/audit", {},
     {"district": A, "panel": 403, "admin": A, "sector": 403, "unit": 403}),
    ("GET", "/registry/export/studios.xlsx", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/export/overdue-filings.xlsx", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/export/nothing.xlsx", {}, dict.fromkeys(ROLES, 404)),
    ("GET", "/registry/documents/certificate/{wang_cert}.docx", {}, dict.fromkeys(ROLES, A)),
    ("GET", "/registry/documents/certificate/{li_cert}.docx", {},
     {"district": A, "panel": A, "admin": A, "sector": 404, "unit": 404}),
    ("GET", "/registry/documents/funding/{li_funding}.docx", {},
     {"district": A, "panel": A, "admin": A, "sector": 404, "unit": 404}),
    ("POST", "/registry/applications/new", {"draft_id": "{draft}"},
     {"district": 403, "panel": 403, "admin": 403, "sector": 403, "unit": S}),
    ("POST", "/registry/applications/new", {"draft_id": "nope"},
     {"district": 403, "panel": 403, "admin": 403, "sector": 403, "unit": 404}),
    ("POST", "/registry/applications/{zheng_app}/approve", {},
     {"district": S, "panel": 403, "admin": S, "sector": 404, "unit": 404}),
    ("POST", "/registry/applications/{zhou_app}/preliminary", {"opinion": "同意"},
     {"district": 403, "panel": 404, "admin": S, "sector": S, "unit": 403}),
    ("POST", "/registry/studios/{wang}/filing",
     {"year": "2026", "self_inspection": "自查", "evaluation": "评估", **EXPLAINED},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": S}),
    ("POST", "/registry/studios/{li}/filing",
     {"year": "2025", "self_inspection": "自查", "evaluation": "评估", **EXPLAINED},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": 404}),
    ("POST", "/registry/studios/{wang}/inspection", INSPECTION,
     {"district": S, "panel": 403, "admin": S, "sector": 403, "unit": 403}),
    ("POST", "/registry/notices/{zhang_notice}/withdraw", {"finding": "逾期未整改"},
     {"district": S, "panel": 403, "admin": S, "sector": 403, "unit": 404}),
    ("POST", "/registry/studios/{li}/ledger/usage",
     {"on": "2026-11-01", "category": "材料", "item": "钢材", "amount": "100"},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": 404}),
    ("POST", "/registry/notices/{zhang_notice}/accept", {},
     {"district": S, "panel": 403, "admin": S, "sector": 403, "unit": 404}),
    ("POST", "/registry/notices/{zhang_notice}/fly", {},
     dict.fromkeys(ROLES, 404)),
    ("POST", "/registry/studios/{wang}/ledger/activity", {"on": "2026-11-01", "title": "例会"},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": S}),
    ("POST", "/registry/studios/{wang}/ledger/achievement",
     {"on": "2026-11-01", "name": "新成果", "summary": "简介", "social_benefit": "推广"},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": S}),
    ("POST", "/registry/studios/{wang}/ledger/member",
     {"on": "2026-11-01", "person_name": "陈明", "event": "晋升技师"},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": S}),
    ("POST", "/registry/studios/{wang}/ledger/diary", {},
     {"district": 404, "panel": 404, "admin": 404, "sector": 404, "unit": 404}),
    ("POST", "/registry/studios/{wang}/consent", {"note": "同意"},
     {"district": 403, "panel": 403, "admin": S, "sector": 403, "unit": S}),
    ("POST", "/registry/funding/{li_funding}/propose", {"amount": "30000"},
     {"district": 403, "panel": S, "admin": S, "sector": 404, "unit": 404}),
]


def test_certificate_verifies(app: Flask) -> None:
    """A certificate the registry issued answers at /verify (its QR code's address)."""
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    with factory() as s:
        number = s.scalars(select(Certificate.number).order_by(Certificate.id)).first()
    assert number is not None
    page = app.test_client().get(f"/verify/{number}")
    assert page.status_code == 200 and "王建国数控加工劳模创新工作室" in page.get_data(True)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "data", "expected"), ROUTES,
                         ids=[f"{m} {t}" for m, t, _, _ in ROUTES])
def test_route_for_role(app: Flask, role: str, method: str, template: str,
                        data: dict[str, Any], expected: dict[str, int]) -> None:
    known = ids(app)
    url = template.format(**known)
    data = {k: v.format(**known) for k, v in data.items()}
    client = login(app, role)
    call: Callable[..., Any] = client.get if method == "GET" else client.post
    response = call(url, data=data) if method == "POST" else call(url)
    assert response.status_code == expected[role], response.get_data(as_text=True)[:600]
    if response.status_code == S:  # the step was taken, with its audit row
        factory: sessionmaker[Session] = app.extensions[EXTENSION]
        with factory() as s:
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
            assert last is not None and last.at.date() == dt.date.today()
        follow = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "flash-ok" in follow, follow[follow.find("flash"):][:300]


@pytest.mark.parametrize(("method", "template", "data", "expected"), ROUTES,
                         ids=[f"{m} {t}" for m, t, _, _ in ROUTES])
def test_route_needs_sign_in(app: Flask, method: str, template: str, data: dict[str, Any],
                             expected: dict[str, int]) -> None:
    client = app.test_client()
    url = template.format(**ids(app))
    response = client.get(url) if method == "GET" else client.post(url, data=data)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_wrong_password_refused(app: Flask) -> None:
    response = app.test_client().post("/login", data={"username": "district",
                                                      "password": "nope"})
    assert response.status_code == 401 and "用户名或密码不正确" in response.get_data(True)


def test_refused_step_explains_the_article(app: Flask) -> None:
    client = login(app, "unit")
    i = ids(app)
    response = client.post(f"/registry/studios/{i['wang']}/ledger/usage",
                           data={"on": "2026-11-01", "category": "差旅", "item": "出差",
                                 "amount": "100"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "第十六条" in text and "差旅" in text and "flash-error" in text


def test_dashboards_list_what_waits(app: Flask) -> None:
    text = login(app, "district").get("/registry/").get_data(as_text=True)
    for expected in ("郑磊新能源电气劳模创新工作室", "王建国数控加工劳模创新工作室",
                     "黄建华模具设计劳模创新工作室"):
        assert expected in text
    unit = login(app, "unit").get("/registry/").get_data(as_text=True)
    assert "刘洋" not in unit and "郑磊" not in unit and "王建国" in unit
    english = login(app, "district").get("/registry/?lang=en").get_data(as_text=True)
    assert "What waits for me" in english and "Overdue yearly filings" in english


def test_export_reads_back(app: Flask) -> None:
    data = login(app, "sector").get("/registry/export/studios.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "工作室名称"
    names = {r[0] for r in rows[1:]}
    assert "王建国数控加工劳模创新工作室" in names and "李红梅电气自动化先进创新工作室" not in names


def test_documents_come_from_the_stored_records(app: Flask) -> None:
    from docx import Document

    client = login(app, "district")
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    with factory() as s:
        notice = s.scalars(select(RectificationNotice).where(
            RectificationNotice.state == "open")).one()
        application = s.scalars(select(Application).where(
            Application.state == "panel_passed")).one()
    response = client.get(f"/registry/documents/notice/{notice.id}.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.data)).paragraphs)
    assert notice.number in text and "除带头人外成员不足3人" in text
    assert "杨浦区科技园区工会" in text
    # The application form carries each level's opinion as it was given.
    response = client.get(f"/registry/documents/application/{application.id}.docx")
    doc = Document(io.BytesIO(response.data))
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "（示例）" in cells and "同意。" in cells


@pytest.mark.slow
def test_withdrawal_decision_pdf(app: Flask, soffice: str) -> None:
    import pdfplumber

    client = login(app, "district")
    notice_id = ids(app)["zhang_notice"]
    response = client.post(f"/registry/notices/{notice_id}/withdraw",
                           data={"finding": "逾期复查仍不符合，未报送整改报告。"})
    assert response.status_code == S
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    with factory() as s:
        from registry.models_studio import Withdrawal

        decision = s.scalars(select(Withdrawal).where(Withdrawal.notice_id == notice_id)).one()
    pdf = client.get(f"/registry/documents/withdrawal/{decision.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    compact = "".join(text.split())
    assert decision.number in compact and "逾期复查仍不符合，未报送整改报告。" in compact
    assert "张伟智能装配先进创新工作室" in compact


def test_roster_upload(app: Flask) -> None:
    from tests.registry_db.test_excel import row, workbook

    client = login(app, "district")
    good = workbook([row("甲", "杨工创〔2026〕第050号"), row("乙", "杨工创〔2026〕第051号")])
    page = client.post("/registry/roster", data={"roster": (io.BytesIO(good), "汇总表.xlsx")},
                       content_type="multipart/form-data")
    assert page.status_code == 200 and "已导入" in page.get_data(True)
    bad = workbook([row("丙", "杨工创〔2026〕第052号"), row("丁", "杨工创〔2026〕第050号")])
    page = client.post("/registry/roster", data={"roster": (io.BytesIO(bad), "汇总表.xlsx")},
                       content_type="multipart/form-data")
    text = page.get_data(True)
    assert page.status_code == 422 and "第3行" in text and "未导入任何记录" in text
    studios = client.get("/registry/studios").get_data(True)
    assert "甲数控加工劳模创新工作室" in studios and "丙数控加工劳模创新工作室" not in studios
    for name in ("due-inspections", "overdue-rectifications"):
        sheet = load_workbook(io.BytesIO(client.get(f"/registry/export/{name}.xlsx").data)).active
        assert sheet is not None and sheet.max_row >= 2, name
