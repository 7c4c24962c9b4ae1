"""Start a bulk job: on the RQ queue ``studio-bulk`` when a Redis URL is configured and a
worker listens on it, else in a thread of this process.

A job is never left on a queue nobody reads: with no live worker (or Redis out of reach) the
web process runs it itself and the job's page says why. Jobs queued behind other bulk jobs of
live workers wait their turn (a bulk job takes minutes), so there is no waiting limit here.
"""

from __future__ import annotations

import threading

from jobs.queues import enqueue_if_served
from jobs.store import JobStore
from jobs.task import run_job

QUEUE = "studio-bulk"
NO_WORKER = ("没有正在运行的批量任务程序（rq worker studio-bulk），改由网站自己生成。",
             "No bulk worker (rq worker studio-bulk) is running: the web server makes the "
             "documents itself.")
NO_QUEUE = ("无法连接任务队列（Redis），改由网站自己生成。",
            "The job queue (Redis) cannot be reached: the web server makes the documents "
            "itself.")


def submit(store: JobStore, job_id: str, redis_url: str | None = None) -> str:
    """Start ``job_id``: returns ``"rq"`` when it was queued for a live worker, else
    ``"thread"`` (with the reason in the job's message when a queue was configured)."""
    if redis_url:
        queued = enqueue_if_served(redis_url, QUEUE, run_job, str(store.root), job_id)
        if queued == "rq":
            return "rq"
        state = store.state(job_id)
        state.message_zh, state.message_en = NO_QUEUE if queued == "no-queue" else NO_WORKER
        store.save(state)
    threading.Thread(target=run_job, args=(str(store.root), job_id),
                     name=f"bulk-{job_id}", daemon=True).start()
    return "thread"
