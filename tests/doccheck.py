"""Helpers shared by the tests of the certificate, plaque, funding and self-inspection kinds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from docxtpl import DocxTemplate

from forms.errors import Issue
from forms.kinds import get_kind
from generators.render import jinja_env, template_path
from generators.template_check import RENDERER_NAMES, check_template
from tests.conftest import example_data

Change = Callable[[dict[str, Any]], None]


def set_path(path: str, value: Any) -> Change:
    """A change that sets the value at a dotted path (list indexes as numbers)."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def issues_for(kind: str, change: Change, example: str | None = None) -> list[Issue]:
    data = copy.deepcopy(example_data(example or kind))
    change(data)
    _, result = get_kind(kind).check(data)
    return result.issues


def top_level_names(kind: str) -> set[str]:
    """The names the template reads at the top level (docxtpl's own view of the template)."""
    tpl = DocxTemplate(str(template_path(get_kind(kind))))
    names: set[str] = tpl.get_undeclared_template_variables(jinja_env())
    return names


def printable_fields(kind: str) -> set[str]:
    model = get_kind(kind).model
    return {name for name, info in model.model_fields.items()
            if not (isinstance(info.json_schema_extra, dict)
                    and info.json_schema_extra.get("x-in-template") is False)}


def agreement_problems(kind: str) -> list[str]:
    """Every disagreement between a kind's template and its schema, as readable lines."""
    doc_kind = get_kind(kind)
    problems: list[str] = []
    names = top_level_names(kind)
    known = set(doc_kind.model.model_fields) | RENDERER_NAMES | set(doc_kind.context_names)
    problems += [f"unknown top-level name: {n}" for n in sorted(names - known)]
    problems += [f"field never printed: {n}" for n in sorted(printable_fields(kind) - names)]
    report = check_template(template_path(doc_kind), doc_kind.model, doc_kind.context_names)
    problems += [f"unknown path: {p}" for p in report.unknown]
    problems += [f"leaf never printed: {p}" for p in report.unprinted]
    return problems


def docx_rows(kind: str, data: dict[str, Any]) -> list[list[str]]:
    """Every table row of the rendered .docx, merged cells once, as texts."""
    import io

    import docx

    from generators.render import docx_bytes
    from tests.conftest import load_record

    document = docx.Document(io.BytesIO(docx_bytes(get_kind(kind), load_record(kind, data))))
    rows: list[list[str]] = []
    for table in document.tables:
        for row in table.rows:
            texts: list[str] = []
            for c in row.cells:
                if not texts or c.text != texts[-1]:
                    texts.append(c.text)
            rows.append(texts)
    return rows


def row_of(rows: list[list[str]], label: str) -> list[str]:
    """The cells after the label of the first row whose first cell is ``label``."""
    for row in rows:
        if row and row[0] == label:
            return row[1:]
    raise AssertionError(f"no row labelled {label!r}")
