"""Money in figures and in Chinese capitals, with their parsers.

cn2an writes the capitals, but truncates beyond the fen (1.236 → 壹元贰角叁分) and writes no
人民币 prefix, so amounts are quantized with ``Decimal`` (half up) first and the prefix added here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import cn2an
from babel.numbers import format_currency, format_decimal, parse_decimal

FEN = Decimal("0.01")


def quantize(amount: Decimal) -> Decimal:
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def format_yuan(amount: Decimal) -> str:
    """¥10,000.00"""
    return format_currency(quantize(amount), "CNY", locale="zh_CN")


def parse_yuan(text: str) -> Decimal:
    return quantize(parse_decimal(text.replace("¥", "").replace("￥", "").strip(), locale="zh_CN"))


def format_capitals(amount: Decimal) -> str:
    """人民币壹万元整"""
    q = quantize(amount)
    if q < 0:
        raise ValueError("negative amounts have no capitals form here")
    return "人民币" + str(cn2an.an2cn(str(q), "rmb"))


CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def parse_capitals(text: str) -> Decimal:
    """人民币壹佰元零伍分 → 100.05. cn2an reads the yuan part but not 角/分 (it refuses them)."""
    body = text.strip().removeprefix("人民币").removesuffix("整").removesuffix("正")
    yuan, sep, rest = body.partition("元")
    if not sep:
        yuan, rest = "零", body
    total = Decimal(str(cn2an.cn2an(yuan, "strict"))) if yuan else Decimal(0)
    rest = rest.lstrip("零")
    for unit, value in (("角", Decimal("0.1")), ("分", Decimal("0.01"))):
        digit, found, rest = rest.partition(unit)
        if found:
            total += CAPITAL_DIGITS.index(digit.lstrip("零")) * value
        else:
            rest = digit
        rest = rest.lstrip("零")
    if rest:
        raise ValueError(f"not an amount in capitals: {text!r}")
    return quantize(total)


def format_wan(amount: Decimal | None) -> str:
    """An amount in 万元 as forms print it: 12.5 → 12.50; None → empty."""
    if amount is None:
        return ""
    return format_decimal(quantize(amount), format="#,##0.00", locale="zh_CN")
