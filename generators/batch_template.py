"""A batch template: one .docx that prints many one-page records, one per page.

LibreOffice converts a 500-page document far faster than 500 one-page documents (its start-up
and per-document costs dominate), so bulk jobs render a batch template once with all records.
The batch template is derived from the kind's own template, so there is no second template to
keep in step: the body is wrapped in ``{%p for r in records %}``, each record's fields are bound
to their usual names with ``{%p with … %}``, and every record after the first starts with a page
break in a 1-pt paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from forms.errors import PaperworkError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _tag_paragraph(text: str) -> etree._Element:
    p = etree.Element(f"{{{W}}}p")
    r = etree.SubElement(p, f"{{{W}}}r")
    t = etree.SubElement(r, f"{{{W}}}t")
    t.text = text
    return p


def _page_break_paragraph() -> etree._Element:
    """A paragraph 1 pt high holding a page break: the next record starts on a new page."""
    p = etree.Element(f"{{{W}}}p")
    ppr = etree.SubElement(p, f"{{{W}}}pPr")
    spacing = etree.SubElement(ppr, f"{{{W}}}spacing")
    spacing.set(f"{{{W}}}before", "0")
    spacing.set(f"{{{W}}}after", "0")
    spacing.set(f"{{{W}}}line", "20")
    spacing.set(f"{{{W}}}lineRule", "exact")
    rpr = etree.SubElement(ppr, f"{{{W}}}rPr")
    etree.SubElement(rpr, f"{{{W}}}sz").set(f"{{{W}}}val", "2")
    r = etree.SubElement(p, f"{{{W}}}r")
    etree.SubElement(r, f"{{{W}}}br").set(f"{{{W}}}type", "page")
    return p


# Headers and footers are shared by all pages of a batch: only the page QR may be there (it is
# left empty in a batch; the record's own QR codes belong in the body).
SHARED_PART = re.compile(r"word/(header|footer)\d*\.xml$")
TAG = re.compile(r"\{[{%](?!\s*qr\s*\}\})")


def derive(template: Path, names: Iterable[str]) -> bytes:
    """The batch template of ``template`` binding ``names`` from each ``records`` item."""
    with zipfile.ZipFile(template) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    shared = [n for n, data in parts.items()
              if SHARED_PART.search(n) and TAG.search(data.decode("utf-8"))]
    if shared:
        raise PaperworkError(
            f"模板 {template.name} 的页眉或页脚中含有记录字段，无法批量套打；请把它们移到正文中",
            f"{template.name} prints record fields in a header or footer ({', '.join(shared)}), "
            "which all pages of a batch share; move them into the body")
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find("w:body", NS)
    assert body is not None
    content = [el for el in body if el.tag != f"{{{W}}}sectPr"]
    anchor = content[0]
    binding = ", ".join(f"{n}=r.{n}" for n in names)
    for el in (_tag_paragraph("{%p for r in records %}"),
               _tag_paragraph("{%p if not loop.first %}"),
               _page_break_paragraph(),
               _tag_paragraph("{%p endif %}"),
               _tag_paragraph(f"{{%p with {binding} %}}")):
        anchor.addprevious(el)
    last = content[-1]
    for el in reversed((_tag_paragraph("{%p endwith %}"), _tag_paragraph("{%p endfor %}"))):
        last.addnext(el)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()
