"""证书编号 — the naming certificate's number, its parser and its verification address.

The district union numbers the certificates of each year from 1: ``杨工创〔2026〕第001号`` (the
union's code 杨工创, the year in hexagonal brackets 〔〕 U+3014/U+3015, then 第, the serial in at
least three digits, 号). Unlike a 发文字号 (GB/T 9704, see :mod:`forms.docnumber`) a certificate
number keeps 第 and pads the serial, as printed certificates do. That numbers are unique within a
year is the registry's job.

The certificate's QR code carries ``{base}/verify/{number, URL-quoted}``; ``base`` is the
environment variable ``STUDIO_PUBLIC_URL`` (default ``http://127.0.0.1:5000``), the address at
which the web app answers.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

PREFIX = "杨工创"
PATTERN = re.compile(r"^(\S+?)〔(\d{4})〕第(\d{3,})号$")
EXAMPLE = "杨工创〔2026〕第001号"
RULE_ZH = f"证书编号应为“机关代字〔年份〕第三位序号号”，如 {EXAMPLE}"
RULE_EN = f"a certificate number reads code〔year〕第 serial (3 digits) 号, e.g. {EXAMPLE}"

PUBLIC_URL_ENV = "STUDIO_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:5000"
VERIFY_PATH = "/verify/"


@dataclass(frozen=True)
class CertNumber:
    prefix: str
    year: int
    serial: int


def format_cert_number(year: int, serial: int, prefix: str = PREFIX) -> str:
    """2026, 1 → 杨工创〔2026〕第001号"""
    if not 1000 <= year <= 9999:
        raise ValueError(f"the year must have four digits: {year}")
    if serial < 1:
        raise ValueError(f"the serial number starts at 1: {serial}")
    if not prefix or any(c.isspace() or c in "〔〕" for c in prefix):
        raise ValueError(f"not a code for a certificate number: {prefix!r}")
    return f"{prefix}〔{year}〕第{serial:03d}号"


def parse_cert_number(text: str) -> CertNumber:
    """杨工创〔2026〕第001号 → CertNumber('杨工创', 2026, 1); anything else raises ValueError."""
    m = PATTERN.match(text)
    if not m or (len(m[3]) > 3 and m[3].startswith("0")) or int(m[3]) < 1:
        raise ValueError(f"not a certificate number like {EXAMPLE}: {text!r}")
    return CertNumber(m[1], int(m[2]), int(m[3]))


def is_cert_number(text: str) -> bool:
    try:
        parse_cert_number(text)
    except ValueError:
        return False
    return True


def public_url() -> str:
    """The web app's public address (no trailing slash)."""
    return (os.environ.get(PUBLIC_URL_ENV) or DEFAULT_PUBLIC_URL).rstrip("/")


def verify_url(number: str, base: str | None = None) -> str:
    """杨工创〔2026〕第001号 → http://127.0.0.1:5000/verify/%E6%9D%A8…%E5%8F%B7"""
    return f"{(base or public_url()).rstrip('/')}{VERIFY_PATH}{quote(number, safe='')}"


def number_from_verify_url(url: str) -> str:
    """The certificate number a verification address names (the inverse of ``verify_url``)."""
    path = urlsplit(url.strip()).path
    _, sep, tail = path.rpartition(VERIFY_PATH)
    if not sep or not tail or "/" in tail:
        raise ValueError(f"not a certificate verification address: {url!r}")
    return unquote(tail)
