"""Where an upload's reading runs, and what happens when nobody takes it.

``submit_parse`` puts the job on the RQ queue ``studio-parse`` when a Redis URL is configured
*and* an ``rq worker`` listening on that queue is alive; otherwise it reads in a thread of this
process (at most one reading at a time, the others wait ``queued``), with a note saying why.
A job already on the queue is watched by the page that polls it (:func:`watch`): when every
worker has gone it is taken back and read here; when it has waited longer than the limit
although workers are alive (all busy, or stuck), it is taken off the queue and reported as not
read, the file kept to be read again. A person never watches 解析中 for ever.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from pathlib import Path
from typing import Any

from jobs.parse_task import HEARTBEAT, QUEUE, ParseStore, _slots, finish, refused, run_parse
from jobs.queues import enqueue_if_served, workers_alive
from jobs.queues import redis_connection as _redis
from jobs.store import JobState

GRACE = 3.0            # seconds a queued job is left to a worker before anyone checks on it
QUEUE_LIMIT = 300.0    # seconds a job may wait on the queue before it is reported
NO_WORKER = ("没有正在运行的读取程序（rq worker studio-parse），改由网站自己读取。",
             "No reading worker (rq worker studio-parse) is running: the web server reads "
             "the file itself.")
NO_QUEUE = ("无法连接任务队列（Redis），改由网站自己读取。",
            "The job queue (Redis) cannot be reached: the web server reads the file itself.")


def stuck(waited: float) -> tuple[str, str]:
    """The message of a job taken off the queue after waiting ``waited`` seconds."""
    zh_wait, en_wait = (f"{round(waited)} 秒", f"{round(waited)} s") if waited < 120 \
        else (f"{round(waited / 60)} 分钟", f"{round(waited / 60)} min")
    return (f"排队 {zh_wait}仍未开始读取（读取程序繁忙或已停止），文件已保留，可重新读取",
            f"the file waited {en_wait} in the queue and no reading worker took it (busy "
            "or stopped); it is kept and may be read again")


def submit_parse(root: Path, key: str, redis_url: str | None = None) -> str:
    """Start reading ``key``: ``"rq"`` when it was queued for a live worker, else ``"thread"``."""
    store = ParseStore(root)
    if redis_url:
        job_id = f"parse-{key}-{uuid.uuid4().hex[:8]}"
        named = store.folder(key) / "rq-job"
        named.write_text(job_id)  # before the job can start: the page may look it up
        queued = enqueue_if_served(redis_url, QUEUE, run_parse, str(root), key, job_id=job_id)
        if queued == "rq":
            return "rq"
        named.unlink()
        state = store.state(key)
        state.stage = "thread"
        state.message_zh, state.message_en = NO_QUEUE if queued == "no-queue" else NO_WORKER
        store.save(state)
    _start_thread(root, key)
    return "thread"


def _start_thread(root: Path, key: str) -> None:
    threading.Thread(target=_in_thread, args=(str(root), key), name=f"parse-{key[:8]}",
                     daemon=True).start()


def _in_thread(root: str, key: str) -> None:
    store = ParseStore(Path(root))
    state = store.state(key)
    while not _slots.acquire(timeout=HEARTBEAT):
        store.save(state)  # still queued, and alive
    try:
        run_parse(root, key)
    finally:
        _slots.release()


def waited(state: JobState) -> float:
    try:
        created = dt.datetime.fromisoformat(state.created)
    except ValueError:
        return 0.0
    return (dt.datetime.now(dt.UTC) - created).total_seconds()


def _off_the_queue(connection: Any, store: ParseStore, key: str) -> bool:
    """Take the job off the RQ queue; False when a worker has already started it."""
    from rq.exceptions import NoSuchJobError
    from rq.job import Job, JobStatus

    try:
        job_id = (store.folder(key) / "rq-job").read_text().strip()
        job = Job.fetch(job_id, connection=connection)
    except (OSError, NoSuchJobError):
        return True  # nothing of it on the queue (Redis emptied): nobody will run it
    if job.get_status() not in (JobStatus.QUEUED, JobStatus.DEFERRED, JobStatus.SCHEDULED):
        return False
    job.cancel()
    return True


def watch(root: Path, key: str, redis_url: str, limit: float = QUEUE_LIMIT) -> None:
    """Called while the page polls a job that waits on the RQ queue: take it back when no
    worker is alive, report it when it has waited longer than ``limit``."""
    store = ParseStore(root)
    state = store.state(key)
    if state.status != "queued" or state.stage != "rq":
        return
    from redis.exceptions import RedisError

    seconds = waited(state)
    if seconds < GRACE:
        return
    try:
        connection = _redis(redis_url)
        if not workers_alive(connection, QUEUE):
            if _off_the_queue(connection, store, key):
                state.stage, (state.message_zh, state.message_en) = "thread", NO_WORKER
                store.save(state)
                _start_thread(root, key)
            return
        off = seconds > limit and _off_the_queue(connection, store, key)
    except RedisError:  # the queue is gone with the job on it: nobody will read it there
        off = seconds > limit
    if off and store.claim(key):
        zh, en = stuck(seconds)
        finish(store, state, refused(zh, en, "queue"))
