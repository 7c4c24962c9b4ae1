"""Scans and photos (placeholder until the OCR reader lands)."""

from __future__ import annotations

from forms.errors import PaperworkError
from parsers.gate import Upload
from parsers.result import ParseResult


def read_scan(upload: Upload, stored: object, kind: str | None) -> ParseResult:
    raise PaperworkError("暂不支持扫描件", "scans are not supported yet", path="file")
