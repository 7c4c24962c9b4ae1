"""The “five haves” standard of 第三条 (五个有): names, in the order the article lists them.

The value stored in a record is the Chinese name; the English gloss is for messages.
"""

from __future__ import annotations

from typing import Literal

Have = Literal["有创新带头人", "有创新团队", "有攻关项目及工作计划", "有创新成果", "有场所和制度"]

HAVES: tuple[Have, ...] = ("有创新带头人", "有创新团队", "有攻关项目及工作计划", "有创新成果",
                           "有场所和制度")

HAVES_EN: dict[str, str] = {
    "有创新带头人": "an innovation leader",
    "有创新团队": "an innovation team",
    "有攻关项目及工作计划": "projects and a work plan",
    "有创新成果": "achievements",
    "有场所和制度": "a site and team rules",
}
