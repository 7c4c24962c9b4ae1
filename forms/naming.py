"""The studio name of 第八条: leader's name + research direction + category word + 创新工作室."""

from __future__ import annotations

from forms.errors import Issue

SUFFIX = "创新工作室"


def compose_name(leader: str, direction: str, category: str) -> str:
    """张三 + 数控加工 + 劳模 → 张三数控加工劳模创新工作室"""
    return f"{leader.strip()}{direction.strip()}{category}{SUFFIX}"


def name_issue(path: str, name: str, leader: str, direction: str, category: str) -> Issue | None:
    """第八条: the issue for a studio name not composed from its elements, naming the right one."""
    expected = compose_name(leader, direction, category)
    if name == expected:
        return None
    return Issue(
        path,
        f"工作室名称应由带头人姓名、攻关方向、类别和“创新工作室”构成，应为“{expected}”",
        f"the name must be leader + direction + category + 创新工作室: “{expected}”",
        "第八条",
    )
