"""The rules for a naming certificate (and its plaque), each citing its article."""

from __future__ import annotations

from collections.abc import Iterable

from forms.certificate import Certificate
from forms.errors import Issue
from forms.naming import name_issue
from forms.numbers import RULE_EN, RULE_ZH, parse_cert_number


def studio_name(cert: Certificate) -> Iterable[Issue]:
    """第八条: the name is leader + direction + category word + 创新工作室."""
    issue = name_issue("studio_name", cert.studio_name, cert.leader, cert.direction,
                       cert.category)
    if issue:
        yield issue


def number(cert: Certificate) -> Iterable[Issue]:
    """The certificate number's form, and its year against the date of naming (第七条)."""
    try:
        parsed = parse_cert_number(cert.number)
    except ValueError:
        yield Issue("number", RULE_ZH, RULE_EN, "第七条")
        return
    if parsed.year != cert.date.year:
        yield Issue("number", f"证书编号的年份（{parsed.year}）应与命名日期的年份"
                    f"（{cert.date.year}）一致",
                    f"the number's year ({parsed.year}) must be the year of naming "
                    f"({cert.date.year})", "第七条")


RULES = (studio_name, number)
