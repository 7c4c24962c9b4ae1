"""Save a template without what python-docx's default document carries and no template uses.

python-docx starts every document from its default template: 164 style definitions and 137
latent-style entries (styles.xml, 350 kB), a Word 2010 copy of them (stylesWithEffects.xml,
440 kB) and a thumbnail. Every render parses and writes them again, and LibreOffice imports
every style of every document it converts: ~30 ms a document, which single documents pay per
conversion and bulk batches per batch. A template keeps only the styles it refers to (and what
those are based on or link to) plus the defaults. python-docx has no API to remove styles or
package parts, hence this module.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx.document import Document as DocumentObject
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
# Attributes that name a style: pStyle, rStyle, tblStyle, numStyleLink, styleLink, basedOn…
STYLE_REF = re.compile(
    rb"<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink|basedOn|next|link)\s+w:val=\"([^\"]+)\"")


def _kept_styles(styles: etree._Element, parts: dict[str, bytes]) -> set[str]:
    by_id = {s.get(f"{{{W}}}styleId"): s for s in styles.findall(f"{{{W}}}style")}
    wanted = {sid for sid, s in by_id.items() if s.get(f"{{{W}}}default") == "1"}
    for name, data in parts.items():
        if name.startswith("word/") and name.endswith(".xml") and name != "word/styles.xml":
            wanted.update(m.decode() for m in STYLE_REF.findall(data))
    todo, kept = list(wanted), set()
    while todo:  # follow basedOn / next / link inside the kept styles
        sid = todo.pop()
        if sid in kept or sid not in by_id:
            continue
        kept.add(sid)
        todo.extend(m.decode() for m in STYLE_REF.findall(etree.tostring(by_id[sid])))
    return kept


def slim(data: bytes) -> bytes:
    """``data`` (a .docx) without unused styles, latent styles, the Word 2010 style copy and the
    thumbnail."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        infos = [i for i in src.infolist() if i.filename not in DROPPED]
        parts = {i.filename: src.read(i.filename) for i in infos}
    styles = etree.fromstring(parts["word/styles.xml"])
    kept = _kept_styles(styles, parts)
    for el in list(styles):
        if el.tag == f"{{{W}}}latentStyles" or (
                el.tag == f"{{{W}}}style" and el.get(f"{{{W}}}styleId") not in kept):
            styles.remove(el)
    parts["word/styles.xml"] = etree.tostring(styles, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    for name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
        text = parts[name].decode("utf-8")
        for dropped in DROPPED:
            leaf = re.escape(dropped.rsplit("/", 1)[-1])
            text = re.sub(rf"<(?:Override|Relationship)\b[^>]*{leaf}\"[^>]*/>", "", text)
        parts[name] = text.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            dst.writestr(info, parts[info.filename])
    return out.getvalue()


def save(doc: DocumentObject, target: Path) -> None:
    """Write ``doc`` to ``target``, slimmed."""
    buf = io.BytesIO()
    doc.save(buf)
    target.write_bytes(slim(buf.getvalue()))
