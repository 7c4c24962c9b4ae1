"""Producing the documents a page offers: .docx, PDF and PNG previews of the PDF's pages.

Files are made by :func:`generators.render.write` and kept in a cache keyed by the record, the
kind's version and its template, so the preview and the download that follows convert once.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pypdfium2
from pydantic import BaseModel

from forms.kinds import DocKind
from generators.render import atomic_target, template_path, write
from webforms.formdata import value_at
from webforms.throttle import render_slot

KEEP_FILES = 300
# Paths that name what a document is about, tried in order for its file name.
SUBJECT_PATHS = ("studio.name", "studio_name", "number", "name")
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def record_key(kind: DocKind, record: BaseModel) -> str:
    tpl = template_path(kind)
    stamp = f"{tpl.stat().st_mtime_ns}:{tpl.stat().st_size}" if tpl.exists() else "-"
    payload = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    text = f"{kind.name}|{kind.version}|{stamp}|{payload}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _prune(cache: Path) -> None:
    files = sorted(cache.glob("*.*"), key=lambda p: p.stat().st_mtime)
    for old in files[:-KEEP_FILES]:
        old.unlink(missing_ok=True)


def document(kind: DocKind, record: BaseModel, fmt: str, cache: Path) -> Path:
    """The .docx or .pdf of ``record``, made once and then served from ``cache``."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / f"{record_key(kind, record)}.{fmt}"
    if target.exists():
        return target
    if fmt != "pdf":
        write(kind, record, target)
    else:
        with render_slot():  # LibreOffice: a bounded number at once (webforms.throttle)
            if not target.exists():  # made by another request while this one waited
                write(kind, record, target)
    _prune(cache)
    return target


def page_png(pdf: Path, page: int, scale: float = 1.4) -> Path:
    """PNG of one page of ``pdf`` (1-based), beside it; for browsers that show no PDFs inline."""
    target = pdf.with_name(f"{pdf.stem}-p{page}.png")
    if target.exists():
        return target
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        if not 1 <= page <= len(doc):
            raise IndexError(page)
        image = doc[page - 1].render(scale=scale).to_pil()
        with atomic_target(target) as tmp:
            image.save(tmp, format="PNG", optimize=True)
    finally:
        doc.close()
    return target


def page_count(pdf: Path) -> int:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def subject(record: BaseModel) -> str:
    data: dict[str, Any] = record.model_dump(mode="json")
    for path in SUBJECT_PATHS:
        value = value_at(data, path)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def download_name(kind: DocKind, record: BaseModel, fmt: str) -> str:
    """杨浦区…申报表（王建国数控加工劳模创新工作室）.pdf — safe on every file system."""
    about = subject(record)
    stem = f"{kind.title_zh}（{about}）" if about else kind.title_zh
    return UNSAFE.sub("_", stem)[:120] + f".{fmt}"


def ascii_name(kind: DocKind, record: BaseModel, fmt: str) -> str:
    """The fallback for clients that cannot read ``filename*``: application-app2026demo01.pdf."""
    record_id = re.sub(r"[^A-Za-z0-9_-]", "", str(getattr(record, "record_id", "")))
    return f"{kind.name}-{record_id}.{fmt}" if record_id else f"{kind.name}.{fmt}"


def content_disposition(disposition: str, name: str, fallback: str) -> str:
    """RFC 6266: an ASCII ``filename`` and the real (Chinese) name in ``filename*=UTF-8''…``."""
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"
