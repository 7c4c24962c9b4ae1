"""Does a .docx template agree with its schema?

Office staff edit templates in Word; this check (``studio-docs template-check KIND``, and the
tests) reads every Jinja expression of the template — body, headers and footers, as docxtpl sees
them — and reports dotted paths that name no schema field, and schema fields the template never
prints. Loop variables are followed: in ``{%tr for m in team %}``, ``m.name`` is ``team.*.name``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes
from pydantic import BaseModel

from generators.render import jinja_env

# Names the renderer adds to every record's fields (see generators.render.context).
RENDERER_NAMES = frozenset({"qr", "doc_title", "loop"})


def template_source(path: Path) -> str:
    """The Jinja source docxtpl renders: body, headers and footers, tags patched."""
    tpl = DocxTemplate(str(path))
    doc = Document(str(path))
    xml: str = tpl.patch_xml(tpl.xml_to_string(doc._element.body))
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for rel in doc.part.rels.values():
            if rel.reltype == uri and rel.target_part.blob:
                xml += tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob)))
    return xml


def _attr_chain(node: nodes.Node) -> tuple[str, list[str]] | None:
    attrs: list[str] = []
    while isinstance(node, nodes.Getattr):
        attrs.insert(0, node.attr)
        node = node.node
    if isinstance(node, nodes.Name):
        return node.name, attrs
    return None


def used_paths(source: str) -> set[str]:
    """Every dotted path the template reads, with loop variables resolved (``team.*.name``)."""
    found: set[str] = set()

    def visit(node: nodes.Node, scope: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            visit(node.iter, scope)
            inner = dict(scope)
            chain = _attr_chain(node.iter)
            if chain and isinstance(node.target, nodes.Name):
                base, attrs = chain
                inner[node.target.name] = ".".join([scope.get(base, base), *attrs, "*"])
            for child in [*node.body, *node.else_]:
                visit(child, inner)
            return
        if isinstance(node, nodes.Getattr | nodes.Name):
            chain = _attr_chain(node)
            if chain:
                base, attrs = chain
                found.add(".".join([scope.get(base, base), *attrs]))
                return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(jinja_env().parse(source), {})
    return found


def _models_in(annotation: Any) -> tuple[Any, bool]:
    """(inner type, is_list) for ``list[X]``, ``X | None`` and ``X``."""
    origin = typing.get_origin(annotation)
    if origin is list:
        return typing.get_args(annotation)[0], True
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _models_in(args[0])
    return annotation, False


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def resolves(model: type[BaseModel], path: str) -> bool:
    current: Any = model
    for part in path.split("."):
        if part == "*":
            continue
        if not _is_model(current) or part not in current.model_fields:
            return False
        current, _ = _models_in(current.model_fields[part].annotation)
    return True


def schema_leaves(model: type[BaseModel], prefix: str = "") -> Iterable[str]:
    """Dotted paths of the printable fields (``team.*.name``), skipping ``in_template=False``."""
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if extra.get("x-in-template") is False:
            continue
        inner, is_list = _models_in(info.annotation)
        path = f"{prefix}{name}"
        if _is_model(inner):
            yield from schema_leaves(inner, f"{path}.*." if is_list else f"{path}.")
        else:
            yield path


@dataclass
class TemplateReport:
    unknown: list[str]   # read by the template, not in the schema
    unprinted: list[str]  # in the schema, never printed

    @property
    def ok(self) -> bool:
        return not self.unknown and not self.unprinted


def check_template(path: Path, model: type[BaseModel],
                   extra_names: Iterable[str] = ()) -> TemplateReport:
    used = used_paths(template_source(path))
    allowed = RENDERER_NAMES | set(extra_names)
    unknown = sorted(p for p in used if p.split(".")[0] not in allowed and not resolves(model, p))
    printed = {p.replace(".*", "") for p in used} | used
    unprinted = sorted(
        leaf for leaf in schema_leaves(model)
        if leaf not in used and leaf.replace(".*", "") not in printed
    )
    return TemplateReport(unknown, unprinted)
