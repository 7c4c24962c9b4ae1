"""A returned .docx (filled in and edited in Word or WPS) → tables of cells and the page QR."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from forms.errors import PaperworkError
from forms.ids import DocRef
from parsers.mapping import Table
from parsers.qr import decode_png
from parsers.result import Cell


@dataclass
class DocxContent:
    tables: list[Table]
    refs: list[DocRef]
    header_text: str


def _cell_text(cell: object) -> str:
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    return "\n".join(p.text for p in paragraphs)


def _tables(doc: object) -> list[Table]:
    out: list[Table] = []
    for table in doc.tables:  # type: ignore[attr-defined]
        rows: Table = []
        for row in table.rows:
            cells: list[Cell] = []
            last = None
            for c in row.cells:
                if c._tc is last:   # a merged cell appears once
                    continue
                last = c._tc
                cells.append(Cell(_cell_text(c)))
            rows.append(cells)
        out.append(rows)
    return out


def read_docx(data: bytes) -> DocxContent:
    try:
        doc = Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise PaperworkError("无法打开 Word 文档，文件可能已损坏，已保留以便人工录入",
                             "the Word document cannot be opened (damaged?); it is kept for "
                             "manual entry", path="file") from exc
    refs: list[DocRef] = []
    header_text = ""
    for section in doc.sections:
        header = section.header
        header_text += "".join(p.text for p in header.paragraphs)
        for rel in header.part.rels.values():
            if rel.reltype == RT.IMAGE and not rel.is_external:
                refs.extend(code.ref for code in decode_png(rel.target_part.blob))
        if refs:
            break
    return DocxContent(_tables(doc), refs, header_text)
