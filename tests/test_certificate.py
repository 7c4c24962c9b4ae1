"""Certificate and plaque: numbers, verification address, rules, .docx, template agreement."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

import docx
import pytest

from forms.certificate import NAME_MAX
from forms.kinds import get_kind
from forms.numbers import (
    DEFAULT_PUBLIC_URL,
    CertNumber,
    format_cert_number,
    is_cert_number,
    number_from_verify_url,
    parse_cert_number,
    verify_url,
)
from generators.render import docx_bytes
from generators.template_check import used_paths
from tests.conftest import example_data, load_record
from tests.doccheck import Change, agreement_problems, issues_for, set_path

NUMBER = "杨工创〔2026〕第001号"


@pytest.mark.parametrize(("year", "serial", "text"), [
    (2026, 1, "杨工创〔2026〕第001号"),
    (2026, 12, "杨工创〔2026〕第012号"),
    (2027, 999, "杨工创〔2027〕第999号"),
    (2030, 1234, "杨工创〔2030〕第1234号"),
])
def test_certificate_number_format_and_parse(year: int, serial: int, text: str) -> None:
    assert format_cert_number(year, serial) == text
    assert parse_cert_number(text) == CertNumber("杨工创", year, serial)


@pytest.mark.parametrize("text", [
    "杨工创〔2026〕第1号",      # serial not padded to three digits
    "杨工创〔2026〕001号",      # no 第
    "杨工创[2026]第001号",      # ASCII brackets
    "杨工创（2026）第001号",    # full-width parentheses
    "杨工创〔26〕第001号",      # two-digit year
    "杨工创〔2026〕第000号",    # serials start at 1
    "杨工创〔2026〕第0001号",   # padded beyond three digits
    "杨工创〔2026〕第001号 ",   # trailing blank
    "〔2026〕第001号",          # no code
])
def test_malformed_certificate_numbers_refused(text: str) -> None:
    assert not is_cert_number(text)
    with pytest.raises(ValueError):
        parse_cert_number(text)


@pytest.mark.parametrize(("year", "serial"), [(26, 1), (2026, 0), (2026, -3)])
def test_format_refuses_impossible_numbers(year: int, serial: int) -> None:
    with pytest.raises(ValueError):
        format_cert_number(year, serial)


def test_verify_url_default_base_and_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STUDIO_PUBLIC_URL", raising=False)
    url = verify_url(NUMBER)
    assert url.startswith(f"{DEFAULT_PUBLIC_URL}/verify/")
    assert url.isascii() and "〔" not in url
    assert number_from_verify_url(url) == NUMBER


def test_verify_url_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STUDIO_PUBLIC_URL", "https://gh.yangpu.example/studios/")
    url = verify_url(NUMBER)
    assert url.startswith("https://gh.yangpu.example/studios/verify/%E6%9D%A8")
    assert number_from_verify_url(url) == NUMBER


@pytest.mark.parametrize("url", ["http://127.0.0.1:5000/", "http://127.0.0.1:5000/verify/",
                                 "http://x/verify/a/b"])
def test_not_a_verify_url(url: str) -> None:
    with pytest.raises(ValueError):
        number_from_verify_url(url)


CASES: list[tuple[str, Change, str, str, str]] = [
    ("name not composed by 第八条", set_path("studio_name", "数控加工创新工作室"),
     "studio_name", "第八条", "error"),
    ("name of another leader", set_path("studio_name", "李四数控加工劳模创新工作室"),
     "studio_name", "第八条", "error"),
    ("name with the wrong category word", set_path("category", "技师"),
     "studio_name", "第八条", "error"),
    ("name with another direction", set_path("direction", "精密装配"),
     "studio_name", "第八条", "error"),
    ("number in the wrong form", set_path("number", "杨工创〔2026〕1号"),
     "number", "第七条", "error"),
    ("number of another year", set_path("number", "杨工创〔2025〕第001号"),
     "number", "第七条", "error"),
    ("unknown category", set_path("category", "模范"), "category", "第八条", "error"),
    ("name too long for the certificate", set_path("studio_name", "张" * (NAME_MAX + 1)),
     "studio_name", "第八条", "error"),
    ("no date of naming", lambda d: d.pop("date"), "date", "第七条", "error"),
]


@pytest.mark.parametrize("kind", ["certificate", "plaque"])
def test_example_is_valid_without_warnings(kind: str) -> None:
    assert issues_for(kind, lambda d: None) == []


@pytest.mark.parametrize(("what", "change", "path", "article", "severity"), CASES,
                         ids=[c[0] for c in CASES])
def test_rule(what: str, change: Change, path: str, article: str, severity: str) -> None:
    found = [i for i in issues_for("certificate", change) if i.path == path]
    assert found, f"{what}: no issue at {path}"
    assert found[0].article == article
    assert found[0].severity == severity
    assert article in found[0].text() and found[0].zh and found[0].en


def test_mismatching_name_offers_the_composed_one() -> None:
    (issue,) = issues_for("certificate", set_path("studio_name", "王建国创新工作室"))
    assert "王建国数控加工劳模创新工作室" in issue.zh


def test_plaque_shares_the_certificate_schema_and_rules() -> None:
    cert, plaque = get_kind("certificate"), get_kind("plaque")
    assert cert.model is plaque.model and cert.rules == plaque.rules
    assert cert.template != plaque.template


@pytest.mark.parametrize("kind", ["certificate", "plaque"])
def test_template_and_schema_agree(kind: str) -> None:
    assert agreement_problems(kind) == []


def test_certificate_prints_the_verification_code_not_the_page_code() -> None:
    from generators.render import template_path
    from generators.template_check import template_source

    used = used_paths(template_source(template_path(get_kind("certificate"))))
    assert "verify_qr" in used and "qr" not in used
    assert get_kind("certificate").context_names == ("verify_qr",)


def test_agreement_check_catches_a_typo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from forms import kinds
    from generators import render

    src = docx.Document(str(render.template_path(get_kind("certificate"))))
    src.add_paragraph("{{ studio_nmae }}")
    src.save(str(tmp_path / "certificate.docx"))
    monkeypatch.setattr(render, "TEMPLATES", tmp_path)
    assert kinds.get_kind("certificate").template == "certificate.docx"
    assert agreement_problems("certificate") == ["unknown top-level name: studio_nmae",
                                                 "unknown path: studio_nmae"]


def paragraphs(kind: str, data: dict[str, Any] | None = None) -> list[str]:
    record = load_record(kind, data or example_data(kind))
    document = docx.Document(io.BytesIO(docx_bytes(get_kind(kind), record)))
    texts = [p.text for p in document.paragraphs]
    tables = list(document.tables)
    for section in document.sections:  # the certificate's issuer block sits in the footer
        texts.extend(p.text for p in section.footer.paragraphs)
        tables.extend(section.footer.tables)
    for table in tables:
        for row in table.rows:
            for c in row.cells:
                texts.extend(p.text for p in c.paragraphs)
    return [t for t in texts if t.strip()]


def test_certificate_docx_holds_every_value() -> None:
    texts = paragraphs("certificate")
    assert "荣誉证书" in texts
    assert "上海杨浦精密机械有限公司王建国同志领衔的创新工作室：" in texts
    assert "经上海市杨浦区总工会主席办公会议审定，命名为" in texts
    assert "“王建国数控加工劳模创新工作室”。" in texts
    assert "特发此证。" in texts
    assert "证书编号：杨工创〔2026〕第001号" in texts
    assert "上海市杨浦区总工会" in texts
    assert "二〇二六年十一月二十四日" in texts


def test_plaque_docx_holds_every_value() -> None:
    texts = paragraphs("plaque")
    for value in ("王建国数控加工劳模创新工作室", "杨工创〔2026〕第001号",
                  "上海杨浦精密机械有限公司", "王建国", "二〇二六年十一月二十四日",
                  "上海市杨浦区总工会"):
        assert value in texts, value


def test_special_characters_stay_literal() -> None:
    data = copy.deepcopy(example_data("certificate"))
    data["host_unit"] = "R&D <中心> {{ 7*7 }}"
    texts = paragraphs("certificate", data)
    assert any(t.startswith("R&D <中心> {{ 7*7 }}王建国同志") for t in texts)


def test_certificate_is_landscape_a4() -> None:
    record = load_record("certificate")
    section = docx.Document(io.BytesIO(docx_bytes(get_kind("certificate"), record))).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


@pytest.mark.parametrize("kind", ["certificate", "plaque"])
def test_one_page_kinds_can_be_printed_in_bulk(kind: str) -> None:
    """Bulk batches share headers and footers between pages: no record field may be there."""
    from generators.batch_template import derive
    from generators.render import template_path

    assert derive(template_path(get_kind(kind)), ["studio_name"])
