"""A real headless Chromium (Debian's chromium + chromedriver, via Selenium) against the app
served on 127.0.0.1 on a free port by werkzeug in a thread, with its own SQLite file."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from registry import demo
from tests.conftest import require
from webforms import create_app
from webforms.database import EXTENSION

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class Live:
    url: str
    downloads: Path


@contextmanager
def serving(app: Flask, tmp: Path) -> Iterator[Live]:
    """``app`` served on 127.0.0.1 on a free port by werkzeug in a thread, until the block
    ends; downloads land in ``tmp/downloads``."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    downloads = tmp / "downloads"
    downloads.mkdir()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", downloads)
    finally:
        server.shutdown()
        thread.join(timeout=10)


TODAY = dt.date(2026, 11, 24)


@contextmanager
def registry_app(tmp: Path, **config: Any) -> Iterator[Live]:
    """The app with the demo registry and its users (registry.demo) served live, with its own
    SQLite file under ``tmp``; ``config`` adds to or overrides the settings."""
    app = create_app({"SECRET_KEY": "browser-test",
                      "DATABASE_URL": f"sqlite:///{tmp / 'browser.sqlite3'}",
                      "RENDER_CACHE": str(tmp / "renders"), "REGISTRY_TODAY": TODAY.isoformat(),
                      **config})
    assert demo.seed(app.extensions[EXTENSION], TODAY)
    with serving(app, tmp) as served:
        yield served


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("live")
    app = create_app({
        "SECRET_KEY": "browser-test",
        "DATABASE_URL": f"sqlite:///{tmp / 'browser.sqlite3'}",
        "RENDER_CACHE": str(tmp / "renders"),
        "LOAD_EXAMPLES": True,
    })
    with serving(app, tmp) as served:
        yield served


def start_chromium(downloads: Path, javascript: bool = True) -> tuple[Any, Path]:
    """A headless Chromium with a fresh profile; (driver, profile directory)."""
    require(CHROMIUM.exists() and CHROMEDRIVER.exists(),
            "Chromium and chromedriver (/usr/bin/chromium, /usr/bin/chromedriver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = Path(tempfile.mkdtemp(prefix="studio-chromium-"))
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in [*ARGS, f"--user-data-dir={profile}", "--window-size=1280,1000",
                "--lang=zh-CN"]:
        options.add_argument(arg)
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "intl.accept_languages": "zh-CN,zh",
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    # Name the driver: otherwise Selenium Manager tries to download one.
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(180)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
    return driver, profile


@pytest.fixture(scope="module")
def chrome(live: Live) -> Iterator[Any]:
    driver, profile = start_chromium(live.downloads)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def chrome_without_js(live: Live) -> Iterator[Any]:
    driver, profile = start_chromium(live.downloads, javascript=False)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
