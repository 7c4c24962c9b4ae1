"""Prose documents back into records by their printed wording: the naming certificate
(命名证书), the rectification notice (整改通知书) and the withdrawal decision (撤牌决定).

Each reader looks for the sentences the template prints (authoring/certificate.py, notice.py,
withdrawal.py) around each value, and reads the value with the parser paired with the format
that wrote it (forms.dates, forms.numbers, forms.docnumber). The wording is matched tolerantly:
a line break may fall anywhere, and OCR's half-width punctuation counts as the full-width one.
A value printed in more than one place (the studio's name, its host unit) is compared; if the
places disagree, the reading is flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forms.common import ISSUER
from forms.dates import parse_date_cn, parse_date_zh
from forms.docnumber import is_doc_number, normalise_doc_number
from forms.errors import Issue
from forms.five_haves import HAVES
from forms.naming import SUFFIX
from forms.numbers import is_cert_number
from parsers.prose_text import ProseText
from parsers.result import FieldReading

PUNCT = {"：": "[：:]", "，": "[，,]", "；": "[；;]", "（": "[（(]", "）": "[）)]",
         "“": "[“”\"]", "”": "[“”\"]", "。": "[。.]", "、": "[、,，]", "《": "[《<]",
         "》": "[》>]", "〔": "[〔\\[（(【]", "〕": "[〕\\]）)】]"}
DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
CN_DATE = (r"[〇零○一二三四五六七八九]{3,4}年[一二三四五六七八九十]{1,3}月"
           r"[一二三四五六七八九十]{1,3}日")
QUOTED = r"(?:[“\"][^”“\"\n]{2,12}[”\"]\n?)+"
UNSURE = 0.6
DISAGREE_NOTE = "文中多处写法不一致，请核对 / printed differently in different places: please check"
FORMAT_NOTE = "格式不符，请核对 / not in the expected form: please check"
SPLIT_NOTE = ("所在单位与带头人姓名的分界不确定 / cannot tell for sure where the host unit ends "
              "and the leader's name begins")
SHORT_YEAR_NOTE = "年份可能漏识〇 / a 〇 may be missing from a year"


def lit(words: str) -> str:
    """A regex for printed wording: a line break may fall between any two characters."""
    return r"\n?".join(PUNCT.get(c, re.escape(c)) for c in words)


def one_line(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Reading:
    prose: ProseText
    fields: dict[str, FieldReading] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    def find(self, pattern: str, what_zh: str, what_en: str, path: str,
             start: int = 0) -> re.Match[str] | None:
        m = re.compile(pattern, re.S).search(self.prose.text, start)
        if m is None:
            self.issues.append(Issue(path, f"未找到“{what_zh}”的印刷文字，请人工录入",
                                     f"the printed wording of {what_en} was not found; please "
                                     "enter it by hand", severity="warning"))
        return m

    def put(self, path: str, value: Any, m: re.Match[str] | None, group: str | int, *,
            text: str | None = None, confidence: float = 1.0, note: str = "",
            joins: bool = True) -> None:
        """``joins=False``: a value whose parser fixes its form (dates, numbers, the haves)
        does not depend on whether a blank was lost at a line wrap."""
        if m is None:
            return
        start, end = m.span(group)
        blocks, conf, block_note = self.prose.where(start, end, joins)
        if conf < confidence:
            confidence, note = conf, note or block_note
        first = blocks[0] if blocks else None
        self.fields[path] = FieldReading(
            path, value, m[group] if text is None else text, confidence,
            first.page if first else None, first.box if first else None, note)

    def text(self, path: str, m: re.Match[str] | None, group: str, *,
             multiline: bool = False) -> str | None:
        if m is None:
            return None
        raw = m[group].strip("\n ")
        value = raw if multiline else one_line(raw)
        self.put(path, value, m, group)
        return value

    def date(self, path: str, m: re.Match[str] | None, group: str,
             parse: Callable[[str], dt.date] = parse_date_zh) -> None:
        if m is None:
            return
        raw = one_line(m[group])
        try:
            self.put(path, parse(raw), m, group, text=raw, joins=False)
        except ValueError:
            self.put(path, None, m, group, text=raw, confidence=0.0, note=FORMAT_NOTE)

    def agree(self, path: str, *others: str | None) -> None:
        """The value at ``path`` is printed again elsewhere: flag it if a copy differs."""
        reading = self.fields.get(path)
        if reading is None:
            return
        if any(o is not None and o != reading.value for o in others):
            reading.confidence = min(reading.confidence, UNSURE)
            reading.note = DISAGREE_NOTE

    def doc_number(self, path: str, m: re.Match[str] | None, group: str) -> None:
        if m is None:
            return
        value = normalise_doc_number(m[group])
        ok = is_doc_number(value)
        self.put(path, value, m, group, confidence=1.0 if ok else UNSURE,
                 note="" if ok else FORMAT_NOTE, joins=False)


# --- 命名证书 ---------------------------------------------------------------------------------

CATEGORIES = ("劳模", "先进", "技师")


def split_leader(head: str, name: str) -> list[int]:
    """Lengths k for which ``head`` (host unit + leader) ends with the first k characters of
    the studio's name (leader + direction + category + 创新工作室, 第八条)."""
    rest = len(name) - len(SUFFIX) - 2
    return [k for k in range(1, min(len(head), rest)) if head.endswith(name[:k])]


