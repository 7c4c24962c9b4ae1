"""One core's share of a bulk job, run in its own process (see generators.bulk).

render its batches (docxtpl) → one LibreOffice exports each batch whole and page by page
(generators/uno_export.py, so that every single PDF has its own small font subset) → check every
page's text against its record (poppler's pdftotext, C speed).
Files appear in the job's work directory as each step finishes; the parent watches them for
progress. Errors go back through ``errors`` as (zh, en).
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path
from types import FrameType

from docxtpl import DocxTemplate
from pydantic import BaseModel

from forms.errors import ConversionFailed, PaperworkError
from forms.kinds import DocKind, get_kind
from generators import libreoffice
from generators.batch_template import derive
from generators.render import context, docx_bytes, jinja_env, template_path


@dataclass(frozen=True)
class Item:
    """One record of a bulk job: the record, its output file stem and the texts its page must
    show (checked on the PDF)."""

    record: BaseModel
    stem: str
    must_show: tuple[str, ...]


@dataclass(frozen=True)
class Batch:
    number: int  # position of the batch in the job
    first: int  # index of its first record in the job
    items: tuple[Item, ...]


def render_batch(kind: DocKind, records: list[BaseModel], batch_template: bytes) -> bytes:
    tpl = DocxTemplate(io.BytesIO(batch_template))
    tpl.render({"records": [context(kind, r, tpl) for r in records]}, jinja_env(),
               autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def names(kind: DocKind, record: BaseModel) -> list[str]:
    return [*type(record).model_fields, "qr", "doc_title", *kind.context_names]


def page_texts(pdf: Path) -> list[str]:
    """Text of each page, white space removed."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True, timeout=300).stdout.decode("utf-8")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [re.sub(r"\s+", "", p) for p in pages]


def check(pdf: Path, batch: Batch) -> None:
    pages = page_texts(pdf)
    if len(pages) != len(batch.items):
        raise ConversionFailed(
            f"批量生成核对失败：{len(batch.items)} 条记录得到 {len(pages)} 页（版面溢出？）",
            f"bulk check failed: {len(batch.items)} records gave {len(pages)} pages "
            "(layout overflow?)")
    for i, (text, item) in enumerate(zip(pages, batch.items, strict=True)):
        require_shown(text, item, batch.first + i + 1)


def require_shown(text: str, item: Item, row: int) -> None:
    """``text`` (white space removed) must show each of the record's texts."""
    for expected in item.must_show:
        if re.sub(r"\s+", "", expected) not in text:
            raise ConversionFailed(f"第 {row} 条记录的文书缺少“{expected}”",
                                   f"the document of record {row} does not show {expected!r}")


def single_path(work: Path, index: int, suffix: str = ".pdf") -> Path:
    return work / "single" / f"{index:06d}{suffix}"


def _stop(signum: int, frame: FrameType | None) -> None:
    # SystemExit unwinds through generators.libreoffice._run, whose finally kills soffice.
    sys.exit(1)


def batchable(kind: DocKind, record: BaseModel) -> bool:
    """Can this kind print many records as the pages of one batch document?"""
    try:
        derive(template_path(kind), names(kind, record))
    except PaperworkError:
        return False
    return True


def work_documents(kind: DocKind, batches: list[Batch], work: Path, timeout: float,
                   with_docx: bool) -> None:
    """Kinds of several pages or with per-record headers: one document per record, all of this
    share converted by one LibreOffice call (one cold start)."""
    items = [(b.first + i, item) for b in batches for i, item in enumerate(b.items)]
    sources = []
    for index, item in items:
        src = work / "docx" / f"{index:06d}.docx"
        tmp = src.with_name("." + src.name)
        tmp.write_bytes(docx_bytes(kind, item.record))
        tmp.rename(src)
        sources.append(src)
    pdfs = libreoffice.to_pdf(sources, work / "conv", timeout=timeout)
    for pdf, (index, item) in zip(pdfs, items, strict=True):
        require_shown("".join(page_texts(pdf)), item, index + 1)
        pdf.rename(single_path(work, index))
        if with_docx:
            single_path(work, index, ".docx").write_bytes(
                (work / "docx" / f"{index:06d}.docx").read_bytes())


def work(kind_name: str, batches: list[Batch], work: Path, timeout: float, with_docx: bool,
         errors: Queue[tuple[str, str]], as_pages: bool = True) -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        kind = get_kind(kind_name)
        if not as_pages:
            work_documents(kind, batches, work, timeout, with_docx)
            return
        template = derive(template_path(kind), names(kind, batches[0].items[0].record))
        sources = []
        for batch in batches:
            src = work / "docx" / f"batch-{batch.number:05d}.docx"
            tmp = src.with_name("." + src.name)
            tmp.write_bytes(render_batch(kind, [it.record for it in batch.items], template))
            tmp.rename(src)
            sources.append(src)
        jobs = [(src, work / "pdf" / f"{src.stem}.pdf",
                 [single_path(work, b.first + i) for i in range(len(b.items))])
                for src, b in zip(sources, batches, strict=True)]
        libreoffice.export_pages(jobs, timeout=timeout)
        for (_, pdf, _), batch in zip(jobs, batches, strict=True):
            check(pdf, batch)
            if with_docx:
                for i, item in enumerate(batch.items):
                    single_path(work, batch.first + i, ".docx").write_bytes(
                        docx_bytes(kind, item.record))
    except PaperworkError as exc:
        errors.put((exc.zh, exc.en))
    except Exception as exc:  # reported to the parent, which raises it as a PaperworkError
        errors.put(("批量生成出错，请联系管理员", f"bulk generation failed: {exc!r}"))
