"""Uploads on the RQ queue ``studio-parse`` with a real Redis and real ``rq worker`` processes:
a live worker reads them; with no worker the web server reads them itself and says so; a job
left on the queue by workers that stopped is taken back; one that waits beyond the limit (the
workers busy) is reported and may be read again. Nobody watches 解析中 for ever."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

from flask import Flask
from redis import Redis
from rq import Queue
from rq.job import Job

from jobs.parse_task import QUEUE
from tests.rqworker import rq_worker, stop
from tests.test_jobs import redis_url  # noqa: F401  (the fixture: a real Redis on loopback)
from tests.test_upload_jobs import post, reading_slot_taken
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import TOKEN, application_docx, settled, uploads, web_app

ROOT = Path(__file__).resolve().parent.parent


def queued(url: str) -> int:
    return Queue(QUEUE, connection=Redis.from_url(url)).count


def key_of(app: Flask) -> str:
    [upload] = uploads(app)
    return upload.key


def test_a_live_rq_worker_reads_the_upload(redis_url: str, tmp_path: Path) -> None:  # noqa: F811
    app = web_app(tmp_path, REDIS_URL=redis_url)
    client = signed_in(app, "district")
    with rq_worker(redis_url, tmp_path / "worker.log"):
        location = post(client, application_docx(), "申报表.docx")
        assert settled(client, location)["status"] == "parsed"
    folder = tmp_path / "uploads" / f"{key_of(app)}.d"
    job = Job.fetch((folder / "rq-job").read_text(), connection=Redis.from_url(redis_url))
    assert job.get_status() == "finished"  # read by the worker, not by the web process
    [upload] = uploads(app)
    assert upload.kind == "application" and "没有正在运行的读取程序" not in upload.message


def test_without_a_worker_the_web_server_reads_it_and_says_so(redis_url: str,  # noqa: F811
                                                              tmp_path: Path) -> None:
    app = web_app(tmp_path, REDIS_URL=redis_url)
    client = signed_in(app, "district")
    with reading_slot_taken():  # the web server's reader busy: the page is seen waiting
        location = post(client, application_docx(), "申报表.docx")
        page = client.get(location).get_data(as_text=True)
        assert "解析中" in page and "排队等待读取" in page
        assert "没有正在运行的读取程序（rq worker studio-parse），改由网站自己读取" in page
        english = client.get(f"{location}/state.json?lang=en").get_json()
        assert "No reading worker (rq worker studio-parse) is running" in english["note"]
        client.get(f"{location}?lang=zh_CN")
    assert settled(client, location, within=120)["status"] == "parsed"
    assert queued(redis_url) == 0  # nothing left on the queue for a worker that may come
    assert not (tmp_path / "uploads" / f"{key_of(app)}.d" / "rq-job").exists()


def test_a_job_left_by_workers_that_stopped_is_taken_back(redis_url: str,  # noqa: F811
                                                          tmp_path: Path) -> None:
    app = web_app(tmp_path, REDIS_URL=redis_url)
    client = signed_in(app, "district")
    with rq_worker(redis_url, tmp_path / "worker.log", busy_for=300) as worker:
        location = post(client, application_docx(), "申报表.docx")
        time.sleep(4)  # past the grace a worker is given
        state = client.get(f"{location}/state.json").get_json()
        assert state["status"] == "parsing" and state["job"] == "queued"
        assert state["step"] == "排队等待读取程序" and queued(redis_url) == 1
        assert "已排队" in client.get(location).get_data(as_text=True)
        stop(worker)  # the only worker stops; the upload is still on the queue
    state = client.get(f"{location}/state.json").get_json()
    assert state["status"] == "parsed" or "没有正在运行的读取程序" in state["note"]
    assert settled(client, location, within=120)["status"] == "parsed"
    assert queued(redis_url) == 0


def test_a_job_waiting_beyond_the_limit_is_reported_and_read_again(
        redis_url: str, tmp_path: Path) -> None:  # noqa: F811
    app = web_app(tmp_path, REDIS_URL=redis_url, UPLOAD_QUEUE_LIMIT=6)
    client = signed_in(app, "district")
    with rq_worker(redis_url, tmp_path / "worker.log", busy_for=300):
        location = post(client, application_docx(), "申报表.docx")
        assert client.get(f"{location}/state.json").get_json()["status"] == "parsing"
        state = settled(client, location, within=60)
        assert state["status"] == "refused"
        page = client.get(location).get_data(as_text=True)
        assert re.search(r"排队 \d+ 秒仍未开始读取（读取程序繁忙或已停止），"
                         r"文件已保留，可重新读取", page)
        assert "重新读取" in page and "Traceback" not in page
        assert queued(redis_url) == 0  # taken off the queue: the busy worker never reads it
        english = client.get(f"{location}?lang=en").get_data(as_text=True)
        assert re.search(r"waited \d+ s in the queue and no reading worker took it", english)
        client.get(f"{location}?lang=zh_CN")
    token = TOKEN.search(page)
    assert token
    again = client.post(f"{location}/read-again", data={"csrf_token": token[1]})
    assert again.status_code == 302  # no worker now: read by the web server
    assert settled(client, location, within=120)["status"] == "parsed"


def test_a_queue_that_cannot_be_reached_is_no_reason_to_wait(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = web_app(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
    client = signed_in(app, "district")
    with reading_slot_taken():
        location = post(client, application_docx(), "申报表.docx")
        page = client.get(location).get_data(as_text=True)
        assert "解析中" in page and "无法连接任务队列（Redis），改由网站自己读取" in page
    assert settled(client, location, within=120)["status"] == "parsed"
    assert not (tmp_path / "uploads" / f"{key_of(app)}.d" / "rq-job").exists()
