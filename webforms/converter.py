"""Optional warm LibreOffice converters for previews (``generators.pool``).

``STUDIO_CONVERTER_POOL=N`` (``make run`` sets 1) starts N unoserver workers for this process in
the background: the first previews convert cold (~1.5 s) until the pool is ready, then warm
(~0.2 s). Each gunicorn worker has its own pool; the default 0 keeps tests and scripts cold.
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask

from generators import pool


def _start(size: int) -> None:
    started = pool.ConverterPool(size=size).start(wait=True)
    pool.install(started)
    atexit.register(started.close)


def init_app(app: Flask) -> None:
    size = int(app.config.get("CONVERTER_POOL", 0) or 0)
    if size <= 0 or pool.active() is not None:
        return
    if not pool.ConverterPool.available():
        app.logger.warning("converter pool asked for but %s is missing; converting cold",
                           pool.UNOSERVER)
        return
    threading.Thread(target=_start, args=(size,), name="converter-pool", daemon=True).start()
