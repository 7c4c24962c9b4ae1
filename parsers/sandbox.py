"""Parsing in a child process with a memory and a time limit (issue 8: PDF bombs, broken PDFs).

``parse_isolated(path, out_dir, …)`` runs ``python -m parsers.sandbox`` on a stored file. The child
limits its own address space (``RLIMIT_AS``) and CPU time before it imports any parser, reads
the file, writes ``result.json`` and the PNG crops of the fields a person must check into
``out_dir``, and exits. The parent waits at most ``timeout`` seconds, then kills the child's whole
process group. Whatever goes wrong comes back as :class:`ParseFailed` with a Chinese and
English message; the caller keeps the file for manual entry.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forms.errors import PaperworkError

MB = 1024 * 1024
MEMORY_LIMIT = 3072 * MB    # OCR (onnxruntime + a 200 dpi page) needs ~1 GB resident
TIMEOUT = 120.0             # seconds of wall clock for one file (a scanned page takes ~3 s)
MAX_CROPS = 200
KEPT = "已保留以便人工录入"
KEPT_EN = "it is kept for manual entry"


class ParseFailed(PaperworkError):
    """The file was not read; ``reason``: refused by the gate, ``unreadable``, ``timeout``,
    ``memory`` or ``crash``."""

    def __init__(self, zh: str, en: str, reason: str) -> None:
        super().__init__(zh, en, path="file")
        self.reason = reason


@dataclass(frozen=True)
class Isolated:
    result: dict[str, Any]           # ParseResult.as_dict()
    crops: dict[str, str]            # field path → PNG file name inside out_dir
    seconds: float


def parse_isolated(path: Path, out_dir: Path, *, stored: dict[str, Any] | None = None,
                   kind: str | None = None, timeout: float = TIMEOUT,
                   memory: int = MEMORY_LIMIT,
                   candidates: dict[str, dict[str, Any]] | None = None) -> Isolated:
    """``candidates``: stored records by ``"kind|record_id"``; when an OCR reading is unsure and
    the page's QR code names one of them, the page is read again against it (its uncertain
    readings confirmed, as :func:`parsers.parse` does with ``stored``)."""
    import time

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "stored.json").write_text(json.dumps(
        {"stored": stored, "candidates": candidates or {}}, ensure_ascii=False))
    answer = out_dir / "result.json"
    answer.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "parsers.sandbox", str(path), str(out_dir), kind or "",
           str(memory), str(int(timeout) + 1)]
    started = time.monotonic()
    with subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, start_new_session=True) as proc:
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.communicate()
            raise ParseFailed(f"文件解析超时（超过 {timeout:g} 秒），{KEPT}",
                              f"reading the file took longer than {timeout:g} s; {KEPT_EN}",
                              "timeout") from None
        finally:
            _kill(proc)  # grandchildren, if any
    seconds = time.monotonic() - started
    if not answer.exists():
        memory_hit = b"MemoryError" in err or proc.returncode in (-signal.SIGKILL, -signal.SIGSEGV)
        if memory_hit:
            raise ParseFailed(
                f"文件解析所需内存超过上限（{memory // MB} MB），疑似恶意或损坏的文件，{KEPT}",
                f"reading the file needed more memory than the limit ({memory // MB} MB); "
                f"the file may be hostile or damaged; {KEPT_EN}", "memory")
        raise ParseFailed(f"文件解析程序异常退出（代码 {proc.returncode}），{KEPT}",
                          f"the file reader stopped abnormally (status {proc.returncode}); "
                          f"{KEPT_EN}", "crash")
    data = json.loads(answer.read_text())
    if not data.get("ok"):
        raise ParseFailed(str(data["zh"]), str(data["en"]), str(data.get("reason", "unreadable")))
    return Isolated(data["result"], data.get("crops", {}), seconds)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _limit(memory: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _write(out_dir: Path, data: dict[str, Any]) -> None:
    tmp = out_dir / "result.json.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False))
    tmp.replace(out_dir / "result.json")


def _main(argv: list[str]) -> int:
    path, out_dir, kind, memory, cpu = (Path(argv[0]), Path(argv[1]), argv[2] or None,
                                        int(argv[3]), int(argv[4]))
    _limit(memory, cpu)
    from parsers import UploadRefused, parse, progress

    progress.watch(progress.to_file(out_dir))  # pages read so far, for the job's page

    given = json.loads((out_dir / "stored.json").read_text())
    try:
        result = parse(path, stored=given["stored"], kind=kind)
        again = (given["candidates"].get(f"{result.kind}|{result.ref.record_id}")
                 if result.ref and given["stored"] is None and result.uncertain() else None)
        if again is not None:  # read against the stored record the QR code names
            result = parse(path, stored=again, kind=result.kind)
    except UploadRefused as exc:
        _write(out_dir, {"ok": False, "zh": exc.zh, "en": exc.en, "reason": exc.reason})
        return 0
    except PaperworkError as exc:
        _write(out_dir, {"ok": False, "zh": exc.zh, "en": exc.en, "reason": "unreadable"})
        return 0
    crops: dict[str, str] = {}
    for i, reading in enumerate(result.uncertain()[:MAX_CROPS]):
        if reading.crop is None:
            continue
        try:
            png = reading.crop()
        except Exception:  # a crop helps the reviewer; the result stands without it
            continue
        name = f"crop-{i}.png"
        (out_dir / name).write_bytes(png)
        crops[reading.path] = name
    _write(out_dir, {"ok": True, "result": result.as_dict(), "crops": crops})
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
