"""Printed text back to typed values: the inverse of each template filter, then the schema type.

Every function returns the value to put into the record (a str the schema will validate, an
int, a date, a bool, None for a blank) or raises ValueError with what it could not read.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

from forms.dates import parse_date_cn, parse_date_zh
from forms.money import parse_capitals, parse_yuan

# Marks a hand-editor may use for a ticked box; anything else before an option is "not ticked".
TICKED = frozenset("■☑☒√✓✔✗✘×●◼▇█▪")
UNTICKED = frozenset("□☐○◻▫")
YES, NO = frozenset({"是", "√", "✓", "有", "Y", "y", "yes", "Yes"}), frozenset(
    {"否", "×", "无", "N", "n", "no", "No"})
BLANK_DATE = re.compile(r"[\s年月日]*")


def annotation_at(model: type[BaseModel], path: str) -> Any:
    """The type annotation of the field at a dotted path (list indexes and ``*`` skipped)."""
    current: Any = model
    annotation: Any = None
    for part in path.split("."):
        if part == "*" or part.isdigit():
            continue
        inner = unwrap(current)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            raise KeyError(path)
        annotation = inner.model_fields[part].annotation
        current = annotation
    return annotation


def unwrap(annotation: Any) -> Any:
    """``X | None`` → X; ``list[X]`` → X."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return unwrap(args[0]) if len(args) == 1 else annotation
    if origin is list:
        return unwrap(typing.get_args(annotation)[0])
    return annotation


def is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(is_list(a) for a in typing.get_args(annotation))
    return origin is list


def optional(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    return origin in (typing.Union, types.UnionType) and type(None) in typing.get_args(annotation)


def choices(annotation: Any) -> tuple[str, ...]:
    inner = unwrap(annotation)
    if typing.get_origin(inner) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(inner))
    return ()


def unfilter(text: str, filter_name: str | None) -> Any:
    """Undo a template filter: the printed text → the value the filter was given."""
    text = text.strip(" \t\n\u3000")
    if filter_name in ("date_zh", "date_cn"):
        if BLANK_DATE.fullmatch(text):
            return None
        try:
            return parse_date_zh(text)
        except ValueError:
            return parse_date_cn(text)
    if filter_name == "yesno":
        if text in YES:
            return True
        if text in NO:
            return False
        raise ValueError(f"not 是/否: {text!r}")
    if filter_name in ("wan", "decimal"):
        return None if not text else _decimal(text)
    if filter_name == "yuan":
        return None if not text else parse_yuan(text)
    if filter_name == "capitals":
        return None if not text else parse_capitals(text)
    return text  # no filter, or ``lines`` (line breaks are kept as \n)


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "").replace("，", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"not a number: {text!r}") from None


def typed(value: Any, annotation: Any) -> Any:
    """Give a read value the schema's type where the text allows; otherwise leave it for the
    schema to refuse with its own message."""
    if not isinstance(value, str):
        return value
    inner = unwrap(annotation)
    if value == "" and optional(annotation):
        return None
    if inner is int:
        digits = value.replace(" ", "")
        return int(digits) if re.fullmatch(r"\d{1,6}", digits) else value
    if inner is Decimal:
        try:
            return _decimal(value) if value else (None if optional(annotation) else value)
        except ValueError:
            return value
    if inner is dt.date:
        try:
            return unfilter(value, "date_zh")
        except ValueError:
            return value
    if inner is bool:
        try:
            return unfilter(value, "yesno")
        except ValueError:
            return value
    return value


def tick_state(text: str, options: tuple[str, ...]) -> dict[str, bool | None]:
    """For each option printed in a tick cell (``■劳模  □先进``): ticked, not ticked, or None
    when the option cannot be found. A mark right before the option counts, or right after it
    for editors who write ``劳模√``."""
    found: dict[str, bool | None] = {}
    starts = [(text.find(o), o) for o in options]
    positions = sorted((i, o) for i, o in starts if i >= 0)
    prev_end = 0
    for n, (at, option) in enumerate(positions):
        before = text[prev_end:at].strip()
        last = n + 1 == len(positions)
        after = text[at + len(option):len(text) if last else positions[n + 1][0]].strip()
        # the last mark before the next option is that option's own box
        mark_after = after[:1] if (last and after) or len(after) >= 2 else ""
        found[option] = before[-1:] in TICKED or mark_after in TICKED
        prev_end = at + len(option) + (1 if mark_after else 0)
    for o in options:
        found.setdefault(o, None)
    return found
