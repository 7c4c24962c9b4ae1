"""Rosters (汇总表): XLSX or CSV with Chinese headers → one record per row.

Headers are matched to the kind's flat fields by their Chinese label (``x-label-zh`` in the
schema), their English label or the field name, so the sheet office staff already keep needs no
renaming. Each row is checked by the kind's schema and rules; a bad row is reported with its row
number, field and article, and the others go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from forms.dates import parse_date_cn, parse_date_zh
from forms.errors import Issue, PaperworkError
from forms.kinds import DocKind
from forms.naming import compose_name


@dataclass
class RosterRow:
    row: int  # as the spreadsheet numbers it (the header is row 1)
    record: BaseModel | None
    issues: list[Issue] = field(default_factory=list)


def header_map(kind: DocKind) -> dict[str, str]:
    """Every accepted header text → field name, for the kind's flat fields."""
    mapping: dict[str, str] = {}
    for name, info in kind.model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        for key in (name, extra.get("x-label-zh"), extra.get("x-label-en")):
            if isinstance(key, str):
                mapping[_norm(key)] = name
    return mapping


def _norm(text: str) -> str:
    return "".join(text.split()).lower().replace("（", "(").replace("）", ")")


def _rows(path: Path, data: bytes) -> Iterator[list[Any]]:
    if path.suffix.lower() == ".csv":
        text = data.decode("utf-8-sig") if not data.startswith(b"\xff\xfe") else data.decode(
            "utf-16")
        yield from csv.reader(io.StringIO(text))
        return
    if path.suffix.lower() != ".xlsx":
        raise PaperworkError(f"不支持的名单格式“{path.suffix}”，请用 .xlsx 或 .csv",
                             f"unsupported roster format {path.suffix!r}; use .xlsx or .csv",
                             path="roster")
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise PaperworkError("无法读取该 Excel 文件，请确认是 .xlsx 格式",
                             "the Excel file cannot be read; is it an .xlsx file?",
                             path="roster") from exc
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield list(row)


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = value.strip()
        for parse in (parse_date_zh, parse_date_cn):
            try:
                return parse(text).isoformat()
            except ValueError:
                pass
        return text
    return value


def read_roster(path: Path, kind: DocKind, data: bytes | None = None) -> list[RosterRow]:
    """Read ``path`` (or ``data`` named like it) into checked rows; blank rows are skipped."""
    rows = _rows(path, path.read_bytes() if data is None else data)
    header = next(rows, None)
    if not header:
        raise PaperworkError("名单为空", "the roster is empty", path="roster")
    known = header_map(kind)
    columns = {i: known.get(_norm(str(h or ""))) for i, h in enumerate(header)}
    unknown = [str(h) for i, h in enumerate(header) if h and columns[i] is None]
    if unknown:
        raise PaperworkError(f"名单中有无法识别的列：{'、'.join(unknown)}",
                             f"unknown roster columns: {', '.join(unknown)}", path="roster")
    result: list[RosterRow] = []
    for number, row in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in row):
            continue
        data_row: dict[str, Any] = {}
        for i, v in enumerate(row):
            name = columns.get(i)
            if name and v not in (None, ""):
                data_row[name] = _cell(v)
        _complete(kind, data_row)
        record, checked = kind.check(data_row)
        issues = [Issue(f"第{number}行.{i.path}", f"第 {number} 行：{i.zh}",
                        f"row {number}: {i.en}", i.article, i.severity) for i in checked.issues]
        result.append(RosterRow(number, record if checked.ok else None, issues))
    return result


def _complete(kind: DocKind, row: dict[str, Any]) -> None:
    """A roster may leave out the studio name: it is composed by 第八条 when it can be."""
    fields = kind.model.model_fields
    if "studio_name" in fields and not row.get("studio_name") and all(
            row.get(k) for k in ("leader", "direction", "category")):
        row["studio_name"] = compose_name(str(row["leader"]), str(row["direction"]),
                                          str(row["category"]))


def read_records(path: Path, kind: DocKind) -> list[RosterRow]:
    """Records as JSON: a list of objects (.json) or one object per line (.jsonl); for kinds
    with nested fields, which a flat roster cannot hold. Numbered like roster rows (from 1)."""
    import json

    text = path.read_text(encoding="utf-8-sig")
    try:
        if path.suffix.lower() == ".jsonl":
            raw = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            loaded = json.loads(text)
            raw = loaded if isinstance(loaded, list) else [loaded]
    except json.JSONDecodeError as exc:
        raise PaperworkError(f"{path.name} 不是有效的 JSON（第 {exc.lineno} 行）",
                             f"{path.name} is not valid JSON (line {exc.lineno})",
                             path="roster") from exc
    result: list[RosterRow] = []
    for number, data in enumerate(raw, start=1):
        if not isinstance(data, dict):
            result.append(RosterRow(number, None, [Issue(
                f"第{number}条", f"第 {number} 条：应为 JSON 对象",
                f"item {number}: must be an object")]))
            continue
        record, checked = kind.check(data)
        issues = [Issue(f"第{number}条.{i.path}", f"第 {number} 条：{i.zh}",
                        f"item {number}: {i.en}", i.article, i.severity) for i in checked.issues]
        result.append(RosterRow(number, record if checked.ok else None, issues))
    return result
