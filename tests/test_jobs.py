"""Bulk jobs in the background: state readable by any process, cancel, and the RQ path on a
real Redis server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue

from benchmarks.certificates import items
from jobs.runner import QUEUE, submit
from jobs.store import JobState, JobStore
from tests.conftest import require
from tests.rqworker import rq_worker, wait_until

pytestmark = pytest.mark.slow


def make_job(store: JobStore, n: int) -> JobState:
    job = items(n)
    return store.create("certificate", [i.record for i in job], [i.stem for i in job],
                        [i.must_show for i in job], row_errors=[])


def wait(store: JobStore, job_id: str, within: float = 300) -> JobState:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        state = store.state(job_id)
        if state.finished:
            return state
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {store.state(job_id)}")


def test_in_process_job_writes_outputs_and_state(soffice: str, tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 6)
    assert store.state(job.id).status == "queued"
    submit(store, job.id)
    state = wait(store, job.id)
    assert (state.status, state.done, state.total) == ("done", 6, 6), state.message_en
    folder = store.folder(job.id)
    assert (folder / state.outputs["zip"]).stat().st_size > 0
    assert (folder / state.outputs["pdf"]).read_bytes().startswith(b"%PDF-")
    assert "已生成 6 份" in state.message_zh


def test_cancelled_job_leaves_no_outputs(soffice: str, tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 40)
    store.request_cancel(job.id)
    submit(store, job.id)
    state = wait(store, job.id)
    assert state.status == "cancelled"
    assert "取消" in state.message_zh
    assert not list(store.folder(job.id).glob("*.zip"))
    assert not list(store.folder(job.id).glob("*.pdf"))


def test_ids_never_name_paths(tmp_path: Path) -> None:
    store = JobStore(tmp_path)
    with pytest.raises(Exception, match="invalid job id"):
        store.state("../../etc")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = shutil.which("redis-server")
    require(server is not None, "Redis server (Debian redis-server)")
    assert server is not None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def test_queue_path_on_real_redis(soffice: str, redis_url: str, tmp_path: Path) -> None:
    """With a live ``rq worker studio-bulk`` the job goes on the queue and the worker makes it."""
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 4)
    with rq_worker(redis_url, tmp_path / "worker.log", queue=QUEUE):
        assert submit(store, job.id, redis_url=redis_url) == "rq"
        wait_until(lambda: store.state(job.id).finished, 300, "the worker made the job")
    state = store.state(job.id)
    assert (state.status, state.done) == ("done", 4), (state.message_en,
                                                       (tmp_path / "worker.log").read_text())


def test_with_no_worker_the_web_process_makes_the_job_and_says_why(
        soffice: str, redis_url: str, tmp_path: Path) -> None:
    """A queue nobody reads is never where a job waits for ever."""
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 3)
    assert submit(store, job.id, redis_url=redis_url) == "thread"
    assert "rq worker studio-bulk" in store.state(job.id).message_zh
    wait_until(lambda: store.state(job.id).finished, 300, "the job ran in this process")
    assert (store.state(job.id).status, store.state(job.id).done) == ("done", 3)
    assert Queue(QUEUE, connection=Redis.from_url(redis_url)).count == 0


def test_with_redis_out_of_reach_the_job_still_runs(soffice: str, tmp_path: Path) -> None:
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 2)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert submit(store, job.id, redis_url=f"redis://127.0.0.1:{port}/0") == "thread"
    assert "Redis" in store.state(job.id).message_zh
    wait_until(lambda: store.state(job.id).finished, 300, "the job ran in this process")
    assert store.state(job.id).status == "done"
