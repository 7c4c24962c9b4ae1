"""An upload in a real headless Chromium: the page shows 解析中 while the reading waits or runs
and turns into the result by itself — by its script, or by its own refresh without JavaScript;
the same file uploaded again is named as a duplicate with a link to the first."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from forms.kinds import get_kind
from generators.render import docx_bytes
from jobs import parse_task
from registry import demo
from tests.browser.conftest import Live, registry_app, start_chromium
from tests.browser.driving import one, shoot, submit_page, wait_for
from tests.conftest import load_record

SCAN = Path(__file__).parent.parent / "data" / "returned" / "application-scan.pdf"  # 4 pages


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("live-uploads")
    with registry_app(tmp, UPLOADS_DIR=str(tmp / "up"), UPLOAD_PARSE_TIMEOUT=60) as served:
        yield served


def returned_form(tmp: Path, name: str, tail: bytes = b"") -> Path:
    """The example application as a .docx (``tail`` makes the bytes of another file)."""
    path = tmp / name
    path.write_bytes(docx_bytes(get_kind("application"), load_record("application")) + tail)
    return path


def signed_in(driver: WebDriver, live: Live) -> None:
    driver.get(f"{live.url}/login")
    one(driver, "#username").send_keys("district")
    one(driver, "#password").send_keys(demo.PASSWORD.format(username="district"))
    submit(driver, 'form button[type="submit"]')


def submit(driver: WebDriver, css: str) -> None:
    submit_page(driver, css)


def upload(driver: WebDriver, live: Live, path: Path) -> None:
    driver.get(f"{live.url}/uploads/")
    one(driver, "#file").send_keys(str(path))
    submit(driver, 'form[enctype="multipart/form-data"] button[type="submit"]')


def shows(driver: WebDriver, text: str) -> bool:
    try:
        return text in driver.find_element(By.TAG_NAME, "body").text
    except Exception:  # the page is being replaced by its reload
        return False


def follow_reading(driver: WebDriver, live: Live, path: Path, shots: Path) -> str:
    """Upload while the one reading slot is taken, see 解析中, free the slot, and wait for the
    page to show the result without anyone touching it."""
    assert parse_task._slots.acquire(timeout=120)
    try:
        upload(driver, live, path)
        assert shows(driver, "解析中") and shows(driver, "排队等待读取")
        shoot(driver, shots)
        address = str(driver.current_url)
        driver.refresh()  # the progress survives a reload
        assert shows(driver, "解析中")
    finally:
        parse_task._slots.release()
    wait_for(lambda: shows(driver, "确认并保存到登记册"), 120, "the result on the same page")
    assert driver.current_url == address and not shows(driver, "排队等待读取")
    return address


def test_the_page_follows_the_reading_and_names_a_duplicate(live: Live, artifacts: Path,
                                                            tmp_path: Path) -> None:
    driver: Any
    driver, profile = start_chromium(live.downloads)
    try:
        signed_in(driver, live)
        form = returned_form(tmp_path, "申报表.docx")
        address = follow_reading(driver, live, form, artifacts / "upload-parsing.png")
        shoot(driver, artifacts / "upload-parsed.png")
        upload(driver, live, form)
        notice = one(driver, "#duplicate")
        assert "已于" in notice.text and "不再重复读取" in notice.text
        link = notice.find_element(By.TAG_NAME, "a")
        assert link.get_attribute("href") == address
        shoot(driver, artifacts / "upload-duplicate.png")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_without_javascript_the_page_refreshes_itself(live: Live, artifacts: Path,
                                                      tmp_path: Path) -> None:
    driver: Any
    driver, profile = start_chromium(live.downloads, javascript=False)
    try:
        signed_in(driver, live)
        follow_reading(driver, live, returned_form(tmp_path, "无脚本.docx", b"\0"),
                       artifacts / "upload-parsing-nojs.png")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def page_count(driver: WebDriver) -> str:
    found = re.search(r"第 (\d)/4 页", body_text(driver))
    return found[0] if found else ""


def body_text(driver: WebDriver) -> str:
    try:
        return str(driver.find_element(By.TAG_NAME, "body").text)
    except Exception:  # the page is being replaced by its reload
        return ""


@pytest.mark.slow
def test_the_page_counts_the_pages_of_a_scan_as_they_are_read(live: Live, artifacts: Path) -> None:
    driver: Any
    driver, profile = start_chromium(live.downloads)
    try:
        signed_in(driver, live)
        upload(driver, live, SCAN)
        # by the page's script: the count moves while the pages are read
        wait_for(lambda: page_count(driver) in ("第 1/4 页", "第 2/4 页", "第 3/4 页"), 240,
                 "a count between the first and the last page")
        shoot(driver, artifacts / "upload-pages.png")
        assert one(driver, "#parse-progress").get_attribute("max") == "4"
        driver.refresh()  # the count survives a reload (drawn by the server)
        assert page_count(driver) or shows(driver, "确认并保存到登记册")
        wait_for(lambda: shows(driver, "确认并保存到登记册"), 300, "the result on the same page")
        assert not page_count(driver)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
