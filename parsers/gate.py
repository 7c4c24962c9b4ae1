"""The upload gate: what a file really is (by its bytes, never by its name) and whether it may
be parsed at all — size, pages, pixels, zip bombs and Pillow's decompression-bomb warnings.

Every refusal is an :class:`UploadRefused` with a Chinese and English message and a short
``reason`` code; the caller keeps the file for manual entry. Nothing here raises anything else.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Literal

from PIL import Image

from forms.errors import PaperworkError

FileKind = Literal["docx", "pdf", "image"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 25 * MB
    max_pages: int = 20
    max_pixels: int = 60_000_000      # per page or image (≈ A4 at 900 dpi)
    max_unzipped: int = 80 * MB       # sum of a .docx's members
    max_zip_members: int = 2_000
    max_ratio: int = 200              # unzipped / zipped size of one member
    dpi: int = 300                    # the resolution PDF pages would be rasterized at


DEFAULT_LIMITS = Limits()


class UploadRefused(PaperworkError):
    """The file was not parsed; ``reason`` says why (``empty``, ``too_big``, ``type`` …)."""

    def __init__(self, zh: str, en: str, reason: str) -> None:
        super().__init__(zh, en, path="file")
        self.reason = reason


@dataclass(frozen=True)
class Upload:
    """A file that passed the gate."""

    kind: FileKind
    data: bytes
    mime: str
    pages: int
    name: str = ""


IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def sniff(data: bytes) -> str:
    """The real type of ``data`` as a MIME type, from its first bytes ('' if unknown)."""
    head = data[:16]
    for magic, mime in IMAGE_MAGIC:
        if head.startswith(magic):
            return mime
    if data[:1024].lstrip(b"\x00\t\n\r ").startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "application/x-ole-storage"  # old .doc / .xls, or an encrypted .docx
    if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "image/heic"
    if head.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    return ""


def check_upload(data: bytes, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Upload:
    """Let ``data`` through as an :class:`Upload`, or raise :class:`UploadRefused`."""
    if not data:
        raise UploadRefused("文件为空", "the file is empty", "empty")
    if len(data) > limits.max_bytes:
        raise UploadRefused(
            f"文件过大（{len(data) / MB:.1f} MB），上限 {limits.max_bytes // MB} MB",
            f"the file is too large ({len(data) / MB:.1f} MB); the limit is "
            f"{limits.max_bytes // MB} MB", "too_big")
    mime = sniff(data)
    if mime == "application/pdf":
        return Upload("pdf", data, mime, _pdf_pages(data, limits), name)
    if mime == "application/zip":
        _check_docx(data, limits)
        return Upload("docx", data, DOCX_MIME, 0, name)
    if mime.startswith("image/") and mime not in ("image/heic", "image/webp"):
        return Upload("image", data, mime, _image_pages(data, limits), name)
    if mime == "application/x-ole-storage":
        raise UploadRefused(
            "这是旧版 Word（.doc）文件或加密文档，请在 Word/WPS 中另存为 .docx 后上传",
            "this is an old Word (.doc) file or an encrypted document; save it as .docx and "
            "upload again", "type")
    if mime in ("image/heic", "image/webp"):
        raise UploadRefused(
            "不支持此图片格式（HEIC/WebP），请导出为 JPEG 或 PNG 后上传",
            "this image format (HEIC/WebP) is not supported; export it as JPEG or PNG",
            "type")
    raise UploadRefused(
        "无法识别的文件类型：请上传 .docx、PDF 或 JPEG/PNG/TIFF 图片",
        "unrecognised file type: upload a .docx, a PDF or a JPEG/PNG/TIFF image", "type")


def _too_many_pages(n: int, limits: Limits) -> UploadRefused:
    return UploadRefused(f"页数过多（{n} 页），上限 {limits.max_pages} 页",
                         f"too many pages ({n}); the limit is {limits.max_pages}", "pages")


def _too_many_pixels(w: int, h: int, limits: Limits) -> UploadRefused:
    return UploadRefused(
        f"图像过大（{w}×{h} 像素），上限 {limits.max_pixels // 1_000_000} 百万像素",
        f"the image is too large ({w}×{h} pixels); the limit is "
        f"{limits.max_pixels // 1_000_000} megapixels", "pixels")


def _unreadable(what_zh: str, what_en: str, exc: BaseException | None = None) -> UploadRefused:
    detail = f"（{exc}）" if exc else ""
    return UploadRefused(f"文件已损坏或无法读取：{what_zh}{detail}，已保留以便人工录入",
                         f"the file is damaged or cannot be read: {what_en}"
                         f"{f' ({exc})' if exc else ''}; it is kept for manual entry",
                         "unreadable")


def _check_docx(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise UploadRefused(
                    "压缩包不是 Word 文档（.docx）：请上传 .docx、PDF 或图片",
                    "the zip file is not a Word document (.docx)", "type")
            if len(infos) > limits.max_zip_members:
                raise UploadRefused("文档内部文件过多，疑似恶意文件",
                                    "the document holds too many parts (zip bomb?)", "bomb")
            total = sum(i.file_size for i in infos)
            ratio = max((i.file_size / max(i.compress_size, 1) for i in infos), default=0)
            if total > limits.max_unzipped or ratio > limits.max_ratio:
                raise UploadRefused("文档解压后过大，疑似恶意文件（压缩炸弹）",
                                    "the document unpacks to too much data (zip bomb)", "bomb")
            bad = z.testzip()
            if bad is not None:
                raise _unreadable(f"内部文件 {bad} 校验失败", f"part {bad} fails its checksum")
            for info in infos:
                if _declares_doctype(z.read(info)):
                    raise UploadRefused(
                        f"文档内部文件 {info.filename} 含有 DOCTYPE 声明（可能引用外部实体或实体"
                        "炸弹），疑似恶意文件",
                        f"the document part {info.filename} declares a DOCTYPE (external "
                        "entities or an entity bomb); the file looks hostile", "doctype")
    except zipfile.BadZipFile as exc:
        raise _unreadable("不是完整的 .docx", "not a complete .docx", exc) from exc


DOCTYPE_MARKS = tuple("<!doctype".encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(part: bytes) -> bool:
    """Word never writes a DOCTYPE; one in any part can only bring entities (XXE, billion
    laughs), so the whole file is refused before any XML parser sees it."""
    low = part.lower()
    return any(mark in low for mark in DOCTYPE_MARKS)


def _pdf_pages(data: bytes, limits: Limits) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UploadRefused("PDF 已加密，请上传未加密的文件",
                                "the PDF is password-protected; upload an unencrypted one",
                                "encrypted") from exc
        raise _unreadable("PDF 结构错误", "broken PDF structure", exc) from exc
    try:
        n = len(pdf)
        if n == 0:
            raise _unreadable("PDF 没有页面", "the PDF has no pages")
        if n > limits.max_pages:
            raise _too_many_pages(n, limits)
        for i in range(n):
            w_pt, h_pt = pdf.get_page_size(i)
            w, h = round(w_pt / 72 * limits.dpi), round(h_pt / 72 * limits.dpi)
            if w * h > limits.max_pixels or w <= 0 or h <= 0:
                raise _too_many_pixels(w, h, limits)
        return n
    finally:
        pdf.close()


def _image_pages(data: bytes, limits: Limits) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as im:
                if im.width * im.height > limits.max_pixels:
                    raise _too_many_pixels(im.width, im.height, limits)
                n = int(getattr(im, "n_frames", 1))
                if n > limits.max_pages:
                    raise _too_many_pages(n, limits)
                for i in range(n):
                    im.seek(i)
                    if im.width * im.height > limits.max_pixels:
                        raise _too_many_pixels(im.width, im.height, limits)
                im.seek(0)
                im.load()  # decodes the first frame: truncated files fail here
                return n
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise UploadRefused("图像像素过多，疑似恶意文件（解压炸弹）",
                                "the image has too many pixels (decompression bomb)",
                                "pixels") from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable("图片无法解码", "the image cannot be decoded", exc) from exc
