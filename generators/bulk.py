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

import multiprocessing as mp
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfWriter

from forms.errors import ConversionFailed, PaperworkError
from forms.kinds import DocKind
from generators.bulk_worker import Batch, Item, batchable, work
from generators.render import atomic_target

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


def safe_stem(text: str) -> str:
    """A file name part: no path separators or control characters, at most 80 characters."""
    cleaned = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in text)
    return cleaned.strip(" .")[:80] or "document"


def run(kind: DocKind, items: Sequence[Item], outputs: Outputs, *, batch_size: int = 20,
        workers: int = 2, progress: ProgressFn | None = None,
        cancel: threading.Event | None = None, timeout: float = 600.0) -> BulkReport:
    """Render, convert, check and package ``items``; see the module docstring."""
    started = time.monotonic()
    total = len(items)
    if total == 0:
        raise PaperworkError("没有可生成的记录", "there are no records to generate")
    batches = [Batch(n, i, tuple(items[i:i + batch_size]))
               for n, i in enumerate(range(0, total, batch_size))]
    sizes = {f"batch-{b.number:05d}": len(b.items) for b in batches}

    def report(stage: str, done: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total, started))

    with tempfile.TemporaryDirectory(prefix="studio-bulk-") as work_dir:
        work_path = Path(work_dir)
        for sub in ("docx", "pdf", "print", "single"):
            (work_path / sub).mkdir()
        # forkserver: workers fork from a clean server process, not from a threaded web app.
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["generators.bulk_worker"])
        errors = ctx.Queue()
        as_pages = batchable(kind, items[0].record)
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
                _poll(work_path, sizes, total, report)
                time.sleep(0.1)
        finally:
            for p in procs:
                if p.is_alive():
                    p.terminate()
                p.join(30)
        if not errors.empty():
            zh, en = errors.get()
            raise ConversionFailed(zh, en)
        singles = sorted((work_path / "single").glob("*.pdf"))
        if len(singles) != total or any(p.exitcode for p in procs):
            raise ConversionFailed(f"批量生成未完成：{len(singles)}/{total}",
                                   f"bulk job incomplete: {len(singles)}/{total}")
        result = BulkReport(total, 0.0, len(batches))
        _package(work_path, items, outputs, result, as_pages)
        report("package", total)
    result.seconds = time.monotonic() - started
    return result


def _poll(work: Path, sizes: dict[str, int], total: int,
          report: Callable[[str, int], None]) -> None:
    rendered = sum(sizes.get(p.stem, 1) for p in (work / "docx").glob("[b0-9]*.docx"))
    if rendered < total:
        report("render", rendered)
    else:
        report("convert", sum(1 for _ in (work / "single").glob("0*.pdf")))


def _package(work: Path, items: Sequence[Item], outputs: Outputs, result: BulkReport,
             as_pages: bool) -> None:
    singles = sorted((work / "single").glob("*.pdf"))
    result.single_pdf_bytes = [p.stat().st_size for p in singles]
    if outputs.zip_path is not None:
        seen: set[str] = set()
        with atomic_target(outputs.zip_path) as tmp, \
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as archive:
            for pdf, item in zip(singles, items, strict=True):
                stem = _unique(safe_stem(item.stem), seen)
                archive.write(pdf, f"{stem}.pdf")
                if outputs.include_docx:
                    archive.write(pdf.with_suffix(".docx"), f"docx/{stem}.docx")
        result.zip_bytes = outputs.zip_path.stat().st_size
    if outputs.merged_pdf is not None:
        merged = PdfWriter()
        parts = sorted((work / "print").glob("batch-*.pdf")) if as_pages else singles
        for pdf in parts:
            merged.append(str(pdf))
        with atomic_target(outputs.merged_pdf) as tmp, tmp.open("wb") as fh:
            merged.write(fh)
        result.merged_bytes = outputs.merged_pdf.stat().st_size


def _unique(stem: str, seen: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in seen:
        candidate, n = f"{stem}-{n}", n + 1
    seen.add(candidate)
    return candidate



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
