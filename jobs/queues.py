"""What the web process asks of the RQ side before it queues a job: a Redis connection that
fails fast, and whether any worker listening on a queue is alive."""

from __future__ import annotations

import datetime as dt
from typing import Any


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
