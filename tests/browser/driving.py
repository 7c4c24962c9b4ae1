"""Filling a form in the browser the way a person does, field by field, from a record's data.

The form's structure comes from the same schema tree the app renders (webforms.schema_form), so
the helper works for every document kind.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from webforms.schema_form import Node


def css_name(path: str) -> str:
    return f'[name="{path}"]'


def one(driver: WebDriver, selector: str) -> WebElement:
    return driver.find_element(By.CSS_SELECTOR, selector)


def click(driver: WebDriver, element: WebElement) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def type_into(driver: WebDriver, path: str, value: str) -> None:
    el = one(driver, f"input{css_name(path)}, textarea{css_name(path)}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", el)
    el.clear()
    el.send_keys(value)


def add_row(driver: WebDriver, path: str) -> None:
    body = one(driver, f'.rows-body[data-list="{path}"]')
    before = len(body.find_elements(By.CSS_SELECTOR, ":scope > [data-row]"))
    click(driver, one(driver, f'button[data-add="{path}"]'))
    WebDriverWait(driver, 5).until(
        lambda d: len(body.find_elements(By.CSS_SELECTOR, ":scope > [data-row]")) == before + 1)


def rows(driver: WebDriver, path: str) -> int:
    body = one(driver, f'.rows-body[data-list="{path}"]')
    return len(body.find_elements(By.CSS_SELECTOR, ":scope > [data-row]"))


def fill(driver: WebDriver, nodes: tuple[Node, ...], data: Mapping[str, Any], prefix: str = "",
         skip: tuple[str, ...] = ()) -> None:
    """Type ``data`` into the form: rows are added with the page's own "add row" button."""
    for n in nodes:
        path = prefix + n.name
        if n.name not in data or path in skip or n.kind == "hidden":
            continue
        value = data[n.name]
        if n.kind == "group":
            fill(driver, n.children, value or {}, path + ".", skip)
        elif n.kind == "list":
            while rows(driver, path) < len(value):
                add_row(driver, path)
            for i, row in enumerate(value):
                fill(driver, n.children, row, f"{path}.{i}.", skip)
        elif n.kind == "multi":
            for choice in value:
                click(driver, one(driver, f'input{css_name(path)}[value="{choice}"]'))
        elif n.kind == "bool":
            if n.widget == "radio":
                wanted = "true" if value else "false"
                click(driver, one(driver, f'input{css_name(path)}[value="{wanted}"]'))
            elif bool(value) != one(driver, f"input{css_name(path)}").is_selected():
                click(driver, one(driver, f"input{css_name(path)}"))
        elif n.kind == "choice":
            if value in (None, ""):
                continue
            radios = driver.find_elements(By.CSS_SELECTOR, f'input[type=radio]{css_name(path)}')
            if radios:
                click(driver, one(driver, f'input{css_name(path)}[value="{value}"]'))
            else:
                Select(one(driver, f"select{css_name(path)}")).select_by_value(str(value))
        elif value not in (None, ""):
            type_into(driver, path, str(value))


def value_of(driver: WebDriver, path: str) -> str:
    els = driver.find_elements(By.CSS_SELECTOR, css_name(path))
    checked = [e for e in els if e.get_attribute("type") in ("radio", "checkbox")]
    if checked:
        return ",".join(str(e.get_attribute("value")) for e in checked if e.is_selected())
    return str(els[0].get_property("value")) if els else ""


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    """Until ``predicate()``; an element that went stale because the page was replaced while
    the predicate read it, or that is not there yet because the next page is still loading,
    counts as "not yet" (the next look finds the new page)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if predicate():
                return
        except (StaleElementReferenceException, NoSuchElementException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def submit_page(driver: WebDriver, css: str, timeout: float = 120.0) -> None:
    """Click ``css`` and wait until the answer has replaced the page (reading the old page
    right after the click finds elements that go stale a moment later)."""
    old = driver.find_element(By.TAG_NAME, "html")
    click(driver, one(driver, css))

    def replaced(_: WebDriver) -> bool:
        # selenium's staleness_of, plus chromedriver's other answer while the documents are
        # swapped: "Node with given id does not belong to the document" (it is the old one's).
        try:
            old.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" not in str(exc):
                raise
            return True
        return False

    WebDriverWait(driver, timeout).until(replaced)


def wait_download(folder: Path, suffix: str, timeout: float = 180.0) -> Path:
    found: list[Path] = []

    def done() -> bool:
        found[:] = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        return bool(found) and not list(folder.glob("*.crdownload"))

    wait_for(done, timeout, f"a {suffix} download in {folder}")
    return found[0]


def download(driver: WebDriver, css: str, folder: Path, suffix: str) -> Path:
    """Click a download link and wait for the file. On a loaded machine a click right after a
    window resize can land before the layout settles and start nothing: if no download has
    begun after a while, click once more."""
    click(driver, one(driver, css))
    try:
        return wait_download(folder, suffix, timeout=45)
    except AssertionError:
        if list(folder.glob("*.crdownload")):
            return wait_download(folder, suffix)
    click(driver, one(driver, css))
    return wait_download(folder, suffix)


def shoot(driver: WebDriver, target: Path, full: bool = True) -> Path:
    """A screenshot of the whole page (the window is grown to the page's height)."""
    size = driver.get_window_size()
    if full:
        height = int(driver.execute_script("return document.documentElement.scrollHeight"))
        driver.set_window_size(size["width"], min(max(height + 140, 600), 8000))
    driver.save_screenshot(str(target))
    driver.set_window_size(size["width"], size["height"])
    return target
