"""studio-docs: the command-line face of the paperwork system.

Exit status: 0 done (warnings may be printed), 2 bad input (nothing written), 1 the system could
not do it (e.g. LibreOffice missing).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from pydantic import BaseModel

from forms.errors import CheckResult, Issue, PaperworkError
from forms.kinds import KINDS, DocKind, get_kind

EXIT_INVALID = 2
EXIT_FAILED = 1


def fail(zh: str, en: str, status: int = EXIT_INVALID) -> NoReturn:
    click.echo(f"错误：{zh}\nError: {en}", err=True)
    sys.exit(status)


def load_json(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}")
    except UnicodeDecodeError:
        fail(f"{path} 不是 UTF-8 编码的文本", f"{path} is not UTF-8 text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）",
             f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    if not isinstance(data, dict):
        fail("记录应为 JSON 对象（{...}）", "a record must be a JSON object ({...})")
    return data


def print_issues(result: CheckResult) -> None:
    for issue in result.issues:
        click.echo(format_issue(issue), err=True)


def format_issue(issue: Issue) -> str:
    tag = "错误 error" if issue.severity == "error" else "提醒 warning"
    cite = f" 〔{issue.article}〕" if issue.article else ""
    return f"[{tag}] {issue.path or '(记录)'}{cite}\n    {issue.zh}\n    {issue.en}"


def checked(kind: DocKind, path: Path) -> BaseModel:
    data = load_json(path)
    record, result = kind.check(data)
    print_issues(result)
    if record is None or not result.ok:
        fail(f"记录未通过检查（{len(result.errors)} 处错误），未生成任何文件",
             f"the record failed its checks ({len(result.errors)} error(s)); nothing written")
    return record


def resolve_kind(name: str) -> DocKind:
    try:
        return get_kind(name)
    except PaperworkError as exc:
        fail(exc.zh, exc.en)


@click.group(help="杨浦区创新工作室文书系统 / Yangpu innovation-studio paperwork")
def main() -> None:
    pass


@main.command(help="打印文书的 JSON Schema / print a kind's JSON Schema")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
def schema(kind: str) -> None:
    click.echo(json.dumps(get_kind(kind).json_schema(), ensure_ascii=False, indent=2))


@main.command(help="检查记录 / check a record: check [KIND] RECORD.json")
@click.argument("args", nargs=-1, required=True)
def check(args: tuple[str, ...]) -> None:
    if len(args) == 2:
        kind_name, file = args
    elif len(args) == 1:
        file = args[0]
        kind_name = str(load_json(Path(file)).get("kind", "application"))
    else:
        fail("用法：studio-docs check [KIND] RECORD.json", "usage: studio-docs check [KIND] FILE")
    kind = resolve_kind(kind_name)
    checked(kind, Path(file))
    click.echo(f"通过：{kind.title_zh}记录符合要求 / OK: the record passes")


@main.command(help="生成文书 / render a record to .docx or .pdf (by the suffix of -o)")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("record", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="输出文件 .docx 或 .pdf / output file")
def render(kind: str, record: Path, output: Path) -> None:
    from generators.render import FORMATS, write

    if output.suffix.lower() not in FORMATS:
        fail(f"不支持的输出格式“{output.suffix}”，请用 .docx 或 .pdf",
             f"unsupported output format {output.suffix!r}; use .docx or .pdf")
    doc_kind = resolve_kind(kind)
    rec = checked(doc_kind, record)
    try:
        write(doc_kind, rec, output)
    except PaperworkError as exc:
        fail(exc.zh, exc.en, EXIT_FAILED)
    click.echo(f"已生成 / written: {output}")


@main.command("template-check", help="检查模板与表单结构是否一致 / "
              "check a (possibly edited) template against the schema")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.option("--template", type=click.Path(exists=True, path_type=Path),
              help="要检查的 .docx（默认为 doc_templates/ 中的模板）/ template to check")
def template_check(kind: str, template: Path | None) -> None:
    from generators.render import template_path
    from generators.template_check import check_template

    doc_kind = resolve_kind(kind)
    report = check_template(template or template_path(doc_kind), doc_kind.model,
                            doc_kind.context_names)
    for path in report.unknown:
        click.echo(f"[错误 error] 模板引用了表单中不存在的字段 / unknown field: {path}", err=True)
    for path in report.unprinted:
        click.echo(f"[错误 error] 表单字段未出现在模板中 / never printed: {path}", err=True)
    if not report.ok:
        fail("模板与表单结构不一致", "the template and the schema disagree")
    click.echo("通过：模板与表单结构一致 / OK: template and schema agree")


from cli.bulk_cmd import bulk  # noqa: E402

main.add_command(bulk)
from cli.parse_cmd import parse as parse_command  # noqa: E402

main.add_command(parse_command)
from cli.backup_cmd import backup_command, restore_command  # noqa: E402

main.add_command(backup_command)
main.add_command(restore_command)
from cli.uploads_cmd import purge_uploads  # noqa: E402

main.add_command(purge_uploads)
from cli.users_cmd import user as user_command  # noqa: E402

main.add_command(user_command)
