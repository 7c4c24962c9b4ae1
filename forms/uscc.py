"""统一社会信用代码 (unified social credit code), GB 32100-2015.

18 characters: registration authority (1), organisation kind (1), administrative division (6),
organisation code (9, with its own GB 11714 check character) and a check character (1) computed
modulo 31 over an alphabet without I, O, Z, S, V. No maintained PyPI package validates it, so the
check is written here from the standard.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character for the given first 17 (which must use the GB 32100 alphabet)."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(code: str) -> tuple[str, str] | None:
    """None when ``code`` is valid, else a (zh, en) explanation."""
    if len(code) != 18:
        return (f"应为18位，实为{len(code)}位", f"must be 18 characters, got {len(code)}")
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return (
            f"含有不允许的字符：{'、'.join(bad)}（不使用 I、O、Z、S、V）",
            f"contains characters not allowed: {', '.join(bad)} (I, O, Z, S, V are not used)",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        return (
            f"校验码错误：第18位应为 {expected}",
            f"wrong check character: the 18th should be {expected}",
        )
    return None
