"""What the web process asks of the RQ side before it queues a job: a Redis connection that
fails fast, whether any worker listening on a queue is alive, and the job queued only then."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

Queued = Literal["rq", "no-worker", "no-queue"]


def redis_connection(url: str) -> Any:
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10)


def workers_alive(connection: Any, queue: str) -> int:
    """How many RQ workers listening on ``queue`` are alive: registered (a worker that stops
    unregisters) and with a heartbeat younger than their time to live (a worker killed
    outright stops beating)."""
    from rq import Queue, Worker

    now = dt.datetime.now(dt.UTC)
    alive = 0
    for worker in Worker.all(connection=connection, queue=Queue(queue, connection=connection)):
        beat = worker.last_heartbeat
        if beat is not None and beat.tzinfo is None:
            beat = beat.replace(tzinfo=dt.UTC)
        if beat is None or (now - beat).total_seconds() < worker.worker_ttl + 60:
            alive += 1
    return alive


def enqueue_if_served(redis_url: str, queue: str, func: Callable[..., Any], *args: Any,
                      job_id: str | None = None) -> Queued:
    """Put ``func(*args)`` on ``queue`` only if an RQ worker listening on it is alive: ``"rq"``
    when queued, ``"no-worker"`` when none is, ``"no-queue"`` when Redis cannot be reached. The
    caller runs the job itself unless it was queued: nothing waits on a queue nobody reads."""
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        connection = redis_connection(redis_url)
        if not workers_alive(connection, queue):
            return "no-worker"
        Queue(queue, connection=connection).enqueue(
            func, *args, job_id=job_id, job_timeout=3600, result_ttl=86400, failure_ttl=86400)
    except RedisError:
        return "no-queue"
    return "rq"
