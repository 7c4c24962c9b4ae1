"""Declarative field metadata shared by the web form, the template check and the parser.

``fld("姓名", "Name")`` is a pydantic ``Field`` whose JSON Schema carries the Chinese and English
labels (``x-label-zh``/``x-label-en``), the article of the measures a field serves
(``x-article``) and, for repeating rows, the minimum count the measures demand (``minItems``,
checked by :mod:`forms.validation` with that article, not by pydantic, so that the message can
cite it).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from forms.text import bad_characters, normalise

# English glosses of the Chinese choice values used in the schemas (the value stays Chinese).
CHOICE_EN: dict[str, str] = {
    "劳模": "model worker",
    "先进": "advanced individual",
    "技师": "technician",
    "科技创新": "scientific innovation",
    "技能创新": "skills innovation",
    "管理创新": "management innovation",
    "服务创新": "service innovation",
    "机制创新": "mechanism innovation",
    "行业": "sector",
    "街镇": "sub-district / town",
    "直属": "directly affiliated",
    "男": "male",
    "女": "female",
    "全国": "national",
    "市级": "municipal",
    "区级": "district",
    "劳动模范": "model worker",
    "先进个人": "advanced individual",
    "高级技师": "senior technician",
    "中共党员": "CPC member",
    "中共预备党员": "CPC probationary member",
    "共青团员": "CYL member",
    "民主党派": "democratic party member",
    "群众": "no party affiliation",
    "博士研究生": "doctorate",
    "硕士研究生": "master's",
    "大学本科": "bachelor's",
    "大学专科": "associate degree",
    "中专/高中": "secondary / high school",
    "初中及以下": "junior secondary or below",
}


def fld(
    zh: str,
    en: str,
    default: Any = ...,
    *,
    article: str | None = None,
    min_items: int | None = None,
    widget: str | None = None,
    help_zh: str | None = None,
    help_en: str | None = None,
    in_template: bool = True,
    **kwargs: Any,
) -> Any:
    """A pydantic Field with the project's metadata; see the module docstring."""
    extra: dict[str, Any] = {"x-label-zh": zh, "x-label-en": en}
    if article:
        extra["x-article"] = article
    if min_items is not None:
        extra["minItems"] = min_items
    if widget:
        extra["x-widget"] = widget
    if help_zh:
        extra["x-help-zh"] = help_zh
        extra["x-help-en"] = help_en or ""
    if not in_template:
        extra["x-in-template"] = False
    if "default_factory" in kwargs:
        return Field(title=zh, description=en, json_schema_extra=extra, **kwargs)
    return Field(default, title=zh, description=en, json_schema_extra=extra, **kwargs)


def _refuse_bad_characters(value: Any) -> Any:
    if isinstance(value, str):
        bad = bad_characters(value)
        if bad:
            raise PydanticCustomError(
                "bad_characters",
                "contains characters that cannot be printed: {chars}",
                {"chars": ", ".join(bad)},
            )
        return normalise(value)
    return value


def _no_blank(value: str) -> str:
    if not value:
        raise PydanticCustomError("blank", "must not be empty")
    return value


# Free text: control characters refused (never silently dropped), surrounding blanks removed.
Text = Annotated[str, BeforeValidator(_refuse_bad_characters)]
# The same, but it must not be empty after trimming.
Required = Annotated[str, BeforeValidator(_refuse_bad_characters), AfterValidator(_no_blank)]
