"""Text that may go into an official document.

Control characters (other than tab and newline) and lone surrogates cannot be written into
WordprocessingML and would be silently dropped or corrupt the file; they are refused, with the
field named, instead of being removed behind the user's back.
"""

from __future__ import annotations

import unicodedata

ALLOWED_CONTROLS = {"\t", "\n"}


def bad_characters(value: str) -> list[str]:
    """Return a readable list (``U+000B``) of the characters that cannot go into a document."""
    found: list[str] = []
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in ALLOWED_CONTROLS:
            continue
        if cat in ("Cc", "Cs") or ch in ("\ufffe", "\uffff"):
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


def normalise(value: str) -> str:
    """NFC-normalise, unify line ends and strip surrounding blanks (incl. the ideographic space)."""
    value = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value.strip(" \t\n\u3000")
