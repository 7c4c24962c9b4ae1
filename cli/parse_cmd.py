"""studio-docs parse FILE: read a returned form (.docx, PDF, scan or photo) back into a record.

Exit status: 0 read (uncertain fields and rule issues are printed), 2 the file was refused or
cannot be read (it should be kept for manual entry), 1 the system could not do it (OCR missing).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cli import EXIT_FAILED, fail, format_issue, load_json
from forms.errors import PaperworkError, ToolMissing
from forms.kinds import KINDS
from parsers import ParseResult


@click.command("parse", help="读取交回的文书（.docx、PDF、扫描件、照片）/ read a returned form "
               "back into a record")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON")
@click.option("--stored", type=click.Path(path_type=Path),
              help="存档记录（JSON），用于比对与核实 / the stored record to compare with")
@click.option("--kind", type=click.Choice(sorted(KINDS)),
              help="文书类型（默认按二维码识别）/ document kind (default: from the QR code)")
def parse(file: Path, as_json: bool, stored: Path | None, kind: str | None) -> None:
    from parsers import parse as parse_file

    stored_data: dict[str, Any] | None = None
    if stored is not None:
        stored_data = load_json(stored)
        stored_data.pop("kind", None)
    try:
        result = parse_file(file, stored=stored_data, kind=kind)
    except ToolMissing as exc:
        fail(exc.zh, exc.en, EXIT_FAILED)
    except PaperworkError as exc:
        fail(exc.zh, exc.en)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    report(result)


def report(result: ParseResult) -> None:
    source = {"docx": "Word 文档 / .docx", "pdf-text": "PDF（文字层）/ text PDF",
              "ocr": "扫描件或照片（文字识别）/ scan or photo (OCR)"}[result.source]
    click.echo(f"来源 source: {source}, {result.pages or 1} 页 page(s)")
    click.echo(f"文书 kind: {result.kind or '?'}  二维码 QR: "
               f"{result.ref.encode() if result.ref else '未识读 / not read'}")
    click.echo(f"字段 fields: {len(result.fields)}，需人工核对 to review: "
               f"{len(result.uncertain())}")
    for reading in result.uncertain():
        click.echo(f"  ? {reading.path} = {reading.value!r}  "
                   f"({reading.confidence:.2f}; 第 {reading.page or '-'} 页) {reading.note}")
    for ev in result.evidence.values():
        seal = {True: "有 yes", False: "无 no", None: "?"}[ev.seal]
        sign = {True: "有 yes", False: "无 no", None: "?"}[ev.signature]
        date = ev.date.isoformat() if ev.date else "-"
        click.echo(f"  意见 opinion {ev.key}: 盖章 seal {seal}，签字 signature {sign}，"
                   f"日期 date {date}")
    for d in result.differences:
        click.echo(f"  ≠ {d.path}: 存档 stored {d.stored!r} → 纸面 on paper {d.read!r}")
    for issue in result.issues:
        click.echo(format_issue(issue), err=True)
    status = "记录完整 / record complete" if result.record is not None else \
        "记录不完整，请人工补录 / record incomplete: please complete it by hand"
    click.echo(status)
