"""While a scan is read, its page shows the pages read so far (第 2/4 页 / page 2 of 4) — from
its script's state.json and the same after a reload; a scanned certificate is read without a
search for the page QR code it never carries."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask

from parsers import ocr, parse, qr
from tests.conftest import example_data, load_record
from tests.test_upload_jobs import post
from tests.test_web_bulk import signed_in
from tests.test_web_uploads import app as app  # the fixture: the demo registry, uploads kept
from tests.test_web_uploads import uploads

SCAN = Path(__file__).parent / "data" / "returned" / "application-scan.pdf"  # 4 pages


@pytest.mark.slow
def test_the_page_counts_the_pages_read(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app, "district")
    location = post(client, SCAN.read_bytes(), "申报表（扫描）.pdf")
    seen: set[tuple[int, int]] = set()
    order: list[int] = []  # the counts in the order the page saw them
    page_mid = english_mid = ""
    deadline = time.monotonic() + 300
    while True:
        state: dict[str, Any] = client.get(f"{location}/state.json").get_json()
        if state["status"] != "parsing":
            break  # the reading is over: first whether it read, then what the page showed
        assert time.monotonic() < deadline, state
        done, total = state["done"], state["total"]
        if total:
            assert total == 4 and 0 <= done <= 4
            assert state["pages"] == f"第 {done}/4 页"
            seen.add((done, total))
            order.append(done)
            if 0 < done < 4 and not page_mid:  # a reload mid-way shows the same count
                page_mid = client.get(location).get_data(as_text=True)
                english_mid = client.get(f"{location}/state.json?lang=en").get_json()["pages"]
                client.get(f"{location}?lang=zh_CN")
        time.sleep(0.2)
    [upload] = uploads(app)
    assert state["status"] in ("parsed", "needs_review"), upload.message
    assert any(0 < d < 4 for d, _ in seen), f"no count between the first and last page: {seen}"
    found = re.search(r'<strong id="parse-pages"[^>]*>第 (\d)/4 页</strong>', page_mid)
    assert found and 0 < int(found[1]) <= 4, page_mid[-3000:]
    assert '<progress id="parse-progress" max="4"' in page_mid
    assert re.fullmatch(r"page [1-4] of 4", english_mid)
    assert order == sorted(order), f"the count went back: {order}"
    assert upload.kind == "application" and upload.result["pages"] == 4


@pytest.mark.slow
def test_a_scanned_certificate_skips_the_page_qr_search(soffice: str, render_to: Any,
                                                        tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import pypdfium2 as pdfium

    data = example_data("certificate")
    data.pop("kind", None)
    record = load_record("certificate", data)
    pdf = pdfium.PdfDocument(str(render_to("certificate", record, ".pdf")))
    image = pdf[0].render(scale=200 / 72, grayscale=True).to_pil()
    pdf.close()
    scan = tmp_path / "certificate-scan.png"
    image.save(scan, dpi=(200, 200))
    calls: list[float] = []
    decode = qr.decode

    def counted(img: Any) -> list[qr.PageCode]:
        started = time.perf_counter()
        try:
            return decode(img)
        finally:
            calls.append(time.perf_counter() - started)

    monkeypatch.setattr(qr, "decode", counted)
    ocr.read(np.full((64, 64, 3), 255, np.uint8))  # the model loaded before the clock starts
    started = time.perf_counter()
    result = parse(scan)
    seconds = time.perf_counter() - started
    assert result.kind == "certificate" and result.source == "ocr"
    assert result.fields["number"].value == record.model_dump()["number"]
    assert calls == [], f"page-QR search on a certificate: {len(calls)} calls, {sum(calls):.1f} s"
    print(f"scanned certificate read in {seconds:.2f} s")
    # A scanned page that is not a certificate is still searched for its page QR code.
    calls.clear()
    portrait = tmp_path / "portrait.png"
    image.rotate(90, expand=True).save(portrait, dpi=(200, 200))
    parse(portrait)
    assert calls, "a portrait scan must still be searched for its page QR code"
