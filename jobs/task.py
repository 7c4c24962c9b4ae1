"""What a job runner executes: ``run_job(root, job_id)`` (also the RQ task)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from forms.errors import PaperworkError
from forms.kinds import get_kind
from generators.bulk import Cancelled, Item, Outputs, Progress, run
from jobs.store import JobStore

SAVE_EVERY = 0.25  # seconds between state writes while running


def run_job(root: str, job_id: str) -> str:
    store = JobStore(Path(root))
    state = store.begin(job_id)
    if state.finished:
        return state.status
    folder = store.folder(job_id)
    job = store.load_input(job_id)
    kind = get_kind(job.kind)
    items = [Item(kind.model.model_validate(r), stem, tuple(show))
             for r, stem, show in zip(job.records, job.stems, job.must_show, strict=True)]
    cancel = threading.Event()
    last = [0.0]

    def progress(p: Progress) -> None:
        if store.cancel_requested(job_id):
            cancel.set()
        now = time.monotonic()
        if now - last[0] >= SAVE_EVERY or p.stage == "package":
            last[0] = now
            state.stage, state.done = p.stage, p.done
            store.save(state)

    name = job.title or kind.title_zh
    outputs = Outputs(folder / f"{name}.zip", folder / f"{name}（合并打印）.pdf")
    try:
        report = run(kind, items, outputs, progress=progress, cancel=cancel)
    except Cancelled as exc:
        state.status, state.message_zh, state.message_en = "cancelled", exc.zh, exc.en
    except PaperworkError as exc:
        state.status, state.message_zh, state.message_en = "failed", exc.zh, exc.en
    except Exception as exc:  # the job's page must say what happened, never hang "running"
        state.status = "failed"
        state.message_zh = "任务失败，请联系管理员"
        state.message_en = f"the job failed: {exc!r}"
    else:
        state.status, state.done, state.seconds = "done", report.count, report.seconds
        state.outputs = {"zip": outputs.zip_path.name if outputs.zip_path else "",
                         "pdf": outputs.merged_pdf.name if outputs.merged_pdf else ""}
        state.message_zh = f"已生成 {report.count} 份，用时 {report.seconds:.1f} 秒"
        state.message_en = f"{report.count} documents in {report.seconds:.1f} s"
    store.save(state)
    return state.status
