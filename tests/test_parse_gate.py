"""Hostile and broken uploads are refused at the gate with a bilingual reason, never a crash."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter

from forms.errors import PaperworkError
from parsers import Limits, UploadRefused, check_upload, parse, sniff


def png(size: tuple[int, int], mode: str = "L") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, 255).save(buf, "PNG")
    return buf.getvalue()


def pdf(pages: int, password: str | None = None) -> bytes:
    w = PdfWriter()
    for _ in range(pages):
        w.add_blank_page(595, 842)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def docx_like(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(("data", "mime"), [
    (b"%PDF-1.7\n...", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n....", "image/png"),
    (b"\xff\xd8\xff\xe0....", "image/jpeg"),
    (b"II*\x00....", "image/tiff"),
    (b"PK\x03\x04....", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "application/x-ole-storage"),
    (b"hello, world", ""),
])
def test_sniff_reads_the_bytes_not_the_name(data: bytes, mime: str) -> None:
    assert sniff(data) == mime


def test_good_files_pass() -> None:
    assert check_upload(png((200, 300))).kind == "image"
    up = check_upload(pdf(2))
    assert (up.kind, up.pages) == ("pdf", 2)


@pytest.mark.parametrize(("data", "limits", "reason", "zh"), [
    (b"", Limits(), "empty", "文件为空"),
    (b"x" * 2048, Limits(max_bytes=1024), "too_big", "文件过大"),
    (b"just some text pretending to be a pdf", Limits(), "type", "无法识别的文件类型"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, Limits(), "type", "另存为 .docx"),
    (png((20_000, 20_000), "1"), Limits(), "pixels", "图像"),
    (png((2000, 2000)), Limits(max_pixels=1_000_000), "pixels", "图像过大"),
    (png((300, 300))[:60], Limits(), "unreadable", "无法读取"),
    (pdf(5), Limits(max_pages=3), "pages", "页数过多"),
    (pdf(1, password="secret"), Limits(), "encrypted", "加密"),
    (b"%PDF-1.7\n1 0 obj <<>> garbage", Limits(), "unreadable", "已损坏"),
    (docx_like({"hello.txt": b"hi"}), Limits(), "type", "不是 Word 文档"),
    (docx_like({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * 3_000_000}),
     Limits(), "bomb", "压缩炸弹"),
    (b"PK\x03\x04" + b"\0" * 100, Limits(), "unreadable", "不是完整的 .docx"),
])
def test_hostile_uploads_are_refused_with_a_reason(data: bytes, limits: Limits, reason: str,
                                                   zh: str) -> None:
    with pytest.raises(UploadRefused) as info:
        check_upload(data, "upload.pdf", limits)
    assert info.value.reason == reason
    assert zh in info.value.zh
    assert info.value.en


def test_parse_refuses_through_the_gate_and_reports_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(UploadRefused):
        parse(b"not a form")
    with pytest.raises(PaperworkError) as info:
        parse(tmp_path / "missing.docx")
    assert "无法读取文件" in info.value.zh


def test_a_docx_that_is_not_ours_parses_to_no_kind_without_crashing(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("会议纪要")
    target = tmp_path / "minutes.docx"
    d.save(str(target))
    result = parse(target)
    assert result.kind is None and result.record is None
    assert any(i.path == "kind" for i in result.issues)
