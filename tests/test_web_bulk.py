"""Bulk printing in the web app: roster upload, live state, downloads, cancel, bad input."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from registry import demo
from registry.models_studio import Certificate
from tests.test_web_app import make_app
from webforms.database import EXTENSION

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADERS = ["证书编号", "带头人", "攻关方向", "类别", "所在单位", "命名日期"]


TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = make_app(tmp_path, JOBS_DIR=str(tmp_path / "jobs"), REGISTRY_TODAY=TODAY.isoformat())
    assert demo.seed(app.extensions[EXTENSION], TODAY)
    return app


def signed_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    found = TOKEN.search(client.get("/login").get_data(as_text=True))
    assert found
    response = client.post("/login", data={"csrf_token": found[1], "username": username,
                                           "password": f"demo-{username}"})
    assert response.status_code == 302, username
    return client


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with signed_in(app, "district") as c:
        yield c


def test_bulk_printing_is_the_district_unions(app: Flask) -> None:
    assert app.test_client().get("/bulk/").status_code == 302  # to the sign-in page
    for user in ("unit", "sector", "panel"):
        page = signed_in(app, user).get("/bulk/")
        assert page.status_code == 403
        assert "区总工会" in page.get_data(as_text=True)
    assert signed_in(app, "admin").get("/bulk/").status_code == 200


def roster(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def upload(client: FlaskClient, data: bytes, name: str = "名单.xlsx", kind: str = "certificate"
           ) -> Any:
    page = client.get("/bulk/").get_data(as_text=True)
    found = TOKEN.search(page)
    assert found
    return client.post("/bulk/", data={"csrf_token": found[1], "kind": kind,
                                       "roster": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def wait(client: FlaskClient, job_url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"{job_url}/state.json").get_json()
        if state["status"] in ("done", "failed", "cancelled"):
            return state
        time.sleep(0.3)
    raise AssertionError("the job did not finish")


@pytest.mark.slow
def test_roster_to_downloads_with_bad_rows_reported(soffice: str, client: FlaskClient) -> None:
    good = [[f"杨工创〔2026〕第00{i}号", name, "数控加工", "劳模", "上海杨浦精密机械有限公司",
             "2026-12-18"] for i, name in ((1, "王建国"), (2, "李敏"))]
    bad = ["杨工创〔2026〕第003号", "张三", "焊接", "模范", "上海某厂", "2026-12-18"]
    response = upload(client, roster([*good, bad]))
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = client.get(job_url).get_data(as_text=True)
    assert "名单中有误、已跳过的行" in page and "第 4 行" in page
    assert 'http-equiv="refresh"' in page or "已完成" in page  # refreshes itself until done
    state = wait(client, job_url)
    assert (state["status"], state["done"], state["total"]) == ("done", 2, 2)
    done_page = client.get(job_url).get_data(as_text=True)
    assert "下载 ZIP" in done_page
    got = client.get(f"{job_url}/download/zip", buffered=True)
    got.close()
    assert got.status_code == 200
    disposition = got.headers["Content-Disposition"]
    assert "filename*=UTF-8''" in disposition
    assert unquote(disposition.split("''")[1]).endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(got.data)) as archive:
        assert sorted(archive.namelist()) == [
            "杨工创〔2026〕第001号_王建国数控加工劳模创新工作室.pdf",
            "杨工创〔2026〕第002号_李敏数控加工劳模创新工作室.pdf"]
    merged = client.get(f"{job_url}/download/pdf", buffered=True)
    merged.close()
    assert merged.status_code == 200 and merged.data.startswith(b"%PDF-")


def test_wrong_file_type_is_refused_and_no_job_is_made(client: FlaskClient, app: Flask) -> None:
    response = upload(client, b"hello", name="名单.txt")
    assert response.status_code == 400
    assert "名单文件应为 .xlsx 或 .csv" in response.get_data(as_text=True)
    assert not (Path(app.config["JOBS_DIR"])).exists() or not any(
        Path(app.config["JOBS_DIR"]).iterdir())


def test_a_roster_with_only_bad_rows(client: FlaskClient) -> None:
    response = upload(client, roster([["x", "张三", "焊接", "模范", "上海某厂", "2026-12-18"]]))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "名单中没有可生成的记录" in text and "第 2 行" in text


def test_unknown_columns_named(client: FlaskClient) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["证书编号", "备注"])
    buf = io.BytesIO()
    book.save(buf)
    response = upload(client, buf.getvalue())
    assert response.status_code == 400
    assert "备注" in response.get_data(as_text=True)


def test_post_without_token_is_refused(client: FlaskClient) -> None:
    response = client.post("/bulk/", data={"kind": "certificate"})
    assert response.status_code == 400


@pytest.mark.parametrize("job_id", ["nosuchjob", "..%2F..%2Fetc"])
def test_unknown_jobs_are_404(client: FlaskClient, job_id: str) -> None:
    assert client.get(f"/bulk/{job_id}").status_code == 404
    assert client.get(f"/bulk/{job_id}/download/zip").status_code == 404


def registry_certificates(app: Flask) -> list[Certificate]:
    with app.extensions[EXTENSION]() as session:
        return list(session.scalars(select(Certificate).order_by(Certificate.year,
                                                                 Certificate.serial)))


@pytest.mark.slow
def test_a_year_of_the_registry_in_number_order(soffice: str, app: Flask,
                                                client: FlaskClient) -> None:
    certs = registry_certificates(app)
    assert certs, "the demo district has named studios"
    year = certs[-1].year
    of_year = [c for c in certs if c.year == year]
    page = client.get("/bulk/").get_data(as_text=True)
    assert f"{year}（{len(of_year)} 份）" in page
    found = TOKEN.search(page)
    assert found
    response = client.post("/bulk/registry", data={"csrf_token": found[1], "year": str(year),
                                                   "kind": "certificate"})
    assert response.status_code == 302
    state = wait(client, response.headers["Location"])
    assert (state["status"], state["done"]) == ("done", len(of_year))
    got = client.get(f"{response.headers['Location']}/download/zip", buffered=True)
    got.close()
    with zipfile.ZipFile(io.BytesIO(got.data)) as archive:
        names = archive.namelist()
    assert [n.split("_")[0] for n in names] == [c.number for c in of_year]


def test_a_roster_cannot_reuse_a_registry_number(app: Flask, client: FlaskClient) -> None:
    taken = registry_certificates(app)[0]
    row = [taken.number, "李四", "焊接工艺", "技师", "上海某厂", str(taken.record["date"])]
    response = upload(client, roster([row]))
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "编号不能重复使用" in text and str(taken.record["studio_name"]) in text


def test_unknown_years_are_refused(client: FlaskClient) -> None:
    found = TOKEN.search(client.get("/bulk/").get_data(as_text=True))
    assert found
    response = client.post("/bulk/registry", data={"csrf_token": found[1], "year": "1999",
                                                   "kind": "certificate"})
    assert response.status_code == 400


def test_password_guessing_is_answered_429(app: Flask) -> None:
    client = app.test_client()

    def attempt(user: str, password: str) -> Any:
        found = TOKEN.search(client.get("/login").get_data(as_text=True))
        assert found
        return client.post("/login", data={"csrf_token": found[1], "username": user,
                                           "password": password})

    assert [attempt("district", "wrong").status_code for _ in range(5)] == [401] * 5
    sixth = attempt("district", "demo-district")  # even the right password now waits
    assert sixth.status_code == 429 and sixth.headers["Retry-After"] == "60"
    assert "登录失败次数过多" in sixth.get_data(as_text=True)
    assert attempt("unit", "demo-unit").status_code == 302  # other accounts are not locked