def read_certificate(prose: ProseText) -> Reading:
    r = Reading(prose)
    head = r.find(r"(?:^|\n)(?P<head>[^\n]+)" + lit("同志领衔的创新工作室"),
                  "所在单位、带头人", "the host unit and leader", "leader")
    name_m = r.find(lit("命名为") + r"\n?[“\"](?P<name>[^”\"]+)[”\"]",
                    "工作室名称", "the studio's name", "studio_name")
    name = r.text("studio_name", name_m, "name")
    number_m = r.find(lit("证书编号：") + r"\s*(?P<number>\S+?号)", "证书编号",
                      "the certificate number", "number")
    if number_m is not None:
        number = normalise_doc_number(number_m["number"])
        ok = is_cert_number(number)
        r.put("number", number, number_m, "number", confidence=1.0 if ok else UNSURE,
              note="" if ok else FORMAT_NOTE)
    date_m = r.find(lit(ISSUER) + r"\s*(?P<date>" + CN_DATE + ")", "命名日期",
                    "the date of naming", "date")
    if date_m is None:
        date_m = re.compile(f"(?P<date>{CN_DATE})").search(prose.text)
    _cn_date(r, date_m)
    if head is None or name is None:
        return r
    both = one_line(head["head"])
    category = next((c for c in CATEGORIES if name.endswith(c + SUFFIX)), None)
    cuts = split_leader(both, name)
    if category is None or not cuts:
        r.issues.append(Issue("studio_name", "工作室名称不是“带头人姓名＋攻关方向＋类别＋"
                              "创新工作室”，无法分出带头人和攻关方向",
                              "the name is not leader + direction + "
                              "category + 创新工作室: leader and direction cannot be told apart",
                              "第八条", "warning"))
        if "studio_name" in r.fields:
            r.fields["studio_name"].confidence = UNSURE
        return r
    k = max(cuts)
    note = SPLIT_NOTE if len(cuts) > 1 else ""
    conf = UNSURE if note else 1.0
    r.put("host_unit", both[:-k], head, "head", text=both, confidence=conf, note=note)
    r.put("leader", name[:k], head, "head", text=both, confidence=conf, note=note)
    r.put("direction", name[k:-len(category + SUFFIX)], name_m, "name", text=name,
          confidence=conf, note=note)
    r.put("category", category, name_m, "name", text=name)
    return r


def _cn_date(r: Reading, m: re.Match[str] | None) -> None:
    if m is None:
        return
    raw = one_line(m["date"]).replace("○", "〇")
    year = raw.partition("年")[0]
    if len(year) == 3:   # OCR dropped a 〇 (二〇二六 read as 二二六): guess, and flag it
        guesses = [year[:i] + "〇" + year[i:] for i in range(4)]
        good = [g for g in guesses if 1990 <= _cn_year(g) <= 2100]
        if good:
            try:
                value = parse_date_cn(good[0] + raw[len(year):])
            except ValueError:
                value = None
            r.put("date", value, m, "date", text=raw, confidence=0.5, note=SHORT_YEAR_NOTE)
            return
    r.date("date", m, "date", parse_date_cn)


def _cn_year(text: str) -> int:
    digits = "〇一二三四五六七八九"
    return int("".join(str(digits.index("〇" if c == "零" else c)) for c in text))


