"""Reading an uploaded returned form in the background (issue 6): ``run_parse(root, key)``.

The upload's bytes are ``<root>/<key>``; its work folder ``<root>/<key>.d/`` holds ``job.json``
(limits and the stored records the page may be confirmed against, written by the web request),
``state.json`` (a :class:`~jobs.store.JobState`, replaced atomically and refreshed every
:data:`HEARTBEAT` seconds while the job waits or runs, so a page can tell a dead worker from a
slow one; ``done``/``total`` count the pages read, copied from the sandbox's ``progress.json``),
``claimed`` (whoever runs the job first: it runs once) and, when done, ``outcome.json``: what
the web app writes onto the upload's row. The job itself never touches the database, so it
runs the same in a thread of the web process or in an ``rq worker studio-parse`` on any machine
that shares the uploads folder.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from forms.errors import PaperworkError
from forms.ids import DocRef
from jobs.store import JobState, JobStore, _write_json
from parsers import progress
from parsers.diff import differences
from parsers.result import REVIEW_BELOW
from parsers.sandbox import MEMORY_LIMIT, TIMEOUT, ParseFailed, parse_isolated

QUEUE = "studio-parse"
HEARTBEAT = 1.0   # seconds between state writes while a job waits or runs
STALE = 90.0      # a state not refreshed for this long belongs to a worker that died
KIND = "upload"
# One OCR reading needs ~1 GB: the web process reads this many uploads at a time.
_slots = threading.BoundedSemaphore(1)


class ParseStore(JobStore):
    """Job state kept in each upload's own work folder (``<key>.d``)."""

    def folder(self, job_id: str) -> Path:
        if not job_id.isalnum():  # upload keys are ours: never a path from outside
            raise PaperworkError("无效的上传编号", "invalid upload key", path="upload")
        return self.root / f"{job_id}.d"

    def prepare(self, key: str, candidates: dict[str, dict[str, Any]], timeout: float,
                memory: int, runner: str) -> JobState:
        """Write the job's input and its ``queued`` state (the upload's file is already kept).

        ``candidates``: by ``"kind|record_id"``, ``{"ref", "studio_id", "record"}`` of each
        stored record the uploader may see."""
        folder = self.folder(key)
        folder.mkdir(parents=True, exist_ok=True)
        for old in ("outcome.json", progress.FILE):
            (folder / old).unlink(missing_ok=True)
        self.unclaim(key)
        _write_json(folder / "job.json", {"timeout": timeout, "memory": memory,
                                          "candidates": candidates})
        state = JobState(key, KIND, 0, stage=runner)  # pages: known once the reading starts
        self.save(state)
        return state

    def outcome(self, key: str) -> dict[str, Any] | None:
        path = self.folder(key) / "outcome.json"
        if not path.exists():
            return None
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return found


def run_parse(root: str, key: str) -> str:
    """Read the upload ``key`` in the sandbox and write ``outcome.json``; also the RQ task.
    Runs once, whoever calls it first (an RQ worker, or the web process that took the job
    back from a queue nobody served)."""
    store = ParseStore(Path(root))
    state = store.state(key)
    if state.finished or not store.claim(key):
        return state.status
    state = store.begin(key, "read")
    folder = store.folder(key)
    given = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(store, state, stop), daemon=True)
    beat.start()
    try:
        outcome = _read(Path(root) / key, folder, given)
    except Exception as exc:  # the page must say what happened, never stay "parsing"
        outcome = refused("文件解析失败，已保留以便人工录入",
                           "the file could not be read; it is kept for manual entry",
                           f"crash: {type(exc).__name__}")
    finally:
        stop.set()
        beat.join()
    finish(store, state, outcome)
    return state.status


def finish(store: ParseStore, state: JobState, outcome: dict[str, Any]) -> None:
    """Write the outcome, then the finished state (the page settles on the state)."""
    _write_json(store.folder(state.id) / "outcome.json", outcome)
    state.status = "failed" if outcome["status"] == "refused" else "done"
    pages = int(outcome.get("result", {}).get("pages") or 0)
    state.total = max(state.total, pages)
    state.done = state.total
    state.message_zh, _, state.message_en = str(outcome["message"]).partition("\n")
    store.save(state)


def _heartbeat(store: ParseStore, state: JobState, stop: threading.Event) -> None:
    folder = store.folder(state.id)
    while not stop.wait(HEARTBEAT):
        state.seconds = round(state.seconds + HEARTBEAT, 1)
        pages = progress.read_file(folder)
        if pages is not None:
            state.done, state.total = pages
        store.save(state)


def refused(zh: str, en: str, reason: str) -> dict[str, Any]:
    return {"status": "refused", "message": f"{zh}\n{en}", "kind": "", "record_id": "",
            "stored_ref": "", "result": {"reason": reason}}


def _read(path: Path, folder: Path, given: dict[str, Any]) -> dict[str, Any]:
    candidates: dict[str, dict[str, Any]] = given.get("candidates") or {}
    try:
        done = parse_isolated(path, folder, timeout=float(given.get("timeout", TIMEOUT)),
                              memory=int(given.get("memory", MEMORY_LIMIT)),
                              candidates={k: v["record"] for k, v in candidates.items()})
    except ParseFailed as exc:
        return refused(exc.zh, exc.en, exc.reason)
    result = dict(done.result)
    result["crops"], result["seconds"] = done.crops, round(done.seconds, 2)
    kind = str(result.get("kind") or "")
    record_id = DocRef.decode(str(result["ref"])).record_id if result.get("ref") else ""
    read = result.get("record") or result.get("data") or {}
    stored_ref = ""
    found = candidates.get(f"{kind}|{record_id}") if record_id else None
    if found is not None:
        stored_ref, result["studio_id"] = str(found["ref"]), int(found["studio_id"])
        result["differences"] = [d.as_dict() for d in differences(found["record"], read)]
    result["review"] = review_paths(result)
    errors = [i for i in result.get("issues", []) if i.get("severity") == "error"]
    clean = result.get("record") is not None and not errors and not result["review"]
    message = "" if kind else ("未能识别文书种类（没有可读的二维码或标题）\nthe kind of document "
                               "was not recognised (no readable QR code or title)")
    return {"status": "parsed" if clean else "needs_review", "message": message, "kind": kind,
            "record_id": record_id, "stored_ref": stored_ref, "result": result}


def review_paths(result: dict[str, Any]) -> list[str]:
    """The fields a person must look at: read with low confidence, or named by an error."""
    paths = [f["path"] for f in result.get("fields", []) if f["confidence"] < REVIEW_BELOW]
    known = {f["path"] for f in result.get("fields", [])}
    for issue in result.get("issues", []):
        if issue.get("severity") == "error" and issue.get("path") in known \
                and issue["path"] not in paths:
            paths.append(issue["path"])
    return paths
