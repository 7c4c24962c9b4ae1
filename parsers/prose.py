"""The pipeline's hooks for prose kinds (certificate, notice, withdrawal decision).

These documents print their fields inside sentences, not in a ruled table of labels, so the
label mapper has nothing to hold on to. :func:`read_prose` takes a returned ``.docx`` or text
PDF whose page QR code or printed wording names a prose kind; :func:`after_scan` looks at a
scan's result and, when the page is a prose kind (by its QR code or its wording), reads the
same OCR lines as paragraphs instead. Both give a :class:`ParseResult` like the other readers:
every field with value, confidence, page, box and crop, validated, compared with the stored
record, and OCR readings checked against it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from functools import partial
from typing import Any

from forms.errors import Issue
from forms.ids import DocRef
from forms.kinds import get_kind
from parsers import verify_code
from parsers.confirm import confirm
from parsers.gate import Upload
from parsers.mapping import Readings, to_data
from parsers.prose_kinds import READERS, kind_by_wording
from parsers.prose_text import ProseText, docx_text, ocr_lines, pdf_text, scan_text
from parsers.result import ParseResult, Source

PROSE_KINDS = frozenset(READERS)
NO_QR_NOTE = "页面无二维码 / no QR code on the page"
TAG = re.compile(rb"<[^>]+>")


def read_prose(upload: Upload, stored: Any, kind: str | None) -> ParseResult | None:
    """A returned .docx or text PDF of a prose kind, read by its wording, or a one-page
    landscape scan of a certificate; ``None`` for any other file (the label mapper and the
    scan reader take those)."""
    if kind is not None and kind not in PROSE_KINDS:
        return None
    if upload.kind == "docx":
        name = kind or _docx_kind(upload.data)
        if name is None:
            return None
        return assemble("docx", name, docx_text(upload.data), stored, kind,
                        code=partial(verify_code.docx_number, upload.data))
    if upload.kind == "pdf":
        from parsers.pdf_text import has_text_layer

        # the wording first (pdfium's text of page 1 takes a few ms): other kinds pass on
        name = kind or kind_by_wording(_pdf_first_page(upload.data))
        if name is None and upload.pages == 1 and _landscape(upload) \
                and not has_text_layer(upload.data):
            return certificate_scan(upload, stored, kind)   # a scanned certificate?
        if name is None or not has_text_layer(upload.data):
            return None
        prose = pdf_text(upload.data, page_codes=name != "certificate")
        result = assemble("pdf-text", name, prose, stored, kind,
                          code=partial(verify_code.pdf_number, upload.data))
        _pdf_crops(upload.data, result)
        return result
    return certificate_scan(upload, stored, kind)


def certificate_scan(upload: Upload, stored: Any, kind: str | None) -> ParseResult | None:
    """A one-page landscape scan or photo whose wording is a certificate's, read as prose
    without going through the table reader first (a certificate has no page QR code, and the
    table reader's search for one is what a scan costs most). ``None`` for anything else."""
    if kind not in (None, "certificate") or upload.kind == "docx" or upload.pages != 1:
        return None
    if not _landscape(upload):
        return None
    from parsers.scan import load_pages

    return _prose_of_pages(upload, load_pages(upload, page_codes=False), stored, kind,
                           only="certificate")


def after_scan(upload: Upload, stored: Any, kind: str | None,
               result: ParseResult) -> ParseResult:
    """The scan reader's result, or, for a page of a prose kind (named by its QR code, by the
    caller, or — with no QR code — by its printed wording), the prose reading of the same OCR
    lines (remembered by the OCR wrapper, so the page is not read twice)."""
    if kind is not None and kind not in PROSE_KINDS:
        return result
    if result.kind not in PROSE_KINDS and (result.ref is not None or len(result.fields) >= 5):
        return result   # a form with a table kind's QR code, or with its labels found
    from parsers.scan import load_pages

    pages = load_pages(upload)
    hint = kind or (result.kind if result.kind in PROSE_KINDS else None)
    out = _prose_of_pages(upload, pages, stored, kind, hint=hint)
    return result if out is None else out


def _prose_of_pages(upload: Upload, pages: list[Any], stored: Any, kind: str | None, *,
                    hint: str | None = None, only: str | None = None) -> ParseResult | None:
    """Scanned pages (parsers.scan.ScanPage) read as prose: the kind is ``hint`` or the one
    the wording shows (``only``: that kind or nothing)."""
    from parsers import raster
    from parsers.scan import ocr_fixes

    refs: list[DocRef] = [c.ref for p in pages for c in p.codes]
    lines = [(p.number, ocr_lines((ocr_fixes(ln.text), ln.box, ln.score) for ln in p.lines))
             for p in pages]
    prose = scan_text(lines, refs)
    name = hint or kind_by_wording(prose.text)
    if name is None or (only is not None and name != only):
        return None
    out = assemble("ocr", name, prose, stored, kind,
                   code=partial(verify_code.number_in, pages[0].image) if pages else None)
    images = {p.number: p.image for p in pages}
    for reading in out.fields.values():
        if reading.page in images and reading.box is not None:
            reading.crop = partial(raster.png_crop, images[reading.page], reading.box)
    return out


def assemble(source: Source, name: str, prose: ProseText, stored: Any, kind: str | None,
             code: Callable[[], str | None] | None = None) -> ParseResult:
    """``code``: reads the certificate number from the verification QR code (certificates)."""
    from parsers.pipeline import stored_model, validate

    reading = READERS[name](prose)
    result = ParseResult(source, kind=name, pages=prose.pages, issues=list(reading.issues))
    result.ref = next((r for r in prose.refs if r.kind == name), None)
    if prose.refs and result.ref is None:
        other = prose.refs[0].kind
        result.issues.append(Issue("ref", f"页面二维码标明的文书类型（{other}）与印刷文字不符",
                                   f"the page QR code names another kind ({other}) than the "
                                   "printed wording", severity="warning"))
    result.fields = reading.fields
    if source == "ocr" and result.ref is None:
        for f in result.fields.values():   # read by the printed wording alone
            if f.confidence >= 0.85:
                f.confidence, f.note = 0.85, f.note or NO_QR_NOTE
    if name == "certificate" and code is not None:
        verify_code.check_number(result, code(), source)
    doc_kind = get_kind(name)
    stored_record = stored_model(name, stored, result)
    if stored_record is not None:
        _same_day_printed(result, stored_record.model_dump())
        confirm(result.fields, stored_record.model_dump(), strict=source == "ocr")
    result.data = to_data(Readings(result.fields))
    record_id = result.ref.record_id if result.ref else None
    if record_id is None and stored_record is not None:
        record_id = getattr(stored_record, "record_id", None)
    if record_id and "record_id" in doc_kind.model.model_fields:
        result.data["record_id"] = record_id
    if result.ref is not None and result.ref.version != doc_kind.version:
        result.issues.append(Issue("ref", f"文书版本 v{result.ref.version} 与当前版本 "
                                   f"v{doc_kind.version} 不同，请核对",
                                   f"document version v{result.ref.version} differs from the "
                                   f"current v{doc_kind.version}; please check",
                                   severity="warning"))
    validate(result, stored_record)
    return result


def _same_day_printed(result: ParseResult, stored: dict[str, Any]) -> None:
    """A 公文 prints its date of issue as 印发日期 when none was given: a stored record without
    one and a printed date equal to the date of issue agree."""
    printed, issued = result.fields.get("printed_on"), result.fields.get("date")
    if ("printed_on" in stored and stored["printed_on"] is None and printed is not None
            and issued is not None and printed.value == issued.value):
        printed.value = None


def _landscape(upload: Upload) -> bool:
    """Whether the first page is wider than high (from the header: nothing is decoded)."""
    if upload.kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(upload.data)
        try:
            width, height = pdf.get_page_size(0)
        finally:
            pdf.close()
        return bool(width > height)
    from PIL import Image

    with Image.open(io.BytesIO(upload.data)) as im:
        width, height = im.size
        if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):   # EXIF: stored turned a quarter
            width, height = height, width
    return width > height


def _docx_kind(data: bytes) -> str | None:
    """The prose kind the document's wording shows, from its raw XML (no full parse)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("word/document.xml")
    except (KeyError, zipfile.BadZipFile):
        return None
    return kind_by_wording(TAG.sub(b"", xml).decode("utf-8", "replace"))


def _pdf_first_page(data: bytes) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if len(pdf) == 0:
            return ""
        page = pdf[0]
        textpage = page.get_textpage()
        try:
            return str(textpage.get_text_bounded())
        finally:
            textpage.close()
            page.close()
    finally:
        pdf.close()


def _pdf_crops(data: bytes, result: ParseResult) -> None:
    from parsers.pdf_text import crop_png

    for reading in result.fields.values():
        if reading.page is not None and reading.box is not None:
            reading.crop = partial(crop_png, data, reading.page, reading.box)