# --- 公文: what the notice and the decision share ----------------------------------------------

def read_gongwen(r: Reading, title_head: str, title_tail: str, closing: str) -> None:
    """版头 (number), title and addressee, the issuer's date, contact, 抄送 and 印发. Returns the
    studio's name as the title prints it."""
    number = re.compile(lit(f"{ISSUER}文件") + r"\s*(?P<n>[^\n]+)", re.S).search(r.prose.text)
    if number is None:   # OCR may miss the large red mark: the number stands on its own line
        number = r.find(r"(?:^|\n)(?P<n>[^\n]{1,12}[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*\d+\s*号)\n",
                        "发文字号", "the document number", "number")
    r.doc_number("number", number, "n")
    title = r.find(lit(title_head) + r"(?P<name>[^\n]+?)\n?" + lit(title_tail)
                   + r"\n(?P<to>[^\n]+?)[：:]\n", "标题和主送机关", "the title and addressee",
                   "studio.name")
    r.text("studio.name", title, "name")
    r.text("studio.sector_union", title, "to")
    end = r.find(lit(closing) + r"\n?" + lit(ISSUER) + r"\n?(?P<date>" + DATE + ")", "成文日期",
                 "the date of issue", "date")
    r.date("date", end, "date")
    contact = re.compile(lit("（联系人：") + r"(?P<name>[^\n]*?)" + lit("；联系电话：")
                         + r"(?P<phone>[^\n]*?)" + lit("）"), re.S).search(r.prose.text)
    if contact is not None:
        r.text("contact.name", contact, "name")
        r.text("contact.phone", contact, "phone")
    else:   # the line is printed only when there is a contact
        for path in ("contact.name", "contact.phone"):
            r.fields[path] = FieldReading(path, "", "", 1.0)
    cc = r.find(lit("抄送：") + r"(?P<cc>[^\n]+?)[。.]?\n", "抄送机关", "the copied union",
                "studio.unit_union")
    r.text("studio.unit_union", cc, "cc")
    printed = r.find(r"\n(?P<printer>[^\n]+?)\s*(?P<date>" + DATE + ")" + lit("印发"),
                     "印发机关和印发日期", "the printing office and date", "printer")
    r.text("printer", printed, "printer")
    r.date("printed_on", printed, "date")


def haves(text: str) -> list[str]:
    return [h for h in re.findall(r"[“\"]([^”“\"\n]+)[”\"]", text.replace("\n", ""))]


# --- 整改通知书 -------------------------------------------------------------------------------

def read_notice(prose: ProseText) -> Reading:
    r = Reading(prose)
    read_gongwen(r, "关于", "限期整改的通知", "特此通知。")
    body = r.find(lit("区总工会于") + r"(?P<date>" + DATE + r")" + lit("对你会所属")
                  + r"(?P<host>.+?)" + lit("的") + r"(?P<name>[^\n]+?)" + lit("（以下简称工作室）")
                  + r".*?" + lit("经检查，工作室") + r"(?P<failed>" + QUOTED + r")" + lit("不符合"),
                  "检查日期、所在单位和不符合的标准",
                  "the inspection date, host unit and failed haves", "inspection")
    r.date("inspection.date", body, "date")
    r.text("studio.host_unit", body, "host")
    if body is not None:
        r.agree("studio.name", one_line(body["name"]))
    failed = haves(body["failed"]) if body else []
    findings: dict[str, tuple[re.Match[str], str]] = {}
    for m in re.finditer(r"(?:^|\n)[（(][一二三四五][）)]\n?[“\"](?P<have>[^”\"\n]+)[”\"]\n?方面\n"
                         r"(?P<text>.*?)(?=\n[（(][一二三四五][）)]\n?[“\"][^”\"\n]+[”\"]\n?方面\n"
                         r"|\n二、\n?整改要求)", prose.text, re.S):
        findings[m["have"]] = (m, "text")
    requirements: dict[str, tuple[re.Match[str], str]] = {}
    for m in re.finditer(r"\n\d+[.．、]\n?[“\"](?P<have>[^”\"\n]+)[”\"]\n?[：:](?P<text>.*?)"
                         r"(?=\n\d+[.．、]\n?[“\"]|\n[（(]二[）)]\n?整改期限)", prose.text, re.S):
        requirements[m["have"]] = (m, "text")
    consistent = (set(failed) == set(findings) == set(requirements)
                  and len(failed) == len(set(failed)))
    for i, have in enumerate(HAVES):
        path = f"inspection.results.{i}"
        met = have not in failed
        conf, note = (1.0, "") if consistent else (UNSURE, DISAGREE_NOTE)
        r.fields[f"{path}.have"] = FieldReading(f"{path}.have", have, have, 1.0)
        if body is not None:
            r.put(f"{path}.met", met, body, "failed", confidence=conf, note=note, joins=False)
        for key, found in (("finding", findings), ("requirement", requirements)):
            if have in found:
                m, group = found[have]
                r.text(f"{path}.{key}", m, group, multiline=True)
            elif met:
                r.fields[f"{path}.{key}"] = FieldReading(f"{path}.{key}", "", "", conf, note=note)
    deadline = r.find(lit("（二）整改期限") + r".*?" + lit("于") + r"(?P<date>" + DATE + ")"
                      + lit("前完成"), "整改期限", "the deadline", "deadline")
    r.date("deadline", deadline, "date")
    urge = re.compile(lit("请你会督促") + r"(?P<host>[^\n]+?)" + lit("工会指导工作室"),
                      re.S).search(prose.text)
    r.agree("studio.host_unit", one_line(urge["host"]) if urge else None)
    return r


