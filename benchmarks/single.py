"""Record → PDF for one application form: warm pool against cold soffice.

Run: .venv/bin/python benchmarks/single.py [N]   (prints median and p95 for each way)
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from forms.kinds import get_kind
from generators import pool as pool_module
from generators.paths import ROOT
from generators.pool import ConverterPool
from generators.render import pdf_bytes


def measure(n: int) -> list[float]:
    kind = get_kind("application")
    record, _ = kind.check(json.loads((ROOT / "examples/application.json").read_text("utf-8")))
    assert record is not None
    times = []
    for _ in range(n):
        t = time.perf_counter()
        pdf = pdf_bytes(kind, record)
        times.append(time.perf_counter() - t)
        assert pdf.startswith(b"%PDF-")
    return sorted(times)


def report(name: str, times: list[float]) -> None:
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"{name:<34} median {statistics.median(times) * 1000:7.0f} ms"
          f"   p95 {p95 * 1000:7.0f} ms   (n={len(times)})")


def main(n: int) -> None:
    report("cold (one soffice per document)", measure(max(5, n // 5)))
    t = time.perf_counter()
    warm = ConverterPool(size=2, restart_after=200).start()
    print(f"pool start-up: {time.perf_counter() - t:.1f} s (once per server start)")
    pool_module.install(warm)
    try:
        report("warm pool (2 unoserver workers)", measure(n))
    finally:
        pool_module.install(None)
        warm.close()
    print(f"warm conversions {warm.warm_conversions}, cold fallbacks {warm.cold_fallbacks}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
