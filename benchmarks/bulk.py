"""Bulk certificates both ways: naive (one soffice per document, on a sample) and ours (all N).

Run: .venv/bin/python -m benchmarks.bulk 1000 [batch_size]   (default: automatic, ≤ 100)
Prints seconds per certificate for each way, their ratio, output sizes and peak memory; every
page of our output is verified with pdfplumber against its record.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import pdfplumber
import psutil

from benchmarks.certificates import items
from forms.kinds import get_kind
from generators import libreoffice
from generators.bulk import SHM, Outputs, Progress, prepare, run
from generators.render import docx_bytes

SAMPLE = 20


def naive(n: int, work: Path) -> float:
    kind = get_kind("certificate")
    t = time.perf_counter()
    for i, item in enumerate(items(n)):
        src = work / f"naive-{i}.docx"
        src.write_bytes(docx_bytes(kind, item.record))
        libreoffice.to_pdf([src], work / "naive")
    return (time.perf_counter() - t) / n


class TreeMemory(threading.Thread):
    """Samples the resident memory of this process and all its descendants (the forkserver's
    workers, their LibreOffice) every 50 ms: the peak of the sum is the job's footprint."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_total = self.peak_single = self.peak_tmpfs = 0.0
        self.tmpfs_before = shutil.disk_usage(SHM).used
        self.done = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self.done.wait(0.05):
            sizes = []
            for proc in (me, *me.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    sizes.append(proc.memory_info().rss / 2**20)
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes))
            self.peak_tmpfs = max(self.peak_tmpfs,
                                  (shutil.disk_usage(SHM).used - self.tmpfs_before) / 2**20)


def busy_cpu_seconds() -> float:
    """CPU time spent by the whole machine (all cores, not idle or waiting on I/O) so far."""
    with open("/proc/stat", encoding="ascii") as f:
        ticks = [int(v) for v in f.readline().split()[1:8]]
    user, nice, system, _idle, _iowait, irq, softirq = ticks
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def main(n: int, batch_size: int | None) -> None:
    kind = get_kind("certificate")
    job = items(n)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        stages: dict[str, float] = {}

        def progress(p: Progress) -> None:
            stages.setdefault(p.stage, time.perf_counter())

        prepare()  # one-time set-up: the process the workers fork from
        memory = TreeMemory()
        memory.start()
        t, cpu = time.perf_counter(), busy_cpu_seconds()
        report = run(kind, job, Outputs(work / "certificates.zip", work / "merged.pdf"),
                     batch_size=batch_size, progress=progress)
        ours = (time.perf_counter() - t) / n
        cpu = busy_cpu_seconds() - cpu
        memory.done.set()
        memory.join()
        with pdfplumber.open(work / "merged.pdf") as pdf:
            assert len(pdf.pages) == n
            for page, item in zip(pdf.pages, job, strict=True):
                text = "".join((page.extract_text() or "").split())
                assert all(s in text for s in item.must_show), item.stem
                page.close()  # pdfplumber keeps every parsed page otherwise
        per = naive(SAMPLE, work)
    print(f"certificates: {n}, batches {report.batches} (batch size {batch_size or 'auto'})")
    print("stage start (s): " + ", ".join(f"{k} {v - t:.2f}" for k, v in stages.items()))
    print(f"ours : {ours * 1000:7.1f} ms/certificate, {report.seconds:.2f} s wall for {n}")
    print(f"machine busy: {cpu:.1f} CPU-s on {os.cpu_count()} cores "
          f"({cpu / (ours * n) / (os.cpu_count() or 1):.0%} of the wall time)")
    print(f"naive: {per * 1000:7.1f} ms/certificate (sample of {SAMPLE})"
          f"  → ratio {per / ours:.0f}×")
    singles = report.single_pdf_bytes
    print(f"single PDFs: mean {sum(singles) / len(singles) / 1024:.0f} KiB, "
          f"max {max(singles) / 1024:.0f} KiB; merged {report.merged_bytes / 1e6:.1f} MB; "
          f"zip {report.zip_bytes / 1e6:.1f} MB")
    print(f"peak RSS of the job: all its processes together {memory.peak_total:.0f} MB, "
          f"the largest one {memory.peak_single:.0f} MB; work files in memory (tmpfs) "
          f"{memory.peak_tmpfs:.0f} MB at most")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000,
         int(sys.argv[2]) if len(sys.argv) > 2 else None)
