"""RapidOCR behind one wrapper: the bundled PP-OCR models, loaded once per process.

The angle classifier is off (it misreads large titles; the page's orientation comes from the QR
code) and the detector's input is capped at 1,280 px, as measured in LAB.md. Nothing is
downloaded: only the models inside the wheel are used.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from forms.errors import ToolMissing
from parsers.result import Box

PARAMS = {"Global.use_cls": False, "Det.limit_type": "max", "Det.limit_side_len": 1280,
          "Global.log_level": "error"}

_engine: Any = None
_lock = threading.Lock()


@dataclass(frozen=True)
class Char:
    text: str
    box: Box
    score: float
    read: str = ""    # what OCR gave, when a check put another character in its place


@dataclass(frozen=True)
class TextLine:
    text: str
    box: Box
    score: float
    chars: tuple[Char, ...]


def engine() -> Any:
    global _engine
    with _lock:
        if _engine is None:
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:
                raise ToolMissing("未安装文字识别组件 rapidocr/onnxruntime",
                                  "the OCR engine (rapidocr, onnxruntime) is not installed",
                                  path="ocr") from exc
            _engine = RapidOCR(params=PARAMS)
        return _engine


def _box(points: Any) -> Box:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


_cache: OrderedDict[bytes, list[TextLine]] = OrderedDict()
CACHE_PAGES = 8


def read(img: Any) -> list[TextLine]:
    """Every text line on the image, with its box, score and single characters. The last few
    pages are remembered, so a page parsed again (with the stored record) is not read twice."""
    key = hashlib.blake2b(np.ascontiguousarray(img).data, digest_size=16).digest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return list(_cache[key])
    lines = _read(img)
    with _lock:
        _cache[key] = lines
        while len(_cache) > CACHE_PAGES:
            _cache.popitem(last=False)
    return list(lines)


def _read(img: Any) -> list[TextLine]:
    eng = engine()
    with _lock:   # one inference at a time per process: the model is not re-entrant
        out = eng(img, return_word_box=True, return_single_char_box=True)
    lines: list[TextLine] = []
    if out.txts is None:
        return lines
    words = out.word_results or [()] * len(out.txts)
    for text, score, box, word in zip(out.txts, out.scores, out.boxes, words, strict=False):
        chars = tuple(Char(str(w[0]), _box(w[2]), float(w[1])) for w in (word or ())
                      if w and len(w) >= 3)
        lines.append(TextLine(str(text), _box(box), float(score), chars))
    return lines
