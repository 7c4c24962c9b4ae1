"""studio-docs bulk KIND ROSTER -o OUT.zip: one PDF per roster row, a merged PDF, progress."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import click

from forms.errors import PaperworkError
from forms.kinds import KINDS


def _describe(stage: str, done: int, total: int, started: float) -> str:
    from generators.bulk import STAGES_ZH

    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 and done else 0.0
    left = f"，约剩 {(total - done) / rate:.0f} 秒" if rate else ""
    return f"{STAGES_ZH.get(stage, stage)} {done}/{total}（{rate:.0f} 份/秒{left}）"


@click.command(help="批量生成（如命名证书）：名单 .xlsx/.csv，或记录 .json/.jsonl / "
               "bulk-generate one document per roster row or JSON record")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="ZIP：每条记录一个 PDF / ZIP of one PDF per record")
@click.option("--merged", type=click.Path(path_type=Path),
              help="合并的可打印 PDF（默认与 ZIP 同名）/ merged print-ready PDF")
@click.option("--docx", "with_docx", is_flag=True, help="ZIP 中同时包含 .docx / add .docx files")
@click.option("--batch-size", default=None, type=click.IntRange(1, 500),
              help="每批记录数（默认自动，最多 100）/ records a batch (default: automatic, ≤ 100)")
def bulk(kind: str, roster: Path, output: Path, merged: Path | None, with_docx: bool,
         batch_size: int | None) -> None:
    from cli import fail, format_issue
    from forms.kinds import get_kind
    from generators.bulk import Item, Outputs, Progress, describe, run
    from parsers.roster import read_records, read_roster

    doc_kind = get_kind(kind)
    reader = read_records if roster.suffix.lower() in (".json", ".jsonl") else read_roster
    try:
        rows = reader(roster, doc_kind)
    except PaperworkError as exc:
        fail(exc.zh, exc.en)
    bad = [r for r in rows if r.record is None]
    for r in rows:
        for issue in r.issues:
            click.echo(format_issue(issue), err=True)
    items = [Item(r.record, *describe(r.record)) for r in rows if r.record is not None]
    if not items:
        fail("名单中没有可生成的记录", "the roster has no valid rows")
    started = time.monotonic()
    with click.progressbar(length=len(items), label="准备 preparing", file=sys.stderr,
                           show_eta=False) as bar:
        state = {"done": 0}

        def progress(p: Progress) -> None:
            bar.label = _describe(p.stage, p.done, p.total, started)
            bar.update(max(0, p.done - state["done"]))
            state["done"] = max(state["done"], p.done)

        try:
            report = run(doc_kind, items, Outputs(output, merged or output.with_suffix(".pdf"),
                                                  with_docx),
                         batch_size=batch_size, progress=progress, cancel=threading.Event())
        except PaperworkError as exc:
            fail(exc.zh, exc.en, 1)
    click.echo(f"完成：{report.count} 份，用时 {report.seconds:.1f} 秒；"
               f"跳过有误的行 {len(bad)} 行 / "
               f"done: {report.count} in {report.seconds:.1f} s; {len(bad)} invalid row(s) "
               f"skipped\n{output}\n{merged or output.with_suffix('.pdf')}")
    if bad:
        sys.exit(2)

