"""Job folders: input, state (atomic JSON), cancel flag and outputs."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from forms.errors import PaperworkError

Status = Literal["queued", "running", "done", "failed", "cancelled"]
FINISHED: tuple[Status, ...] = ("done", "failed", "cancelled")


@dataclass
class JobState:
    id: str
    kind: str
    total: int
    status: Status = "queued"
    stage: str = ""
    done: int = 0
    created: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat())
    updated: str = ""
    seconds: float = 0.0
    message_zh: str = ""
    message_en: str = ""
    row_errors: list[dict[str, Any]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED


@dataclass(frozen=True)
class JobInput:
    kind: str
    records: list[dict[str, Any]]
    stems: list[str]
    must_show: list[list[str]]
    title: str = ""


class JobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, job_id: str) -> Path:
        if not job_id.isalnum():  # ids are ours: never a path from outside
            raise PaperworkError("无效的任务编号", "invalid job id", path="job")
        return self.root / job_id

    def create(self, kind: str, records: list[BaseModel], stems: list[str],
               must_show: list[tuple[str, ...]], row_errors: list[dict[str, Any]],
               title: str = "") -> JobState:
        job_id = uuid.uuid4().hex[:16]
        folder = self.folder(job_id)
        folder.mkdir(parents=True)
        data = JobInput(kind, [r.model_dump(mode="json") for r in records], stems,
                        [list(m) for m in must_show], title)
        _write_json(folder / "input.json", asdict(data))
        state = JobState(job_id, kind, len(records), row_errors=row_errors)
        self.save(state)
        return state

    def load_input(self, job_id: str) -> JobInput:
        raw = json.loads((self.folder(job_id) / "input.json").read_text(encoding="utf-8"))
        return JobInput(**raw)

    def state(self, job_id: str) -> JobState:
        path = self.folder(job_id) / "state.json"
        if not path.exists():
            raise PaperworkError("没有这个任务", "no such job", path="job")
        return JobState(**json.loads(path.read_text(encoding="utf-8")))

    def save(self, state: JobState) -> None:
        state.updated = dt.datetime.now(dt.UTC).isoformat()
        _write_json(self.folder(state.id) / "state.json", asdict(state))

    def begin(self, job_id: str, stage: str = "") -> JobState:
        """The job's state, marked ``running`` at ``stage`` and saved — unless it has already
        finished: then as it is (a runner returns its status and does nothing)."""
        state = self.state(job_id)
        if not state.finished:
            state.status, state.stage = "running", stage
            self.save(state)
        return state

    def claim(self, job_id: str) -> bool:
        """Whether this caller is the one to run the job: the first to ask, of any process
        sharing the folder (an RQ worker and the web process that took the job back)."""
        try:
            os.close(os.open(self.folder(job_id) / "claimed",
                             os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def unclaim(self, job_id: str) -> None:
        (self.folder(job_id) / "claimed").unlink(missing_ok=True)

    def request_cancel(self, job_id: str) -> None:
        (self.folder(job_id) / "cancel").touch()

    def cancel_requested(self, job_id: str) -> bool:
        return (self.folder(job_id) / "cancel").exists()

    def recent(self, limit: int = 20) -> list[JobState]:
        if not self.root.exists():
            return []
        states = []
        for folder in self.root.iterdir():
            if (folder / "state.json").exists():
                states.append(self.state(folder.name))
        return sorted(states, key=lambda s: s.created, reverse=True)[:limit]


def _write_json(path: Path, data: Any) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    os.replace(tmp, path)
