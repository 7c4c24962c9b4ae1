"""The warm converter pool: fast single documents, and never an error when a worker dies."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from forms.kinds import get_kind
from generators import pool as pool_module
from generators.pool import ConverterPool
from generators.render import docx_bytes, write
from tests.conftest import load_record, require
from tests.pdfcheck import flat_text, fonts

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docx(soffice: str) -> bytes:
    return docx_bytes(get_kind("application"), load_record("application"))


@pytest.fixture(scope="module")
def warm(soffice: str) -> Iterator[ConverterPool]:
    require(ConverterPool.available(), "unoserver venv build/uno-venv (scripts/setup-system.sh)")
    p = ConverterPool(size=2, restart_after=4).start()
    yield p
    p.close()


def test_warm_conversion_is_a_real_pdf(warm: ConverterPool, docx: bytes, tmp_path: Path) -> None:
    before = warm.cold_fallbacks
    pdf = tmp_path / "warm.pdf"
    pdf.write_bytes(warm.convert(docx))
    assert warm.cold_fallbacks == before
    assert "王建国数控加工劳模创新工作室" in flat_text(pdf)
    assert all(fonts(pdf).values())


def test_workers_are_recycled_and_conversions_go_on(warm: ConverterPool, docx: bytes) -> None:
    first = {w.index: w.proc.pid for w in warm.workers if w.proc}
    for _ in range(10):
        assert warm.convert(docx).startswith(b"%PDF-")
    later = {w.index: w.proc.pid for w in warm.workers if w.proc}
    assert any(first[i] != later.get(i) for i in first), "no worker was restarted"


def test_a_killed_worker_never_turns_into_an_error(warm: ConverterPool, docx: bytes) -> None:
    for w in warm.workers:
        if w.proc:
            os.killpg(w.proc.pid, signal.SIGKILL)
    assert warm.convert(docx).startswith(b"%PDF-")  # cold fallback, then recycled
    assert warm.convert(docx).startswith(b"%PDF-")


def test_parallel_requests(warm: ConverterPool, docx: bytes) -> None:
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(warm.convert(docx)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 4 and all(r.startswith(b"%PDF-") for r in results)


def test_render_uses_the_installed_pool(warm: ConverterPool, tmp_path: Path) -> None:
    pool_module.install(warm)
    try:
        warm_before, cold_before = warm.warm_conversions, warm.cold_fallbacks
        write(get_kind("application"), load_record("application"), tmp_path / "a.pdf")
        assert (warm.warm_conversions, warm.cold_fallbacks) == (warm_before + 1, cold_before)
    finally:
        pool_module.install(None)


def test_no_libreoffice_outlives_the_process_that_started_it(soffice: str, tmp_path: Path
                                                             ) -> None:
    require(ConverterPool.available(), "unoserver venv build/uno-venv (scripts/setup-system.sh)")
    import subprocess
    import sys
    import time

    marker = tmp_path / "pids"
    script = (
        "import sys, time\n"
        "from generators.pool import ConverterPool\n"
        "p = ConverterPool(size=1).start()\n"
        # written whole under another name, then renamed: never seen half-written
        f"open({str(marker) + '.tmp'!r}, 'w').write(str(p.workers[0].proc.pid))\n"
        f"import os; os.replace({str(marker) + '.tmp'!r}, {str(marker)!r})\n"
        "time.sleep(600)\n"
    )
    owner = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 180
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert marker.exists(), "the pool did not start"
        group = int(marker.read_text())
        assert subprocess.run(["pgrep", "-g", str(group)], capture_output=True).stdout.strip()
    finally:
        owner.kill()  # SIGKILL: no atexit, no cleanup in the owner
        owner.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not subprocess.run(["pgrep", "-g", str(group)], capture_output=True).stdout.strip():
            break
        time.sleep(0.5)
    left = subprocess.run(["pgrep", "-a", "-g", str(group)], capture_output=True, text=True)
    assert left.stdout.strip() == "", left.stdout
