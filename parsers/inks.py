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

Page = NDArray[Any]

RED_HUE = (12, 160)          # OpenCV hue (0–180): red is at most the first or at least the second
BLUE_HUE = (95, 140)
MIN_SATURATION = 60          # below: grey (toner, paper, noise), whatever the hue says
COLOUR_SHARE = 0.0005        # of the page's pixels: fewer coloured ones → nothing to separate
TONER_UNDER_SEAL = 0.55      # of the seal's local green level: darker pixels are toner under it
TONER_MAX_GREEN = 70         # and never lighter than this (0–255)
WINDOW_MM = 4.0              # the neighbourhood the seal's local shade is taken from


def colour_masks(bgr: Page) -> tuple[Page, Page]:
    """Boolean masks of red (seal) and blue (pen) ink."""
    hsv = cv2.cvtColor(bgr, cv2.COLOR_BGR2HSV)
    h, s = hsv[..., 0], hsv[..., 1]
    sat = s >= MIN_SATURATION
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
    green = bgr[..., 1].astype(np.float32)
    k = max(3, int(WINDOW_MM / 25.4 * dpi) | 1)
    redf = red.astype(np.float32)
    # the seal's own green level round each pixel: the mean over the red pixels nearby
    total = cv2.boxFilter(green * redf, -1, (k, k), normalize=False)
    count = cv2.boxFilter(redf, -1, (k, k), normalize=False)
    local = total / np.maximum(count, 1.0)
    toner = red & (green < TONER_UNDER_SEAL * local) & (green < TONER_MAX_GREEN)
    out = bgr.copy()
    out[(red & ~toner) | blue] = 255
    out[toner] = 0
    return out
