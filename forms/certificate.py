"""命名证书 — the naming certificate (第七条, 第八条) and the plaque text (牌匾) of its record.

After the chair's office meeting approves (审定) a studio, the district union names it and hands
over a numbered certificate and a plaque (挂牌命名, 第七条). The studio's name is composed by
第八条 (leader's name + research direction + 劳模/先进/技师 + 创新工作室); the leader, the
direction and the category are kept so that the name can be checked, and the certificate refuses
a name that does not match. Rules citing articles live in :mod:`forms.certificate_rules`.
"""

from __future__ import annotations

import datetime as dt

from forms.common import Category, Record
from forms.fields import Required, fld
from forms.ids import new_record_id
from forms.numbers import EXAMPLE, verify_url
from forms.slots import PageSlot

KIND = "certificate"
PLAQUE_KIND = "plaque"
VERSION = 1
TITLE_ZH = "创新工作室命名证书"
TITLE_EN = "Naming certificate of an innovation studio"
PLAQUE_TITLE_ZH = "创新工作室牌匾制作单"
PLAQUE_TITLE_EN = "Plaque text of an innovation studio (for the sign maker)"

# A name longer than this no longer fits the certificate's one name line at its size.
NAME_MAX = 34


class Certificate(Record):
    record_id: str = fld("记录编号", "Record id", default_factory=new_record_id, max_length=40,
                         pattern=r"^[A-Za-z0-9_-]+$", in_template=False)
    number: Required = fld("证书编号", "Certificate number", article="第七条", max_length=30,
                           help_zh=f"如 {EXAMPLE}，每年从001起编号",
                           help_en=f"e.g. {EXAMPLE}; numbered from 001 each year")
    studio_name: Required = fld("工作室名称", "Studio name", article="第八条", max_length=NAME_MAX,
                                help_zh="由带头人姓名、攻关方向、劳模（先进、技师）、创新工作室构成",
                                help_en="leader's name + direction + category word + 创新工作室")
    leader: Required = fld("带头人", "Leader", article="第八条", max_length=20)
    # Kept to check the name by 第八条; the certificate prints the composed name only.
    direction: Required = fld("攻关方向", "Research direction", article="第八条", max_length=20,
                              in_template=False)
    category: Category = fld("类别", "Category", article="第八条", widget="radio",
                             in_template=False)
    host_unit: Required = fld("所在单位", "Host unit", max_length=40)
    date: dt.date = fld("命名日期", "Date of naming", article="第七条",
                        help_zh="区总工会主席办公会议审定后的发证日期",
                        help_en="the date of issue after the chair's office meeting approved")


# Where the verification QR code prints (A4 landscape): above the certificate number at the
# foot of the page, left of the issuer (authoring/certificate.py leaves the room free).
VERIFY_QR_SLOT = PageSlot(x_mm=33.0, y_mm=159.5, size_mm=22.0)


def verify_payload(record: Certificate) -> str:
    """What the certificate's verification QR code says."""
    return verify_url(record.number)
