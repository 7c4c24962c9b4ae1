"""The few field behaviours beyond plain inputs, found from the schema, never by kind.

- The studio name of 第八条: a text field citing 第八条 beside a direction and a category is
  composed live from the leader's name, the direction and the category (the server's check
  refuses any other name).
- Money: an amount in yuan shows its Chinese capitals (人民币壹万元整) beside the input.
- Choices: Chinese values with their English gloss from ``forms.fields.CHOICE_EN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.fields import CHOICE_EN
from forms.money import format_capitals
from forms.naming import compose_name
from webforms.formdata import normalise_number, value_at
from webforms.schema_form import Node, find

LEADER_NAME_PATHS = ("leader.name", "leader_name", "leader")


@dataclass(frozen=True)
class Composed:
    """The inputs a 第八条 studio name is composed from (dotted paths)."""

    target: str
    leader: str
    direction: str
    category: str

    def sources(self) -> str:
        return "|".join((self.leader, self.direction, self.category))

    def expected(self, data: Any) -> str:
        parts = [value_at(data, p) for p in (self.leader, self.direction, self.category)]
        if not all(isinstance(p, str) and p.strip() for p in parts):
            return ""
        leader, direction, category = (str(p) for p in parts)
        return compose_name(leader, direction, category)


def composed_names(nodes: tuple[Node, ...], prefix: str = "") -> dict[str, Composed]:
    """Every studio-name field of the form, keyed by its dotted path."""
    found: dict[str, Composed] = {}
    leader = next((p for p in LEADER_NAME_PATHS if (n := find(nodes, p)) and n.kind == "text"),
                  None)
    _search(nodes, prefix, leader, found)
    return found


def _search(nodes: tuple[Node, ...], prefix: str, leader: str | None,
            found: dict[str, Composed]) -> None:
    names = {n.name: n for n in nodes}
    for n in nodes:
        if n.kind == "group":
            _search(n.children, f"{prefix}{n.name}.", leader, found)
        elif (n.kind == "text" and n.article == "第八条" and n.name.endswith("name")
              and "direction" in names and "category" in names and leader):
            found[prefix + n.name] = Composed(prefix + n.name, leader, f"{prefix}direction",
                                              f"{prefix}category")


def capitals(value: Any) -> str:
    """人民币壹万元整 for a typed amount, or "" when it is not (yet) an amount."""
    if value is None or isinstance(value, bool):
        return ""
    try:
        amount = Decimal(normalise_number(str(value), decimal=True))
    except (InvalidOperation, ValueError):
        return ""
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e12"):
        return ""
    try:
        return format_capitals(amount)
    except (ValueError, ArithmeticError):
        return ""


def choice_label(value: str, lang: str) -> str:
    if lang.startswith("zh"):
        return value
    gloss = CHOICE_EN.get(value)
    return f"{value} ({gloss})" if gloss else value
