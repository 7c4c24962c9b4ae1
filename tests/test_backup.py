"""studio-docs backup / restore (issue 8): SQLite's backup API, integrity checks, a restore
that refuses a damaged file and replaces the content of a live (WAL) database in one step."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from cli import main
from cli.backup_cmd import integrity
from registry import drafts
from webforms import create_app
from webforms.database import db


def make_app(database: Path) -> Flask:
    return create_app({"TESTING": True, "SECRET_KEY": "backup-test",
                       "DATABASE_URL": f"sqlite:///{database}",
                       "RENDER_CACHE": str(database.parent / "renders"),
                       "LOAD_EXAMPLES": True})


def draft_ids(app: Flask) -> set[str]:
    with app.app_context():
        return {d.id for d in drafts.recent(db(), limit=100_000)}


def add_drafts(app: Flask, prefix: str, count: int) -> None:
    with app.app_context():
        for n in range(count):
            drafts.create(db(), "application", {"leader": {"name": f"{prefix}{n}"}},
                          draft_id=f"{prefix}-{n:04d}")
            db().commit()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def live(tmp_path: Path) -> tuple[Flask, Path]:
    database = tmp_path / "live" / "studio.sqlite3"
    database.parent.mkdir()
    return make_app(database), database


def test_backup_then_restore_brings_the_records_back(live: tuple[Flask, Path],
                                                     tmp_path: Path) -> None:
    app, database = live
    add_drafts(app, "before", 5)
    saved = draft_ids(app)
    assert {f"before-{n:04d}" for n in range(5)} <= saved
    out = tmp_path / "backups" / "registry.sqlite3"
    code, text = run("backup", str(out), "--database", str(database))
    assert code == 0, text
    assert "完整性检查通过" in text and "integrity ok" in text
    assert integrity(out) == "ok"
    assert not Path(f"{out}-wal").exists(), "the backup is one self-contained file"
    with sqlite3.connect(out) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM draft").fetchone()[0] == len(saved)

    add_drafts(app, "after", 3)  # written after the backup: gone after the restore
    with app.app_context():  # and one that was there is deleted
        drafts.delete(db(), drafts.get(db(), "before-0000"))  # type: ignore[arg-type]
        db().commit()
    assert draft_ids(app) != saved

    code, text = run("restore", str(out), "--database", str(database))
    assert code == 0, text
    assert draft_ids(app) == saved, "the running app sees the restored content"
    kept = list(database.parent.glob("studio.sqlite3.before-restore-*"))
    assert len(kept) == 1 and integrity(kept[0]) == "ok"
    with sqlite3.connect(kept[0]) as conn:
        assert conn.execute("SELECT count(*) FROM draft WHERE id LIKE 'after-%'"
                            ).fetchone()[0] == 3, "the replaced state is kept"
    add_drafts(app, "again", 1)  # the restored database keeps working
    assert "again-0000" in draft_ids(app)


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6), 7):  # b-tree pages, not the header
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("what", ["damaged", "truncated", "not sqlite", "other database"])
def test_restore_refuses_a_bad_file_and_changes_nothing(live: tuple[Flask, Path],
                                                        tmp_path: Path, what: str) -> None:
    app, database = live
    out = tmp_path / "b.sqlite3"
    assert run("backup", str(out), "--database", str(database))[0] == 0
    if what == "damaged":
        damage(out)
    elif what == "truncated":
        out.write_bytes(out.read_bytes()[:5000])
    elif what == "not sqlite":
        out.write_bytes(b"PK\x03\x04 a zip, not a database" * 100)
    else:
        out.unlink()
        with sqlite3.connect(out) as conn:
            conn.execute("CREATE TABLE unrelated (x)")
    before = database.read_bytes()
    ids = draft_ids(app)
    code, text = run("restore", str(out), "--database", str(database))
    assert code == 2, text
    assert "未做任何改动" in text and "nothing was changed" in text
    assert "Traceback" not in text
    assert draft_ids(app) == ids and database.read_bytes() == before
    assert list(database.parent.glob("*.before-restore-*")) == []


def test_backup_of_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    code, text = run("backup", str(tmp_path / "o.sqlite3"), "--database",
                     str(tmp_path / "none.sqlite3"))
    assert code == 2 and "找不到数据库文件" in text and "no database file" in text
    assert not (tmp_path / "o.sqlite3").exists()


def test_restore_into_an_empty_place(live: tuple[Flask, Path], tmp_path: Path) -> None:
    app, database = live
    out = tmp_path / "b.sqlite3"
    assert run("backup", str(out), "--database", str(database))[0] == 0
    fresh = tmp_path / "new" / "studio.sqlite3"
    code, text = run("restore", str(out), "--database", str(fresh))
    assert code == 0, text
    assert integrity(fresh) == "ok"
    assert draft_ids(make_app(fresh)) == draft_ids(app)


def test_backup_while_the_app_writes_is_consistent(live: tuple[Flask, Path],
                                                   tmp_path: Path) -> None:
    app, database = live
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            add_drafts(app, f"w{n}", 1)
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for i in range(3):
            out = tmp_path / f"b{i}.sqlite3"
            code, text = run("backup", str(out), "--database", str(database))
            assert code == 0, text
            assert integrity(out) == "ok"
    finally:
        stop.set()
        thread.join()
    with sqlite3.connect(tmp_path / "b2.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM draft WHERE id LIKE 'w%'").fetchone()[0] > 0


def test_the_default_database_is_the_web_apps(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "env.sqlite3"
    make_app(database)
    monkeypatch.setenv("STUDIO_DATABASE_URL", f"sqlite:///{database}")
    code, text = run("backup", str(tmp_path / "o.sqlite3"))
    assert code == 0 and str(database) in text
    monkeypatch.setenv("STUDIO_DATABASE_URL", "postgresql://u@127.0.0.1/studio")
    code, text = run("backup", str(tmp_path / "p.sqlite3"))
    assert code == 2 and "pg_dump" in text
