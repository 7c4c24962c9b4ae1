"""Speed of the single-document path: record → .docx (docxtpl) and .docx → PDF (cold soffice).

Run: .venv/bin/python benchmarks/render.py [N]   (prints figures; nothing is asserted)
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from forms.kinds import KINDS, get_kind
from generators import libreoffice
from generators.paths import ROOT
from generators.render import docx_bytes


def main(n: int = 20) -> None:
    print(f"{'kind':<16}{'docx ms (median)':>18}{'docx ms (p95)':>15}{'pdf s (cold)':>14}")
    for name in KINDS:
        example = ROOT / "examples" / f"{name}.json"
        if not example.exists():
            continue
        kind = get_kind(name)
        record, result = kind.check(json.loads(example.read_text(encoding="utf-8")))
        assert record is not None, result.issues
        times = []
        for _ in range(n):
            t = time.perf_counter()
            data = docx_bytes(kind, record)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        with tempfile.TemporaryDirectory() as work:
            src = Path(work) / f"{name}.docx"
            src.write_bytes(data)
            t = time.perf_counter()
            libreoffice.to_pdf([src], Path(work) / "out")
            cold = time.perf_counter() - t
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{name:<16}{statistics.median(times):>18.1f}{p95:>15.1f}{cold:>14.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {peak:.0f} MB (LibreOffice runs in its own process)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
