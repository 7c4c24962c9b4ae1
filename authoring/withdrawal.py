"""Writes doc_templates/withdrawal.docx — 撤牌决定 (第十二条), a 公文 like the notice."""

from __future__ import annotations

from pathlib import Path

from authoring import slim
from authoring.gongwen import (
    MEASURES,
    addressee,
    body,
    ending,
    new_gongwen,
    page_numbers,
    qr_headers,
    title,
    version_head,
)
from forms.common import ISSUER


def build(target: Path) -> None:
    doc = new_gongwen()
    qr_headers(doc)
    page_numbers(doc)
    version_head(doc, f"{ISSUER}文件", "{{ number }}")
    title(doc, "关于对{{ studio.name }}", "作撤牌处理的决定")
    addressee(doc, "{{ studio.sector_union }}：")
    body(doc, "{{ notice.date|date_zh }}，区总工会印发《关于{{ studio.name }}限期整改的通知》"
              "（{{ notice.number }}），要求你会督促所属{{ studio.host_unit }}的"
              "{{ studio.name }}（以下简称工作室）针对实地走访检查发现的问题认真整改，"
              "于{{ notice.deadline|date_zh }}前完成。")
    body(doc, "整改期限届满后，区总工会于{{ recheck.date|date_zh }}对工作室进行了复查。"
              "经复查，{{ recheck.finding|lines }}工作室逾期仍未有效整改，"
              "{% for h in recheck.unmet %}“{{ h }}”{% endfor %}仍不符合"
              f"{MEASURES}（以下简称《办法》）第三条规定的“五个有”标准。")
    body(doc, "根据《办法》第十二条规定，经区总工会研究，决定对工作室作撤牌处理，"
              "不再保留“{{ studio.name }}”称号。")
    body(doc, "请你会接到本决定后及时通知{{ studio.host_unit }}，自本决定印发之日起摘除"
              "工作室牌匾，停止以工作室名义开展活动，并指导所在单位工会将工作室有关台账整理归档。")
    body(doc, "特此决定。", keep=True)
    ending(doc)
    slim.save(doc, target)
