"""Bulk certificates: one checked PDF per record, a merged PDF in order, progress, cancel."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import zipfile
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from benchmarks.certificates import items
from forms.certificate import VERIFY_QR_SLOT, Certificate, verify_payload
from forms.errors import PaperworkError
from forms.kinds import get_kind
from generators.batch_template import derive
from generators.bulk import SHM, Cancelled, Outputs, Progress, run, scratch_dir
from generators.paths import TEMPLATES
from generators.render import write
from tests.pdfcheck import flat_text, fonts, page_qr_codes, stamped_qr_boxes

pytestmark = pytest.mark.slow
N = 12


@pytest.fixture(scope="module")
def job(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Progress]]:
    out = tmp_path_factory.mktemp("bulk")
    seen: list[Progress] = []
    run(get_kind("certificate"), items(N), Outputs(out / "证书.zip", out / "证书.pdf"),
        batch_size=5, progress=seen.append)
    return out, seen


def test_one_pdf_per_record_named_in_utf8(job: tuple[Path, list[Progress]]) -> None:
    out, _ = job
    with zipfile.ZipFile(out / "证书.zip") as archive:
        infos = archive.infolist()
        assert len(infos) == N
        assert all(i.flag_bits & 0x800 for i in infos)  # UTF-8 names
        expected = [f"{it.stem}.pdf" for it in items(N)]
        assert [i.filename for i in infos] == expected
        archive.extractall(out / "x")
    for it in items(N):
        pdf = out / "x" / f"{it.stem}.pdf"
        with pdfplumber.open(pdf) as doc:
            assert len(doc.pages) == 1
        text = flat_text(pdf)
        assert all(s in text for s in it.must_show)
        assert all(fonts(pdf).values())


def test_merged_pdf_in_order(job: tuple[Path, list[Progress]]) -> None:
    out, _ = job
    with pdfplumber.open(out / "证书.pdf") as doc:
        assert len(doc.pages) == N
        for page, it in zip(doc.pages, items(N), strict=True):
            text = "".join((page.extract_text() or "").split())
            assert it.must_show[0] in text


WHOLE_FONTS = {  # the font files LibreOffice embeds subsets of on a certificate
    "FandolKai": Path("build/fonts/fandol/FandolKai-Regular.otf"),
    "FandolFang": Path("build/fonts/fandol/FandolFang-Regular.otf"),
}


def test_single_pdfs_carry_font_subsets_not_whole_fonts(
        job: tuple[Path, list[Progress]], tmp_path: Path) -> None:
    """A single is a page split from its batch: it keeps the font subsets of its batch (the
    glyphs of a few certificates), never a whole font, and nothing of the other pages."""
    out, _ = job
    alone = write(get_kind("certificate"), items(1)[0].record, tmp_path / "alone.pdf")
    for single in (out / "x").glob("*.pdf"):
        with pikepdf.open(single) as pdf:
            page = pdf.pages[0]
            assert "/XObject" not in page.Resources or not page.Resources.XObject.keys()
            for font in page.Resources.Font.values():
                name = str(font.FontDescriptor.FontName)
                assert re.fullmatch(r"/[A-Z]{6}\+.+", name), name  # a subset
                family = next((f for f in WHOLE_FONTS if f in name), None)
                if family:
                    program = font.FontDescriptor.FontFile.read_raw_bytes()
                    assert len(program) < 0.03 * WHOLE_FONTS[family].stat().st_size
        assert single.stat().st_size < 3 * alone.stat().st_size


def test_the_verification_qr_is_stamped_where_a_single_document_prints_it(
        job: tuple[Path, list[Progress]], tmp_path: Path) -> None:
    """Bulk pages and a certificate made alone get their QR code drawn onto the PDF at the page
    slot (the .docx has it as a picture anchored there): same place, same payload; the number
    prints below it."""
    out, _ = job
    record = items(N)[3].record
    assert isinstance(record, Certificate)
    slot = VERIFY_QR_SLOT
    alone = write(get_kind("certificate"), record, tmp_path / "alone.pdf")
    stamped = out / "x" / f"{items(N)[3].stem}.pdf"
    for pdf in (alone, stamped):
        with pdfplumber.open(pdf) as doc:
            (code,) = stamped_qr_boxes(doc.pages[0])
            box = [code[k] * 25.4 / 72 for k in ("x0", "top", "x1", "bottom")]
            expected = [slot.x_mm, slot.y_mm, slot.x_mm + slot.size_mm, slot.y_mm + slot.size_mm]
            assert box == pytest.approx(expected, abs=0.2), pdf.name
            number = next(w for w in doc.pages[0].extract_words() if "证书编号" in w["text"])
            assert number["top"] * 25.4 / 72 > slot.y_mm + slot.size_mm  # below the code
        assert page_qr_codes(pdf) == [[verify_payload(record)]]


def test_progress_reaches_the_end(job: tuple[Path, list[Progress]]) -> None:
    _, seen = job
    assert seen and seen[-1].stage == "package" and seen[-1].done == N
    convert = [p.done for p in seen if p.stage == "convert"]
    assert convert == sorted(convert)


def test_cancel_leaves_nothing(soffice: str, tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(p: Progress) -> None:
        if p.stage == "convert":
            cancel.set()

    with pytest.raises(Cancelled):
        run(get_kind("certificate"), items(30), Outputs(tmp_path / "c.zip", tmp_path / "c.pdf"),
            batch_size=10, progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []
    left = subprocess.run(["pgrep", "-f", "uno_export.py"], capture_output=True, text=True)
    assert left.stdout.strip() == ""


def test_templates_with_record_fields_in_headers_are_refused() -> None:
    with pytest.raises(PaperworkError) as err:
        derive(TEMPLATES / "application.docx", ["record_id"])
    assert "页眉或页脚" in err.value.zh


def test_multi_page_kinds_go_one_document_per_record(soffice: str, tmp_path: Path) -> None:
    import copy
    import json

    from click.testing import CliRunner

    from cli import main
    from tests.conftest import example_data

    records = []
    for i, leader in enumerate(("王建国", "李敏", "赵丽华")):
        data = copy.deepcopy(example_data("application"))
        data["record_id"] = f"bulkapp{i}"
        data["leader"]["name"] = leader
        data["studio"]["name"] = f"{leader}数控加工劳模创新工作室"
        records.append(data)
    records.append({"year": "bad"})
    src = tmp_path / "records.json"
    src.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "申报表.zip"
    result = CliRunner().invoke(main, ["bulk", "application", str(src), "-o", str(out)])
    assert result.exit_code == 2, result.output  # one bad record reported, the others done
    assert "第 4 条" in result.output
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        assert names == [f"{r['studio']['name']}.pdf" for r in records[:3]]
        archive.extractall(tmp_path / "x")
    pages = 0
    for name in names:
        with pdfplumber.open(tmp_path / "x" / name) as doc:
            assert len(doc.pages) >= 3
            pages += len(doc.pages)
        assert name.removesuffix(".pdf") in flat_text(tmp_path / "x" / name)
    with pdfplumber.open(out.with_suffix(".pdf")) as merged:
        assert len(merged.pages) == pages


def test_work_files_stay_in_memory_only_with_room_and_are_gone_after(
        job: tuple[Path, list[Progress]]) -> None:
    """A job keeps its work files on tmpfs only when all of them would fit with room to spare,
    and removes them when it ends (the module's job has run)."""
    assert scratch_dir(10**9) is None, "half a petabyte never fits"
    if shutil.disk_usage(SHM).free > 2**30:
        assert scratch_dir(N) == SHM
    assert not list(SHM.glob("studio-bulk-*"))
