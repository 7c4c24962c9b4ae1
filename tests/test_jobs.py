"""Bulk jobs in the background: state readable by any process, cancel, and the RQ path on a
real Redis server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.certificates import items
from jobs.runner import QUEUE, submit
from jobs.store import JobState, JobStore
from tests.conftest import require

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
    store = JobStore(tmp_path / "jobs")
    job = make_job(store, 4)
    submit(store, job.id, redis_url=redis_url)
    assert store.state(job.id).status == "queued"  # nothing runs until a worker takes it
    rq = Path(sys.executable).with_name("rq")
    done = subprocess.run([str(rq), "worker", "--burst", "--url", redis_url, QUEUE],
                          capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr[-2000:]
    state = store.state(job.id)
    assert (state.status, state.done) == ("done", 4), state.message_en
