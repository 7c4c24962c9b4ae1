"""The registry of document kinds: schema, rules, template, version and titles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from forms import application, application_rules
from forms.errors import CheckResult, PaperworkError
from forms.validation import Rule, check


@dataclass(frozen=True)
class DocKind:
    name: str
    model: type[BaseModel]
    rules: tuple[Rule, ...]
    template: str
    version: int
    title_zh: str
    title_en: str

    def check(self, data: Mapping[str, Any]) -> tuple[BaseModel | None, CheckResult]:
        return check(self.model, data, self.rules)

    def json_schema(self) -> dict[str, Any]:
        schema = self.model.model_json_schema()
        schema["x-kind"] = self.name
        schema["x-version"] = self.version
        return schema


KINDS: dict[str, DocKind] = {
    "application": DocKind(application.KIND, application.Application, application_rules.RULES,
                           "application.docx", application.VERSION, application.TITLE_ZH,
                           application.TITLE_EN),
}


def get_kind(name: str) -> DocKind:
    try:
        return KINDS[name]
    except KeyError:
        raise PaperworkError(
            f"未知的文书类型“{name}”，可选：{'、'.join(KINDS)}",
            f"unknown document kind {name!r}; known: {', '.join(KINDS)}",
            path="kind",
        ) from None
