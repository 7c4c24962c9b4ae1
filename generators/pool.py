"""A small pool of warm LibreOffice converters (unoserver) for single documents.

A cold ``soffice --convert-to`` costs ~1 s of start-up per document; a warm LibreOffice behind
unoserver converts a form in ~0.1–0.2 s. Each worker has its own profile directory and the
project's fontconfig, converts at most ``restart_after`` documents (LibreOffice grows ~1 MB per
conversion) and is then restarted; a conversion that fails or times out restarts its worker.
If no worker can convert, the document is converted cold (generators.libreoffice): slower,
never an error.

unoserver's server needs the ``uno`` module of Debian's python3-uno, i.e. the system Python:
scripts/setup-system.sh builds ``build/uno-venv`` (system site-packages + unoserver) for it; the
client side is plain XML-RPC from this process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from generators import libreoffice
from generators.paths import ROOT

log = logging.getLogger(__name__)
UNOSERVER = ROOT / "build" / "uno-venv" / "bin" / "unoserver"

# Runs unoserver (and so LibreOffice) in its own process group and kills that whole group when
# the process that started it is gone: a gunicorn worker killed with SIGKILL must not leave a
# LibreOffice behind. It also ends the group when unoserver exits by itself.
WATCHDOG = """parent=$1; shift
"$@" &
child=$!
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
kill -KILL 0
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Transport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: Any) -> HTTPConnection:
        conn = super().make_connection(host)
        conn.timeout = self.timeout
        return conn


class Worker:
    """One unoserver + LibreOffice process pair on loopback ports."""

    def __init__(self, index: int, restart_after: int, timeout: float) -> None:
        self.index = index
        self.restart_after = restart_after
        self.timeout = timeout
        self.proc: subprocess.Popen[bytes] | None = None
        self.profile = Path(tempfile.mkdtemp(prefix=f"lo-pool-{index}-"))
        self.port = 0
        self.conversions = 0

    def start(self) -> None:
        self.stop()
        self.port, uno_port = free_port(), free_port()
        soffice = libreoffice.find_soffice()
        libreoffice.new_profile(self.profile, soffice)
        cmd = [str(UNOSERVER), "--interface", "127.0.0.1", "--port", str(self.port),
               "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
               "--executable", soffice,
               "--user-installation", str(self.profile),
               # the pool recycles workers itself; this is only a backstop
               "--stop-after", str(self.restart_after + 10),
               "--conversion-timeout", str(int(self.timeout)), "--quiet"]
        self.proc = subprocess.Popen(["/bin/sh", "-c", WATCHDOG, "sh", str(os.getpid()), *cmd],
                                     env=libreoffice.converter_env(self.profile),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        self.conversions = 0

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{self.port}", allow_none=True,
                                         transport=_Transport(timeout))

    def wait_ready(self, within: float = 30.0) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline and self.alive():
            try:
                self._proxy(2.0).info()
                return True
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.2)
        return False

    def convert(self, docx: bytes) -> bytes:
        result = self._proxy(self.timeout).convert(
            None, xmlrpc.client.Binary(docx), None, "pdf", None, [], False, None, None)
        self.conversions += 1
        if not isinstance(result, xmlrpc.client.Binary) or not result.data.startswith(b"%PDF-"):
            raise RuntimeError("unoserver returned something that is not a PDF")
        return bytes(result.data)

    def stop(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            self.proc = None


class ConverterPool:
    """``convert(docx_bytes) -> pdf_bytes`` on warm workers, cold conversion as the fallback."""

    def __init__(self, size: int = 2, restart_after: int = 200, timeout: float = 60.0) -> None:
        self.workers = [Worker(i, restart_after, timeout) for i in range(size)]
        self._idle: queue.Queue[Worker] = queue.Queue()
        self.cold_fallbacks = 0
        self.warm_conversions = 0
        self._lock = threading.Lock()

    @staticmethod
    def available() -> bool:
        return UNOSERVER.exists()

    def start(self, wait: bool = True) -> ConverterPool:
        for w in self.workers:
            w.start()
        if wait:
            for w in self.workers:
                w.wait_ready()
        for i, w in enumerate(self.workers):
            # Stagger the first cycle so that two workers never restart at the same time.
            w.conversions = i * w.restart_after // len(self.workers)
            self._idle.put(w)
        return self

    def _recycle(self, w: Worker) -> None:
        """Restart a worker off the request path, then offer it again."""
        w.start()
        w.wait_ready()
        self._idle.put(w)

    def convert(self, docx: bytes, wait: float = 10.0) -> bytes:
        try:
            w = self._idle.get(timeout=wait)
        except queue.Empty:  # every worker busy or restarting: do not keep the user waiting
            return self._cold(docx)
        healthy = w.alive()
        try:
            if healthy:
                try:
                    pdf = w.convert(docx)
                    with self._lock:
                        self.warm_conversions += 1
                    return pdf
                except (OSError, xmlrpc.client.Error, RuntimeError) as exc:
                    log.warning("warm conversion failed on worker %s: %s", w.index, exc)
                    healthy = False
            return self._cold(docx)
        finally:
            if healthy and w.conversions < w.restart_after:
                self._idle.put(w)
            else:
                threading.Thread(target=self._recycle, args=(w,), daemon=True).start()

    def _cold(self, docx: bytes) -> bytes:
        with self._lock:
            self.cold_fallbacks += 1
        with tempfile.TemporaryDirectory(prefix="studio-cold-") as work:
            src = Path(work) / "document.docx"
            src.write_bytes(docx)
            (pdf,) = libreoffice.to_pdf([src], Path(work) / "out")
            return pdf.read_bytes()

    def close(self) -> None:
        for w in self.workers:
            w.stop()
        for w in self.workers:
            with contextlib.suppress(OSError):
                for p in sorted(w.profile.rglob("*"), reverse=True):
                    p.unlink() if p.is_file() or p.is_symlink() else p.rmdir()
                w.profile.rmdir()


_active: ConverterPool | None = None


def install(pool: ConverterPool | None) -> None:
    """Make ``pool`` the converter used by generators.render (None: cold conversions)."""
    global _active
    _active = pool


def active() -> ConverterPool | None:
    return _active
