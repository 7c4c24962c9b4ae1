"""Templates carry only the styles they use (authoring/slim.py): LibreOffice imports every style
of every document it converts, so python-docx's 164 default styles cost each conversion."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document

from authoring.slim import STYLE_REF, slim
from generators.paths import TEMPLATES

TEMPLATE_FILES = sorted(TEMPLATES.glob("*.docx"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_every_style_a_template_names_is_defined_and_no_more(path: Path) -> None:
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        parts = {n: z.read(n) for n in names if n.endswith(".xml") or n.endswith(".rels")}
    assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
    assert not any(b"stylesWithEffects" in data or b"thumbnail" in data
                   for data in parts.values()), "no relationship to a dropped part is left"
    defined = set(re.findall(rb'w:styleId="([^"]+)"', parts["word/styles.xml"]))
    named = {m for data in parts.values() for m in STYLE_REF.findall(data)}
    assert named <= defined, named - defined
    assert len(defined) < 20
    Document(str(path))  # python-docx still opens it


def test_slim_keeps_a_used_style_and_what_it_is_based_on(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("标题", style="Heading 1")  # based on Normal, linked to Heading1Char
    target = tmp_path / "t.docx"
    doc.save(str(target))
    slimmed = Document(io.BytesIO(slim(target.read_bytes())))
    ids = {s.style_id for s in slimmed.styles}
    assert {"Heading1", "Normal", "Heading1Char"} <= ids
    assert "Heading2" not in ids and "Title" not in ids
    assert slimmed.paragraphs[0].style is not None
    assert slimmed.paragraphs[0].style.style_id == "Heading1"
