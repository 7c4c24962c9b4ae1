"""Excel in and out: import the roster (汇总表) of studios named before the system, export lists.

The roster's headers are Chinese (English and field names are accepted too), matched like
:mod:`parsers.roster` does: spaces ignored, full-width brackets as half-width. Every row is
checked; any error in any row and nothing is imported (one transaction), the errors are
listed by row number, column and article. Imported studios keep their certificate numbers,
and the year's number sequence moves past them so that no number is ever given twice.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forms.dates import parse_date_cn, parse_date_zh
from forms.errors import PaperworkError
from forms.naming import compose_name
from forms.numbers import parse_cert_number
from registry import audit, certificates, sequences
from registry.applications import certificate_record
from registry.models_org import Organisation, Person
from registry.models_studio import Certificate, CertSequence, Studio
from registry.roles import Actor, require_role

# field → (Chinese header, English header, required)
COLUMNS: tuple[tuple[str, str, str, bool], ...] = (
    ("name", "工作室名称", "Studio name", True),
    ("leader", "带头人", "Leader", True),
    ("gender", "性别", "Gender", True),
    ("birth_date", "出生日期", "Date of birth", True),
    ("direction", "攻关方向", "Research direction", True),
    ("category", "类别", "Category", True),
    ("innovation_kind", "创新内容", "Innovation kind", False),
    ("host_unit", "所在单位", "Host unit", True),
    ("unit_union", "单位工会", "Unit union", True),
    ("sector_union", "所属行业、街镇、直属工会", "Sector union", True),
    ("named_on", "命名日期", "Date of naming", True),
    ("number", "证书编号", "Certificate number", True),
)
ALIASES = {"所属工会": "sector_union", "行业、街镇、直属工会": "sector_union",
           "工作室": "name", "带头人姓名": "leader"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    zh: str
    en: str
    article: str = ""

    def text(self) -> str:
        cite = f"〔{self.article}〕" if self.article else ""
        return f"第{self.row}行 {self.column}：{self.zh}{cite} / row {self.row}: {self.en}"


class RosterRefused(PaperworkError):
    """The roster has errors; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(f"汇总表有 {len(errors)} 处错误，未导入任何记录",
                         f"the roster has {len(errors)} error(s); nothing was imported")


def _norm(text: str) -> str:
    return "".join(text.split()).lower().replace("（", "(").replace("）", ")")


