"""Bulk printing in a real headless Chromium: a roster uploaded from the bulk page, the job page
that follows the job by itself (bar, count, rate), survives a reload, lists the skipped rows with
their article, offers the downloads at the end — and a job cancelled from its page."""

from __future__ import annotations

import random
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from benchmarks.certificates import certificate
from tests.browser.conftest import Live, registry_app, start_chromium
from tests.browser.driving import click, one, shoot, wait_download, wait_for
from tests.browser.test_upload_browser import shows, signed_in, submit

HEADERS = ["证书编号", "带头人", "攻关方向", "类别", "所在单位", "命名日期"]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    tmp = tmp_path_factory.mktemp("live-bulk")
    with registry_app(tmp, JOBS_DIR=str(tmp / "jobs")) as served:
        yield served


@pytest.fixture
def driver(live: Live) -> Iterator[Any]:
    chrome, profile = start_chromium(live.downloads)
    try:
        signed_in(chrome, live)
        yield chrome
    finally:
        chrome.quit()
        shutil.rmtree(profile, ignore_errors=True)


def roster(path: Path, count: int, bad_rows: int = 0) -> Path:
    """``count`` certificates (numbers from 901 up, not in the demo registry), then
    ``bad_rows`` rows whose category is not one the measures know."""
    rng = random.Random(7)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    for serial in range(901, 901 + count):
        c = certificate(serial, rng)
        sheet.append([c.number, c.leader, c.direction, c.category, c.host_unit,
                      c.date.isoformat()])
    for i in range(bad_rows):
        sheet.append([f"杨工创〔2026〕第{801 + i}号", "张三", "焊接", "模范", "上海某厂",
                      "2026-12-18"])
    book.save(path)
    return path


def start(driver: WebDriver, live: Live, file: Path) -> str:
    driver.get(f"{live.url}/bulk/")
    one(driver, "#roster").send_keys(str(file))
    submit(driver, 'form[enctype="multipart/form-data"] button[type="submit"]')
    assert one(driver, "#job").get_attribute("data-state-url"), "the job's own page"
    return str(driver.current_url)


def count(driver: WebDriver) -> tuple[int, int]:
    done, total = one(driver, "#job-count").text.split("/")
    return int(done), int(total)


def test_a_roster_runs_live_and_ends_with_its_downloads(driver: Any, live: Live,
                                                        artifacts: Path, tmp_path: Path) -> None:
    address = start(driver, live, roster(tmp_path / "名单.xlsx", 60, bad_rows=1))
    assert shows(driver, "名单中有误、已跳过的行") and shows(driver, "第 62 行")
    seen: list[int] = []

    def finished() -> bool:
        seen.append(count(driver)[0])
        return shows(driver, "已完成")

    wait_for(finished, 240, "the job page to show the job done by itself")
    assert driver.current_url == address, "no reload: the page's script followed the job"
    assert seen == sorted(seen), "the count never goes back"
    assert count(driver) == (60, 60)
    assert one(driver, "#job-stage").text == "", "a finished job shows no stage"
    bar = one(driver, "#job-progress")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("60", "60")
    assert one(driver, "#job-downloads").is_displayed()
    assert not driver.find_elements(By.CSS_SELECTOR, "#job-cancel:not([hidden])") \
        or not one(driver, "#job-cancel").is_displayed()
    shoot(driver, artifacts / "web-12-bulk-done.png")
    driver.refresh()  # what the page shows comes from the job's state, not the script
    assert shows(driver, "已完成") and count(driver) == (60, 60)
    assert one(driver, "#job-stage").text == ""
    assert shows(driver, "第 62 行")
    click(driver, one(driver, "#job-downloads a.primary"))
    archive = wait_download(live.downloads, ".zip")
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
    assert len(names) == 60 and all(n.startswith("杨工创〔2026〕第") and n.endswith(".pdf")
                                    for n in names)


def test_a_job_cancelled_from_its_page_offers_nothing(driver: Any, live: Live,
                                                      artifacts: Path, tmp_path: Path) -> None:
    start(driver, live, roster(tmp_path / "大名单.xlsx", 400))
    submit(driver, "#job-cancel button")
    wait_for(lambda: shows(driver, "已取消"), 120, "the job cancelled")
    assert shows(driver, "未写入任何文件")
    assert not one(driver, "#job-downloads").is_displayed()
    shoot(driver, artifacts / "web-13-bulk-cancelled.png", full=False)
