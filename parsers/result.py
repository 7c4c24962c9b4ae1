"""What a parser returns: the record, and for every field where and how surely it was read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from forms.errors import Issue
from forms.ids import DocRef

Box = tuple[float, float, float, float]   # x0, top, x1, bottom in page pixels (or points)
Source = Literal["docx", "pdf-text", "ocr"]

# A reading below this confidence is shown to a person before it is saved.
REVIEW_BELOW = 0.9


@dataclass
class Cell:
    """A piece of printed text: a table cell, or a run of words outside the tables."""

    text: str
    page: int | None = None          # 1-based
    box: Box | None = None
    confidence: float = 1.0
    note: str = ""                    # why the confidence is low, if it is
    # On page images: option → ticked? (None: not found), judged from the ink in each box.
    ticks: Callable[[tuple[str, ...]], tuple[dict[str, bool | None], float]] | None = field(
        default=None, repr=False, compare=False)


@dataclass
class FieldReading:
    """One value as read from the paper."""

    path: str                         # dotted, with list indexes: team.2.name
    value: Any
    text: str                         # the printed text it was read from
    confidence: float
    page: int | None = None
    box: Box | None = None
    note: str = ""                    # why the confidence is low, if it is
    crop: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    @property
    def uncertain(self) -> bool:
        return self.confidence < REVIEW_BELOW

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "value": jsonable(self.value), "text": self.text,
                "confidence": round(self.confidence, 3), "page": self.page,
                "box": [round(v, 1) for v in self.box] if self.box else None,
                "note": self.note}


@dataclass
class OpinionEvidence:
    """What an opinion block carries on paper. ``None`` means it could not be looked at."""

    key: str                          # the opinion's field name (unit_union …)
    page: int | None = None
    box: Box | None = None
    signature: bool | None = None
    seal: bool | None = None
    date: dt.date | None = None
    date_text: str = ""
    scores: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "page": self.page, "signature": self.signature,
                "seal": self.seal, "date": jsonable(self.date), "date_text": self.date_text,
                "scores": {k: round(v, 3) for k, v in self.scores.items()}}


@dataclass(frozen=True)
class Difference:
    """A field whose value on paper differs from the stored record."""

    path: str
    stored: Any
    read: Any

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "stored": jsonable(self.stored), "read": jsonable(self.read)}


@dataclass
class ParseResult:
    source: Source
    kind: str | None = None
    ref: DocRef | None = None
    record: BaseModel | None = None
    data: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, FieldReading] = field(default_factory=dict)
    evidence: dict[str, OpinionEvidence] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    pages: int = 0

    @property
    def ok(self) -> bool:
        """A valid record came out and nothing needs a person's look."""
        return (self.record is not None and not any(i.severity == "error" for i in self.issues)
                and not self.uncertain())

    def uncertain(self) -> list[FieldReading]:
        return [f for f in self.fields.values() if f.uncertain]

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "kind": self.kind,
            "ref": self.ref.encode() if self.ref else None,
            "record": self.record.model_dump(mode="json") if self.record else None,
            "data": jsonable(self.data), "pages": self.pages,
            "fields": [f.as_dict() for f in self.fields.values()],
            "evidence": [e.as_dict() for e in self.evidence.values()],
            "issues": [i.as_dict() for i in self.issues],
            "differences": [d.as_dict() for d in self.differences],
        }


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
