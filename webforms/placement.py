"""Where each check message is shown: next to the input its dotted path names.

A path may point below what the page renders (``studio.kinds.0`` inside a group of check boxes)
or at a row that is not there; the message then goes to the deepest ancestor that is rendered.
Messages about the whole record (empty path) only appear in the summary at the top.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from forms.errors import Issue
from webforms.schema_form import Node


def anchor(nodes: tuple[Node, ...], data: Mapping[str, Any], path: str) -> str:
    """The dotted path of the rendered element an issue at ``path`` belongs to."""
    good: list[str] = []
    children = nodes
    current: Any = data
    for part in path.split(".") if path else []:
        if part.isdigit():
            if isinstance(current, list) and int(part) < len(current):
                good.append(part)
                current = current[int(part)]
                continue
            break
        node = next((n for n in children if n.name == part), None)
        if node is None:
            break
        good.append(part)
        if node.kind not in ("group", "list"):
            break
        children = node.children
        current = current.get(part) if isinstance(current, Mapping) else None
    return ".".join(good)


def place(nodes: tuple[Node, ...], data: Mapping[str, Any],
          issues: Iterable[Issue]) -> dict[str, list[Issue]]:
    """Issues grouped by the rendered path they are shown at ("" = summary only)."""
    placed: dict[str, list[Issue]] = {}
    for issue in issues:
        placed.setdefault(anchor(nodes, data, issue.path), []).append(issue)
    return placed


def dom_id(path: str) -> str:
    """The HTML id of the element for a dotted path: ``team.0.name`` → ``f-team-0-name``."""
    return "f-" + path.replace(".", "-") if path else "form-top"
