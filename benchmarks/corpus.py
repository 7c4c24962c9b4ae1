"""Returned forms made from the project's own templates, for the parser benchmark and tests.

Random realistic records → .docx (generators.render) → PDF (one LibreOffice call) → pages
rasterized with pypdfium2 at 300 and 200 dpi → a red round seal stamped over the opinion text
and a scribbled signature where a hand signs, after 签字： and the printed name (on a random
choice of opinion blocks, recorded as truth) → degraded: rotation ±3°, blur, JPEG quality 50,
noise, one set upside down.

Run: .venv/bin/python benchmarks/corpus.py OUT_DIR [--docs N] [--seed S]
Writes OUT_DIR/truth/<id>.json (record + which blocks carry a seal / signature),
OUT_DIR/docx/<id>.docx, OUT_DIR/pdf/<id>.pdf and OUT_DIR/<set>/<id>.tif (one page per frame).
The small set committed for the tests: .venv/bin/python benchmarks/corpus.py --fixed
tests/data/returned
"""

from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus_records import realistic_record
from forms.kinds import get_kind
from generators import libreoffice
from generators.render import docx_bytes

KIND = get_kind("application")
OPINIONS = ("unit_union", "unit_party_admin", "sector_union", "district_union")
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
Degrade = Callable[[np.ndarray[Any, Any], random.Random], np.ndarray[Any, Any]]


