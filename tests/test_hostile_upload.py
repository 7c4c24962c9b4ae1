"""Hostile uploads against the gate and the readers as they stand (issue 8 rows: zip bomb,
XXE and billion laughs, pixel flood, disguised type). Files: tests/data/hostile/uploads.py."""

from __future__ import annotations

import importlib.util
import io
import time
import tracemalloc
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from docx import Document

from parsers import UploadRefused, check_upload, parse
from tests.hostile import HOSTILE

MB = 1024 * 1024


def _uploads() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_uploads", HOSTILE / "uploads.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


uploads = _uploads()


def peak_memory(call: Callable[[], Any]) -> tuple[Any, int]:
    """(what ``call`` returned or raised, peak bytes allocated by Python meanwhile)."""
    tracemalloc.start()
    try:
        try:
            result: Any = call()
        except Exception as exc:  # the refusal is the result
            result = exc
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_committed_small_files_are_what_the_script_makes() -> None:
    for name in uploads.SMALL:
        assert (HOSTILE / name).exists(), f"run python {HOSTILE / 'uploads.py'}"


def test_a_zip_bomb_is_refused_before_parsing_with_little_memory() -> None:
    bomb = uploads.zip_bomb()
    assert len(bomb) < 400 * 1024
    for call in (lambda: check_upload(bomb, "bomb.docx"), lambda: parse(bomb)):
        refused, peak = peak_memory(call)
        assert isinstance(refused, UploadRefused) and refused.reason == "bomb", refused
        assert "压缩炸弹" in refused.zh and "zip bomb" in refused.en
        assert peak < 8 * MB, f"{peak / MB:.1f} MB allocated to refuse a 200 MB bomb"


def readable_text(result: Any) -> str:
    return repr(result) if not isinstance(result, BaseException) else str(result)


def test_an_external_file_entity_is_never_expanded() -> None:
    data = (HOSTILE / "xxe-file-entity.docx").read_bytes()
    result, _peak = peak_memory(lambda: parse(data))
    text = readable_text(result)
    assert "root:" not in text and "/bin/" not in text, "the entity was expanded"
    # python-docx's own reading of the file (which the .docx reader uses) expands nothing.
    try:
        doc = Document(io.BytesIO(data))
    except Exception:  # refusing the file is fine too
        return
    assert all("root:" not in p.text for p in doc.paragraphs)


def test_a_nested_entity_bomb_is_not_expanded() -> None:
    data = (HOSTILE / "billion-laughs.docx").read_bytes()
    started = time.monotonic()
    result, peak = peak_memory(lambda: parse(data))
    assert time.monotonic() - started < 20
    assert "lollollol" not in readable_text(result)
    assert peak < 64 * MB, f"{peak / MB:.0f} MB"


@pytest.mark.parametrize("size", [(20_000, 20_000), (12_000, 9_000)])
def test_pixel_floods_are_refused(size: tuple[int, int]) -> None:
    data = uploads.png(*size)
    refused, peak = peak_memory(lambda: check_upload(data, "scan.png"))
    assert isinstance(refused, UploadRefused) and refused.reason == "pixels", refused
    assert "像素" in refused.zh and "pixels" in refused.en
    assert peak < 16 * MB


@pytest.mark.parametrize(("name", "zh"), [("html-named.docx", "无法识别的文件类型"),
                                          ("zip-named.pdf", "不是 Word 文档")])
def test_a_disguised_file_is_refused_by_its_content(name: str, zh: str) -> None:
    data = (HOSTILE / name).read_bytes()
    with pytest.raises(UploadRefused) as caught:
        check_upload(data, name)
    assert caught.value.reason == "type" and zh in caught.value.zh


def test_the_name_never_decides_the_type() -> None:
    doc = Document()
    doc.add_paragraph("会议纪要")
    buf = io.BytesIO()
    doc.save(buf)
    assert check_upload(buf.getvalue(), "photo.jpg").kind == "docx"
    assert check_upload(uploads.png(100, 100), "form.docx").kind == "image"


@pytest.mark.parametrize("name", ["xxe-file-entity.docx", "billion-laughs.docx"])
def test_a_docx_declaring_a_doctype_is_refused(name: str) -> None:
    with pytest.raises(UploadRefused) as caught:
        check_upload((HOSTILE / name).read_bytes(), "form.docx")
    assert caught.value.reason == "doctype" and "DOCTYPE" in caught.value.zh
