"""Bulk generation: one-page documents (certificates, plaques) at the converter's speed, and
any other kind one document per record.

A job renders the records as multi-page batch documents (generators.batch_template) and gives
each core its share of batches in its own process (generators.bulk_worker: one cold LibreOffice
converting each batch as soon as it is rendered → check every page's text → stamp the page-slot
QR codes → split into one PDF per record). The parent watches the files appear for progress,
then writes a ZIP of one PDF per record (UTF-8 names) and one merged PDF in order — each to a
temporary file moved into place at the end, so a failed or cancelled job leaves nothing
half-written.

``batch_size`` trades LibreOffice's per-document overhead against the size of the single PDFs:
a page split from its batch keeps the font subsets of the batch (the glyphs of its N
certificates, ~150–190 KiB for 25–100 certificates against ~60 KiB for a certificate converted
alone; never a whole font, which would be 7–27 MB). Exporting each page on its own instead
costs LibreOffice ~45 ms a page, which is what made 1,000 certificates take 31 s.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing as mp
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from forms.errors import ConversionFailed, PaperworkError, ToolMissing
from forms.kinds import DocKind
from generators import libreoffice
from generators.bulk_worker import Batch, Item, batchable, single_path, work
from generators.package import Packager

__all__ = ["BulkReport", "Cancelled", "Item", "Outputs", "Progress", "run"]

STAGES_ZH = {"render": "生成", "convert": "转换", "package": "打包"}


class Cancelled(PaperworkError):
    """The job was cancelled; nothing was written."""


@dataclass
class Progress:
    stage: str  # render / convert / package
    done: int
    total: int
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


ProgressFn = Callable[[Progress], None]


@dataclass
class Outputs:
    zip_path: Path | None = None
    merged_pdf: Path | None = None
    include_docx: bool = False


@dataclass
class BulkReport:
    count: int
    seconds: float
    batches: int
    zip_bytes: int = 0
    merged_bytes: int = 0
    single_pdf_bytes: list[int] = field(default_factory=list)


MAX_BATCH = 100


def auto_batch_size(total: int, workers: int) -> int:
    """Batches of up to MAX_BATCH records, at least two a worker so that each worker renders
    its next batch while its LibreOffice converts one."""
    return max(1, min(MAX_BATCH, math.ceil(total / (2 * workers))))


SHM = Path("/dev/shm")
SCRATCH_PER_RECORD = 512 * 1024  # bytes a record's files take at most in the work directory


def scratch_dir(total: int) -> Path | None:
    """Where a job keeps its work files: in memory (tmpfs) if there is room for all of them,
    else the usual temporary directory. Each record's single PDF is written by a worker and
    read by the packager once; on this project's disk-backed /tmp writing one costs ~0.55 ms
    of CPU, on tmpfs ~0.1 ms. The packager deletes each file once it is packed, so the job
    holds in memory only what the packager has not reached yet."""
    try:
        free = shutil.disk_usage(SHM).free
    except OSError:
        return None
    return SHM if os.access(SHM, os.W_OK) and free > 64 * 2**20 + total * SCRATCH_PER_RECORD \
        else None


def run(kind: DocKind, items: Sequence[Item], outputs: Outputs, *, batch_size: int | None = None,
        workers: int = 2, progress: ProgressFn | None = None,
        cancel: threading.Event | None = None, timeout: float = 600.0) -> BulkReport:
    """Render, convert, check and package ``items``; see the module docstring."""
    started = time.monotonic()
    total = len(items)
    if total == 0:
        raise PaperworkError("没有可生成的记录", "there are no records to generate")
    prepare()
    batch_size = batch_size or auto_batch_size(total, workers)
    batches = [Batch(n, i, tuple(items[i:i + batch_size]))
               for n, i in enumerate(range(0, total, batch_size))]
    sizes = {f"batch-{b.number:05d}": len(b.items) for b in batches}

    def report(stage: str, done: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total, started))

    with tempfile.TemporaryDirectory(prefix="studio-bulk-", dir=scratch_dir(total)) as work_dir, \
            contextlib.ExitStack() as stack:
        work_path = Path(work_dir)
        for sub in ("docx", "pdf", "print", "single"):
            (work_path / sub).mkdir()
        as_pages = batchable(kind, items[0].record)
        parts = ([work_path / "print" / f"batch-{b.number:05d}.pdf" for b in batches] if as_pages
                 else [single_path(work_path, i) for i in range(total)])
        packager = Packager(stack, work_path, items, outputs.zip_path, outputs.merged_pdf,
                            outputs.include_docx, parts)
        ctx = mp.get_context("forkserver")
        errors = ctx.Queue()
        procs = [ctx.Process(target=work, args=(kind.name, batches[w::workers], work_path,
                                                timeout, outputs.include_docx, errors, as_pages))
                 for w in range(min(workers, len(batches)))]
        for p in procs:
            p.start()
        try:
            while any(p.is_alive() for p in procs):
                if cancel is not None and cancel.is_set():
                    raise Cancelled("任务已取消，未写入任何文件",
                                    "the job was cancelled; nothing was written")
                if not errors.empty():
                    break
                _poll(work_path, sizes, total, packager.feed(), report)
                time.sleep(0.05)
        finally:
            for p in procs:
                if p.is_alive():
                    p.terminate()
                p.join(30)
        if not errors.empty():
            zh, en = errors.get()
            raise ConversionFailed(zh, en)
        if any(p.exitcode for p in procs):
            raise ConversionFailed("批量生成进程异常退出", "a bulk worker exited abnormally")
        packager.finish()
        report("package", total)
    result = BulkReport(total, time.monotonic() - started, len(batches),
                        single_pdf_bytes=packager.single_pdf_bytes)
    if outputs.zip_path is not None:
        result.zip_bytes = outputs.zip_path.stat().st_size
    if outputs.merged_pdf is not None:
        result.merged_bytes = outputs.merged_pdf.stat().st_size
    return result


_prepared = threading.Lock()
_ready: list[bool] = []


def _nothing() -> None:
    """A process that only shows the fork server is up."""


def prepare() -> None:
    """Start the process the workers fork from and wait until it is ready (once per process,
    ~1 s: it imports the worker's modules): forkserver, so that workers fork from a clean
    server process, not from a threaded web app. A job calls this itself; callers may call it
    early so that their first job does not wait."""
    with _prepared:
        if _ready:
            return
        # "__main__" too: otherwise every worker imports the main module again before it
        # starts (a script's or the web app's); the server does it once.
        mp.set_forkserver_preload(["__main__", "generators.bulk_worker"])
        probe = mp.get_context("forkserver").Process(target=_nothing)
        probe.start()
        # Meanwhile, the used LibreOffice profile every worker's copy starts from (made once
        # per installation, ~2 s; the workers would otherwise race to make it).
        with contextlib.suppress(ToolMissing):
            libreoffice.profile_template(libreoffice.find_soffice())
        probe.join()
        _ready.append(True)


def _poll(work: Path, sizes: dict[str, int], total: int, packed: int,
          report: Callable[[str, int], None]) -> None:
    rendered = sum(sizes.get(p.stem, 1) for p in (work / "docx").glob("[b0-9]*.docx"))
    if rendered < total:
        report("render", rendered)
    else:
        report("convert", packed)


IDENTIFYING = ("number", "studio_name", "studio.name")


def describe(record: object) -> tuple[str, tuple[str, ...]]:
    """A record's file stem and the texts its pages must show: its document number and studio
    name where the kind has them, else its record id."""
    found: list[str] = []
    for path in IDENTIFYING:
        value: object = record
        for part in path.split("."):
            value = getattr(value, part, None)
        if isinstance(value, str) and value and value not in found:
            found.append(value)
    if not found:
        found.append(str(getattr(record, "record_id", "document")))
    return "_".join(found), tuple(found)
