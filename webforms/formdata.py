"""Between the browser's flat form fields and the nested record of a kind.

Inputs are named by the record's dotted path (``team.0.name``), the same path a check
:class:`forms.errors.Issue` carries, so a message finds its input without a lookup table.

- :func:`collect` reads a posted form into the draft: the values exactly as typed (strings,
  checkbox booleans, lists of rows), so nothing is ever lost, valid or not.
- :func:`to_input` turns a draft into what the kind's ``check()`` validates: blanks of
  non-text fields left out (so pydantic says "required" or uses the default), numbers and dates
  normalised from full-width digits.
- :func:`add_row` / :func:`remove_row` are the no-JavaScript "add row" / "remove row" buttons.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from webforms.schema_form import Node

MAX_ROWS = 200
ROW_MARKER = "_row"


FormLike = MultiDict[str, str]


def row_indices(form: FormLike, path: str) -> list[int]:
    """Indexes of the rows of the list at ``path`` present in the form, in order (gaps allowed:
    JavaScript removes rows without renumbering)."""
    pattern = re.compile(rf"^{re.escape(path)}\.(\d{{1,6}})\.")
    found = {int(m[1]) for key in form if (m := pattern.match(key))}
    return sorted(found)[:MAX_ROWS]


def collect(nodes: tuple[Node, ...], form: FormLike, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in nodes:
        key = prefix + n.name
        if n.kind == "group":
            out[n.name] = collect(n.children, form, key + ".")
        elif n.kind == "list":
            out[n.name] = [collect(n.children, form, f"{key}.{i}.")
                           for i in row_indices(form, key)]
        elif n.kind == "multi":
            out[n.name] = [str(v) for v in form.getlist(key)]
        elif n.kind == "bool" and n.widget != "radio":
            out[n.name] = key in form
        else:
            out[n.name] = str(form.get(key, ""))
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


DATE_LIKE = re.compile(r"(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?")


def normalise_number(value: str, decimal: bool) -> str:
    text = unicodedata.normalize("NFKC", value).strip()
    if decimal:
        text = re.sub(r"[,，¥￥\s]", "", text)
    return text


def normalise_date(value: str) -> str:
    """2026年11月24日, 2026/11/24, 2026.11.24 and full-width digits → 2026-11-24."""
    text = unicodedata.normalize("NFKC", value).strip()
    m = DATE_LIKE.fullmatch(text)
    return f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" if m else text


def to_input(nodes: tuple[Node, ...], draft: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in nodes:
        if n.name not in draft:
            continue
        value = draft[n.name]
        if n.kind == "group":
            sub = to_input(n.children, value if isinstance(value, Mapping) else {})
            if n.nullable and all(_blank(v) or v is False or v == [] for v in sub.values()):
                continue
            out[n.name] = sub
        elif n.kind == "list":
            rows = value if isinstance(value, list) else []
            out[n.name] = [to_input(n.children, r if isinstance(r, Mapping) else {})
                           for r in rows]
        elif n.kind == "multi":
            out[n.name] = list(value) if isinstance(value, list) else []
        elif n.kind == "bool" and n.widget == "radio":
            if isinstance(value, bool) or not _blank(value):
                out[n.name] = value
        elif n.kind == "bool":
            out[n.name] = value in (True, "y", "on", "true", "1")
        elif n.kind in ("text", "textarea", "hidden"):
            if value is None:
                continue
            out[n.name] = value if isinstance(value, str) else str(value)
        elif _blank(value):
            continue
        elif n.kind == "date" and isinstance(value, str):
            out[n.name] = normalise_date(value)
        elif n.kind in ("int", "decimal") and isinstance(value, str):
            out[n.name] = normalise_number(value, n.kind == "decimal")
        else:
            out[n.name] = value
    return out


def blank(nodes: tuple[Node, ...]) -> dict[str, Any]:
    """An empty draft: one empty row in every list the measures require rows of."""
    out: dict[str, Any] = {}
    for n in nodes:
        if n.kind == "group":
            out[n.name] = blank(n.children)
        elif n.kind == "list":
            out[n.name] = [blank(n.children)] if n.min_items else []
        elif n.kind == "multi":
            out[n.name] = []
        elif n.kind == "bool":
            out[n.name] = "" if n.widget == "radio" else False
        else:
            out[n.name] = ""
    return out


def _walk(nodes: tuple[Node, ...], data: dict[str, Any],
          parts: list[str]) -> tuple[Node, list[Any]] | None:
    """The list node and the draft's list at ``parts`` (a path to a list)."""
    current_nodes, current = nodes, data
    node: Node | None = None
    for i, part in enumerate(parts):
        if part.isdigit():
            if not isinstance(current, list) or int(part) >= len(current):
                return None
            current = current[int(part)]
            continue
        node = next((n for n in current_nodes if n.name == part), None)
        if node is None or not isinstance(current, dict):
            return None
        default: Any = [] if node.kind == "list" else {}
        if i == len(parts) - 1 and node.kind == "list":
            lst = current.setdefault(part, default)
            return (node, lst) if isinstance(lst, list) else None
        current = current.setdefault(part, default)
        current_nodes = node.children
    return None


def add_row(nodes: tuple[Node, ...], data: dict[str, Any], path: str) -> int | None:
    """Append an empty row to the list at ``path``; its index, or None if there is no list."""
    found = _walk(nodes, data, path.split("."))
    if found is None or len(found[1]) >= MAX_ROWS:
        return None
    node, rows = found
    rows.append(blank(node.children))
    return len(rows) - 1


def remove_row(nodes: tuple[Node, ...], data: dict[str, Any], path: str) -> bool:
    """Remove the row at ``path`` (``team.2``); False if there is no such row."""
    head, _, index = path.rpartition(".")
    if not index.isdigit() or not head:
        return False
    found = _walk(nodes, data, head.split("."))
    if found is None or int(index) >= len(found[1]):
        return False
    del found[1][int(index)]
    return True


def value_at(data: Any, path: str) -> Any:
    current = data
    for part in path.split("."):
        if isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        elif isinstance(current, Mapping):
            current = current.get(part)
        else:
            return None
    return current
