"""Phone photos: the page found on the desk, warped upright to A4 and its light evened out, then
read like a scan. The committed photo (tests/data/photo/, made by ``benchmarks/corpus.py
--photo``) is page 2 of the example application on a dark desk, turned, foreshortened, with a
light gradient and a shadow, slightly blurred, JPEG quality 70."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks.corpus import photo
from parsers import check_upload, parse
from parsers.confirm import value_at
from parsers.photo import find_page, is_photo, straighten, upright
from parsers.qr import decode
from tests.conftest import load_record

PHOTO = Path(__file__).parent / "data" / "photo" / "application-page2-photo.jpg"


def _page() -> Any:
    """A plain A4 page at 100 dpi: a ruled box and some dark text-like bars on white."""
    page = np.full((1169, 827, 3), 255, np.uint8)
    cv2.rectangle(page, (80, 200), (750, 900), (0, 0, 0), 2)
    for y in range(240, 860, 40):
        cv2.rectangle(page, (110, y), (110 + (y * 7) % 500 + 60, y + 14), (30, 30, 30), -1)
    return page


def _jpeg(img: Any) -> bytes:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return bytes(buf.tobytes())


def test_a_scan_is_left_as_it_is() -> None:
    page = _page()
    assert not is_photo(find_page(page), page.shape)
    upload = check_upload(_jpeg(page), "scan.jpg")
    assert upright(upload) is upload


def test_white_paper_on_a_white_desk_is_not_guessed() -> None:
    desk = np.full((1400, 1100, 3), 250, np.uint8)
    desk[100:1269, 130:957] = _page()
    assert straighten(desk) is None


def test_a_photo_is_found_warped_and_flattened() -> None:
    page = _page()
    shot = photo(page, random.Random(5))
    quad = find_page(shot)
    assert quad is not None and is_photo(quad, shot.shape)
    flat = straighten(shot)
    assert flat is not None
    assert flat.shape[:2] == (2339, 1654)   # A4 portrait at 200 dpi
    grey = cv2.cvtColor(flat, cv2.COLOR_BGR2GRAY)
    # the paper reads white all over, despite the gradient and the shadow: compare the paper
    # (outside the ruled box) in the four corners of the page
    corners = [grey[40:200, 40:200], grey[40:200, -200:-40], grey[-200:-40, 40:200],
               grey[-200:-40, -200:-40]]
    medians = [float(np.median(c)) for c in corners]
    assert min(medians) > 225 and max(medians) - min(medians) < 20, medians
    # the ruled box is a rectangle again: its dark frame spans the same rows left and right
    dark = grey < 128
    rows = np.where(dark[:, 200:1500].sum(axis=1) > 1000)[0]
    assert len(rows) >= 2 and rows[0] == pytest.approx(400, abs=40)
    assert rows[-1] == pytest.approx(1800, abs=40)


def test_the_photographed_page_keeps_its_qr_code() -> None:
    data = PHOTO.read_bytes()
    assert len(data) < 300 * 1024
    upload = upright(check_upload(data, PHOTO.name))
    assert upload.mime == "image/tiff"
    with Image.open(io.BytesIO(upload.data)) as im:
        assert im.size == (1654, 2339)
        page = cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR)
    codes = decode(page)
    assert codes and codes[0].ref.record_id == "app2026demo01"
    assert abs(codes[0].angle) < 2


def test_a_photo_taken_sideways_becomes_a_sideways_page() -> None:
    """The phone held in landscape (and no EXIF orientation): the page is warped to A4
    landscape, the whole page kept, turned a quarter."""
    image = cv2.imread(str(PHOTO))
    assert image is not None
    shot = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE)
    flat = straighten(shot)
    assert flat is not None and flat.shape[:2] == (1654, 2339)
    codes = decode(cv2.rotate(flat, cv2.ROTATE_90_COUNTERCLOCKWISE))
    assert codes and abs(codes[0].angle) < 3


def _same(read: Any, truth: Any) -> bool:
    if isinstance(read, list) and isinstance(truth, list):
        return sorted(map(str, read)) == sorted(map(str, truth))
    return bool(read == truth)


@pytest.mark.slow
def test_photo_read_like_a_scan() -> None:
    truth = load_record("application").model_dump()
    result = parse(PHOTO)
    assert result.source == "ocr" and result.kind == "application"
    assert result.ref is not None and result.ref.record_id == "app2026demo01"
    assert len(result.fields) >= 35   # page 2: the studio, the leader, honours, the team
    wrong = [(p, f.value, value_at(truth, p)) for p, f in result.fields.items()
             if not _same(f.value, value_at(truth, p))]
    silent = [w for w in wrong if not result.fields[w[0]].uncertain]
    assert silent == []
    assert len(wrong) <= 0.03 * len(result.fields), wrong
    for path in ("studio.name", "leader.name", "leader.birth_date", "team.0.name"):
        assert _same(result.fields[path].value, value_at(truth, path)), path
