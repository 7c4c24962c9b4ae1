"""Hostile values and templates against the renderer (issue 8): XML injection, template
injection, sandbox escapes, control characters and lone surrogates in every field."""

from __future__ import annotations

import copy
import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from forms.errors import PaperworkError
from forms.kinds import KINDS, get_kind
from generators.render import write
from tests.conftest import example_data, load_record
from tests.hostile import Listener, set_path, string_paths

INJECTION = ('</w:t></w:r><w:r><w:instrText> INCLUDEPICTURE "{url}/x" </w:instrText>'
             '</w:r><w:r><w:t>')
BAD_CHARACTERS = ("\x0b", "\x1f", "\ud800")


def squeeze(text: str) -> str:
    return "".join(text.split())


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                         if n.startswith("word/") and n.endswith(".xml"))


def hostile_application(url: str) -> BaseModel:
    data = example_data("application")
    data["host_unit"]["address"] = "R&D 上海市杨浦区军工路1076号"
    data["leader"]["post"] = "A < B"
    data["leader"]["expertise"] = INJECTION.format(url=url)
    data["team"][0]["speciality"] = "{{ 7*7 }}{% if 1 %}x{% endif %}"
    return load_record("application", data)


def test_xml_and_template_injection_render_as_plain_text(
        soffice: str, render_to: Callable[[str, BaseModel, str], Path]) -> None:
    with Listener() as listener:
        record = hostile_application(listener.url)
        injection = INJECTION.format(url=listener.url)
        baseline = document_xml(render_to("application", load_record("application"), ".docx"))
        docx = render_to("application", record, ".docx")
        text = docx_text(docx)
        for value in ("R&D 上海市杨浦区军工路1076号", "A < B", injection,
                      "{{ 7*7 }}{% if 1 %}x{% endif %}"):
            assert value in text, value
        # 7*7 was not evaluated anywhere (the listener's port, e.g. 49xxx, is not a result)
        assert "49" not in text.replace(injection, "").replace("2049", "")
        xml = document_xml(docx)
        assert '<w:instrText xml:space="preserve"> INCLUDEPICTURE' not in xml
        assert xml.count("<w:instrText") == baseline.count("<w:instrText"), \
            "no field code was created by a value"
        assert "&lt;/w:t&gt;&lt;/w:r&gt;" in xml, "the value's markup stays escaped text"

        pdf = render_to("application", record, ".pdf")
        with pdfplumber.open(pdf) as doc:  # cells whole: a wrapped line breaks at a blank
            cells = {squeeze(c) for page in doc.pages for table in page.extract_tables()
                     for row in table for c in row if c}
        for value in ("R&D 上海市杨浦区军工路1076号", "A < B", injection,
                      "{{ 7*7 }}{% if 1 %}x{% endif %}"):
            assert squeeze(value) in cells, value
        assert listener.requests == [], "LibreOffice fetched the injected link"


def hostile_template(tmp_path: Path, expression: str) -> Path:
    doc = Document()
    doc.add_paragraph("标题 {{ doc_title }}")
    doc.add_paragraph(expression)
    path = tmp_path / "hostile.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("expression", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch {marker}') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ joiner.__init__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ record_id.__class__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
])
def test_a_template_reaching_for_internals_is_refused_and_never_runs(
        tmp_path: Path, expression: str) -> None:
    marker = tmp_path / "executed"
    template = hostile_template(tmp_path, expression.replace("{marker}", str(marker)))
    kind = dataclasses.replace(get_kind("application"), template=str(template))
    target = tmp_path / "out.docx"
    with pytest.raises(PaperworkError) as caught:
        write(kind, load_record("application"), target)
    err = caught.value
    assert "模板" in err.zh and "不安全" in err.zh and "unsafe" in err.en
    assert err.path == "template"
    assert err.__cause__ is not None and type(err.__cause__).__name__ == "SecurityError"
    assert not marker.exists(), "the template's code ran"
    assert not target.exists() and list(tmp_path.glob(".out-*")) == [], "nothing half-written"


def test_a_plain_template_expression_still_renders(tmp_path: Path) -> None:
    """The refusal is for internals only: ordinary expressions and filters keep working."""
    template = hostile_template(tmp_path, "{{ 7*7 }} {{ leader.name }} {{ fill_date|date_zh }}")
    kind = dataclasses.replace(get_kind("application"), template=str(template))
    out = write(kind, load_record("application"), tmp_path / "ok.docx")
    assert "49 王建国 2026年11月24日" in docx_text(out)


def all_string_fields() -> list[tuple[str, str]]:
    return [(name, path) for name, kind in KINDS.items()
            for path in string_paths(kind.model, example_data(name))]


STRING_FIELDS = all_string_fields()


def test_the_field_walk_finds_every_kind_and_nested_fields() -> None:
    kinds = {name for name, _ in STRING_FIELDS}
    assert kinds == set(KINDS)
    paths = {path for name, path in STRING_FIELDS if name == "application"}
    assert {"leader.name", "host_unit.address", "team.0.name"} <= paths


def refused_at(kind: str, path: str, value: str) -> list[str]:
    data = copy.deepcopy(example_data(kind))
    set_path(data, path, value)
    record, result = get_kind(kind).check(data)
    assert record is None or not result.ok, f"{kind}.{path} accepted {value!r}"
    return [i.path for i in result.errors]


@pytest.mark.parametrize("bad", BAD_CHARACTERS, ids=["VT", "US", "surrogate"])
def test_every_string_field_of_every_kind_refuses_bad_characters(bad: str) -> None:
    for kind, path in STRING_FIELDS:
        paths = refused_at(kind, path, f"正常{bad}文字")
        assert path in paths, f"{kind}: the message should name {path}, got {paths}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(STRING_FIELDS), bad=st.sampled_from(BAD_CHARACTERS),
       before=st.text(max_size=8), after=st.text(max_size=8))
def test_bad_characters_anywhere_in_any_field_are_refused_naming_it(
        field: tuple[str, str], bad: str, before: str, after: str) -> None:
    kind, path = field
    data = copy.deepcopy(example_data(kind))
    set_path(data, path, before + bad + after)
    record, result = get_kind(kind).check(data)
    assert record is None or not result.ok
    named = [i for i in result.errors if i.path == path]
    assert named, f"{kind}.{path}: {[i.text() for i in result.errors]}"
