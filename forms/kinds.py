"""The registry of document kinds: schema, rules, template, version and titles."""

from __future__ import annotations

from collections.abc import Callable as Callable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from forms import application, application_rules
from forms import certificate as certificate
from forms import certificate_rules as certificate_rules
from forms import funding as funding
from forms import funding_rules as funding_rules
from forms import notice as notice
from forms import notice_rules as notice_rules
from forms import self_inspection as self_inspection
from forms import self_inspection_rules as self_inspection_rules
from forms import withdrawal as withdrawal
from forms import withdrawal_rules as withdrawal_rules
from forms.errors import CheckResult, Issue, PaperworkError
from forms.slots import PageSlot
from forms.validation import Rule, check


@dataclass(frozen=True)
class ExtraQR:
    """A QR code a template prints besides the page's DocRef ``qr`` (the certificate's
    verification address is one): its context name, its payload built from the record and, if
    it is anchored to the page, its slot."""

    name: str
    payload: Callable[[Any], str]
    slot: PageSlot | None = None


@dataclass(frozen=True)
class DocKind:
    name: str
    model: type[BaseModel]
    rules: tuple[Rule, ...]
    template: str
    version: int
    title_zh: str
    title_en: str
    extra_qr: tuple[ExtraQR, ...] = ()

    @property
    def context_names(self) -> tuple[str, ...]:
        """The names the renderer adds to this kind's context beyond ``qr``/``doc_title``."""
        return tuple(qr.name for qr in self.extra_qr)

    def check(self, data: Mapping[str, Any]) -> tuple[BaseModel | None, CheckResult]:
        """Check a record; a record file may name its kind (``"kind": "notice"``)."""
        named = data.get("kind")
        if named is not None and named != self.name:
            return None, CheckResult([Issue(
                "kind", f"这是“{named}”的记录，不是{self.title_zh}",
                f"this is a record of kind {named!r}, not {self.name!r}")])
        return check(self.model, {k: v for k, v in data.items() if k != "kind"}, self.rules)

    def json_schema(self) -> dict[str, Any]:
        schema = self.model.model_json_schema()
        schema["x-kind"] = self.name
        schema["x-version"] = self.version
        return schema


KINDS: dict[str, DocKind] = {
    "application": DocKind(application.KIND, application.Application, application_rules.RULES,
                           "application.docx", application.VERSION, application.TITLE_ZH,
                           application.TITLE_EN),
    "notice": DocKind(notice.KIND, notice.Notice, notice_rules.RULES, "notice.docx",
                      notice.VERSION, notice.TITLE_ZH, notice.TITLE_EN),
    "withdrawal": DocKind(withdrawal.KIND, withdrawal.Withdrawal, withdrawal_rules.RULES,
                          "withdrawal.docx", withdrawal.VERSION, withdrawal.TITLE_ZH,
                          withdrawal.TITLE_EN),
    "certificate": DocKind(certificate.KIND, certificate.Certificate, certificate_rules.RULES,
                           "certificate.docx", certificate.VERSION, certificate.TITLE_ZH,
                           certificate.TITLE_EN,
                           extra_qr=(ExtraQR("verify_qr", certificate.verify_payload,
                                                     certificate.VERIFY_QR_SLOT),)),
    "plaque": DocKind(certificate.PLAQUE_KIND, certificate.Certificate, certificate_rules.RULES,
                      "plaque.docx", certificate.VERSION, certificate.PLAQUE_TITLE_ZH,
                      certificate.PLAQUE_TITLE_EN),
    "funding": DocKind(funding.KIND, funding.Funding, funding_rules.RULES, "funding.docx",
                       funding.VERSION, funding.TITLE_ZH, funding.TITLE_EN),
    "self_inspection": DocKind(self_inspection.KIND, self_inspection.SelfInspection,
                               self_inspection_rules.RULES, "self_inspection.docx",
                               self_inspection.VERSION, self_inspection.TITLE_ZH,
                               self_inspection.TITLE_EN),
}


def get_kind(name: str) -> DocKind:
    try:
        return KINDS[name]
    except KeyError:
        raise PaperworkError(
            f"未知的文书类型“{name}”，可选：{'、'.join(KINDS)}",
            f"unknown document kind {name!r}; known: {', '.join(KINDS)}",
            path="kind",
        ) from None
