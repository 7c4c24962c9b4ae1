"""Parser accuracy and speed on a corpus made by benchmarks/corpus.py.

Run: .venv/bin/python benchmarks/parse.py CORPUS_DIR [--sets docx,pdf,clean-300,...]
[--docs N] [--errors]
Keep the corpus seed used to tune the parser apart from the one that measures it
(``benchmarks/corpus.py OUT --seed S``): figures on the tuning seed flatter the parser.
``--errors`` also lists every blind reading that is not exact (path, expected, read,
confidence, note), for error analysis.
Each input set is parsed in its own process (so that its peak memory is its own), twice: blind,
and with the stored record the QR code names. Printed per set: field exact-match rate, silent
error rate (a wrong value with confidence ≥ 0.9, i.e. not flagged for review), fields flagged,
seal and signature detection accuracy, seconds per page and peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms.kinds import get_kind
from parsers import Limits, parse
from parsers.confirm import value_at
from parsers.diff import leaves
from parsers.result import jsonable

KIND = get_kind("application")
SKIP = ("record_id",)
LIMITS = Limits(max_bytes=200 * 1024 * 1024)   # the corpus keeps pages losslessly (TIFF)


def same(read: Any, truth: Any) -> bool:
    if isinstance(read, list) and isinstance(truth, list):
        return sorted(map(str, read)) == sorted(map(str, truth))
    return bool(read == truth)


def score_document(path: Path, truth: dict[str, Any], stored: bool,
                   errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record = KIND.model.model_validate(truth["record"])
    dumped = record.model_dump()
    start = time.perf_counter()
    result = parse(path, stored=record if stored else None, limits=LIMITS)
    seconds = time.perf_counter() - start
    counts = {"fields": 0, "exact": 0, "silent": 0, "flagged": 0, "missing": 0}
    paths = {p for p, _ in leaves(dumped)}
    for p in sorted(paths):
        if p.endswith(SKIP) or p.endswith(".sealed"):
            continue
        expected = value_at(dumped, p)
        reading = result.fields.get(p)
        counts["fields"] += 1
        if reading is None:
            counts["missing"] += 1
            if errors is not None:
                errors.append({"doc": path.stem, "path": p, "expected": jsonable(expected),
                               "read": None, "text": "", "confidence": 0.0, "note": "missing"})
            continue
        ok = same(reading.value, expected)
        if not ok and errors is not None:
            errors.append({"doc": path.stem, "path": p, "expected": jsonable(expected),
                           "read": jsonable(reading.value), "text": reading.text,
                           "confidence": round(reading.confidence, 3), "note": reading.note})
        counts["exact"] += ok
        counts["flagged"] += reading.uncertain
        counts["silent"] += (not ok) and not reading.uncertain
    marks = {"seal": [0, 0], "signature": [0, 0]}
    if result.source == "ocr":
        for key, truth_marks in truth["marks"].items():
            ev = result.evidence.get(key)
            for what in ("seal", "signature"):
                marks[what][1] += 1
                got = getattr(ev, what) if ev is not None else None
                marks[what][0] += got == truth_marks[what]
    return {"counts": counts, "marks": marks, "seconds": seconds,
            "pages": max(result.pages, 1)}


def run_set(corpus: Path, name: str, docs: int = 0, blind_only: bool = False,
            start: int = 0) -> dict[str, Any]:
    """Every document of a set, parsed blind and then with its stored record (the second
    parse finds the pages' OCR remembered, so its time is the mapping's only)."""
    suffix = {"docx": "docx", "pdf": "pdf"}.get(name, "tif")
    folder = corpus / name
    modes = ("blind",) if blind_only else ("blind", "stored")
    total = {m: {"fields": 0, "exact": 0, "silent": 0, "flagged": 0, "missing": 0} for m in modes}
    marks = {m: {"seal": [0, 0], "signature": [0, 0]} for m in modes}
    seconds = dict.fromkeys(modes, 0.0)
    pages = 0
    errors: list[dict[str, Any]] = []
    truths = sorted((corpus / "truth").glob("*.json"))[start:]
    for truth_file in truths[:docs] if docs else truths:
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        doc = folder / f"{truth_file.stem}.{suffix}"
        for mode in modes:
            r = score_document(doc, truth, mode == "stored",
                               errors if mode == "blind" else None)
            for k in total[mode]:
                total[mode][k] += r["counts"][k]
            for k in marks[mode]:
                marks[mode][k][0] += r["marks"][k][0]
                marks[mode][k][1] += r["marks"][k][1]
            seconds[mode] += r["seconds"]
        pages += r["pages"]
    out: dict[str, Any] = {m: {"counts": total[m], "marks": marks[m],
                               "s_per_page": seconds[m] / max(pages, 1)} for m in modes}
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["errors"] = errors
    return out


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:6.2f}%" if b else "    – "


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--sets", default="")
    ap.add_argument("--docs", type=int, default=0, help="at most N documents per set")
    ap.add_argument("--errors", action="store_true",
                    help="list every blind reading that is not exact")
    ap.add_argument("--start", type=int, default=0, help="skip the first N documents")
    ap.add_argument("--blind-only", action="store_true",
                    help="skip the second parse with the stored record")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_set(args.corpus, args.one, args.docs, args.blind_only,
                                 args.start), ensure_ascii=False))
        return
    scans = sorted(p.name for p in args.corpus.iterdir() if p.is_dir()
                   and p.name not in ("docx", "pdf", "truth"))
    names = args.sets.split(",") if args.sets else ["docx", "pdf", *scans]
    print(f"{'set':<17}{'mode':<7}{'fields':>7}{'exact':>9}{'silent':>9}{'flagged':>9}"
          f"{'missing':>8}{'seal':>9}{'sign.':>9}{'s/page':>8}{'peak MB':>9}")
    for name in names:
        proc = subprocess.run([sys.executable, __file__, str(args.corpus), "--one", name,
                               "--docs", str(args.docs), "--start", str(args.start),
                               *(["--blind-only"] if args.blind_only else [])],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"{name:<17}failed: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        for mode in ("blind",) if args.blind_only else ("blind", "stored"):
            c, m = r[mode]["counts"], r[mode]["marks"]
            print(f"{name:<17}{mode:<7}{c['fields']:>7}{pct(c['exact'], c['fields']):>9}"
                  f"{pct(c['silent'], c['fields']):>9}{pct(c['flagged'], c['fields']):>9}"
                  f"{c['missing']:>8}{pct(*m['seal']):>9}{pct(*m['signature']):>9}"
                  f"{r[mode]['s_per_page']:>8.2f}{r['peak_mb']:>9.0f}", flush=True)
        if args.errors:
            for e in r["errors"]:
                print(f"  ! {name} {e['doc']} {e['path']}: expected {e['expected']!r} "
                      f"read {e['read']!r} text {e['text']!r} conf {e['confidence']} "
                      f"{e['note']}", flush=True)


if __name__ == "__main__":
    main()
