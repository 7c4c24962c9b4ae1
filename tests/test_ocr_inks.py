"""What OCR is given and how its readings are mended on scans: the seal and pen ink taken off the
page (parsers/inks.py), 𠮷 told from 吉 by its shape (parsers/lookalike.py), and opinion cells
whose printed words a seal or signature damaged read against the template (parsers/reconcile.py).

Pages are the application template rendered by LibreOffice, rasterized at 200 dpi, with the
corpus script's own seal and signature drawn on (benchmarks/corpus.py)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image

from benchmarks import corpus
from forms.kinds import get_kind
from parsers import grid, inks, lookalike, ocr
from parsers.layout import layout_of, squash
from parsers.mapping import Table
from parsers.reconcile import realign, reconcile
from parsers.result import Cell
from tests.conftest import example_data, load_record

KIND = get_kind("application")
DPI = 200


def bgr(im: Image.Image) -> Any:
    return cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR)


@pytest.fixture(scope="module")
def names_pdf(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    """The application with 吉 and 𠮷 in the names of its team (printed in different fonts:
    FandolFang has no 𠮷, LibreOffice falls back to Noto Serif CJK for it)."""
    from generators.render import write

    data = example_data("application")
    names = ["王吉", "周𠮷", "吉祥", "钱𠮷芳"]
    data["team"] = [dict(data["team"][i % len(data["team"])], name=n)
                    for i, n in enumerate(names)]
    record = load_record("application", data)
    return write(KIND, record, tmp_path_factory.mktemp("names") / "names.pdf")


def team_lines(pdf: Path, steps: list[corpus.Degrade]) -> list[str]:
    rng = random.Random(5)
    out = []
    for page in corpus.rasterize(pdf, DPI)[:3]:
        img = bgr(page)
        for step in steps:
            img = step(img, rng)
        turned = grid.skew(grid.as_grey(img))
        if abs(turned) > 0.1:
            from parsers import raster
            img = raster.turn(img, turned)
        lines = lookalike.check(ocr.read(img), grid.as_grey(img))
        out += [f"{ln.text}|{ln.score >= lookalike.DOUBT + 0.01}" for ln in lines
                if "吉" in ln.text or "𠮷" in ln.text]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("steps", [[], [corpus.blur], [corpus.noise], [corpus.jpeg50],
                                   [corpus.rotate, corpus.blur, corpus.noise, corpus.jpeg50]],
                         ids=["clean", "blur", "noise", "jpeg50", "all"])
def test_ji_and_its_rare_lookalike_told_apart(names_pdf: Path,
                                              steps: list[corpus.Degrade]) -> None:
    """OCR reads 𠮷 as 吉; the shape puts 𠮷 back (flagged), and leaves a printed 吉 alone."""
    lines = team_lines(names_pdf, steps)
    for name in ("王吉", "吉祥"):
        assert f"{name}|True" in lines, (name, lines)
    for name in ("周𠮷", "钱𠮷芳"):
        assert f"{name}|False" in lines, (name, lines)   # changed: below the review threshold


def test_top_strokes_of_drawn_characters() -> None:
    """士 over 口 (long stroke on top) against 土 over 口 (long stroke below)."""
    def drawn(top: int, middle: int) -> Any:
        ink = np.zeros((30, 30), bool)
        ink[2:4, 15 - top // 2:15 + top // 2] = True
        ink[8:10, 15 - middle // 2:15 + middle // 2] = True
        ink[0:14, 14:16] = True
        ink[16:29, 4:26] = True
        ink[18:27, 6:24] = False
        return ink

    ji, rare = drawn(26, 16), drawn(16, 26)
    assert lookalike.top_strokes(ji) == pytest.approx(26 / 16)
    assert lookalike.top_strokes(rare) == pytest.approx(16 / 26)
    assert lookalike.top_strokes(np.zeros((30, 30), bool)) is None


@pytest.fixture(scope="module")
def opinions_page(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> tuple[Any, Any]:
    """The opinions page, signed in blue ink in the first block and sealed over its words:
    (the page as scanned, the same page unmarked)."""
    from generators.render import write

    data = example_data("application")
    data["opinions"]["unit_union"] = {"text": "同意推荐。", "signatory": "李敏", "sealed": False,
                                      "date": "2026-12-01"}
    pdf = write(KIND, load_record("application", data),
                tmp_path_factory.mktemp("opinions") / "opinions.pdf")
    plain = corpus.rasterize(pdf, DPI)
    marks = {k: {"seal": k == "unit_union", "signature": k == "unit_party_admin"}
             for k in corpus.OPINIONS}
    marked = corpus.mark(corpus.rasterize(pdf, DPI), pdf, DPI, marks, random.Random(2))
    return bgr(marked[-1]), bgr(plain[-1])


def test_seal_ink_removed_toner_kept(opinions_page: tuple[Any, Any]) -> None:
    scanned, plain = opinions_page
    red, _ = inks.colour_masks(scanned)
    assert red.sum() > 5000                       # the seal is there
    clean = inks.toner_only(scanned, DPI)
    red_after, blue_after = inks.colour_masks(clean)
    assert red_after.sum() == 0 and blue_after.sum() == 0
    # the printout is still there, under the seal too: nearly every dark pixel of the unmarked
    # page is dark on the cleaned one, where no signature was drawn
    toner = grid.as_grey(plain) < 100
    kept = grid.as_grey(clean) < 128
    assert (toner & kept).sum() / toner.sum() > 0.97


def test_grey_page_left_alone(opinions_page: tuple[Any, Any]) -> None:
    _, plain = opinions_page
    assert inks.toner_only(plain, DPI) is plain
    grey = grid.as_grey(plain)
    assert inks.toner_only(grey, DPI) is grey


def test_handwriting_removed_from_cells_only(opinions_page: tuple[Any, Any]) -> None:
    scanned, plain = opinions_page
    black = scanned.copy()
    h, w = black.shape[:2]
    # a black scribble in the first opinion cell, and one outside every table
    pts = np.array([(w * 0.5 + 30 * t, h * 0.25 + 40 * np.sin(t)) for t in np.linspace(0, 9, 60)],
                   np.int32)
    cv2.polylines(black, [pts], False, (10, 10, 10), 3)
    cv2.polylines(black, [pts + np.array([0, int(h * 0.68)], np.int32)], False, (10, 10, 10), 3)
    cells = grid.cells(grid.as_grey(black), DPI)
    out = inks.without_handwriting(black, DPI, cells)
    assert (grid.as_grey(out)[pts[:, 1], pts[:, 0]] > 200).all()
    assert (grid.as_grey(out)[pts[:, 1] + int(h * 0.68), pts[:, 0]] < 100).all()
    # printed characters stay
    toner = grid.as_grey(plain) < 100
    assert (toner & (grid.as_grey(out) < 128)).sum() / toner.sum() > 0.95


@pytest.mark.parametrize(("ch", "flag"), [("涼", True), ("𠮷", True), ("喆", True), ("凉", False),
                                          ("吉", False), ("〇", False), ("·", False), ("A", False)])
def test_characters_outside_gb2312_are_looked_at(ch: str, flag: bool) -> None:
    """OCR may give a traditional form (涼 for 凉) of a simplified printout: flagged."""
    assert lookalike.uncommon(ch) is flag


def opinion_slot() -> Any:
    layout = layout_of("application")
    return next(s for t in layout.tables for s in t.slots if s.label == squash("单位工会推荐意见"))


@pytest.mark.parametrize(("read", "signatory", "date"), [
    ("同意推荐。\n签字：蔡婷单位工会盖章）2026年12月2日", "蔡婷", "2026年12月2日"),
    ("同意推荐。\n签字：（单杜盖章）年月日", "", "年月日"),
    ("签字：李敏（单位工会盖）\n2026年12月1日", "李敏", "2026年12月1日"),
])
def test_opinion_realigned_with_template(read: str, signatory: str, date: str) -> None:
    slot = opinion_slot()
    fixed = realign(read, slot)
    assert fixed is not None
    m = slot.value_re.fullmatch(fixed)
    assert m is not None
    assert squash(m["g1"]) == signatory and squash(m["g2"]) == date


def test_realign_gives_up_without_the_printed_words() -> None:
    assert realign("同意推荐。\n年月", opinion_slot()) is None


def test_reconcile_flags_what_it_mends() -> None:
    cell = Cell("同意。\n签字：王芳单位工会盖章）2026年12月2日", 5, (0, 0, 10, 10), 0.97)
    fine = Cell("同意推荐。\n\n签字：  （单位工会盖章）\n年 月 日", 5, (0, 0, 10, 10), 0.97)
    table: Table = [[Cell("单位工会推荐意见"), cell], [Cell("单位工会推荐意见"), fine]]
    assert reconcile([table], layout_of("application")) == 1
    assert table[0][1].confidence == 0.6 and "模板" in table[0][1].note
    assert table[1][1] is fine


def test_the_scan_reader_uses_them(opinions_page: tuple[Any, Any],
                                   tmp_path: Path) -> None:
    """The sealed, signed opinions page parsed whole: the text, signatory and date of the
    sealed block are read as printed (flagged: a seal lies on them)."""
    from parsers import parse

    scanned, _ = opinions_page
    path = tmp_path / "opinions.png"
    Image.fromarray(cv2.cvtColor(scanned, cv2.COLOR_BGR2RGB)).save(path, dpi=(DPI, DPI))
    result = parse(path, kind="application")
    got = {k: result.fields[f"opinions.unit_union.{k}"].value
           for k in ("text", "signatory", "date")}
    assert got["text"] == "同意推荐。" and got["signatory"] == "李敏"
    assert str(got["date"]) == "2026-12-01"
    assert result.fields["opinions.unit_union.text"].uncertain
    assert result.evidence["unit_union"].seal and result.evidence["unit_party_admin"].signature
