"""The forms in a real headless Chromium: fill, be told what breaks which article, keep every
value, add rows, preview, download the PDF and read it back; English and back; the funding form's
第十六条 refusal and amounts in capitals; certificate verification; phone width."""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pdfplumber
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from forms.dates import format_date_zh
from forms.kinds import KINDS
from tests.browser.conftest import Live
from tests.browser.driving import (
    add_row,
    click,
    css_name,
    download,
    fill,
    one,
    rows,
    shoot,
    submit_page,
    type_into,
    value_of,
    wait_for,
)
from tests.conftest import example_data
from webforms.schema_form import fields_of

pytestmark = pytest.mark.slow


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def leaves(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted path, value) of every scalar in ``data``."""
    if isinstance(data, dict):
        return [x for k, v in data.items() for x in leaves(v, f"{prefix}{k}.")]
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return [x for i, v in enumerate(data) for x in leaves(v, f"{prefix}{i}.")]
    return [(prefix.rstrip("."), data)]


def application_input() -> dict[str, Any]:
    """The example application with its values as a person types them (no opinions yet)."""
    data = copy.deepcopy(example_data("application"))
    data.pop("opinions")
    data.pop("record_id")
    data["team"] = data["team"][:3]  # the 4th member's name has a character outside the BMP
    return data


def submit(driver: WebDriver) -> None:
    """Press 检查并预览 and wait until the answer has replaced the page (reading the old page
    right after the click finds elements that go stale a moment later)."""
    submit_page(driver, 'button[name="_action"][value="submit"]')


def test_application_form_article_3_then_preview_and_pdf(
        chrome: WebDriver, live: Live, artifacts: Path, soffice: str) -> None:
    driver = chrome
    nodes = fields_of(KINDS["application"].model)
    data = application_input()
    two = copy.deepcopy(data)
    two["team"] = data["team"][:2]

    driver.get(f"{live.url}/forms/application")
    shoot(driver, artifacts / "web-01-application-empty.png", full=False)
    fill(driver, nodes, two, skip=("studio.name",))
    assert value_of(driver, "studio.name") == "王建国数控加工劳模创新工作室", \
        "the name is composed live from leader, direction and category (第八条)"
    submit(driver)

    # The 第三条 message is at the team table, and every typed value is still there.
    team = one(driver, "#f-team")
    assert "至少 3 项，现有 2 项" in team.text and "第三条" in team.text
    assert "has-msg" in str(team.get_attribute("class"))
    summary = one(driver, "#summary")
    assert "第三条" in summary.text
    assert one(driver, '#summary a[href="#f-team"]')
    for path, value in leaves(two):
        if path.startswith("leader.honours") or isinstance(value, list):
            continue
        typed = value_of(driver, path)
        expected = ("true" if value else "") if isinstance(value, bool) else str(value)
        if isinstance(value, bool):
            assert (typed != "") == value, path
        else:
            assert typed == expected, (path, typed, expected)
    assert value_of(driver, "studio.kinds") == "科技创新,技能创新"
    shoot(driver, artifacts / "web-02-application-article3-error.png")

    # A third member, added with the page's own button, then submit → preview.
    add_row(driver, "team")
    assert rows(driver, "team") == 3
    fill(driver, nodes, {"team": data["team"]}, skip=("team.0", "team.1"))
    for field in ("name", "birth_date", "speciality"):
        assert value_of(driver, f"team.2.{field}") == data["team"][2][field]
    submit(driver)
    wait_for(lambda: bool(driver.find_elements(By.ID, "check-ok")), 180, "the preview page")
    assert "检查通过" in one(driver, "#check-ok").text
    frame = one(driver, "#pdf-preview")
    assert "document.pdf?inline=1" in str(frame.get_attribute("src"))
    shoot(driver, artifacts / "web-03-application-preview.png", full=False)
    # At phone width (no inline PDF viewers there) the pages are shown as images.
    size = driver.get_window_size()
    driver.set_window_size(390, 844)
    try:
        first = one(driver, ".page-images img")
        assert first.is_displayed() and not frame.is_displayed()
        driver.execute_script("arguments[0].scrollIntoView()", first)
        wait_for(lambda: int(str(first.get_property("naturalWidth") or 0)) > 500, 30,
                 "page 1 image")
        driver.save_screenshot(str(artifacts / "web-03b-application-preview-phone.png"))
    finally:
        driver.set_window_size(size["width"], size["height"])

    pdf = download(driver, "#download-pdf", live.downloads, ".pdf")
    assert pdf.name == ("杨浦区劳模（先进）、技师创新工作室申报表"
                        "（王建国数控加工劳模创新工作室）.pdf")
    with pdfplumber.open(pdf) as doc:
        # Text that wraps inside a table cell interleaves with its neighbours on the page, so
        # the cells are read one by one as well.
        parts = [page.extract_text() or "" for page in doc.pages]
        parts += [cell or "" for page in doc.pages for table in page.extract_tables()
                  for row in table for cell in row]
        text = "\n".join(squash(p) for p in parts)
    missing = []
    for path, value in leaves(data):
        if isinstance(value, bool) or value in ("", None) or isinstance(value, list):
            continue
        candidates = {squash(str(value))}
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            candidates.add(format_date_zh(dt.date.fromisoformat(str(value))))
        if not any(c in text for c in candidates):
            missing.append((path, value))
    assert not missing, missing


def test_switch_to_english_and_back_keeps_the_form(chrome: WebDriver, live: Live,
                                                   artifacts: Path) -> None:
    driver = chrome
    driver.get(f"{live.url}/forms/application")
    type_into(driver, "studio.direction", "焊接工艺")
    type_into(driver, "leader.name", "李四")
    try:
        click(driver, one(driver, 'button[value="lang:en"]'))
        wait_for(lambda: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
                 20, "the English page")
        assert "Team members" in driver.page_source and "Save draft" in driver.page_source
        assert value_of(driver, "studio.direction") == "焊接工艺"
        assert value_of(driver, "leader.name") == "李四"
        shoot(driver, artifacts / "web-04-application-english.png", full=False)
        click(driver, one(driver, 'button[value="lang:zh_CN"]'))
        wait_for(lambda: driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
                 == "zh-CN", 20, "the Chinese page")
        assert "团队成员" in driver.page_source and "保存草稿" in driver.page_source
        assert value_of(driver, "leader.name") == "李四"
    finally:
        # The browser is shared by the module: whatever happened above, the next test starts
        # in Chinese (?lang= sets the session's language).
        driver.get(f"{live.url}/?lang=zh_CN")


def test_funding_refuses_travel_citing_article_16_and_shows_capitals(
        chrome: WebDriver, live: Live, artifacts: Path) -> None:
    if "funding" not in KINDS:
        pytest.fail("the funding kind is expected in forms.kinds.KINDS")
    driver = chrome
    driver.get(f"{live.url}/drafts/example-funding")
    capitals = one(driver, "#f-amount-capitals")
    assert capitals.text == "人民币壹万元整", "written by the server on render"
    type_into(driver, "amount", "12345.60")
    wait_for(lambda: capitals.text == "人民币壹万贰仟叁佰肆拾伍元陆角", 10,
             "the capitals to follow the typed amount")
    type_into(driver, "amount", "10000")
    wait_for(lambda: capitals.text == "人民币壹万元整", 10, "the capitals again")
    type_into(driver, "spending.3.description", "带队赴外地参展差旅费")
    submit(driver)
    box = one(driver, "#f-spending-3-description-box")
    assert "差旅" in box.text and "第十六条" in box.text
    assert "has-error" in str(box.get_attribute("class"))
    assert value_of(driver, "spending.3.description") == "带队赴外地参展差旅费"
    assert one(driver, "#f-amount-capitals").text == "人民币壹万元整", "and on re-render"
    assert one(driver, "#f-spending-0-amount-capitals").text == "人民币伍仟贰佰元整"
    shoot(driver, artifacts / "web-05-funding-article16.png")


def test_rows_added_and_removed_with_keyboard(chrome: WebDriver, live: Live) -> None:
    driver = chrome
    driver.get(f"{live.url}/forms/application")
    before = rows(driver, "team")
    button = one(driver, 'button[data-add="team"]')
    driver.execute_script("arguments[0].focus()", button)
    button.send_keys(Keys.ENTER)
    wait_for(lambda: rows(driver, "team") == before + 1, 5, "a row added by Enter")
    active = driver.switch_to.active_element
    assert active.get_attribute("name") == f"team.{before}.name", "focus moves into the new row"
    remove = one(driver, f'#f-team-{before} button.remove-row')
    driver.execute_script("arguments[0].focus()", remove)
    remove.send_keys(Keys.SPACE)
    wait_for(lambda: rows(driver, "team") == before, 5, "the row removed")


def test_certificate_verification_page(chrome: WebDriver, live: Live, artifacts: Path) -> None:
    driver = chrome
    number = example_data("certificate")["number"]
    driver.get(f"{live.url}/verify/{quote('杨工创〔2026〕第998号', safe='')}")
    assert "不能确认" in one(driver, "#verdict").text
    shoot(driver, artifacts / "web-06-verify-unknown.png", full=False)
    driver.get(f"{live.url}/drafts/example-certificate")
    submit(driver)
    wait_for(lambda: bool(driver.find_elements(By.ID, "check-ok")), 180,
             "the certificate preview")
    download(driver, "#download-docx", live.downloads, ".docx")
    from forms.numbers import verify_url

    driver.get(verify_url(number, base=live.url))
    assert "有效证书编号" in one(driver, "#verdict").text
    assert example_data("certificate")["studio_name"] in driver.page_source
    shoot(driver, artifacts / "web-07-verify-known.png", full=False)


def test_pages_at_phone_width(chrome: WebDriver, live: Live, artifacts: Path) -> None:
    driver = chrome
    size = driver.get_window_size()
    driver.set_window_size(390, 844)
    try:
        for url, name in (("/", "web-08-phone-home.png"),
                          ("/drafts/example-application", "web-09-phone-form.png"),
                          ("/forms/no-such-kind", "web-10-phone-404.png")):
            driver.get(live.url + url)
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at phone width"
            driver.save_screenshot(str(artifacts / name))
    finally:
        driver.set_window_size(size["width"], size["height"])
    driver.get(live.url + "/")
    shoot(driver, artifacts / "web-00-home.png")
    assert driver.find_elements(By.CSS_SELECTOR, css_name("number"))


def test_rows_without_javascript_post_and_keep_everything(chrome_without_js: WebDriver,
                                                           live: Live, artifacts: Path) -> None:
    driver = chrome_without_js
    driver.get(f"{live.url}/forms/application")
    type_into(driver, "leader.name", "王建国")
    type_into(driver, "team.0.name", "陈晓东")
    click(driver, one(driver, 'button[data-add="team"]'))
    # With scripts off the button posts: the server adds the row and shows the saved draft.
    wait_for(lambda: "/drafts/" in driver.current_url, 30, "the form posted and re-rendered")
    assert driver.current_url.endswith("#f-team-1")
    assert rows(driver, "team") == 2
    assert value_of(driver, "leader.name") == "王建国"
    assert value_of(driver, "team.0.name") == "陈晓东"
    click(driver, one(driver, "#f-team-0 button.remove-row"))
    wait_for(lambda: rows(driver, "team") == 1, 30, "the row removed by the server")
    assert value_of(driver, "team.0.name") == "" and value_of(driver, "leader.name") == "王建国"
    shoot(driver, artifacts / "web-11-no-javascript-rows.png", full=False)