def render(out: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    ids = []
    for sub in ("truth", "docx"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rid = f"bench{seed:02d}{i:03d}"
        data = realistic_record(rng, rid)
        record = KIND.model.model_validate(data)
        (out / "docx" / f"{rid}.docx").write_bytes(docx_bytes(KIND, record))
        marks = {k: {"seal": rng.random() < 0.6, "signature": rng.random() < 0.6}
                 for k in OPINIONS}
        (out / "truth" / f"{rid}.json").write_text(json.dumps(
            {"record": record.model_dump(mode="json"), "marks": marks}, ensure_ascii=False,
            indent=1), encoding="utf-8")
        ids.append(rid)
    pdfs = libreoffice.to_pdf(sorted((out / "docx").glob("*.docx")), out / "pdf", timeout=600)
    assert len(pdfs) == n, f"{len(pdfs)} of {n} converted"
    return ids


def opinion_spots(pdf: Path) -> dict[str, tuple[int, tuple[float, float, float, float],
                                                tuple[float, float]]]:
    """Each opinion block: (page index, cell box in points, position of 签字 in points)."""
    labels = {"单位工会推荐意见": "unit_union", "单位党政意见": "unit_party_admin",
              "行业、街镇、直属工会初审意见": "sector_union", "区总工会审定意见": "district_union"}
    found = {}
    with pdfplumber.open(pdf) as doc:
        for i, page in enumerate(doc.pages):
            for table in page.find_tables():
                for row in table.rows:
                    boxes = [c for c in row.cells if c is not None]
                    if len(boxes) != 2:
                        continue
                    label = "".join(ch["text"] for ch in page.chars
                                    if _inside(ch, boxes[0])).replace(" ", "")
                    if label not in labels:
                        continue
                    sign = next((ch for ch in page.chars if ch["text"] == "签"
                                 and _inside(ch, boxes[1])), None)
                    at = (sign["x0"], sign["top"]) if sign else (boxes[1][0] + 20,
                                                                 boxes[1][3] - 40)
                    found[labels[label]] = (i, tuple(boxes[1]), at)
    return found  # type: ignore[return-value]


def signing_x(pdf: Path) -> dict[str, float]:
    """Where a hand signs in each opinion block (x in points): 2–4 mm after the printed
    signatory's name, in the room the template leaves before the seal words, as a person
    signs beside a printed name; 32 pt after 签 when no name is printed."""
    spots = opinion_spots(pdf)
    starts: dict[str, float] = {}
    with pdfplumber.open(pdf) as doc:
        for key, (page, cell, sign) in spots.items():
            line = sorted((ch for ch in doc.pages[page].chars
                           if abs(ch["top"] - sign[1]) < 3 and _inside(ch, cell)
                           and ch["x0"] >= sign[0]), key=lambda ch: ch["x0"])
            text = "".join(ch["text"] for ch in line)
            start, end = text.find("：") + 1, text.find("（")
            name = [ch for ch in line[start:end if end > 0 else None] if ch["text"].strip()]
            starts[key] = name[-1]["x1"] + 2 * 72 / 25.4 if name else sign[0] + 32
    return starts


def _inside(ch: dict[str, Any], box: Any) -> bool:
    x, y = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
    return bool(box[0] <= x <= box[2] and box[1] <= y <= box[3])


def seal_image(dpi: float, rng: random.Random) -> Image.Image:
    """A 42 mm round red seal: rim, star, and the unit's name round the top."""
    size = int(42 / 25.4 * dpi)
    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    red = (215, 25, 35, rng.randint(170, 220))
    rim = max(3, int(1.2 / 25.4 * dpi))
    d.ellipse((rim, rim, size - rim, size - rim), outline=red, width=rim)
    c, r = size / 2, size * 0.13
    star = [(c + (r if k % 2 == 0 else r * 0.4) * math.sin(k * math.pi / 5),
             c - (r if k % 2 == 0 else r * 0.4) * math.cos(k * math.pi / 5)) for k in range(10)]
    d.polygon(star, fill=red)
    font = ImageFont.truetype(SEAL_FONT, int(size * 0.1))
    text = "上海市杨浦区工会专用章"
    for k, ch in enumerate(text):
        a = math.radians(-140 + 280 * k / (len(text) - 1))
        x, y = c + size * 0.34 * math.sin(a), c - size * 0.34 * math.cos(a)
        glyph = Image.new("RGBA", (int(size * 0.14), int(size * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(a), expand=True)
        im.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    return im.rotate(rng.uniform(-30, 30))


def scribble(dpi: float, rng: random.Random) -> Image.Image:
    """A handwritten-looking signature: a few smooth strokes in blue-black ink."""
    w, h = int(32 / 25.4 * dpi), int(12 / 25.4 * dpi)
    im = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    ink = rng.choice([(20, 30, 90, 255), (15, 15, 20, 255)])
    width = max(2, int(0.35 / 25.4 * dpi))
    x = 0.05 * w
    for _ in range(rng.randint(3, 5)):
        pts = []
        for t in np.linspace(0, 1, 40):
            pts.append((x + t * w * 0.22 + 0.05 * w * math.sin(7 * t + rng.random()),
                        h / 2 + 0.38 * h * math.sin(rng.uniform(3, 9) * t + rng.random())))
        d.line(pts, fill=ink, width=width, joint="curve")
        x += w * 0.2
    return im


def rasterize(pdf: Path, dpi: int) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def mark(pages: list[Image.Image], pdf: Path, dpi: int, marks: dict[str, dict[str, bool]],
         rng: random.Random) -> list[Image.Image]:
    f = dpi / 72
    starts = signing_x(pdf)
    for key, (page, cell, sign) in opinion_spots(pdf).items():
        im = pages[page].convert("RGBA")
        if marks[key]["signature"]:
            s = scribble(dpi, rng)
            x = starts[key] * f + rng.uniform(0, 2) / 25.4 * dpi
            im.alpha_composite(s, (int(x), int(sign[1] * f - s.height / 2)))
        if marks[key]["seal"]:
            s = seal_image(dpi, rng)
            cx = cell[2] * f - 0.9 * dpi + rng.uniform(-0.1, 0.1) * dpi
            cy = sign[1] * f + rng.uniform(-0.25, 0.1) * dpi
            im.alpha_composite(s, (int(cx - s.width / 2), int(cy - s.height / 2)))
        pages[page] = im.convert("RGB")
    return pages


def rotate(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    angle = rng.choice([-1, 1]) * rng.uniform(1.0, 3.0)
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))


def blur(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    return np.asarray(cv2.GaussianBlur(img, (0, 0), 1.1))


def jpeg50(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 50])
    return np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR))


def noise(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    g = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 12, img.shape)
    return np.asarray(np.clip(img.astype(np.float32) + g, 0, 255), dtype=np.uint8)


def upside_down(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    return cv2.rotate(rotate(img, rng) if rng.random() < 0.5 else img, cv2.ROTATE_180)


def photo(img: np.ndarray[Any, Any], rng: random.Random) -> np.ndarray[Any, Any]:
    """A phone photo of the page: the sheet on a darker textured desk, seen at an angle (turned
    up to 6°, one edge foreshortened 4–9 % as by a 10–15° tilt), lit unevenly (a gradient and
    a soft shadow), slightly out of focus, saved as JPEG quality 70."""
    h, w = img.shape[:2]
    big_h, big_w = int(h * 1.18), int(w * 1.22)
    g = np.random.default_rng(rng.randint(0, 2**31))
    base = np.array([rng.uniform(35, 70), rng.uniform(50, 85), rng.uniform(65, 110)])
    grain = cv2.resize(cv2.GaussianBlur(g.normal(0, 1, (big_h // 8, big_w // 8)), (0, 0), 1.5),
                       (big_w, big_h))
    streaks = 7 * np.sin(np.linspace(0, rng.uniform(25, 45), big_w))[None, :]
    desk = base[None, None, :] + (14 * grain + streaks)[..., None]
    scale = rng.uniform(0.80, 0.86) * min(big_h / h, big_w / w)
    pw, ph = w * scale, h * scale
    corners = np.array([[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2],
                        [-pw / 2, ph / 2]])
    edge = rng.randrange(4)   # the far edge, foreshortened
    a, b = edge, (edge + 1) % 4
    middle = (corners[a] + corners[b]) / 2
    k = rng.uniform(0.04, 0.09)
    corners[a] += (middle - corners[a]) * 2 * k
    corners[b] += (middle - corners[b]) * 2 * k
    corners += g.uniform(-0.006, 0.006, corners.shape) * max(pw, ph)
    t = math.radians(rng.choice([-1, 1]) * rng.uniform(1.5, 6.0))
    turn = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    centre = np.array([big_w / 2 + rng.uniform(-0.015, 0.015) * big_w,
                       big_h / 2 + rng.uniform(-0.015, 0.015) * big_h])
    dst = (corners @ turn.T + centre).astype(np.float32)
    src = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    sheet = cv2.warpPerspective(img, m, (big_w, big_h), flags=cv2.INTER_AREA)
    cover = cv2.warpPerspective(np.ones((h, w), np.float32), m, (big_w, big_h))[..., None]
    out = desk * (1 - cover) + sheet.astype(np.float64) * cover
    yy, xx = np.mgrid[0:big_h, 0:big_w].astype(np.float64)
    phi = rng.uniform(0, 2 * math.pi)
    ramp = xx * math.cos(phi) + yy * math.sin(phi)
    ramp = (ramp - ramp.min()) / max(1.0, float(np.ptp(ramp)))
    light = 1.0 - rng.uniform(0.25, 0.4) * ramp
    shade = np.zeros((big_h, big_w), np.float32)
    cv2.ellipse(shade, (int(rng.uniform(0.2, 0.8) * big_w), int(rng.uniform(0.2, 0.8) * big_h)),
                (int(0.25 * big_w), int(0.12 * big_h)), rng.uniform(0, 180), 0, 360, 1.0, -1)
    soft = np.asarray(cv2.GaussianBlur(shade, (0, 0), 0.06 * big_w), dtype=np.float64)
    light *= 1.0 - rng.uniform(0.15, 0.3) * soft
    out = np.clip(out * light[..., None], 0, 255).astype(np.uint8)
    out = cv2.GaussianBlur(out, (0, 0), 0.8)
    _, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 70])
    return np.asarray(cv2.imdecode(buf, cv2.IMREAD_COLOR))


SETS: dict[str, tuple[int, list[Degrade]]] = {
    "clean-300": (300, []),
    "clean-200": (200, []),
    "rotate-200": (200, [rotate]),
    "blur-200": (200, [blur]),
    "jpeg50-200": (200, [jpeg50]),
    "noise-200": (200, [noise]),
    "upside-down-200": (200, [upside_down]),
    "all-200": (200, [rotate, blur, noise, jpeg50]),
    "photo-200": (200, [photo]),
}


def scan_set(out: Path, ids: list[str], name: str, seed: int) -> None:
    dpi, steps = SETS[name]
    rng = random.Random(f"{seed}-{name}")
    (out / name).mkdir(parents=True, exist_ok=True)
    for rid in ids:
        truth = json.loads((out / "truth" / f"{rid}.json").read_text(encoding="utf-8"))
        pdf = out / "pdf" / f"{rid}.pdf"
        pages = mark(rasterize(pdf, dpi), pdf, dpi, truth["marks"], rng)
        done = []
        for p in pages:
            arr = cv2.cvtColor(np.asarray(p), cv2.COLOR_RGB2BGR)
            for step in steps:
                arr = step(arr, rng)
            done.append(Image.fromarray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)))
        done[0].save(out / name / f"{rid}.tif", save_all=True, append_images=done[1:],
                     compression="tiff_deflate", dpi=(dpi, dpi))


def fixed_set(out: Path) -> None:
    """The small committed set of tests/data/returned/: the example application, its unit
    union's opinion filled in, scanned at 200 dpi turned 1.5° (pages 1–3 grey, the opinions page
    in colour with two seals and two signatures), and that page photographed upside down."""
    rng = random.Random(6)
    data = json.loads((Path(__file__).resolve().parent.parent / "examples" / "application.json")
                      .read_text(encoding="utf-8"))
    data["opinions"]["unit_union"] = {"text": "同意推荐。", "signatory": "李敏", "sealed": False,
                                      "date": "2026-12-01"}
    record = KIND.model.model_validate(data)
    marks = {"unit_union": {"seal": True, "signature": True},
             "unit_party_admin": {"seal": False, "signature": True},
             "sector_union": {"seal": True, "signature": False},
             "district_union": {"seal": False, "signature": False}}
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    src = work / "application-returned.docx"
    src.write_bytes(docx_bytes(KIND, record))
    (pdf,) = libreoffice.to_pdf([src], work, timeout=300)
    pages = mark(rasterize(pdf, 200), pdf, 200, marks, rng)
    scanned = []
    for i, p in enumerate(pages):
        arr = rotate(cv2.cvtColor(np.asarray(p), cv2.COLOR_RGB2BGR), random.Random(i))
        im = Image.fromarray(cv2.cvtColor(arr, cv2.COLOR_BGR2RGB))
        # an office scanner's black-and-white mode, except the page that carries the seals
        scanned.append(im if i == len(pages) - 1 else im.convert("L").point(
            lambda v: 255 if v > 150 else 0, mode="1"))
    jpegs = []
    for im in scanned:   # JPEG pages are embedded in the PDF as they are
        if im.mode == "1":
            jpegs.append(im)
            continue
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=50, dpi=(200, 200))
        jpegs.append(Image.open(io.BytesIO(buf.getvalue())))
    jpegs[0].save(out / "application-scan.pdf", "PDF", save_all=True, append_images=jpegs[1:],
                  resolution=200)
    photo = scanned[-1].rotate(180)
    photo.save(out / "opinions-upside-down.jpg", "JPEG", quality=60, dpi=(200, 200))
    (out / "application-expected.json").write_text(json.dumps(
        {"record": record.model_dump(mode="json"), "marks": marks}, ensure_ascii=False,
        indent=1) + "\n", encoding="utf-8")
    for f in work.iterdir():
        f.unlink()
    work.rmdir()


