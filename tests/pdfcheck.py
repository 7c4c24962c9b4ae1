"""Reading generated PDFs the way a checker would: text, fonts, QR codes on the pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def flat_text(pdf: Path) -> str:
    """All text of the PDF with white space removed (so wrapped values read whole)."""
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
    return re.sub(r"\s+", "", text)


def cell_texts(pdf: Path) -> list[str]:
    """The text of every table cell on every page (white space removed), in reading order."""
    cells: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    cells.extend(squash(c) for c in row if c)
    return cells


def squash(value: str) -> str:
    return re.sub(r"\s+", "", value)


def fonts(pdf: Path) -> dict[str, bool]:
    """Every font the PDF uses (base name) → whether its program is embedded."""
    found: dict[str, bool] = {}

    def walk_font(font: Any) -> None:
        if isinstance(font, IndirectObject):
            font = font.get_object()
        name = str(font.get("/BaseFont", "?"))
        for desc in (font.get("/DescendantFonts") or []):
            walk_font(desc)
            return
        if font.get("/Subtype") == "/Type3":
            found[name] = True
            return
        fd = font.get("/FontDescriptor")
        fd = fd.get_object() if fd is not None else DictionaryObject()
        found[name] = any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    for page in PdfReader(pdf).pages:
        res = page.get("/Resources")
        res = res.get_object() if res is not None else {}
        for font in (res.get("/Font") or {}).values():
            walk_font(font)
    return found


def char_fonts(pdf: Path, text: str) -> set[str]:
    """The font names used for the characters of ``text`` where it first appears on a page."""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = page.chars
            joined = "".join(c["text"] for c in chars)
            at = joined.find(text)
            if at >= 0:
                return {c["fontname"] for c in chars[at:at + len(text)]}
    raise AssertionError(f"{text!r} not found in {pdf}")


def page_qr_codes(pdf: Path, dpi: int = 150) -> list[list[str]]:
    """The QR payloads found on each page (zbarimg over pdftoppm's rendering)."""
    zbar = shutil.which("zbarimg")
    assert zbar, "zbarimg (Debian zbar-tools) is needed"
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{work}/p"],
                       check=True, timeout=120)
        pages = sorted(Path(work).glob("p-*.png"))
        found = []
        for png in pages:
            out = subprocess.run([zbar, "--raw", "-q", str(png)], capture_output=True, text=True,
                                 timeout=60)
            found.append([line for line in out.stdout.splitlines() if line])
        return found


def stamped_qr_boxes(page: Any) -> list[dict[str, Any]]:
    """The QR codes generators/stamp.py drew on a pdfplumber page: each is a white filled
    square (the code with its quiet zone) under its dark modules."""
    return [r for r in page.rects
            if r["fill"] and r["non_stroking_color"] in (1, 1.0, (1,), (1.0,), [1], [1.0])
            and r["width"] > 10 * 72 / 25.4 and abs(r["width"] - r["height"]) < 0.5]
