"""Row counts the measures demand, told together with the field errors.

``forms.validation`` checks ``minItems`` (第三条: at least 3 team members…) only once the record
parses, so a form with a missing field would hide the short team until the next round. The
browser form counts its rows itself when the record does not parse yet, with the same message.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from forms.errors import Issue
from webforms.schema_form import Node


def short_lists(nodes: tuple[Node, ...], data: Mapping[str, Any],
                prefix: str = "") -> Iterator[Issue]:
    for n in nodes:
        value = data.get(n.name)
        path = prefix + n.name
        if n.kind == "group" and isinstance(value, Mapping):
            yield from short_lists(n.children, value, path + ".")
        elif n.kind == "list" and isinstance(value, list):
            if n.min_items and len(value) < n.min_items:
                yield Issue(path,
                            f"{n.label_zh}至少 {n.min_items} 项，现有 {len(value)} 项",
                            f"{n.label_en}: at least {n.min_items} required, {len(value)} given",
                            n.article)
            for i, row in enumerate(value):
                if isinstance(row, Mapping):
                    yield from short_lists(n.children, row, f"{path}.{i}.")
