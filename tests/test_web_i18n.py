"""The UI catalogue: every Chinese UI string in webforms/ has its English translation, and the
app compiles the catalogue it ships."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from generators.paths import ROOT
from webforms.i18n import SOURCE, compile_catalogs

METHODS = [("webforms/**.py", "python"), ("webforms/templates/**.html", "jinja2")]


def source_strings() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), METHODS, keywords={"_": None}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def english() -> dict[str, str]:
    with (SOURCE / "en/LC_MESSAGES/messages.po").open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


def test_every_ui_string_is_translated_to_english() -> None:
    strings = source_strings()
    assert len(strings) > 40
    catalogue = english()
    missing = sorted(s for s in strings if not catalogue.get(s))
    assert not missing, f"add these to the en catalogue (make catalogs): {missing}"


def test_the_catalogue_compiles_and_reads_back(tmp_path: Path) -> None:
    written = compile_catalogs(SOURCE, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "en/LC_MESSAGES/messages.mo"]
    with written[0].open("rb") as f:
        catalog = read_mo(f)
    saved = catalog.get("保存草稿")
    assert saved is not None and saved.string == "Save draft"
    assert compile_catalogs(SOURCE, tmp_path) == [], "up to date: not compiled again"
