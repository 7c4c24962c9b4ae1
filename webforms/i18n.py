"""UI language: Chinese (zh_CN) by default, English on switch, through Flask-Babel.

UI strings are written in Chinese in the code and templates (``_("保存草稿")``) and translated
by ``webforms/translations/en/LC_MESSAGES/messages.po``; the build compiles the catalogues
(``make catalogs``), and the app compiles any that are missing or older than their ``.po`` at
start, into the instance folder, so a fresh checkout never shows untranslated English pages.
Schema labels carry their own zh/en and need no catalogue.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, request, session
from flask_babel import Babel, get_locale

SOURCE = Path(__file__).parent / "translations"
LANGUAGES = ("zh_CN", "en")
DEFAULT = "zh_CN"


def compile_catalogs(source: Path, target: Path) -> list[Path]:
    """Compile every ``<lang>/LC_MESSAGES/*.po`` under ``source`` to ``.mo`` under ``target``."""
    written: list[Path] = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo)
        written.append(mo)
    return written


def select_locale() -> str:
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
        return wanted
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT


def lang() -> str:
    """The current UI language code: ``zh_CN`` or ``en``."""
    return str(get_locale() or DEFAULT)


def init_app(app: Flask) -> None:
    compiled = Path(app.instance_path) / "translations"
    compile_catalogs(SOURCE, compiled)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(compiled)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["lang"] = lang
