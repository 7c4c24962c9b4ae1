"""studio-docs backup OUT / studio-docs restore IN: the registry's SQLite database, safely.

``backup`` copies the live database with SQLite's online backup API (a consistent snapshot
even while the web app writes), into a temporary file beside OUT that becomes OUT only after
``PRAGMA integrity_check`` says ``ok``; the copy is a single self-contained file (no WAL).

``restore`` first checks IN (an SQLite file, integrity ``ok``, the registry's tables), keeps
the current database as ``<name>.before-restore-<time>``, and then replaces the content. A
live database in WAL mode has ``-wal``/``-shm`` files beside it that a rename would leave
behind (and SQLite would replay a stale WAL into the new file), so an existing database is
replaced through the backup API as well — one transaction under SQLite's own lock, which every
connection of a running app sees either before or after, never half-way; only a database that
does not exist yet is put in place by an atomic rename. Where the path comes from:
registry.db.database_url (``STUDIO_DATABASE_URL`` / ``DATABASE_URL``, else
``instance/studio.sqlite3``), or ``--database``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

REQUIRED_TABLES = ("draft",)  # registry.models.Draft: every registry database has it
SQLITE_MAGIC = b"SQLite format 3\x00"


def _fail(zh: str, en: str, status: int = 2) -> None:
    from cli import fail

    fail(zh, en, status)


def live_database(option: Path | None) -> Path:
    """The SQLite file of the registry: ``option``, or the one registry.db would use."""
    if option is not None:
        return option
    from generators.paths import ROOT
    from registry.db import database_url

    url = database_url(ROOT / "instance", os.environ.get("STUDIO_DATABASE_URL"))
    parts = urlsplit(url)
    if not parts.scheme.startswith("sqlite"):
        _fail("数据库不是 SQLite 文件，请用数据库自带的工具备份（如 PostgreSQL 的 pg_dump）",
              f"the database is not an SQLite file ({parts.scheme}); back it up with its own "
              "tools (e.g. pg_dump for PostgreSQL)")
    return Path(unquote(url.split(":///", 1)[1]))


def integrity(path: Path) -> str:
    """``ok`` or SQLite's description of what is wrong (an unreadable file included)."""
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return "not an SQLite database"
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            tables = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except (OSError, sqlite3.Error) as exc:
        return str(exc)
    result = "; ".join(str(r[0]) for r in rows)
    if result != "ok":
        return result
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    return f"missing tables: {', '.join(missing)}" if missing else "ok"


def copy_database(source: Path, target: Path, *, single_file: bool = False) -> None:
    """SQLite's online backup of ``source`` into ``target`` (its content is replaced);
    ``single_file``: leave WAL mode, so that the copy needs no ``-wal`` file beside it."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
            if single_file:
                dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _temp_beside(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def backup(live: Path, out: Path) -> None:
    if not live.is_file():
        _fail(f"找不到数据库文件 {live}", f"no database file at {live}")
    tmp = _temp_beside(out)
    try:
        copy_database(live, tmp, single_file=True)
        verdict = integrity(tmp)
        if verdict != "ok":
            _fail(f"备份副本未通过完整性检查：{verdict}",
                  f"the backup copy failed its integrity check: {verdict}", 1)
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def restore(source: Path, live: Path) -> Path | None:
    """Replace the database at ``live`` by ``source``; returns the kept previous copy."""
    verdict = integrity(source)
    if verdict != "ok":
        _fail(f"{source} 不是完好的登记库备份（{verdict}），未做任何改动",
              f"{source} is not a sound registry backup ({verdict}); nothing was changed")
    if not live.exists():
        tmp = _temp_beside(live)
        try:
            copy_database(source, tmp)
            os.replace(tmp, live)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = live.with_name(f"{live.name}.before-restore-{stamp}")
    backup(live, kept)
    copy_database(source, live)
    verdict = integrity(live)
    if verdict != "ok":  # pragma: no cover - the copy was checked; kept for the record
        _fail(f"恢复后的数据库未通过完整性检查：{verdict}；原数据库保存在 {kept}",
              f"the restored database failed its integrity check: {verdict}; the previous "
              f"one is kept at {kept}", 1)
    return kept


DATABASE = click.option("--database", type=click.Path(dir_okay=False, path_type=Path),
                        help="SQLite 数据库文件（默认按 STUDIO_DATABASE_URL 或 instance/）/ "
                             "the SQLite file (default: as the web app finds it)")


@click.command(name="backup", help="备份登记库（SQLite 在线备份并检查完整性）/ "
               "back up the registry database (SQLite backup API + integrity check)")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@DATABASE
def backup_command(out: Path, database: Path | None) -> None:
    live = live_database(database)
    backup(live, out)
    click.echo(f"已备份 {live} → {out}（完整性检查通过，{out.stat().st_size} 字节）/ "
               f"backed up {live} to {out} (integrity ok, {out.stat().st_size} bytes)")


@click.command(name="restore", help="从备份恢复登记库（先检查完整性，原库另存）/ "
               "restore the registry database from a backup (checked first; the old one kept)")
@click.argument("source", metavar="IN",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DATABASE
def restore_command(source: Path, database: Path | None) -> None:
    live = live_database(database)
    kept = restore(source, live)
    where = f"；原数据库另存为 {kept}" if kept else ""
    where_en = f"; the previous database is kept at {kept}" if kept else ""
    click.echo(f"已从 {source} 恢复 {live}（完整性检查通过）{where} / "
               f"restored {live} from {source} (integrity ok){where_en}")
