"""The studio name of 第八条: leader's name + research direction + category word + 创新工作室."""

from __future__ import annotations

SUFFIX = "创新工作室"


def compose_name(leader: str, direction: str, category: str) -> str:
    """张三 + 数控加工 + 劳模 → 张三数控加工劳模创新工作室"""
    return f"{leader.strip()}{direction.strip()}{category}{SUFFIX}"
