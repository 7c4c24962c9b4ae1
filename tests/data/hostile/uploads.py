"""Hostile uploads for the gate and the readers (issue 8). Small ones are committed beside this
script; the large ones are made on demand (``python tests/data/hostile/uploads.py``
rewrites the small files):

- ``zip_bomb()``: a ~200 KB .docx whose document.xml declares (and inflates to) 200 MB;
- ``png(w, h)``: a 1-bit PNG of w×h pixels (20000×20000 is ~50 KB on disk);
- ``xxe-file-entity.docx``: document.xml with a DOCTYPE declaring ``SYSTEM "file:///etc/passwd"``;
- ``billion-laughs.docx``: the nested-entity bomb in document.xml;
- ``html-named.docx``: an HTML page named .docx; ``zip-named.pdf``: a plain zip named .pdf.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document
from PIL import Image

HERE = Path(__file__).parent
MB = 1024 * 1024

XXE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
LAUGHS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [\n'
          '<!ENTITY lol0 "lol">\n'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
          + "]>\n")


def _docx_with_body(prolog: str, text: str) -> bytes:
    """A python-docx document whose document.xml starts with ``prolog`` and whose first
    paragraph reads ``text`` (entity references left as written)."""
    doc = Document()
    doc.add_paragraph("PLACEHOLDER")
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml = xml[xml.index("?>") + 2:].lstrip()  # drop the declaration
                data = (prolog + xml.replace("PLACEHOLDER", text)).encode("utf-8")
            dst.writestr(item, data)
    return out.getvalue()


def xxe_file_entity() -> bytes:
    return _docx_with_body(XXE, "申报表 &xxe; 结束")


def billion_laughs() -> bytes:
    return _docx_with_body(LAUGHS, "&lol9;")


def zip_bomb(inflated: int = 200 * MB) -> bytes:
    """A .docx (the right parts are there) whose document.xml inflates to ``inflated`` bytes."""
    doc = Document()
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item.filename))
        with dst.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * MB
            for _ in range(inflated // MB):
                fh.write(chunk)
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    Image.new("1", (width, height), 1).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def html_named_docx() -> bytes:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>申报表</title></head>"
            "<body><script>alert(1)</script><p>not a document</p></body></html>").encode()


def zip_named_pdf() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "a zip, not a PDF")
    return buf.getvalue()


SMALL = {
    "xxe-file-entity.docx": xxe_file_entity,
    "billion-laughs.docx": billion_laughs,
    "html-named.docx": html_named_docx,
    "zip-named.pdf": zip_named_pdf,
}

if __name__ == "__main__":
    for name, make in SMALL.items():
        (HERE / name).write_bytes(make())
