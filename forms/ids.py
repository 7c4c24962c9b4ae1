"""Identifiers: record ids carried in every page's QR code, and their encoding."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

QR_PREFIX = "YPSTUDIO"
_QR = re.compile(rf"^{QR_PREFIX}\|([a-z_]+)\|v(\d+)\|([A-Za-z0-9_-]+)(?:\|p(\d+))?$")


def new_record_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True)
class DocRef:
    """What a page's QR code says: document kind, schema version, record id (and page)."""

    kind: str
    version: int
    record_id: str
    page: int | None = None

    def encode(self) -> str:
        tail = f"|p{self.page}" if self.page is not None else ""
        return f"{QR_PREFIX}|{self.kind}|v{self.version}|{self.record_id}{tail}"

    @classmethod
    def decode(cls, text: str) -> DocRef:
        m = _QR.match(text.strip())
        if not m:
            raise ValueError(f"not a studio-docs QR payload: {text!r}")
        return cls(m[1], int(m[2]), m[3], int(m[4]) if m[4] else None)
