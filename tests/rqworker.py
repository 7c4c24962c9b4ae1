"""A real ``rq worker`` process for queue tests (Redis itself: tests.test_jobs.redis_url)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redis import Redis
from rq import Queue

from jobs.parse_task import QUEUE as PARSE_QUEUE
from jobs.queues import workers_alive

ROOT = Path(__file__).resolve().parent.parent


def wait_until(ok: Any, within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not ok():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@contextmanager
def rq_worker(url: str, log: Path, busy_for: float = 0,
              queue: str = PARSE_QUEUE) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``rq worker`` on ``queue`` (busy first with a job of ``busy_for`` seconds)."""
    connection = Redis.from_url(url)
    before = workers_alive(connection, queue)
    busy = Queue(queue, connection=connection).enqueue(
        "time.sleep", busy_for, job_timeout=600) if busy_for else None
    rq = Path(sys.executable).with_name("rq")
    with log.open("wb") as out:
        proc = subprocess.Popen([str(rq), "worker", "--url", url, "--name",
                                 f"test-{uuid.uuid4().hex[:8]}", queue],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: workers_alive(connection, queue) > before, 60, "the worker registered")
        if busy is not None:
            wait_until(lambda: busy.get_status() == "started", 60, "the worker took its job")
        yield proc
    finally:
        stop(proc)


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the worker at once (a second Ctrl+C: its current job is abandoned)."""
    for wait in (2, 30):  # the worker hears a second signal only after the first is handled
        if proc.poll() is not None:
            return
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)
