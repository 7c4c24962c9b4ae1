"""Rosters with Chinese headers → records, with row-by-row errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from forms.errors import PaperworkError
from forms.kinds import get_kind
from parsers.roster import read_roster

HEADERS = ["证书编号", "带头人", "攻关方向", "类别", "所在单位", "命名日期"]
GOOD: list[object] = ["杨工创〔2026〕第001号", "王建国", "数控加工", "劳模",
                      "上海杨浦精密机械有限公司", dt.datetime(2026, 12, 18)]


def xlsx(tmp_path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "名单.xlsx"
    book.save(path)
    return path


def test_rows_become_records_and_the_name_is_composed(tmp_path: Path) -> None:
    rows = read_roster(xlsx(tmp_path, [GOOD]), get_kind("certificate"))
    assert len(rows) == 1 and rows[0].row == 2 and rows[0].issues == []
    record = rows[0].record
    assert record is not None
    assert record.studio_name == "王建国数控加工劳模创新工作室"  # type: ignore[attr-defined]
    assert record.date == dt.date(2026, 12, 18)  # type: ignore[attr-defined]


def test_bad_rows_are_reported_by_row_and_article_and_the_rest_go_on(tmp_path: Path) -> None:
    bad: list[object] = ["杨工创〔2026〕第1号", "李四", "焊接", "模范", "上海某厂",
                         "2026年12月18日"]
    blank: list[object] = [None] * 6
    rows = read_roster(xlsx(tmp_path, [GOOD, blank, bad]), get_kind("certificate"))
    assert [r.row for r in rows] == [2, 4]
    assert rows[0].record is not None and rows[1].record is None
    texts = [i.zh for i in rows[1].issues]
    assert all(t.startswith("第 4 行") for t in texts)
    assert any("类别" in t for t in texts)
    assert any(i.article for i in rows[1].issues)


def test_unknown_columns_are_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(PaperworkError) as err:
        read_roster(xlsx(tmp_path, [GOOD], [*HEADERS[:-1], "备注"]), get_kind("certificate"))
    assert "备注" in err.value.zh


def test_csv_with_bom_and_english_headers(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Certificate number,Leader,Research direction,Category,Host unit,"
                    "Date of naming\n"
                    "杨工创〔2026〕第002号,李敏,智能制造,技师,上海某厂,2026-12-18\n",
                    encoding="utf-8-sig")
    (row,) = read_roster(path, get_kind("certificate"))
    assert row.record is not None
    assert row.record.studio_name == "李敏智能制造技师创新工作室"  # type: ignore[attr-defined]


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"<html>not excel</html>")
    with pytest.raises(PaperworkError) as err:
        read_roster(path, get_kind("certificate"))
    assert "Excel" in err.value.zh
