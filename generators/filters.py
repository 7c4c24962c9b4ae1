"""Jinja filters the templates may use: formatting only, over values of the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from markupsafe import Markup, escape

from forms.dates import format_date_cn, format_date_zh
from forms.money import format_capitals, format_wan, format_yuan

TICKED, UNTICKED = "■", "□"  # both in GB2312, so the mapped 仿宋 font has them


def tick(value: Any, option: str) -> str:
    """■ when ``option`` is the value (or one of the values), else □."""
    chosen = value if isinstance(value, list | tuple | set) else [value]
    return TICKED if option in chosen else UNTICKED


def yesno(value: bool | None) -> str:
    return "是" if value else "否"


def date_zh(value: dt.date | None, blank: str = "    年  月  日") -> str:
    return format_date_zh(value) if value else blank


def date_cn(value: dt.date | None) -> str:
    return format_date_cn(value) if value else ""


def decimal(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def lines(value: str | None) -> Markup:
    """Keep line breaks typed into a text area: escaped text joined by <w:br/>."""
    parts: Iterable[str] = (value or "").split("\n")
    return Markup('</w:t><w:br/><w:t xml:space="preserve">').join(escape(p) for p in parts)


FILTERS: dict[str, Callable[..., Any]] = {
    "tick": tick,
    "yesno": yesno,
    "date_zh": date_zh,
    "date_cn": date_cn,
    "yuan": format_yuan,
    "capitals": format_capitals,
    "wan": format_wan,
    "decimal": decimal,
    "lines": lines,
}
