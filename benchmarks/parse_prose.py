"""Parser accuracy and speed on the prose kinds: naming certificates, rectification notices and
withdrawal decisions, read back by their printed wording.

Random realistic records (benchmarks.corpus_records' names, units and phrases, rare characters
included) → .docx → PDF (one LibreOffice call) → page images at 200 dpi, as a scan (turned up to
1.5°, JPEG 70) and as a phone photo (benchmarks.corpus.photo) → parsed blind and with the stored
record. Printed per kind and input: field exact-match rate, silent error rate (a wrong value
with confidence ≥ 0.9), fields flagged, missing, seconds per page.

Run: nice -n 19 .venv/bin/python benchmarks/parse_prose.py OUT_DIR [--docs N] [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import photo, rasterize, rotate
from benchmarks.corpus_records import PHRASES, PLACES, TRADES, _name
from forms.five_haves import HAVES
from forms.kinds import get_kind
from forms.naming import compose_name
from forms.numbers import format_cert_number
from generators import libreoffice
from generators.render import docx_bytes
from parsers import Limits, parse
from parsers.confirm import value_at
from parsers.diff import leaves

KINDS = ("certificate", "notice", "withdrawal")
SETS = ("docx", "pdf", "scan-200", "photo-200")
LIMITS = Limits(max_bytes=200 * 1024 * 1024)


def _studio(rng: random.Random) -> dict[str, str]:
    leader = _name(rng)
    trade, direction = rng.choice(TRADES)
    category = rng.choice(("劳模", "先进", "技师"))
    unit = f"上海{rng.choice(PLACES)}{trade}有限公司"
    return {"leader": leader, "direction": direction, "category": category,
            "name": compose_name(leader, direction, category), "host_unit": unit}


def _sentence(rng: random.Random, topic: str) -> str:
    return "，".join(rng.choice(PHRASES).format(x=topic) for _ in range(rng.randint(1, 3))) + "。"


def record(kind: str, rng: random.Random, rid: str) -> dict[str, Any]:
    s = _studio(rng)
    day = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 300))
    if kind == "certificate":
        return {"record_id": rid, "number": format_cert_number(day.year, rng.randint(1, 400)),
                "studio_name": s["name"], "leader": s["leader"], "direction": s["direction"],
                "category": s["category"], "host_unit": s["host_unit"],
                "date": day.isoformat()}
    party = {"name": s["name"], "host_unit": s["host_unit"],
             "sector_union": f"杨浦区{rng.choice(PLACES)}街道总工会",
             "unit_union": f"{s['host_unit']}工会"}
    contact = rng.choice([{"name": _name(rng), "phone": f"021-6{rng.randint(1000000, 9999999)}"},
                          {"name": "", "phone": ""}])
    failed = set(rng.sample(HAVES, rng.randint(1, 3)))
    results = [{"have": h, "met": h not in failed,
                "finding": _sentence(rng, s["direction"]) if h in failed else "",
                "requirement": _sentence(rng, s["direction"]) if h in failed else ""}
               for h in HAVES]
    notice = {"record_id": rid, "number": f"杨工〔{day.year}〕{rng.randint(1, 60)}号",
              "date": day.isoformat(), "studio": party, "contact": contact,
              "inspection": {"date": (day - dt.timedelta(days=20)).isoformat(),
                             "results": results},
              "deadline": (day + dt.timedelta(days=90)).isoformat()}
    if kind == "notice":
        return notice
    issued = day + dt.timedelta(days=110)
    return {"record_id": rid, "number": f"杨工〔{issued.year}〕{rng.randint(1, 60)}号",
            "date": issued.isoformat(), "studio": party, "contact": contact,
            "notice": {"number": notice["number"], "date": notice["date"],
                       "deadline": notice["deadline"]},
            "recheck": {"date": (day + dt.timedelta(days=95)).isoformat(),
                        "unmet": sorted(failed, key=HAVES.index),
                        "finding": _sentence(rng, s["direction"])}}


def make(out: Path, docs: int, seed: int) -> None:
    rng = random.Random(seed)
    for sub in ("truth", "docx"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        doc_kind = get_kind(kind)
        for i in range(docs):
            rid = f"{kind[:3]}{seed:02d}{i:03d}"
            rec = doc_kind.model.model_validate(record(kind, rng, rid))
            (out / "docx" / f"{rid}.docx").write_bytes(docx_bytes(doc_kind, rec))
            (out / "truth" / f"{rid}.json").write_text(json.dumps(
                {"kind": kind, "record": rec.model_dump(mode="json")}, ensure_ascii=False),
                encoding="utf-8")
    docx = sorted((out / "docx").glob("*.docx"))
    pdfs = libreoffice.to_pdf(docx, out / "pdf", timeout=900)
    assert len(pdfs) == len(docx), f"{len(pdfs)} of {len(docx)} converted"
    for name in ("scan-200", "photo-200"):
        (out / name).mkdir(exist_ok=True)
        step_rng = random.Random(f"{seed}-{name}")
        for pdf in pdfs:
            frames = []
            for page in rasterize(pdf, 200):
                arr = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2BGR)
                if name == "scan-200":
                    arr = rotate(arr, step_rng) if step_rng.random() < 0.5 else arr
                    _, buf = cv2.imencode(".jpg", arr, [cv2.IMWRITE_JPEG_QUALITY, 70])
                    arr = np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR))
                else:
                    arr = photo(arr, step_rng)
                frames.append(Image.fromarray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)))
            target = out / name / f"{pdf.stem}.tif"
            # a scanner writes its resolution; a phone photo has none
            info: dict[str, Any] = {"dpi": (200, 200)} if name == "scan-200" else {}
            frames[0].save(target, save_all=True, append_images=frames[1:],
                           compression="tiff_deflate", **info)


def score(out: Path, name: str) -> dict[str, dict[str, Any]]:
    suffix = {"docx": "docx", "pdf": "pdf"}.get(name, "tif")
    table: dict[str, dict[str, Any]] = {}
    for truth_file in sorted((out / "truth").glob("*.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        kind = truth["kind"]
        rec = get_kind(kind).model.model_validate(truth["record"])
        dumped = rec.model_dump()
        for mode in ("blind", "stored"):
            row = table.setdefault(f"{kind} {mode}", {"fields": 0, "exact": 0, "silent": 0,
                                                      "flagged": 0, "missing": 0,
                                                      "seconds": 0.0, "pages": 0})
            start = time.perf_counter()
            result = parse(out / name / f"{truth_file.stem}.{suffix}",
                           stored=rec if mode == "stored" else None, limits=LIMITS)
            row["seconds"] += time.perf_counter() - start
            row["pages"] += max(result.pages, 1)
            for path, expected in leaves(dumped):
                if path == "record_id":
                    continue
                expected = value_at(dumped, path)
                if path == "printed_on" and expected is None:
                    expected = dumped["date"]   # 印发日期 left empty prints the date of issue
                reading = result.fields.get(path)
                row["fields"] += 1
                if reading is None:
                    row["missing"] += 1
                    continue
                ok = (sorted(map(str, reading.value)) == sorted(map(str, expected))
                      if isinstance(expected, list) else reading.value == expected)
                if path == "printed_on" and dumped["printed_on"] is None:
                    ok = reading.value in (None, dumped["date"])   # both mean "not given"
                row["exact"] += ok
                row["flagged"] += reading.uncertain
                row["silent"] += (not ok) and not reading.uncertain
    return table


def pct(a: float, b: float) -> str:
    return f"{100 * a / b:6.2f}%" if b else "    – "


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--reuse", action="store_true", help="score an existing corpus")
    args = ap.parse_args()
    if not args.reuse:
        make(args.out, args.docs, args.seed)
    print(f"{'set':<11}{'kind':<13}{'mode':<7}{'fields':>7}{'exact':>9}{'silent':>9}"
          f"{'flagged':>9}{'missing':>8}{'s/page':>8}")
    for name in args.sets.split(","):
        for key, r in score(args.out, name).items():
            kind, mode = key.split()
            print(f"{name:<11}{kind:<13}{mode:<7}{r['fields']:>7}"
                  f"{pct(r['exact'], r['fields']):>9}{pct(r['silent'], r['fields']):>9}"
                  f"{pct(r['flagged'], r['fields']):>9}{r['missing']:>8}"
                  f"{r['seconds'] / max(r['pages'], 1):>8.2f}", flush=True)


if __name__ == "__main__":
    main()
