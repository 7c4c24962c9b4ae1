"""Roster import (汇总表, Chinese headers): all rows or none, errors by row; numbers continue."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from forms.errors import PaperworkError
from registry import excel
from registry.errors import Forbidden
from registry.models import IssuedCertificate
from registry.models_studio import Certificate, Studio
from tests.registry_db.conftest import District
from tests.registry_db.test_lifecycle import name_studio

HEADERS = ["工作室名称", "带头人", "性别", "出生日期", "攻关方向", "类别", "所在单位",
           "单位工会", "所属行业、街镇、直属工会", "命名日期", "证书编号"]


def row(leader: str, number: str, named: Any = "2026-06-01", category: str = "劳模",
        name: str | None = None, sector: str = "杨浦区科技园区工会") -> list[Any]:
    return [name or f"{leader}数控加工{category}创新工作室", leader, "男",
            dt.datetime(1978, 5, 6), "数控加工", category, "上海杨浦精密机械有限公司",
            "上海杨浦精密机械有限公司工会", sector, named, number]


def workbook(rows: list[list[Any]], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def count(factory: sessionmaker[Session]) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(Studio)) or 0


def test_roster_imported_and_numbers_continue(factory: sessionmaker[Session],
                                              district: District) -> None:
    data = workbook([row("甲", "杨工创〔2026〕第003号", "2026年3月1日"),
                     row("乙", "杨工创〔2026〕第007号", dt.datetime(2026, 4, 1)),
                     row("丙", "杨工创〔2025〕第001号", "2025-12-01")])
    with factory() as s, s.begin():
        studios = excel.import_roster(s, district.district, data)
        assert [x.state for x in studios] == ["named"] * 3
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(IssuedCertificate)) == 3
    # A studio named afterwards in 2026 gets number 8, never one already on a certificate.
    name_studio(factory, district, on=dt.date(2026, 11, 24))
    with factory() as s:
        numbers = s.scalars(select(Certificate.number).order_by(Certificate.id)).all()
    assert numbers[-1] == "杨工创〔2026〕第008号"
    assert len(set(numbers)) == len(numbers)


def test_bad_rows_refuse_the_whole_roster(factory: sessionmaker[Session],
                                          district: District) -> None:
    data = workbook([
        row("甲", "杨工创〔2026〕第001号"),  # fine, but must not be imported alone
        row("乙", "杨工创〔2026〕第001号", "2026-05-01"),  # number used twice
        row("丙", "2026-1号"),  # not a certificate number
        row("丁", "杨工创〔2026〕第009号", name="丁的工作室"),  # name against 第八条
        row("戊", "杨工创〔2026〕第010号", sector="不存在的工会"),
        row("己", "杨工创〔2026〕第011号", named="去年"),
        ["", None, "", "", "", "", "", "", "", "", ""],  # blank rows are skipped
    ])
    with pytest.raises(excel.RosterRefused) as refused, factory() as s, s.begin():
        excel.import_roster(s, district.district, data)
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {(3, "证书编号"), (4, "证书编号"), (5, "工作室名称"),
                     (6, "所属行业、街镇、直属工会"), (7, "命名日期")}
    assert any(e.article == "第八条" for e in refused.value.errors)
    assert "第5行" in next(e.text() for e in refused.value.errors if e.row == 5)
    assert count(factory) == 0


def test_missing_column_and_role(factory: sessionmaker[Session], district: District) -> None:
    data = workbook([row("甲", "杨工创〔2026〕第001号")[:-1]], HEADERS[:-1])
    with pytest.raises(excel.RosterRefused) as refused, factory() as s, s.begin():
        excel.import_roster(s, district.district, data)
    assert [(e.row, e.column) for e in refused.value.errors] == [(1, "证书编号")]
    with pytest.raises(Forbidden), factory() as s, s.begin():
        excel.import_roster(s, district.unit_a, workbook([]))
    with pytest.raises(PaperworkError), factory() as s, s.begin():
        excel.import_roster(s, district.district, b"not an xlsx")


def test_export_reads_back() -> None:
    data = excel.export(["工作室名称", "命名日期"], [("甲数控加工劳模创新工作室",
                                                    dt.date(2026, 1, 2))], "名单")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None and sheet.title == "名单"
    assert list(sheet.iter_rows(values_only=True)) == [
        ("工作室名称", "命名日期"), ("甲数控加工劳模创新工作室", "2026-01-02")]
