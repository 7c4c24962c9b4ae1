"""Property (issue 8): any text of CJK, ASCII and punctuation survives the whole way —
form (schema check) → .docx → PDF (real LibreOffice) → text read back with pdfplumber."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import pdfplumber
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.kinds import get_kind
from generators.render import write
from tests.conftest import example_data

# GB2312 level 1 (the 3,755 common characters, all in the official fonts), printable ASCII
# (the blank included) and the Chinese punctuation of official documents.
CJK = "".join(bytes([hi, lo]).decode("gb2312")
              for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF)
              if not (hi == 0xD7 and lo > 0xF9))
ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
PUNCTUATION = "，。、；：？！“”‘’（）《》【】〔〕—…·「」"
TEXT = st.text(alphabet=st.sampled_from(CJK) | st.sampled_from(ASCII) |
               st.sampled_from(PUNCTUATION), min_size=1, max_size=60)
FIELD = ("leader", "expertise")  # a free text field printed in a table cell


def squeeze(text: str) -> str:
    """Without blanks: the PDF breaks a long value into lines, a line end replacing a blank."""
    return "".join(text.split())


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_survives_form_docx_pdf_and_back(soffice: str, text: str) -> None:
    data = copy.deepcopy(example_data("application"))
    data[FIELD[0]][FIELD[1]] = text
    kind = get_kind("application")
    record, result = kind.check(data)
    if not squeeze(text):
        assert record is None or not result.ok, "a blank value of a required field is refused"
        return
    assert record is not None and result.ok, [i.text() for i in result.errors]
    stored = getattr(getattr(record, FIELD[0]), FIELD[1])
    assert stored == text.strip(" \t\n\u3000"), "the schema only trims surrounding blanks"
    with tempfile.TemporaryDirectory(prefix="roundtrip-") as work:
        docx = write(kind, record, Path(work) / "a.docx")
        cells = {c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells}
        assert stored in cells, "exact in the .docx"
        pdf = write(kind, record, Path(work) / "a.pdf")
        with pdfplumber.open(pdf) as doc:
            read = {squeeze(c) for page in doc.pages for table in page.extract_tables()
                    for row in table for c in row if c}
    assert squeeze(stored) in read, f"{stored!r} not read back from the PDF"