def _headers() -> dict[str, str]:
    found = {_norm(k): v for k, v in ALIASES.items()}
    for field, zh, en, _ in COLUMNS:
        for key in (field, zh, en):
            found[_norm(key)] = field
    return found


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for parse in (dt.date.fromisoformat, parse_date_zh, parse_date_cn):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(text)


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The first sheet's rows as field → value, with their spreadsheet row numbers."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise PaperworkError("无法读取该 Excel 文件，请确认是 .xlsx 格式",
                             "the Excel file cannot be read; is it an .xlsx file?",
                             path="roster") from exc
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    if not rows:
        raise PaperworkError("汇总表是空的", "the roster is empty", path="roster")
    known = _headers()
    fields = [known.get(_norm(str(h or "")), "") for h in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        out.append((number, {f: v for f, v in zip(fields, row, strict=False) if f}))
    return fields, out


def _org(session: Session, name: str, kind: str) -> Organisation | None:
    return session.scalars(select(Organisation).where(Organisation.name == name,
                                                      Organisation.kind == kind)).first()


def import_roster(session: Session, actor: Actor, data: bytes) -> list[Studio]:
    """Import every row or none: raises :class:`RosterRefused` listing each row's errors."""
    require_role(actor, "district")
    fields, rows = read_rows(data)
    labels = {f: zh for f, zh, _, _ in COLUMNS}
    errors = [RowError(1, zh, "缺少此列", "column missing") for f, zh, _, req in COLUMNS
              if req and f not in fields]
    if errors:
        raise RosterRefused(errors)
    checked: list[tuple[dict[str, str], dict[str, dt.date], Organisation]] = []
    seen: set[str] = set()
    for row, values in rows:
        before = len(errors)

        def bad(field: str, zh: str, en: str, article: str = "", row: int = row) -> None:
            errors.append(RowError(row, labels.get(field, field), zh, en, article))

        text = {f: str(values.get(f) or "").strip() for f, *_ in COLUMNS
                if not isinstance(values.get(f), dt.date)}
        for f, _zh, _en, req in COLUMNS:
            if req and values.get(f) in (None, ""):
                bad(f, "必填", "required")
        if len(errors) > before:
            continue
        dates: dict[str, dt.date] = {}
        for f in ("birth_date", "named_on"):
            try:
                dates[f] = _date(values[f])
            except ValueError:
                bad(f, "日期无法识别（如 2026-11-24 或 2026年11月24日）", "unreadable date")
        if text["gender"] not in ("男", "女"):
            bad("gender", "应为“男”或“女”", "男 or 女")
        if text["category"] not in ("劳模", "先进", "技师"):
            bad("category", "应为劳模、先进或技师", "劳模, 先进 or 技师", "第八条")
        composed = compose_name(text["leader"], text["direction"], text["category"])
        if text["name"] != composed:
            bad("name", f"名称应为“{composed}”", f"the name should read {composed}", "第八条")
        try:
            cert = parse_cert_number(text["number"])
            if "named_on" in dates and cert.year != dates["named_on"].year:
                bad("number", "证书编号的年份与命名日期不一致", "the number's year is not the "
                    "year of naming", "第七条")
        except ValueError:
            bad("number", "证书编号格式应如 杨工创〔2026〕第001号", "a number like "
                "杨工创〔2026〕第001号", "第七条")
        if text["number"] in seen or session.scalars(select(Certificate.id).where(
                Certificate.number == text["number"])).first():
            bad("number", "证书编号重复", "this certificate number is already used", "第七条")
        if session.scalars(select(Studio.id).where(Studio.name == text["name"])).first() \
                or text["name"] in seen:
            bad("name", "该工作室已在系统中", "the studio is already registered", "第七条")
        sector = _org(session, text["sector_union"], "sector")
        if sector is None:
            bad("sector_union", "系统中没有这个行业、街镇、直属工会", "no such sector union")
        if len(errors) > before or sector is None:
            continue
        seen.update((text["number"], text["name"]))
        checked.append((text, dates, sector))
    if errors:  # nothing was written: every row is checked before the first insert
        raise RosterRefused(errors)
    return [_add(session, actor, text, dates, sector) for text, dates, sector in checked]


def _add(session: Session, actor: Actor, text: dict[str, str], dates: dict[str, dt.date],
         sector: Organisation) -> Studio:
    unit = _org(session, text["unit_union"], "unit")
    if unit is None:
        unit = Organisation(kind="unit", name=text["unit_union"], host_unit=text["host_unit"],
                            parent_id=sector.id)
        session.add(unit)
        session.flush()
    leader = Person(name=text["leader"], gender=text["gender"], birth_date=dates["birth_date"],
                    unit_id=unit.id)
    session.add(leader)
    session.flush()
    studio = Studio(name=text["name"], direction=text["direction"], category=text["category"],
                    innovation_kind=text.get("innovation_kind") or "技能创新",
                    leader_id=leader.id, unit_union_id=unit.id, sector_union_id=sector.id,
                    state="named", named_on=dates["named_on"])
    session.add(studio)
    session.flush()
    cert = parse_cert_number(text["number"])
    record = certificate_record(studio, text["number"], leader, text["host_unit"],
                                dates["named_on"])
    session.add(Certificate(studio_id=studio.id, year=cert.year, serial=cert.serial,
                            number=text["number"], issued_on=dates["named_on"], record=record))
    certificates.issue(session, text["number"], record, dates["named_on"])
    sequences.ensure_cert_year(session, cert.year)
    session.execute(update(CertSequence).where(CertSequence.year == cert.year,
                                               CertSequence.last < cert.serial)
                    .values(last=cert.serial))
    audit.record(session, actor, "import", "studio", studio.id, studio_id=studio.id,
                 after="named", article="第七条", detail={"number": text["number"]})
    return studio


def export(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "汇总表") -> bytes:
    """Any list as an .xlsx with a bold Chinese header row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([v.isoformat() if isinstance(v, dt.date) else v for v in row])
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, 2 * len(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
