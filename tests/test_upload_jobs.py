"""Uploads are read in the background (jobs.parse_task): the request only keeps the file, the
page shows 解析中 / parsing until the outcome is settled, a dead worker is noticed; the same file
is never read twice. The RQ path: tests/test_upload_queue.py."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from jobs import parse_task
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import TOKEN, application_docx, send, settled, uploads
from tests.test_web_uploads import app as app  # the fixture: the demo registry, uploads kept


@contextmanager
def reading_slot_taken() -> Iterator[None]:
    """The web process's one reading slot taken (as by another upload's long OCR reading)."""
    assert parse_task._slots.acquire(timeout=60)
    try:
        yield
    finally:
        parse_task._slots.release()


@pytest.fixture
def busy() -> Iterator[None]:
    with reading_slot_taken():
        yield


def post(client: FlaskClient, data: bytes, name: str) -> str:
    """Upload without waiting for the reading; the upload page's address."""
    response = send(client, data, name, wait=False)
    assert response.status_code == 302
    return str(response.headers["Location"])


def test_the_request_keeps_the_file_and_the_page_follows_the_reading(app: Flask,
                                                                     busy: None) -> None:
    client = signed_in(app, "district")
    started = time.monotonic()
    location = post(client, application_docx(), "申报表.docx")
    assert time.monotonic() - started < 10  # no reading inside the request
    [upload] = uploads(app)
    assert upload.status == "parsing" and upload.kind == ""
    page = client.get(location).get_data(as_text=True)
    assert "解析中" in page and "排队等待读取" in page
    assert '<meta http-equiv="refresh" content="2">' in page  # without JavaScript
    assert f'data-state-url="{location}/state.json"' in page and "upload.js" in page
    assert "Traceback" not in page
    state = client.get(f"{location}/state.json").get_json()
    assert state["status"] == "parsing" and state["job"] == "queued"
    assert "解析中" in client.get("/uploads/").get_data(as_text=True)  # the list says so too
    assert "Parsing" in client.get(f"{location}?lang=en").get_data(as_text=True)
    client.get("/uploads/?lang=zh_CN")
    parse_task._slots.release()  # the other reading ends: this one runs
    try:
        assert settled(client, location)["status"] == "parsed"
    finally:
        assert parse_task._slots.acquire(timeout=60)
    page = client.get(location).get_data(as_text=True)
    assert "解析中" not in page and "确认并保存到登记册" in page
    [upload] = uploads(app)
    assert upload.kind == "application" and upload.result["source"] == "docx"


def test_a_reading_whose_worker_died_is_kept_and_may_be_read_again(app: Flask, busy: None,
                                                                   tmp_path: Path) -> None:
    client = signed_in(app, "district")
    location = post(client, application_docx(), "申报表.docx")
    [upload] = uploads(app)
    # The process that held the job stopped: its state is no longer refreshed.
    state_file = tmp_path / "uploads" / f"{upload.key}.d" / "state.json"
    state = json.loads(state_file.read_text())
    state["status"], state["updated"] = "running", "2026-11-24T00:00:00+00:00"
    state_file.write_text(json.dumps(state))
    page = client.get(location).get_data(as_text=True)
    assert "文件解析中断" in page and "重新读取" in page and "Traceback" not in page
    [upload] = uploads(app)
    assert upload.status == "refused" and (tmp_path / "uploads" / upload.key).exists()
    token = TOKEN.search(page)
    assert token
    parse_task._slots.release()
    try:
        again = client.post(f"{location}/read-again", data={"csrf_token": token[1]})
        assert again.status_code == 302
        assert settled(client, location)["status"] == "parsed"
    finally:
        assert parse_task._slots.acquire(timeout=60)
    assert client.post(f"{location}/read-again",
                       data={"csrf_token": token[1]}).status_code == 409


def test_the_same_file_is_not_read_twice(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app, "district")
    data = application_docx()
    first = send(client, data, "申报表.docx").headers["Location"]
    again = send(client, data, "申报表（再次）.docx")
    assert again.status_code == 409
    page = again.get_data(as_text=True)
    [upload] = uploads(app)  # no second row, no second file
    assert f'<a href="{first}">查看第 {upload.id} 号上传</a>' in page
    assert "同一文件（SHA-256 相同）已于" in page and "不再重复读取" in page
    assert "“申报表.docx”" in page and "已读取" in page
    assert len([p for p in (tmp_path / "uploads").iterdir() if p.is_file()]) == 1
    english = client.get("/uploads/?lang=en")
    assert english.status_code == 200
    page = send(client, data, "x.docx").get_data(as_text=True)
    assert "The same file (same SHA-256) was already uploaded" in page
    assert "it was not read again" in page
    # A different file is read as usual.
    other = application_docx() + b"\0"
    assert send(client, other, "另一份.docx").status_code == 302
    assert len(uploads(app)) == 2


def test_a_duplicate_is_judged_within_what_the_user_may_see(app: Flask) -> None:
    """The district union sees every upload; a unit union only its own organisation's."""
    data = application_docx()
    district = signed_in(app, "district")
    assert send(district, data, "区.docx").status_code == 302
    unit = signed_in(app, "unit")
    assert send(unit, data, "单位.docx").status_code == 302  # not the unit's to know
    assert send(unit, data, "单位2.docx").status_code == 409
    assert send(district, data, "区2.docx").status_code == 409
    assert len(uploads(app)) == 2


def test_the_same_file_sent_twice_at_once_is_kept_once(app: Flask, tmp_path: Path) -> None:
    """Two requests with the same bytes at the same moment (a double click, two colleagues):
    whatever the interleaving, one upload is kept and read, the other is told."""
    data = application_docx()
    clients = [signed_in(app, "district"), signed_in(app, "admin")]
    start = threading.Barrier(2)
    answers: list[int] = []

    def go(client: FlaskClient) -> None:
        start.wait()
        answers.append(send(client, data, "双击.docx", wait=False).status_code)

    threads = [threading.Thread(target=go, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(answers) == [302, 409]
    [upload] = uploads(app)
    settled(clients[0], f"/uploads/{upload.id}")
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(
        [upload.key, f"{upload.key}.d"])


def test_a_damaged_outcome_is_settled_as_not_read(app: Flask, busy: None,
                                                  tmp_path: Path) -> None:
    client = signed_in(app, "district")
    location = post(client, application_docx(), "申报表.docx")
    [upload] = uploads(app)
    folder = tmp_path / "uploads" / f"{upload.key}.d"
    state = json.loads((folder / "state.json").read_text())
    state["status"] = "done"
    (folder / "state.json").write_text(json.dumps(state))
    (folder / "outcome.json").write_text("{not json")
    page = client.get(location)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "文件解析中断" in text and "Traceback" not in text
    assert uploads(app)[0].status == "refused"
