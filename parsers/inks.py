"""The page as OCR should see it: the printer's black toner only, without seal and pen ink.

A returned form carries three inks: the printout (black toner), the seal (red, round, with a
ring of its own words that OCR reads as if printed) and the signatures (handwriting, often in a
blue-black pen). Only the toner is the form's text, so the OCR copy of a colour page has:

- red seal ink turned to paper white, except where a toner stroke shows through it: those
  pixels are much darker than the seal's own shade around them (compared in the green channel,
  where red ink is light and toner dark) and are kept black;
- blue pen ink (saturated, hue round blue) turned to paper white.

A grey or black-and-white page has no colour to go by and is left as it is. The evidence (seal,
signature) and the crops shown to people are taken from the page as scanned, not from this copy.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from parsers.result import Box

Page = NDArray[Any]

RED_HUE = (12, 160)          # OpenCV hue (0–180): red is at most the first or at least the second
BLUE_HUE = (95, 140)
MIN_SATURATION = 60          # below: grey (toner, paper, noise), whatever the hue says
MIN_CHROMA = 40              # and the channels at least this far apart (0–255): not dark grey
COLOUR_SHARE = 0.0005        # of the page's pixels: fewer coloured ones → nothing to separate
TONER_UNDER_SEAL = 0.7       # of the seal's local green level: darker pixels are toner under it
TONER_MAX_GREEN = 90         # and never lighter than this (0–255)
TONER_RED = 0.88             # of the seal's local red level: toner under it also lowers red
HALO_PX = 2                  # the seal's blurred, pale rim round its red strokes …
HALO_TONER = 90              # … is paper unless darker than this in grey (toner)
INK_GREY = 140              # darker: ink, for handwriting's strokes
TINT = 12                    # chroma (0–255) of pen ink's pixels that JPEG left greyish
WINDOW_MM = 4.0              # the neighbourhood the seal's local shade is taken from


def colour_masks(bgr: Page) -> tuple[Page, Page]:
    """Boolean masks of red (seal) and blue (pen) ink, judged on a smoothed copy: a scan's
    noise gives single dark pixels any hue and a high saturation."""
    smooth = cv2.GaussianBlur(bgr, (0, 0), 1.0)
    hsv = cv2.cvtColor(smooth, cv2.COLOR_BGR2HSV)
    h, s = hsv[..., 0], hsv[..., 1]
    chroma = smooth.max(axis=2).astype(np.int16) - smooth.min(axis=2)
    sat = (s >= MIN_SATURATION) & (chroma >= MIN_CHROMA)
    red = sat & ((h <= RED_HUE[0]) | (h >= RED_HUE[1]))
    blue = sat & (h >= BLUE_HUE[0]) & (h <= BLUE_HUE[1])
    return red, blue


def toner_only(bgr: Page, dpi: float) -> Page:
    """A copy of a colour page with seal and pen ink removed (see the module's note); the page
    itself when it has no colour worth removing."""
    if bgr.ndim != 3 or bgr.shape[2] != 3:
        return bgr
    red, blue = colour_masks(bgr)
    if red.sum() + blue.sum() < COLOUR_SHARE * red.size:
        return bgr
    k = max(3, int(WINDOW_MM / 25.4 * dpi) | 1)
    redf = red.astype(np.float32)
    count = np.maximum(cv2.boxFilter(redf, -1, (k, k), normalize=False), 1.0)

    def local(channel: Page) -> Page:   # the seal's own level round each pixel
        return cv2.boxFilter(channel * redf, -1, (k, k), normalize=False) / count

    green = bgr[..., 1].astype(np.float32)
    reds = bgr[..., 2].astype(np.float32)
    # toner under the seal is darker in green and in red; where the seal's own strokes
    # overlap (its words on its rim) only green is
    toner = (red & (green < TONER_UNDER_SEAL * local(green)) & (green < TONER_MAX_GREEN)
             & (reds < TONER_RED * local(reds)))
    coloured = (red | blue).astype(np.uint8)
    halo = cv2.dilate(coloured, np.ones((2 * HALO_PX + 1, 2 * HALO_PX + 1), np.uint8)) > 0
    halo &= cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY) >= HALO_TONER
    out = bgr.copy()
    out[(red & ~toner) | blue | halo] = 255
    out[toner] = 0
    return out


def without_handwriting(page: Page, dpi: float, cells: list[Box],
                        scanned: Page | None = None) -> Page:
    """A copy of the page without handwriting in the table cells: dark ink in connected strokes
    taller or longer than any printed character (12 pt). Printed characters are small separate
    marks; a signature's strokes run on (the printed characters they cross go with them: those
    are covered anyway). Strokes are looked for inside each cell, whose box lies within its
    rulings: a ruling mask would also take a scribble's straight upright and level parts as
    rulings and cut the scribble into pieces the size of characters, which OCR then reads as
    letters (``IMIMA`` for a signature).

    ``scanned``: the page as scanned, when ``page`` is its copy without seal and pen ink
    (:func:`toner_only`). Taking off the blue pen ink leaves a JPEG-compressed signature's
    greyish cores behind in pieces; so the strokes are also looked for on the scan (seal red
    left out), and their tinted pixels taken off too. Neutral dark pixels in them stay: toner
    seen through the pen's ink."""
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    found = _strokes(grey, dpi, cells)
    if scanned is not None and scanned.ndim == 3 and scanned.shape[:2] == grey.shape[:2]:
        seal = colour_masks(scanned)[0]
        pen = _strokes(cv2.cvtColor(scanned, cv2.COLOR_BGR2GRAY), dpi, cells, ~seal)
        smooth = cv2.GaussianBlur(scanned, (0, 0), 1.0)
        chroma = smooth.max(axis=2).astype(np.int16) - smooth.min(axis=2)
        found |= (pen & (chroma >= TINT)).astype(np.uint8)
    if not found.any():
        return page
    out = page.copy()
    out[cv2.dilate(found, np.ones((3, 3), np.uint8)) > 0] = 255
    return out


def _strokes(grey: Page, dpi: float, cells: list[Box], allowed: Page | None = None) -> Page:
    """Mask (0/1) of the long connected strokes of dark ink inside the cells."""
    em = 12 / 72 * dpi
    inset = max(1, int(0.2 / 25.4 * dpi))
    found = np.zeros(grey.shape[:2], np.uint8)
    for cell in cells:
        x0, y0 = int(cell[0]) + inset, int(cell[1]) + inset
        x1, y1 = int(cell[2]) - inset, int(cell[3]) - inset
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        dark = grey[y0:y1, x0:x1] < INK_GREY
        if allowed is not None:
            dark &= allowed[y0:y1, x0:x1]
        n, labels, stats, _ = cv2.connectedComponentsWithStats(dark.astype(np.uint8),
                                                               connectivity=8)
        w, h, area = stats[:, 2], stats[:, 3], stats[:, 4]
        strokes = [k for k in range(1, n) if area[k] >= 0.1 * em * em
                   and (h[k] > 1.3 * em or (w[k] > 2.5 * em and h[k] > 0.5 * em))]
        if strokes:
            found[y0:y1, x0:x1] |= np.isin(labels, strokes).astype(np.uint8)
    return found
