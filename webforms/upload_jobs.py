"""Uploads read in the background: start the job, and settle its outcome onto the upload's row.

An upload is kept and committed with status ``parsing`` at once; the reading runs as a job of
:mod:`jobs.parse_task` (a thread of this process, or an RQ worker when ``STUDIO_REDIS_URL`` is
set). Whichever request first sees the job finished — the upload's page, its ``state.json`` or
a list — writes the outcome onto the row, once (compare-and-set on the status). A job whose
state stopped being refreshed (the process that ran it died) settles as not read, and the file
stays kept for manual entry or another reading.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlalchemy.orm import Session

from forms.errors import PaperworkError
from jobs import parse_queue
from jobs.parse_task import STALE, ParseStore
from jobs.store import JobState
from parsers.sandbox import MEMORY_LIMIT, TIMEOUT
from registry.models_upload import Upload
from registry.roles import Actor
from webforms import upload_store
from webforms.i18n import lang

INTERRUPTED = ("文件解析中断（处理程序已停止），已保留以便人工录入，可重新读取",
               "reading was interrupted (the worker stopped); the file is kept for manual "
               "entry and may be read again")


def store() -> ParseStore:
    return ParseStore(upload_store.root())


def timeout() -> float:
    return float(current_app.config.get("UPLOAD_PARSE_TIMEOUT", TIMEOUT))


def start(session: Session, upload: Upload, actor: Actor) -> None:
    """Mark ``upload`` as being read, commit, and start the job (after the commit: a worker
    elsewhere may settle it at once)."""
    redis_url = current_app.config.get("REDIS_URL") or None
    store().prepare(upload.key, upload_store.stored_records(session, actor), timeout(),
                    int(current_app.config.get("UPLOAD_PARSE_MEMORY", MEMORY_LIMIT)),
                    "rq" if redis_url else "thread")
    upload.status, upload.message, upload.result = "parsing", "", {}
    session.commit()
    parse_queue.submit_parse(upload_store.root(), upload.key, redis_url)


def state_of(upload: Upload) -> JobState | None:
    try:
        return store().state(upload.key)
    except (PaperworkError, OSError, ValueError, TypeError):
        return None


def _watch_queue(upload: Upload) -> None:
    """A reading waiting on the RQ queue: taken back when no worker is alive, reported when
    it has waited too long (a person never waits for ever)."""
    redis_url = current_app.config.get("REDIS_URL") or None
    if not redis_url:
        return
    limit = float(current_app.config.get("UPLOAD_QUEUE_LIMIT", parse_queue.QUEUE_LIMIT))
    try:
        parse_queue.watch(upload_store.root(), upload.key, redis_url, limit)
    except (PaperworkError, OSError, ValueError, TypeError):
        return  # no state yet: nothing to watch
    except RedisError:  # Redis unreachable (reported once past the limit): keep polling
        current_app.logger.exception("watching the parse queue")


def progress(job: JobState | None) -> dict[str, Any]:
    """What the page shows of a reading under way, in the UI language — the same text on a
    reload (the template) and from the page's script (``state.json``)."""
    limit = timeout()
    if job is None or job.status == "queued":
        waited = parse_queue.waited(job) if job is not None else 0.0
        step = _("排队等待读取程序") if job is not None and job.stage == "rq" \
            else _("排队等待读取")
        timing = _("已排队 %(seconds)d 秒", seconds=round(waited))
    else:
        step = _("正在读取文件内容、签字和印章")
        timing = _("已用 %(seconds)d 秒 / 上限 %(limit)d 秒", seconds=round(job.seconds),
                   limit=round(limit))
    done, total = (job.done, job.total) if job is not None else (0, 0)
    pages = _("第 %(done)d/%(total)d 页", done=done, total=total) if total else ""
    note = "" if job is None else job.message_zh if lang().startswith("zh") else job.message_en
    return {"job": job.status if job else "", "step": step, "pages": pages, "done": done,
            "total": total, "timing": timing, "note": note, "seconds": job.seconds if job
            else 0, "limit": limit}


def _stale(state: JobState) -> bool:
    if state.status == "queued" and state.stage == "rq":
        return False  # waiting for an RQ worker: nothing refreshes it meanwhile
    try:
        updated = dt.datetime.fromisoformat(state.updated)
    except ValueError:
        return True
    return (dt.datetime.now(dt.UTC) - updated).total_seconds() > STALE


def settle(session: Session, upload: Upload) -> JobState | None:
    """Write the finished job's outcome onto ``upload`` (committed); the job's state, if any."""
    if upload.status != "parsing":
        return None
    _watch_queue(upload)
    state = state_of(upload)
    try:
        outcome = store().outcome(upload.key) if state is not None and state.finished else None
    except (OSError, ValueError):
        outcome = None  # unreadable: settled below as interrupted
    if outcome is None:
        if state is not None and not state.finished and not _stale(state):
            return state
        outcome = {"status": "refused", "message": "\n".join(INTERRUPTED), "kind": "",
                   "record_id": "", "stored_ref": "", "result": {"reason": "interrupted"}}
    values: dict[str, Any] = {k: outcome[k] for k in ("status", "message", "kind", "record_id",
                                                      "stored_ref", "result")}
    session.execute(update(Upload).where(Upload.id == upload.id, Upload.status == "parsing")
                    .values(**values).execution_options(synchronize_session=False))
    session.commit()
    session.refresh(upload)
    return state


def settle_all(session: Session, uploads: list[Upload]) -> None:
    for upload in uploads:
        if upload.status == "parsing":
            settle(session, upload)
