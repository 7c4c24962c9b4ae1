"""Rare characters that OCR reads as a common look-alike, told apart by their shape.

OCR's dictionary does not hold every character of a person's name: 𠮷 (U+20BB7, 土 over 口) is
read as 吉 (士 over 口). The two differ in one thing, which survives 200 dpi, blur and JPEG: in 吉
the upper of the two top strokes is the longer, in 𠮷 the lower one. Each 吉 that OCR reads is
measured on the page: clearly 𠮷 → read as 𠮷; in between → kept, and the line is marked for a
person to look at; clearly 吉 → kept. Either way a changed or doubtful line's score drops below
the review threshold, so the field is flagged, never silently changed.

The printout is in simplified Chinese, but OCR's dictionary also holds traditional forms and
sometimes gives one (黃 for 黄, 涼 for 凉). A character outside GB2312 that OpenCC's
traditional-to-simplified table turns into a GB2312 character is read as that character, and
flagged the same way; one without such a form (𠮷, 喆) is kept as read and flagged.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import cv2
import numpy as np

from parsers.ocr import Char, TextLine
from parsers.result import Box

SCALE = 3             # the cut-out character is measured enlarged this much
DOUBT = 0.85          # a line's score when one of its characters was changed or is in doubt
# OCR's reading → (the rare character, top-stroke ratio at or below which it is the rare one,
# ratio at or above which it is the reading)
PAIRS: dict[str, tuple[str, float, float]] = {"吉": ("𠮷", 0.92, 1.04)}
NOTE = "生僻字按字形判读（如𠮷与吉）/ a rare character told from its look-alike by its shape"
SIMPLIFIED_NOTE = ("繁体字形按简体识读，请核对 / a traditional form was read as its simplified "
                   "form: please check")
UNCOMMON_NOTE = ("识读出GB2312以外的汉字（繁体或生僻字），请核对 / a Chinese character outside "
                 "GB2312 was read (a traditional or rare form): please check")


def glyph(grey: Any, box: Box) -> Any:
    """The ink of the character in ``box`` (a boolean array cut to the ink, at three times the
    page's scale), found as the run of inked columns round the box's centre: OCR's character
    boxes are approximate. Thin strokes that blur, noise or JPEG leave light survive because
    the cut-out is enlarged and thresholded by its own contrast (Otsu), not a fixed grey."""
    h, w = grey.shape[:2]
    x0, y0, x1, y1 = (round(v) for v in box)
    em = max(1, y1 - y0)
    left, right = max(0, int(x0 - 0.3 * em)), min(w, int(x1 + 0.3 * em))
    top, bottom = max(0, int(y0 - 0.1 * em)), min(h, int(y1 + 0.1 * em))
    region = grey[top:bottom, left:right]
    if region.size == 0 or region.shape[0] < 4 or region.shape[1] < 4:
        return np.zeros((0, 0), bool)
    big = cv2.resize(cv2.GaussianBlur(region, (0, 0), 0.7), None, fx=SCALE, fy=SCALE,
                     interpolation=cv2.INTER_CUBIC)
    ink = cv2.threshold(big, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1] > 0
    # the character: the marks whose middle lies in OCR's box; a ruling is no mark of it
    n, labels, stats, centres = cv2.connectedComponentsWithStats(ink.astype(np.uint8))
    lo, hi = SCALE * (x0 - left), SCALE * (x1 - left)
    keep = [k for k in range(1, n) if lo <= centres[k][0] <= hi
            and stats[k][2] < 0.9 * ink.shape[1] and stats[k][3] < 0.9 * ink.shape[0]
            and stats[k][4] >= SCALE * SCALE]
    sub = np.isin(labels, keep)
    ys, xs = np.nonzero(sub)
    if not len(ys):
        return sub[:0, :0]
    return sub[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def _longest_run(row: Any) -> int:
    best = run = 0
    for v in row:
        run = run + 1 if v else 0
        best = max(best, run)
    return best


def top_strokes(ink: Any) -> float | None:
    """Length of the topmost horizontal stroke over the next one below it (None: not two)."""
    if ink.ndim != 2 or ink.shape[0] < 8 or ink.shape[1] < 8:
        return None
    # bridge the gaps noise leaves in a thin horizontal stroke
    pad = SCALE + 1   # (a closing at the border would stretch the strokes to it)
    ink = cv2.morphologyEx(np.pad(ink.astype(np.uint8), pad), cv2.MORPH_CLOSE,
                           np.ones((1, 2 * SCALE + 1), np.uint8))[pad:-pad, pad:-pad] > 0
    strokes: list[list[int]] = []   # per stroke, the run lengths of its rows
    last = -2
    for y in range(ink.shape[0]):
        run = _longest_run(ink[y])
        if run >= 0.4 * ink.shape[1]:
            if y == last + 1 and strokes:
                strokes[-1].append(run)
            else:
                strokes.append([run])
            last = y
    if len(strokes) < 2:
        return None
    return max(strokes[0]) / max(strokes[1])


def check(lines: list[TextLine], grey: Any) -> list[TextLine]:
    """The lines with each look-alike judged by its shape and traditional forms read as
    simplified ones (see the module's note)."""
    out = []
    for line in lines:
        if any(c.text in PAIRS for c in line.chars):
            line = _check_line(line, grey)
        if any(simplified(ch) for ch in line.text):
            line = _simplify_line(line)
        out.append(line)
    return out


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def simplified(ch: str) -> str | None:
    """The simplified character (in GB2312) of a traditional form OCR gave, or None."""
    if not uncommon(ch):
        return None
    out = str(_converter().convert(ch))
    return out if len(out) == 1 and out != ch and not uncommon(out) else None


def _simplify_line(line: TextLine) -> TextLine:
    chars = tuple(Char(s, c.box, min(c.score, DOUBT), c.text) if (s := simplified(c.text))
                  else c for c in line.chars)
    text = "".join(simplified(ch) or ch for ch in line.text)
    return replace(line, text=text, score=min(line.score, DOUBT), chars=chars)


def _check_line(line: TextLine, grey: Any) -> TextLine:
    squeezed = line.text.replace(" ", "")
    if "".join(c.text for c in line.chars) != squeezed:
        return line
    chars = list(line.chars)
    doubt = False
    for i, c in enumerate(chars):
        if c.text not in PAIRS:
            continue
        rare, rare_below, read_above = PAIRS[c.text]
        ratio = top_strokes(glyph(grey, c.box))
        if ratio is not None and ratio <= rare_below:
            chars[i] = Char(rare, c.box, min(c.score, DOUBT))
            doubt = True
        elif ratio is None or ratio < read_above:
            chars[i] = Char(c.text, c.box, min(c.score, DOUBT))
            doubt = True
    if not doubt:
        return line
    out, k = [], 0
    for ch in line.text:
        if ch == " ":
            out.append(ch)
        else:
            out.append(chars[k].text)
            k += 1
    return replace(line, text="".join(out), score=min(line.score, DOUBT), chars=tuple(chars))


def doubtful(chars: tuple[Char, ...]) -> bool:
    """Whether a character among these was judged by its shape with some doubt."""
    rare = {r for r, _, _ in PAIRS.values()}
    return any((c.text in PAIRS or c.text in rare) and c.score <= DOUBT and not c.read
               for c in chars)


def simplified_here(chars: tuple[Char, ...]) -> bool:
    """Whether a traditional form among these was read as its simplified form."""
    return any(c.read and c.read != c.text and simplified(c.read) == c.text for c in chars)


def uncommon(ch: str) -> bool:
    """A Chinese character outside GB2312 (〇 aside): the printout is in simplified Chinese, so
    such a reading is either a rare character of a name or OCR's traditional look-alike of a
    common one (平凉路 read as 平涼路) — a person should look."""
    if ord(ch) < 0x3400 or ch == "〇":
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False
