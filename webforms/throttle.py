"""A bound on simultaneous PDF conversions in one web process.

LibreOffice is the slow, memory-hungry part of a request (about a second cold, 0.1–0.2 s warm,
hundreds of MB). Without a bound, a burst of downloads starts one converter per request and the
machine thrashes until every request times out. Here at most ``RENDER_SLOTS`` conversions run at
once per process; a request waits up to ``RENDER_WAIT`` seconds for a slot and is otherwise
answered at once with 503, the friendly page and ``Retry-After`` — nothing typed is lost, since
drafts are saved before anything is rendered.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, current_app, has_app_context, make_response
from werkzeug.wrappers import Response as BaseResponse

from forms.errors import PaperworkError

EXTENSION = "studio_render_slots"
RETRY_AFTER_S = 5


class Overloaded(PaperworkError):
    """Every converter of this process is busy: try again in a few seconds."""


def _slots() -> threading.BoundedSemaphore:
    slots: threading.BoundedSemaphore = current_app.extensions[EXTENSION]
    return slots


@contextmanager
def render_slot() -> Iterator[None]:
    """Hold one conversion slot of this process, or raise :class:`Overloaded` (outside an app
    with slots, e.g. a script, there is no bound)."""
    if not has_app_context() or EXTENSION not in current_app.extensions:
        yield
        return
    slots = _slots()
    wait = float(current_app.config.get("RENDER_WAIT", 20.0))
    if not slots.acquire(timeout=wait):
        raise Overloaded("生成文书的人数过多，请稍候几秒再试。已填写的内容已保存为草稿。",
                         "Too many documents are being made right now; try again in a few "
                         "seconds. What you typed is saved as a draft.")
    try:
        yield
    finally:
        slots.release()


def _overloaded(exc: Overloaded) -> BaseResponse:
    from webforms.errors import error_page

    response = make_response(error_page(503, exc.zh, exc.en))
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("RENDER_SLOTS", 2)
    app.extensions[EXTENSION] = threading.BoundedSemaphore(int(app.config["RENDER_SLOTS"]))
    app.register_error_handler(Overloaded, _overloaded)
