"""Start a job: in a thread of this process, or on an RQ queue when a Redis URL is given."""

from __future__ import annotations

import threading

from jobs.store import JobStore
from jobs.task import run_job

QUEUE = "studio-bulk"


def submit(store: JobStore, job_id: str, redis_url: str | None = None) -> None:
    if redis_url:
        from redis import Redis
        from rq import Queue

        queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
        queue.enqueue(run_job, str(store.root), job_id, job_timeout=3600,
                      result_ttl=86400, failure_ttl=86400)
        return
    threading.Thread(target=run_job, args=(str(store.root), job_id),
                     name=f"bulk-{job_id}", daemon=True).start()
