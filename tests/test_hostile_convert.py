"""LibreOffice against hostile documents (issue 8): no remote fetch on any of the three
conversion paths (cold, warm pool, bulk export), a hung conversion is killed with nothing
left behind, and parallel conversions each get their own profile and all succeed."""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

from forms.errors import ConversionFailed
from forms.kinds import get_kind
from generators import libreoffice
from generators.pool import ConverterPool
from generators.render import docx_bytes
from tests.conftest import load_record, require
from tests.hostile import HOSTILE, Listener, soffice_processes


def _remote_links() -> ModuleType:
    spec = importlib.util.spec_from_file_location("remote_links", HOSTILE / "remote_links.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


remote_links = _remote_links()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Profiles and work files under this test's own directory, so that its LibreOffice
    processes can be told from anyone else's by their command line."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@pytest.fixture
def listener() -> Iterator[Listener]:
    with Listener() as server:
        yield server


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as doc:
        return "".join(page.extract_text() or "" for page in doc.pages)


def test_the_profile_is_hardened_before_start(tmp_path: Path) -> None:
    xcu = libreoffice.harden_profile(tmp_path).read_text(encoding="utf-8")
    assert xcu.startswith("<?xml")
    assert 'oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true' in xcu
    assert 'oor:name="DisableMacrosExecution" oor:op="fuse"><value>true' in xcu


def test_a_new_profile_is_a_used_hardened_copy(soffice: str, tmp_path: Path) -> None:
    """Conversions start from a copy of a profile LibreOffice has already used once (its first
    start is slower), and the copy keeps the hardening LibreOffice rewrote as it quit."""
    template = libreoffice.profile_template(soffice)
    assert template is not None, "the user's cache is writable here"
    profile = tmp_path / "p"
    profile.mkdir()
    libreoffice.new_profile(profile, soffice)
    xcu = (profile / "user" / "registrymodifications.xcu").read_text(encoding="utf-8")
    assert 'oor:name="FirstRun" oor:op="fuse"><value>false' in xcu, "a used profile"
    for (_, name), value in libreoffice.HARDENING.items():
        assert f'oor:name="{name}" oor:op="fuse"><value>{value}</value>' in xcu, name
    assert not (profile / "user" / ".lock").exists()


@pytest.mark.parametrize("kind", remote_links.KINDS)
def test_cold_conversion_fetches_nothing(soffice: str, tmp_path: Path, listener: Listener,
                                         kind: str) -> None:
    src = tmp_path / f"remote-{kind}.docx"
    src.write_bytes(remote_links.build(kind, listener.url))
    (pdf,) = libreoffice.to_pdf([src], tmp_path / "out", timeout=120)
    assert f"hostile: {kind}" in pdf_text(pdf), "the document itself still converts"
    assert listener.requests == []


def test_the_listener_would_see_an_unhardened_libreoffice(
        soffice: str, tmp_path: Path, listener: Listener,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: without the settings LibreOffice does fetch the linked image, so the tests
    above can fail."""
    monkeypatch.setattr(libreoffice, "new_profile", lambda profile, soffice: None)
    src = tmp_path / "remote-image.docx"
    src.write_bytes(remote_links.build("image", listener.url))
    libreoffice.to_pdf([src], tmp_path / "out", timeout=120)
    assert any(r.startswith("GET /image.png") for r in listener.requests)


def test_warm_pool_fetches_nothing_and_converts_our_documents(
        soffice: str, listener: Listener) -> None:
    require(ConverterPool.available(), "unoserver in build/uno-venv (scripts/setup-system.sh)")
    pool = ConverterPool(size=1).start()
    try:
        pdf = pool.workers[0].convert(remote_links.build("all", listener.url))
        assert pdf.startswith(b"%PDF-")
        ours = pool.workers[0].convert(docx_bytes(get_kind("certificate"),
                                                  load_record("certificate")))
        assert ours.startswith(b"%PDF-") and len(ours) > 10_000
    finally:
        pool.close()
    assert listener.requests == []


def test_bulk_export_fetches_nothing(soffice: str, tmp_path: Path, listener: Listener) -> None:
    src = tmp_path / "remote-all.docx"
    src.write_bytes(remote_links.build("all", listener.url))
    whole = tmp_path / "whole.pdf"
    libreoffice.export_batches([libreoffice.BatchDoc(src, whole, 1)], timeout=180)
    assert "hostile: all" in pdf_text(whole)
    assert listener.requests == []


def test_a_conversion_past_its_timeout_is_killed_with_nothing_left(
        soffice: str, private_tmp: Path) -> None:
    src = private_tmp / "slow.docx"
    src.write_bytes(docx_bytes(get_kind("application"), load_record("application")))
    started = time.monotonic()
    with pytest.raises(ConversionFailed) as caught:
        libreoffice.to_pdf([src], private_tmp / "out", timeout=0.3)  # cold start alone takes ~1 s
    assert time.monotonic() - started < 10
    assert "超时" in caught.value.zh and "killed" in caught.value.en
    time.sleep(0.3)
    assert soffice_processes(str(private_tmp)) == []
    assert list((private_tmp / "out").glob("*.pdf")) == []
    assert list(private_tmp.glob("lo-profile-*")) == [], "the profile is removed"


@pytest.mark.parametrize("timeout", [0.3, 1.5])
def test_a_bulk_export_past_its_timeout_is_killed_with_nothing_left(
        soffice: str, private_tmp: Path, timeout: float) -> None:
    """0.3 s always runs out (LibreOffice cannot even start); 1.5 s may run out half-way or
    finish, depending on the machine: either way the export is all or nothing."""
    src = private_tmp / "slow.docx"
    src.write_bytes(docx_bytes(get_kind("certificate"), load_record("certificate")))
    outputs = (private_tmp / "w.pdf", private_tmp / "w2.pdf")
    try:
        libreoffice.export_batches([libreoffice.BatchDoc(src, outputs[0], 1),
                                    libreoffice.BatchDoc(src, outputs[1], 1)], timeout=timeout)
    except ConversionFailed:
        assert not any(p.exists() for p in outputs)
    else:
        assert timeout > 1, "a 0.3 s export cannot finish"
        assert all(p.stat().st_size > 0 for p in outputs)
    time.sleep(0.3)
    assert soffice_processes(str(private_tmp)) == []


def test_four_conversions_at_once_all_succeed(soffice: str, private_tmp: Path) -> None:
    kinds = ("application", "certificate", "self_inspection", "funding")
    results: dict[str, Path | BaseException] = {}

    def convert(name: str) -> None:
        work = private_tmp / name
        work.mkdir()
        src = work / f"{name}.docx"
        try:
            src.write_bytes(docx_bytes(get_kind(name), load_record(name)))
            (results[name],) = libreoffice.to_pdf([src], work / "out", timeout=240)
        except BaseException as exc:  # reported below, per document
            results[name] = exc

    threads = [threading.Thread(target=convert, args=(k,)) for k in kinds]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name in kinds:
        got = results[name]
        assert isinstance(got, Path), f"{name}: {got!r}"
        assert got.read_bytes().startswith(b"%PDF-")
        assert get_kind(name).title_zh[:4] in pdf_text(got), name
    assert soffice_processes(str(private_tmp)) == []


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
