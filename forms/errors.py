"""The one exception base of the project and the structured rule issue.

Every failure a person can see carries a message in Chinese and in English, the field path it
concerns (dotted, with list indexes: ``team.0.name``) and, where a rule of the measures is
broken, the article (``第三条``) it breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One finding about a record: an error blocks it, a warning is shown but does not."""

    path: str
    zh: str
    en: str
    article: str | None = None
    severity: Severity = "error"

    def text(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        msg = self.zh if zh else self.en
        where = self.path or ("(记录)" if zh else "(record)")
        cite = f"〔{self.article}〕" if self.article else ""
        return f"{where}: {msg}{cite}"

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


class PaperworkError(Exception):
    """Base of every error the project raises on purpose."""

    def __init__(self, zh: str, en: str, *, path: str = "", article: str | None = None) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en
        self.path = path
        self.article = article

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang.startswith("zh") else self.en


class RecordInvalid(PaperworkError):
    """A record broke its schema or a rule of the measures; ``issues`` lists every failure."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: list[Issue] = list(issues)
        errors = [i for i in self.issues if i.severity == "error"]
        super().__init__(
            f"记录有 {len(errors)} 处错误", f"the record has {len(errors)} error(s)"
        )


class ToolMissing(PaperworkError):
    """An external program (LibreOffice, OCR models) is not installed."""


class ConversionFailed(PaperworkError):
    """An external program ran but did not produce the expected output."""


@dataclass
class CheckResult:
    """The result of checking a record: the parsed record (if it parsed) and every issue."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors
