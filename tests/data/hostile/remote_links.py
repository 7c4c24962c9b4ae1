"""Build .docx files that ask the reader to fetch content from a URL (issue 8, "LibreOffice
fetching remote content"). Generated per test, because the URL names the test's listener:

- ``image``: a picture whose blip is an external relationship (``r:link``, TargetMode=External);
- ``includepicture``: an ``INCLUDEPICTURE "URL"`` field (not stored in the file, ``\\d``);
- ``includetext``: an ``INCLUDETEXT "URL"`` field;
- ``template``: ``w:attachedTemplate`` in settings.xml naming a remote template;
- ``all``: every one of them in one file.

``python tests/data/hostile/remote_links.py http://127.0.0.1:8000 out-dir`` writes them all.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document

KINDS = ("image", "includepicture", "includetext", "template", "all")
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_REL = f"{R}/image"
TEMPLATE_REL = f"{R}/attachedTemplate"

IMAGE = (
    '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="901" name="remote"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="901" name="remote.png"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:link="rIdRemoteImage"/><a:stretch><a:fillRect/></a:stretch>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/>'
    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
)


def field(instruction: str) -> str:
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>old result</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def build(kind: str, url: str) -> bytes:
    """The .docx bytes of ``kind`` (see the module docstring) pointing at ``url``."""
    if kind not in KINDS:
        raise ValueError(kind)
    doc = Document()
    doc.add_paragraph(f"hostile: {kind} 远程内容")
    buf = io.BytesIO()
    doc.save(buf)
    want = set(KINDS[:-1]) if kind == "all" else {kind}
    body = ""
    if "image" in want:
        body += IMAGE
    if "includepicture" in want:
        body += field(f'INCLUDEPICTURE "{url}/includepicture.png" \\d')
    if "includetext" in want:
        body += field(f'INCLUDETEXT "{url}/includetext.docx"')
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename).decode("utf-8") if item.filename.endswith(
                ".xml") or item.filename.endswith(".rels") else None
            if item.filename == "word/document.xml" and data is not None:
                data = data.replace("<w:sectPr", body + "<w:sectPr", 1)
            elif item.filename == "word/_rels/document.xml.rels" and data is not None:
                rels = f'<Relationship Id="rIdRemoteImage" Type="{IMAGE_REL}" ' \
                       f'Target="{url}/image.png" TargetMode="External"/>'
                data = data.replace("</Relationships>", rels + "</Relationships>")
            elif item.filename == "word/settings.xml" and data is not None and \
                    "template" in want:
                data = data.replace("<w:zoom", '<w:attachedTemplate r:id="rIdRemoteTpl"/><w:zoom',
                                    1)
                if 'xmlns:r="' not in data.split(">", 2)[1]:
                    data = data.replace("<w:settings ", f'<w:settings xmlns:r="{R}" ', 1)
            dst.writestr(item, data.encode("utf-8") if data is not None else
                         src.read(item.filename))
        if "template" in want:
            dst.writestr("word/_rels/settings.xml.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         f'relationships"><Relationship Id="rIdRemoteTpl" Type="{TEMPLATE_REL}" '
                         f'Target="{url}/template.dotx" TargetMode="External"/></Relationships>')
    return out.getvalue()


if __name__ == "__main__":
    base, out_dir = sys.argv[1], Path(sys.argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in KINDS:
        (out_dir / f"remote-{name}.docx").write_bytes(build(name, base))
