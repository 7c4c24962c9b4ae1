"""Tick boxes on a page image: ■ or □ is judged from the ink inside the square printed before
each option, because OCR drops or misreads the box glyphs."""

from __future__ import annotations

from typing import Any

import numpy as np

from parsers.ocr import Char

FILLED = 0.45     # share of dark pixels inside a ■
EMPTY = 0.15      # at most this much inside a □


def box_fill(grey: Any, first: Char) -> float:
    """Share of dark pixels inside the square just left of an option's first character."""
    x0, y0, x1, y1 = first.box
    w, h = x1 - x0, y1 - y0
    side = min(w, h)
    sx1 = x0 - 0.08 * side
    sx0 = sx1 - 0.85 * side
    cy = (y0 + y1) / 2
    inner = 0.28 * side
    ax0, ax1 = int(sx0 + 0.5 * 0.85 * side - inner), int(sx0 + 0.5 * 0.85 * side + inner)
    ay0, ay1 = int(cy - inner), int(cy + inner)
    if ax0 < 0 or ay0 < 0 or ax1 > grey.shape[1] or ay1 > grey.shape[0] or ax1 <= ax0:
        return 0.0
    patch = grey[ay0:ay1, ax0:ax1]
    return float(np.mean(patch < 128))


def tick_reader(pieces: list[Any], grey: Any) -> Any:
    """For a cell's OCR pieces: options → ({option: ticked?}, confidence), judged from the ink
    inside the box printed before each option; an option OCR did not find is None."""
    chars = [c for p in pieces for c in p.chars]
    text = "".join(c.text for c in chars)

    def read(options: tuple[str, ...]) -> tuple[dict[str, bool | None], float]:
        state: dict[str, bool | None] = {}
        confidence = min((p.score for p in pieces), default=0.0)
        confidence = 1.0 if confidence >= 0.5 else confidence
        for option in options:
            at = text.find(option)
            if at < 0:
                state[option], confidence = None, min(confidence, 0.5)
                continue
            fill = box_fill(grey, chars[at])
            if EMPTY < fill < FILLED:
                confidence = min(confidence, 0.5)   # a hand mark, a smudge or a seal: look
            state[option] = fill >= FILLED
        return state, confidence

    return read
