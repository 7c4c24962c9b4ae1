"""QR codes (segno) for the pages of generated documents."""

from __future__ import annotations

import io

import segno


def qr_png(payload: str, scale: int = 4) -> io.BytesIO:
    """A PNG of ``payload`` with error correction M, quiet zone 2 modules."""
    buf = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    buf.seek(0)
    return buf
