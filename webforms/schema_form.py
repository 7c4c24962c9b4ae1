"""The form of a document kind, read from its pydantic schema.

Every field the browser shows comes from ``model_fields`` and the metadata ``forms.fields.fld``
puts in ``json_schema_extra`` (zh/en labels, article, widget, help, minItems); the choices of a
``Literal`` come from ``typing.get_args``. Nothing here names a field of a particular kind, so a
new kind in ``forms.kinds.KINDS`` gets its form with no code.

Why a small tree of our own rather than WTForms classes built on the fly (``FormField`` /
``FieldList``): WTForms would parse and validate the values a second time, and its coercion drops
what does not parse (a date typed ``2026/13/45`` comes back empty), while here the draft keeps
every value as typed and pydantic — through the kind's ``check()`` — is the one validator, whose
messages carry the article. ``FieldList`` also cannot remove a chosen row. Flask-WTF's
``CSRFProtect`` guards every POST of the app; the templates render each node.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from annotated_types import MaxLen
from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

NodeKind = Literal["group", "list", "multi", "choice", "bool", "date", "int", "decimal", "text",
                   "textarea", "hidden"]
# Fields the system fills and carries, never typed by a person.
SYSTEM_FIELDS = ("record_id",)
# Widgets asking for the amount in Chinese capitals next to a money field.
MONEY_WIDGETS = ("money", "amount", "yuan")


@dataclass(frozen=True)
class Node:
    """One field of a form; groups and lists hold their sub-fields in ``children``."""

    name: str
    kind: NodeKind
    label_zh: str
    label_en: str
    required: bool = False
    nullable: bool = False
    article: str | None = None
    widget: str | None = None
    help_zh: str | None = None
    help_en: str | None = None
    choices: tuple[str, ...] = ()
    min_items: int | None = None
    max_length: int | None = None
    children: tuple[Node, ...] = field(default_factory=tuple)

    def label(self, lang: str) -> str:
        return self.label_zh if lang.startswith("zh") else self.label_en

    def help(self, lang: str) -> str:
        return (self.help_zh if lang.startswith("zh") else self.help_en) or ""

    @property
    def money(self) -> bool:
        """An amount in yuan that is also shown in Chinese capitals (人民币壹万元整)."""
        if self.kind != "decimal":
            return False
        if self.widget in MONEY_WIDGETS:
            return True
        return self.name.endswith("amount") and "万元" not in self.label_zh

    def child(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _literal_choices(tp: Any) -> tuple[str, ...] | None:
    if typing.get_origin(tp) is Literal:
        return tuple(str(a) for a in typing.get_args(tp))
    return None


def _schema_enum(info: FieldInfo) -> tuple[str, ...] | None:
    """Choices a plain string field offers through its JSON Schema (``WithJsonSchema`` enum):
    the form offers them while the kind's rules, not pydantic, refuse other values."""
    for meta in info.metadata:
        if isinstance(meta, WithJsonSchema) and isinstance(meta.json_schema, dict):
            enum = meta.json_schema.get("enum")
            if isinstance(enum, list) and enum:
                return tuple(str(v) for v in enum)
    return None


def _scalar_kind(tp: Any, widget: str | None) -> NodeKind:
    if tp is bool:
        return "bool"
    if tp is dt.date:
        return "date"
    if tp is int:
        return "int"
    if tp in (Decimal, float):
        return "decimal"
    return "textarea" if widget == "textarea" else "text"


def node_for(name: str, info: FieldInfo) -> Node:
    extra: dict[str, Any] = (dict(info.json_schema_extra)
                             if isinstance(info.json_schema_extra, dict) else {})
    tp, nullable = _unwrap_optional(info.annotation)
    widget = extra.get("x-widget")
    max_len = next((m.max_length for m in info.metadata if isinstance(m, MaxLen)), None)
    common: dict[str, Any] = {
        "name": name,
        "label_zh": str(extra.get("x-label-zh", info.title or name)),
        "label_en": str(extra.get("x-label-en", info.description or name)),
        "required": info.is_required(),
        "nullable": nullable,
        "article": extra.get("x-article"),
        "widget": widget,
        "help_zh": extra.get("x-help-zh"),
        "help_en": extra.get("x-help-en"),
        "min_items": extra.get("minItems"),
        "max_length": max_len,
    }
    if name in SYSTEM_FIELDS:
        return Node(kind="hidden", **common)
    if _is_model(tp):
        return Node(kind="group", children=fields_of(tp), **common)
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp) or (str,)
        if _is_model(item):
            return Node(kind="list", children=fields_of(item), **common)
        choices = _literal_choices(item)
        if choices is not None:
            return Node(kind="multi", choices=choices, **common)
        return Node(kind="textarea", **common)
    choices = _literal_choices(tp) or (_schema_enum(info) if tp is str else None)
    if choices is not None:
        return Node(kind="choice", choices=choices, **common)
    return Node(kind=_scalar_kind(tp, widget), **common)


@cache
def fields_of(model: type[BaseModel]) -> tuple[Node, ...]:
    """The form of ``model``: one node per field, in schema order."""
    return tuple(node_for(name, info) for name, info in model.model_fields.items())


def find(nodes: tuple[Node, ...], path: str) -> Node | None:
    """The node at a dotted path (list indexes skipped): ``team.0.name`` → Member.name."""
    current: Node | None = None
    children = nodes
    for part in path.split("."):
        if part.isdigit():
            continue
        current = next((n for n in children if n.name == part), None)
        if current is None:
            return None
        children = current.children
    return current
