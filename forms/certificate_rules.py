"""The rules for a naming certificate (and its plaque), each citing its article."""

from __future__ import annotations

from collections.abc import Iterable

from forms.certificate import Certificate
from forms.errors import Issue
from forms.naming import compose_name
from forms.numbers import RULE_EN, RULE_ZH, parse_cert_number


def studio_name(cert: Certificate) -> Iterable[Issue]:
    """第八条: the name is leader + direction + category word + 创新工作室."""
    expected = compose_name(cert.leader, cert.direction, cert.category)
    if cert.studio_name != expected:
        yield Issue(
            "studio_name",
            f"工作室名称应由带头人姓名、攻关方向、类别和“创新工作室”构成，应为“{expected}”",
            f"the name must be leader + direction + category + 创新工作室: “{expected}”",
            "第八条",
        )


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