# --- 撤牌决定 ---------------------------------------------------------------------------------

def read_withdrawal(prose: ProseText) -> Reading:
    r = Reading(prose)
    read_gongwen(r, "关于对", "作撤牌处理的决定", "特此决定。")
    ref = r.find(r"(?P<date>" + DATE + r")" + lit("，区总工会印发《关于") + r"(?P<name>[^》]+?)"
                 + lit("限期整改的通知》（") + r"(?P<number>[^）)\n]+?)"
                 + lit("），要求你会督促所属")
                 + r"(?P<host>.+?)" + lit("的") + r"(?P<name2>[^\n]+?)" + lit("（以下简称工作室）")
                 + r".*?" + lit("于") + r"(?P<deadline>" + DATE + ")" + lit("前完成"),
                 "整改通知书的日期、文号和整改期限", "the notice's date, number and deadline",
                 "notice")
    r.date("notice.date", ref, "date")
    r.doc_number("notice.number", ref, "number")
    r.date("notice.deadline", ref, "deadline")
    r.text("studio.host_unit", ref, "host")
    recheck = r.find(lit("区总工会于") + r"(?P<date>" + DATE + ")"
                     + lit("对工作室进行了复查。经复查，")
                     + r"(?P<finding>.*)" + lit("工作室逾期仍未有效整改，")
                     + r"(?P<unmet>" + QUOTED + ")" + lit("仍不符合"),
                     "复查日期、复查情况和仍不符合的标准", "the re-inspection", "recheck")
    r.date("recheck.date", recheck, "date")
    r.text("recheck.finding", recheck, "finding", multiline=True)
    if recheck is not None:
        unmet = haves(recheck["unmet"])
        known = all(h in HAVES for h in unmet)
        r.put("recheck.unmet", unmet, recheck, "unmet", confidence=1.0 if known else UNSURE,
              note="" if known else FORMAT_NOTE, joins=False)
    again = re.compile(lit("不再保留“") + r"(?P<name>[^”\"]+)" + lit("”称号"), re.S).search(
        prose.text)
    tell = re.compile(lit("及时通知") + r"(?P<host>[^\n]+?)" + lit("，自本决定印发之日起"),
                      re.S).search(prose.text)
    r.agree("studio.name", *(one_line(m[g]) if m else None
                             for m, g in ((ref, "name"), (ref, "name2"), (again, "name"))))
    r.agree("studio.host_unit", one_line(tell["host"]) if tell else None)
    return r


READERS: dict[str, Callable[[ProseText], Reading]] = {
    "certificate": read_certificate,
    "notice": read_notice,
    "withdrawal": read_withdrawal,
}


def kind_by_wording(text: str) -> str | None:
    """The kind a prose document's wording shows (the decision quotes the notice's title, so it
    is asked first)."""
    flat = one_line(text)
    if "作撤牌处理的决定" in flat:
        return "withdrawal"
    if "限期整改的通知" in flat:
        return "notice"
    if "同志领衔的创新工作室" in flat and "命名为" in flat:
        return "certificate"
    return None