def photo_fixture(out: Path) -> None:
    """The committed phone photo of tests/data/photo/: page 2 of the example application (its
    ruled tables), rendered at 200 dpi and photographed by :func:`photo`."""
    record = KIND.model.model_validate(json.loads(
        (Path(__file__).resolve().parent.parent / "examples" / "application.json")
        .read_text(encoding="utf-8")))
    out.mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    work.mkdir(exist_ok=True)
    src = work / "application.docx"
    src.write_bytes(docx_bytes(KIND, record))
    (pdf,) = libreoffice.to_pdf([src], work, timeout=300)
    page = cv2.cvtColor(np.asarray(rasterize(pdf, 200)[1]), cv2.COLOR_RGB2BGR)
    shot = photo(page, random.Random(3))
    ok, buf = cv2.imencode(".jpg", shot, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    (out / "application-page2-photo.jpg").write_bytes(buf.tobytes())
    for f in work.iterdir():
        f.unlink()
    work.rmdir()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--fixed", action="store_true",
                    help="write the small committed test set (tests/data/returned) instead")
    ap.add_argument("--photo", action="store_true",
                    help="write the committed phone-photo fixture (tests/data/photo) instead")
    args = ap.parse_args()
    if args.photo:
        photo_fixture(args.out)
        return
    if args.fixed:
        fixed_set(args.out)
        return
    ids = render(args.out, args.docs, args.seed)
    for name in args.sets.split(","):
        scan_set(args.out, ids, name, args.seed)
        print(f"{name}: {len(ids)} documents", flush=True)


if __name__ == "__main__":
    main()
