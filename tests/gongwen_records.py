"""Records for the 公文 tests: the examples, tricky values, and bodies long enough to fill pages."""

from __future__ import annotations

import copy
from typing import Any

from tests.conftest import example_data

# Characters only (no punctuation, digits or Latin): every full line of it holds exactly 28.
FILLER = "检查组查阅了工作室创建活动台账和创新成果台账发现近两年记录不全"
TRICKY = "R&D 平台 A<B {{ 7*7 }}，成员周𠮷已调离"


def filler(n: int) -> str:
    return (FILLER * (n // len(FILLER) + 1))[:n]


def notice() -> dict[str, Any]:
    data = copy.deepcopy(example_data("notice"))
    data.pop("kind", None)
    return data


def notice_tricky() -> dict[str, Any]:
    data = notice()
    data["inspection"]["results"][1]["finding"] = TRICKY
    data["inspection"]["results"].reverse()  # entered in any order, printed in 第三条's
    return data


def notice_long() -> dict[str, Any]:
    """Page 2 holds nothing but body text."""
    data = notice()
    results = data["inspection"]["results"]
    results[1]["finding"] = filler(490)
    results[1]["requirement"] = filler(490)
    results[3]["finding"] = filler(490)
    return data


def withdrawal() -> dict[str, Any]:
    data = copy.deepcopy(example_data("withdrawal"))
    data.pop("kind", None)
    return data


def withdrawal_long() -> dict[str, Any]:
    data = withdrawal()
    data["recheck"]["finding"] = filler(990)
    return data
