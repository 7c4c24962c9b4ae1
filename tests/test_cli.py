"""The command line: exit 0 done, 2 bad input (nothing written), 1 the system could not do it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli import main
from tests.conftest import EXAMPLES, example_data

EXAMPLE = str(EXAMPLES / "application.json")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def write_json(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "record.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_schema_prints_json_schema_with_labels() -> None:
    result = run("schema", "application")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["x-kind"] == "application"
    team = schema["properties"]["team"]
    assert team["minItems"] == 3 and team["x-article"] == "第三条"
    assert team["x-label-zh"] == "团队成员（不含带头人）"


def test_check_passes_the_example() -> None:
    result = run("check", EXAMPLE)
    assert result.exit_code == 0
    assert "通过" in result.output


def test_check_lists_every_error_with_path_and_article(tmp_path: Path) -> None:
    data = example_data("application")
    data["team"] = data["team"][:2]
    data["studio"]["name"] = "工作室"
    result = run("check", "application", write_json(tmp_path, data))
    assert result.exit_code == 2
    assert "team 〔第三条〕" in result.output
    assert "studio.name 〔第八条〕" in result.output
    assert "王建国数控加工劳模创新工作室" in result.output


@pytest.mark.parametrize(("content", "zh"), [
    ("{not json", "不是有效的 JSON"),
    ("[1, 2]", "记录应为 JSON 对象"),
    ('{"year": "2026"}', "必填项未填写"),
    ('{"year": [1]}', "应为整数"),
])
def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path, content: str, zh: str) -> None:
    src = tmp_path / "bad.json"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.docx"
    result = run("render", "application", str(src), "-o", str(out))
    assert result.exit_code == 2
    assert zh in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src]


def test_control_character_refused_not_dropped(tmp_path: Path) -> None:
    data = example_data("application")
    data["leader"]["expertise"] = "数控\x0b加工"
    result = run("render", "application", write_json(tmp_path, data), "-o",
                 str(tmp_path / "x.docx"))
    assert result.exit_code == 2
    assert "leader.expertise" in result.output and "U+000B" in result.output


def test_failed_render_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous")
    result = run("render", "application", write_json(tmp_path, {"year": 1}), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_bytes() == b"previous"


def test_render_docx(tmp_path: Path) -> None:
    out = tmp_path / "申报表.docx"
    result = run("render", "application", EXAMPLE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_unsupported_suffix(tmp_path: Path) -> None:
    result = run("render", "application", EXAMPLE, "-o", str(tmp_path / "x.odt"))
    assert result.exit_code == 2
    assert ".docx 或 .pdf" in result.output


def test_missing_libreoffice_is_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = run("render", "application", EXAMPLE, "-o", str(out),
                 env={"STUDIO_SOFFICE": "/nonexistent/soffice"})
    assert result.exit_code == 1
    assert "未找到 LibreOffice" in result.output and "LibreOffice was not found" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.slow
def test_render_pdf(soffice: str, tmp_path: Path) -> None:
    out = tmp_path / "申报表.pdf"
    result = run("render", "application", EXAMPLE, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:5] == b"%PDF-"
    assert [p.name for p in tmp_path.iterdir()] == ["申报表.pdf"]


def test_a_record_of_another_kind_is_refused(tmp_path: Path) -> None:
    data = example_data("application")
    data["kind"] = "notice"
    result = run("check", "application", write_json(tmp_path, data))
    assert result.exit_code == 2
    assert "不是" in result.output and "kind" in result.output
