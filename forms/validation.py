"""Checking a record: the schema (pydantic) first, then the rules of the measures.

Pydantic's errors are translated into :class:`forms.errors.Issue` with Chinese and English
messages and the article the field serves (from the schema's ``x-article``); list minimums
declared with ``min_items`` are checked here, citing their article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from forms.errors import CheckResult, Issue

M = TypeVar("M", bound=BaseModel)
Rule = Callable[[Any], Iterable[Issue]]

# pydantic error type → (zh, en); placeholders are filled from the error's ctx.
MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("必填项未填写", "is required"),
    "string_type": ("应为文字", "must be text"),
    "string_too_short": ("不能为空", "must not be empty"),
    "string_too_long": ("最多 {max_length} 个字符", "at most {max_length} characters"),
    "string_pattern_mismatch": ("格式不正确", "has the wrong format"),
    "blank": ("不能为空", "must not be empty"),
    "bad_characters": ("含有无法打印的控制字符（{chars}），请删除后重试",
                       "contains control characters that cannot be printed ({chars})"),
    "int_type": ("应为整数", "must be a whole number"),
    "int_parsing": ("应为整数", "must be a whole number"),
    "int_from_float": ("应为整数", "must be a whole number"),
    "decimal_type": ("应为数字", "must be a number"),
    "decimal_parsing": ("应为数字", "must be a number"),
    "decimal_max_places": ("最多 {decimal_places} 位小数", "at most {decimal_places} decimals"),
    "decimal_max_digits": ("数字过大", "the number is too large"),
    "decimal_whole_digits": ("数字过大", "the number is too large"),
    "float_parsing": ("应为数字", "must be a number"),
    "date_type": ("应为日期（如 2026-11-24）", "must be a date (e.g. 2026-11-24)"),
    "date_parsing": ("日期格式应为 2026-11-24", "dates are written 2026-11-24"),
    "date_from_datetime_parsing": ("日期格式应为 2026-11-24", "dates are written 2026-11-24"),
    "date_from_datetime_inexact": ("应为日期，不含时间", "must be a date without a time"),
    "bool_type": ("应为“是”或“否”", "must be yes or no"),
    "bool_parsing": ("应为“是”或“否”", "must be yes or no"),
    "literal_error": ("应为以下之一：{expected}", "must be one of: {expected}"),
    "greater_than": ("应大于 {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("不能小于 {ge}", "must be at least {ge}"),
    "less_than": ("应小于 {lt}", "must be less than {lt}"),
    "less_than_equal": ("不能大于 {le}", "must be at most {le}"),
    "extra_forbidden": ("不是本表的字段", "is not a field of this form"),
    "list_type": ("应为多行列表", "must be a list of rows"),
    "model_type": ("应为一组字段", "must be a group of fields"),
    "dict_type": ("应为一组字段", "must be a group of fields"),
    "too_short": ("至少 {min_length} 项", "at least {min_length} items"),
    "too_long": ("最多 {max_length} 项", "at most {max_length} items"),
}


# Errors of form, not of substance: they break no article of the measures.
NO_ARTICLE = {"bad_characters", "extra_forbidden", "string_type", "json_invalid"}


def dotted(loc: Iterable[int | str]) -> str:
    return ".".join(str(p) for p in loc)


def field_meta(model: type[BaseModel], path: str) -> dict[str, Any]:
    """The schema metadata (``json_schema_extra``) of the field at a dotted path, or {}."""
    current: Any = model
    extra: dict[str, Any] = {}
    for part in path.split("."):
        if part.isdigit():
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return {}
        info = current.model_fields.get(part)
        if info is None:
            return {}
        extra = dict(info.json_schema_extra) if isinstance(info.json_schema_extra, dict) else {}
        current = _item_type(info.annotation)
    return extra


def _item_type(annotation: Any) -> Any:
    """The model inside ``list[M]``, ``M | None`` or ``M``."""
    args = getattr(annotation, "__args__", None)
    if args:
        for a in args:
            if isinstance(a, type) and issubclass(a, BaseModel):
                return a
    return annotation


def translate(model: type[BaseModel], err: ErrorDetails) -> Issue:
    path = dotted(err["loc"])
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    zh, en = MESSAGES.get(err["type"], ("格式不正确", err["msg"]))
    try:
        en = en.format(**ctx)
        if "expected" in ctx:  # pydantic writes "'a', 'b' or 'c'": list the choices in Chinese
            ctx["expected"] = "、".join(re.findall(r"'([^']*)'", ctx["expected"])) or ctx[
                "expected"]
        zh = zh.format(**ctx)
    except (KeyError, IndexError):
        en = err["msg"]
    label = field_meta(model, path).get("x-label-zh", "")
    label_en = field_meta(model, path).get("x-label-en", "")
    return Issue(
        path=path,
        zh=f"{label}{'：' if label else ''}{zh}",
        en=f"{label_en}{': ' if label_en else ''}{en}",
        article=None if err["type"] in NO_ARTICLE else field_meta(model, path).get("x-article"),
    )


def min_items_issues(record: BaseModel, prefix: str = "") -> Iterable[Issue]:
    """Check every list field that declares ``minItems``, recursively."""
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        path = f"{prefix}{name}"
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        minimum = extra.get("minItems")
        if isinstance(value, list) and isinstance(minimum, int) and len(value) < minimum:
            yield Issue(
                path=path,
                zh=f"{extra.get('x-label-zh', name)}至少 {minimum} 项，现有 {len(value)} 项",
                en=f"{extra.get('x-label-en', name)}: at least {minimum} required, "
                   f"{len(value)} given",
                article=str(extra["x-article"]) if extra.get("x-article") else None,
            )
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                sub = f"{path}.{i}." if isinstance(value, list) else f"{path}."
                yield from min_items_issues(item, sub)


def check(model: type[M], data: Mapping[str, Any], rules: Iterable[Rule] = ()) -> tuple[
        M | None, CheckResult]:
    """Validate ``data`` against ``model`` and then its ``rules``: (record or None, result)."""
    result = CheckResult()
    try:
        record = model.model_validate(data)
    except ValidationError as exc:
        result.issues.extend(translate(model, e) for e in exc.errors())
        return None, result
    result.issues.extend(min_items_issues(record))
    for rule in rules:
        result.issues.extend(rule(record))
    return record, result
