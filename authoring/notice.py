"""Writes doc_templates/notice.docx — 整改通知书 (第十二条), a 公文 by GB/T 9704-2012.

The body lists exactly the failed haves of the inspection record: the headings number them
（一）（二）… with ``"一二三四五"[loop.index0]`` (at most five haves can fail).
"""

from __future__ import annotations

from pathlib import Path

from authoring import slim
from authoring.gongwen import (
    MEASURES,
    addressee,
    body,
    ending,
    heading,
    new_gongwen,
    page_numbers,
    qr_headers,
    tag,
    title,
    version_head,
)
from forms.common import ISSUER

FAILED = "{% for r in inspection.results %}{% if not r.met %}“{{ r.have }}”{% endif %}{% endfor %}"
EACH_FAILED = "{%p for r in inspection.results if not r.met %}"
CN = '"一二三四五"[loop.index0]'


def build(target: Path) -> None:
    doc = new_gongwen()
    qr_headers(doc)
    page_numbers(doc)
    version_head(doc, f"{ISSUER}文件", "{{ number }}")
    title(doc, "关于{{ studio.name }}", "限期整改的通知")
    addressee(doc, "{{ studio.sector_union }}：")
    body(doc, f"根据{MEASURES}（以下简称《办法》）第十二条规定，区总工会于"
              "{{ inspection.date|date_zh }}对你会所属{{ studio.host_unit }}的"
              "{{ studio.name }}（以下简称工作室）进行了实地走访检查。经检查，工作室"
              f"{FAILED}不符合《办法》第三条规定的“五个有”标准。现将限期整改有关事项通知如下：")

    heading(doc, 1, "一、检查发现的问题")
    tag(doc, EACH_FAILED)
    heading(doc, 2, f"（{{{{ {CN} }}}}）“{{{{ r.have }}}}”方面")
    body(doc, "{{ r.finding|lines }}")
    tag(doc, "{%p endfor %}")

    heading(doc, 1, "二、整改要求")
    heading(doc, 2, "（一）整改内容")
    tag(doc, EACH_FAILED)
    body(doc, "{{ loop.index }}.“{{ r.have }}”：{{ r.requirement|lines }}")
    tag(doc, "{%p endfor %}")
    heading(doc, 2, "（二）整改期限")
    body(doc, "请你会督促{{ studio.host_unit }}工会指导工作室对照上述要求认真整改，"
              "于{{ deadline|date_zh }}前完成。")
    heading(doc, 2, "（三）整改报告")
    body(doc, "整改完成后，请你会会同所在单位工会对整改情况进行核查，并于整改期限届满前将"
              "书面整改报告报送区总工会。整改报告应包括以下内容：")
    body(doc, "（1）针对检查发现的问题逐项采取的整改措施及成效；")
    body(doc, "（2）工作室创建活动、创新成果、成员发展和经费使用台账的更新情况；")
    body(doc, "（3）所在单位工会的核查评估意见。")

    heading(doc, 1, "三、逾期处理")
    body(doc, "工作室逾期仍不能有效整改的，区总工会将根据《办法》第十二条规定对其做撤牌处理，"
              "不再保留其工作室称号。")
    body(doc, "特此通知。", keep=True)
    ending(doc)
    slim.save(doc, target)
