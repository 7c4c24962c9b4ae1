"""parse(file) → ParseResult: gate, read, map by labels, validate, compare with the stored record.

This is the API the CLI and the web app call. It raises only :class:`PaperworkError`
(``UploadRefused`` for files refused at the gate); a library failure on a damaged file becomes a
bilingual message, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from forms.errors import Issue, PaperworkError
from forms.ids import DocRef
from forms.kinds import KINDS, get_kind
from parsers.confirm import confirm
from parsers.diff import differences
from parsers.gate import DEFAULT_LIMITS, Limits, Upload, check_upload
from parsers.layout import Layout, layout_of
from parsers.mapping import Mapper, Table, to_data
from parsers.result import ParseResult, Source

Stored = BaseModel | Mapping[str, Any] | None


def load(source: str | Path | bytes) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), ""
    path = Path(source)
    try:
        return path.read_bytes(), path.name
    except OSError as exc:
        raise PaperworkError(f"无法读取文件 {path}：{exc.strerror}",
                             f"cannot read {path}: {exc.strerror}", path="file") from exc


def parse(source: str | Path | bytes, *, stored: Stored = None, kind: str | None = None,
          limits: Limits = DEFAULT_LIMITS) -> ParseResult:
    """Read a returned form (.docx, PDF with or without text, image) into a record.

    ``stored``: the record the page's QR code names, if the caller has it — its differences
    from what is on paper are listed, and uncertain OCR readings are confirmed against it.
    ``kind``: the document kind when it is known; otherwise the QR code, or the printed labels.
    """
    data, name = load(source)
    upload = check_upload(data, name, limits)
    try:
        return _parse(upload, stored, kind)
    except PaperworkError:
        raise
    except Exception as exc:  # a library choking on a damaged file: report it, keep the file
        raise PaperworkError(
            f"文件无法解析（{type(exc).__name__}），已保留以便人工录入",
            f"the file could not be parsed ({type(exc).__name__}: {exc}); it is kept for "
            "manual entry", path="file") from exc


def _parse(upload: Upload, stored: Stored, kind: str | None) -> ParseResult:
    from parsers.photo import upright  # a phone photo: the page found, warped and evened out
    from parsers.prose import after_scan, read_prose  # certificate, notice, decision: prose

    upload = upright(upload)
    prose = read_prose(upload, stored, kind)
    if prose is not None:
        return prose
    if upload.kind == "docx":
        from parsers.docx_reader import read_docx

        content = read_docx(upload.data)
        return finish("docx", content.tables, content.refs, stored, kind, pages=0,
                      header_text=content.header_text)
    if upload.kind == "pdf":
        from parsers.pdf_text import has_text_layer, read_pdf

        if has_text_layer(upload.data):
            pdf = read_pdf(upload.data)
            return finish("pdf-text", pdf.tables, pdf.refs, stored, kind, pages=pdf.pages,
                          header_text=pdf.header_text,
                          after_mapping=partial(_pdf_crops, upload.data))
    from parsers.scan import read_scan

    return after_scan(upload, stored, kind, read_scan(upload, stored, kind))


def _pdf_crops(data: bytes, result: ParseResult) -> None:
    from parsers.pdf_text import crop_png

    for reading in result.fields.values():
        if reading.page is not None and reading.box is not None:
            reading.crop = partial(crop_png, data, reading.page, reading.box)


def choose_kind(tables: list[Table], refs: list[DocRef], kind: str | None) -> tuple[
        str | None, list[Issue]]:
    issues: list[Issue] = []
    if kind is not None:
        get_kind(kind)
        return kind, issues
    known = [r for r in refs if r.kind in KINDS]
    if known:
        return known[0].kind, issues
    best, hits = None, 0
    for name in KINDS:
        mapper = Mapper(layout_of(name), get_kind(name).model)
        n = mapper.read(tables).matched_labels
        if n > hits:
            best, hits = name, n
    issues.append(Issue("ref", "未能识读页面二维码，按印刷的栏目名称识别文书类型",
                        "the page QR code could not be read; the kind was taken from the "
                        "printed labels", severity="warning"))
    return best, issues


def finish(source: Source, tables: list[Table], refs: list[DocRef], stored: Stored,
           kind: str | None, *, pages: int, header_text: str = "",
           after_mapping: Callable[[ParseResult], None] | None = None,
           strict: bool = False) -> ParseResult:
    """``after_mapping`` adds crops and evidence; ``strict`` (OCR) checks every reading against
    the stored record, not only the uncertain ones."""
    """Map tables to fields, validate, and compare with the stored record."""
    name, issues = choose_kind(tables, refs, kind)
    result = ParseResult(source, pages=pages, issues=issues)
    if name is None:
        result.issues.append(Issue("kind", "无法识别文书类型：没有二维码，也没有认得的栏目",
                                   "cannot tell the document kind: no QR code and no known "
                                   "labels"))
        return result
    doc_kind = get_kind(name)
    layout: Layout = layout_of(name)
    result.kind = name
    result.ref = next((r for r in refs if r.kind == name), None)
    mapper = Mapper(layout, doc_kind.model)
    result.fields = mapper.read(tables).fields
    if after_mapping is not None:
        after_mapping(result)
    if source == "ocr" and not refs:
        for reading in result.fields.values():   # read by the printed labels alone
            if reading.confidence >= 0.85:
                reading.confidence = 0.85
                reading.note = reading.note or "页面无二维码 / no QR code on the page"
    stored_record = stored_model(name, stored, result)
    if stored_record is not None:
        confirm(result.fields, stored_record.model_dump(), strict=strict)
    result.data = to_data(mapper.readings)
    record_id = result.ref.record_id if result.ref else _header_id(layout, header_text)
    if record_id and "record_id" in doc_kind.model.model_fields:
        result.data["record_id"] = record_id
    if result.ref is None and record_id:
        result.ref = DocRef(name, doc_kind.version, record_id)
    if result.ref and result.ref.version != doc_kind.version:
        result.issues.append(Issue("ref", f"表格版本 v{result.ref.version} 与当前版本 "
                                   f"v{doc_kind.version} 不同，请核对",
                                   f"form version v{result.ref.version} differs from the "
                                   f"current v{doc_kind.version}; please check",
                                   severity="warning"))
    validate(result, stored_record)
    return result


def _header_id(layout: Layout, header_text: str) -> str | None:
    if layout.header_re is None or not header_text:
        return None
    m = layout.header_re.fullmatch(header_text)
    value = m["g0"].strip() if m and "g0" in m.groupdict() else ""
    return value or None


def stored_model(kind: str, stored: Stored, result: ParseResult) -> BaseModel | None:
    if stored is None or isinstance(stored, BaseModel):
        return stored
    record, _ = get_kind(kind).check(stored)
    if record is None:
        result.issues.append(Issue("stored", "已存记录本身未通过检查，无法比对",
                                   "the stored record is itself invalid; no comparison",
                                   severity="warning"))
    return record


def validate(result: ParseResult, stored: BaseModel | None) -> None:
    assert result.kind is not None
    record, check = get_kind(result.kind).check(result.data)
    result.record = record
    result.issues.extend(check.issues)
    if stored is not None:
        result.differences = differences(stored, record if record is not None else result.data)
