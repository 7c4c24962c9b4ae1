"""One core's share of a bulk job, run in its own process (see generators.bulk).

One LibreOffice starts at once (generators/libreoffice.BatchExport) while this process renders
its batches (docxtpl; QR codes that have a page slot left out); LibreOffice converts each batch
as soon as it is written, and this process takes each converted batch in turn: check every
page's text against its record (PDFium, C speed), draw the page-slot QR codes onto
the pages (generators/stamp.py), write the stamped batch (a part of the merged PDF) and split it
into one PDF per record (pikepdf; each single keeps only the resources its page uses).
Files appear in the job's work directory as each step finishes; the parent watches them for
progress. Errors go back through ``errors`` as (zh, en).
"""

from __future__ import annotations

import io
import re
import signal
import sys
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path
from types import FrameType

import pikepdf
import pypdfium2 as pdfium
from pydantic import BaseModel

from forms.errors import ConversionFailed, PaperworkError
from forms.kinds import DocKind, get_kind
from generators import libreoffice
from generators.batch_template import derive
from generators.qr import qr_matrix
from generators.render import FastTemplate, context, docx_bytes, jinja_env, template_path
from generators.stamp import slotted_codes, stamp_page


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
    tpl = FastTemplate(io.BytesIO(batch_template))
    tpl.render({"records": [context(kind, r, tpl, stamped=True) for r in records]},
               jinja_env(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def names(kind: DocKind, record: BaseModel) -> list[str]:
    return [*type(record).model_fields, "qr", "doc_title", *kind.context_names]


def page_texts(pdf: Path) -> list[str]:
    """Text of each page, white space removed (PDFium: ~0.3 ms a certificate page, against
    ~4 ms for poppler's pdftotext and ~6 ms for pdfplumber)."""
    texts = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            textpage = page.get_textpage()
            texts.append(re.sub(r"\s+", "", textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return texts


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
        write_atomic(src, docx_bytes(kind, item.record))
        sources.append(src)
    pdfs = libreoffice.to_pdf(sources, work / "conv", timeout=timeout)
    for pdf, (index, item) in zip(pdfs, items, strict=True):
        require_shown("".join(page_texts(pdf)), item, index + 1)
        pdf.rename(single_path(work, index))
        if with_docx:
            single_path(work, index, ".docx").write_bytes(
                (work / "docx" / f"{index:06d}.docx").read_bytes())


def write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name("." + target.name)
    tmp.write_bytes(data)
    tmp.rename(target)


def save_atomic(pdf: pikepdf.Pdf, target: Path) -> None:
    tmp = target.with_name("." + target.name)
    pdf.save(tmp, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    tmp.rename(target)


def finish_batch(kind: DocKind, batch: Batch, pdf_path: Path, work: Path) -> None:
    """Check a converted batch, stamp its page-slot QR codes, write it as a part of the merged
    PDF and split it into one PDF per record."""
    check(pdf_path, batch)
    with pikepdf.open(pdf_path) as pdf:
        for page, item in zip(pdf.pages, batch.items, strict=True):
            stamp_page(pdf, page, slotted_codes(kind, item.record))
        for i, (page, item) in enumerate(zip(pdf.pages, batch.items, strict=True)):
            with pikepdf.new() as single:
                single.pages.append(page)
                single.remove_unreferenced_resources()
                single.docinfo["/Title"] = item.stem
                save_atomic(single, single_path(work, batch.first + i))
        save_atomic(pdf, work / "print" / pdf_path.name)


def work_batches(kind: DocKind, batches: list[Batch], work: Path, timeout: float,
                 with_docx: bool) -> None:
    """One-page kinds: batches rendered while LibreOffice starts and converts them."""
    template = derive(template_path(kind), names(kind, batches[0].items[0].record))
    docs = [libreoffice.BatchDoc(work / "docx" / f"batch-{b.number:05d}.docx",
                                 work / "pdf" / f"batch-{b.number:05d}.pdf", len(b.items))
            for b in batches]
    with libreoffice.BatchExport(docs, timeout) as export:
        for batch, doc in zip(batches, docs, strict=True):
            write_atomic(doc.docx, render_batch(kind, [it.record for it in batch.items],
                                                template))
        # While LibreOffice starts and converts: the QR codes to stamp (~0.2 ms each).
        for batch in batches:
            for item in batch.items:
                for payload, _ in slotted_codes(kind, item.record):
                    qr_matrix(payload)
        for batch, doc in zip(batches, docs, strict=True):
            export.wait_for(doc)
            finish_batch(kind, batch, doc.pdf, work)
    if with_docx:
        for batch in batches:
            for i, item in enumerate(batch.items):
                single_path(work, batch.first + i, ".docx").write_bytes(
                    docx_bytes(kind, item.record))


def work(kind_name: str, batches: list[Batch], work: Path, timeout: float, with_docx: bool,
         errors: Queue[tuple[str, str]], as_pages: bool = True) -> None:
    signal.signal(signal.SIGTERM, _stop)
    try:
        kind = get_kind(kind_name)
        if as_pages:
            work_batches(kind, batches, work, timeout, with_docx)
        else:
            work_documents(kind, batches, work, timeout, with_docx)
    except PaperworkError as exc:
        errors.put((exc.zh, exc.en))
    except Exception as exc:  # reported to the parent, which raises it as a PaperworkError
        errors.put(("批量生成出错，请联系管理员", f"bulk generation failed: {exc!r}"))
