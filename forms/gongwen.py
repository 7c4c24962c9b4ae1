"""What every official document (公文, GB/T 9704-2012) of the district union carries.

The rectification notice and the withdrawal decision are both 公文 from 上海市杨浦区总工会 to
the studio's sector union (主送机关, 第十二条), copied to the studio's unit union (抄送机关).
:class:`Gongwen` holds the parts of the 版头 and 版记 (number, dates, issuing office); each kind
adds its body. :data:`RULES` are the checks every 公文 shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator

from forms.common import Record
from forms.docnumber import RULE_EN, RULE_ZH, STANDARD, is_doc_number, normalise_doc_number
from forms.errors import Issue
from forms.fields import Required, Text, fld
from forms.ids import new_record_id

# 发文字号 as typed: brackets around the year are normalised to 〔〕; the form is checked by
# :func:`doc_number`, which cites GB/T 9704.
DocNumberText = Annotated[Required, AfterValidator(normalise_doc_number)]

PRINTER = "上海市杨浦区总工会办公室"


class StudioParty(Record):
    """The studio the document concerns and the unions it goes to."""

    name: Required = fld("工作室名称", "Studio name", article="第八条", max_length=60)
    host_unit: Required = fld("所在单位", "Host unit", max_length=60)
    sector_union: Required = fld("所属行业、街镇、直属工会（主送机关）",
                                 "Sector union (addressee)", article="第十二条", max_length=60)
    unit_union: Required = fld("单位工会（抄送机关）", "Unit union (copied)", article="第十二条",
                               max_length=60)


class Contact(Record):
    name: Text = fld("联系人", "Contact person", "", max_length=20)
    phone: Text = fld("联系电话", "Telephone", "", max_length=30)


class Gongwen(Record):
    """版头 and 版记 of a 公文 of the district union."""

    record_id: str = fld("记录编号", "Record id", default_factory=new_record_id, max_length=40,
                         pattern=r"^[A-Za-z0-9_-]+$", in_template=False)
    number: DocNumberText = fld("发文字号", "Document number", max_length=30,
                                help_zh="如 杨工〔2026〕12号", help_en="e.g. 杨工〔2026〕12号")
    date: dt.date = fld("成文日期", "Date of issue")
    printed_on: dt.date | None = fld("印发日期", "Date printed", None,
                                     help_zh="不填则同成文日期",
                                     help_en="the date of issue when left empty")
    printer: Required = fld("印发机关", "Printing office", PRINTER, max_length=40)
    studio: StudioParty = fld("工作室", "Studio")
    contact: Contact = fld("联系人", "Contact", default_factory=Contact)


def doc_number_issue(path: str, value: str) -> Iterable[Issue]:
    if not is_doc_number(value):
        yield Issue(path, f"{RULE_ZH}（现为“{value}”）", f"{RULE_EN} (given: {value!r})",
                    STANDARD)


def doc_number(doc: Gongwen) -> Iterable[Issue]:
    """GB/T 9704 §7.2.4: 杨工〔2026〕12号; the year is normally the year of issue."""
    yield from doc_number_issue("number", doc.number)
    year = doc.number.partition("〔")[2][:4]
    if is_doc_number(doc.number) and year != str(doc.date.year):
        yield Issue("number", f"发文字号的年份〔{year}〕与成文日期的年份{doc.date.year}不一致",
                    f"the year in the number ({year}) is not the year of issue "
                    f"({doc.date.year})", STANDARD, "warning")


def printing_date(doc: Gongwen) -> Iterable[Issue]:
    """GB/T 9704 §7.4.3: a document is printed on or after the day it is issued."""
    if doc.printed_on is not None and doc.printed_on < doc.date:
        yield Issue("printed_on", "印发日期不能早于成文日期",
                    "the date printed cannot be before the date of issue",
                    "GB/T 9704-2012 7.4.3")


RULES = (doc_number, printing_date)
