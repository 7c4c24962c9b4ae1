"""A reviewed returned form written back into the stored record (registry.writeback), on SQLite
and PostgreSQL: the opinion blocks of the levels that have acted, nothing else, nothing erased,
refusals naming the field and the article with the stored record left as it was."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from registry import applications, funds, supervision, writeback
from registry.errors import RuleBroken
from registry.models_org import AuditEntry
from registry.models_studio import Application, FundingApplication, YearlyFiling
from tests.registry_db.conftest import District
from tests.registry_db.test_lifecycle import STEPS, application_record, name_studio

DAY = dt.date(2026, 11, 24)


def filed(factory: sessionmaker[Session], d: District, steps: int) -> tuple[int, dict[str, Any]]:
    """An application filed by unit A and taken through the first ``steps`` steps of 第七条."""
    with factory() as s, s.begin():
        app_id = applications.submit(s, d.unit_a, application_record(), DAY).id
    for action, who in STEPS[:steps]:
        with factory() as s, s.begin():
            applications.act(s, getattr(d, who), app_id, action, DAY, opinion="同意推荐。")
    return app_id, stored(factory, app_id)


def stored(factory: sessionmaker[Session], app_id: int) -> dict[str, Any]:
    with factory() as s:
        return copy.deepcopy(s.get_one(Application, app_id).record)


def signed(record: dict[str, Any], block: str, **values: Any) -> dict[str, Any]:
    paper = copy.deepcopy(record)
    paper["opinions"][block].update(values)
    return paper


def test_the_signed_and_sealed_block_of_a_level_that_acted_is_written(
        factory: sessionmaker[Session], district: District) -> None:
    app_id, record = filed(factory, district, 1)  # recommended by the unit union
    paper = signed(record, "unit_union", signatory="李明", sealed=True, date="2026-11-20")
    with factory() as s, s.begin():
        done = writeback.write_back(s, district.district, "application", record["record_id"],
                                    paper, DAY)
    assert done is not None and done.ref == f"application:{app_id}"
    assert {c.path for c in done.written} == {"opinions.unit_union.signatory",
                                              "opinions.unit_union.sealed",
                                              "opinions.unit_union.date"}
    after = stored(factory, app_id)
    assert after["opinions"]["unit_union"] == {"text": "同意推荐。", "signatory": "李明",
                                               "sealed": True, "date": "2026-11-20"}
    assert after["opinions"]["unit_party_admin"] == record["opinions"]["unit_party_admin"]
    with factory() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "upload_written")).one()
    assert (entry.subject, entry.subject_id, entry.article) == ("application", app_id, "第七条")
    assert "opinions.unit_union.signatory" in str(entry.detail["written"])


def test_a_block_of_a_level_that_has_not_acted_is_refused_and_nothing_changes(
        factory: sessionmaker[Session], district: District) -> None:
    app_id, record = filed(factory, district, 1)
    paper = signed(record, "unit_union", signatory="李明", sealed=True)
    paper = signed(paper, "unit_party_admin", text="同意申报。", signatory="赵强")
    with pytest.raises(writeback.WriteRefused) as refused, factory() as s, s.begin():
        writeback.write_back(s, district.district, "application", record["record_id"],
                             paper, DAY)
    paths = {i.path for i in refused.value.issues}
    assert paths == {"opinions.unit_party_admin.text", "opinions.unit_party_admin.signatory"}
    issue = refused.value.issues[0]
    assert issue.article == "第七条" and "单位工会已推荐" in issue.zh and "单位党政同意" in issue.zh
    assert "recommended by the unit union" in issue.en
    assert stored(factory, app_id) == record  # the allowed unit_union block not written either
    with factory() as s:
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "upload_written")
                         ).first() is None


def test_a_unit_union_writes_only_its_own_units_blocks(
        factory: sessionmaker[Session], district: District) -> None:
    _, record = filed(factory, district, 3)  # passed the sector union's preliminary review
    paper = signed(record, "sector_union", signatory="周华", sealed=True)
    with pytest.raises(writeback.WriteRefused) as refused, factory() as s, s.begin():
        writeback.write_back(s, district.unit_a, "application", record["record_id"], paper,
                             DAY)
    assert "单位工会只能写回本单位的意见栏" in refused.value.zh
    with factory() as s, s.begin():  # the district union may
        done = writeback.write_back(s, district.district, "application",
                                    record["record_id"], paper, DAY)
    assert done is not None and len(done.written) == 2


def test_paper_never_erases_and_filed_content_is_kept(
        factory: sessionmaker[Session], district: District) -> None:
    app_id, record = filed(factory, district, 2)
    paper = signed(record, "unit_union", text="", signatory="")  # blank on paper
    paper["leader"]["post"] = "车间副主任"  # the filed content changed by hand
    with factory() as s, s.begin():
        done = writeback.write_back(s, district.district, "application",
                                    record["record_id"], paper, DAY)
    assert done is not None and done.written == []
    assert {c.path for c in done.kept} == {"opinions.unit_union.text", "leader.post"}
    assert stored(factory, app_id) == record


def test_after_a_refusal_the_levels_that_approved_may_still_be_written(
        factory: sessionmaker[Session], district: District) -> None:
    app_id, record = filed(factory, district, 2)
    with factory() as s, s.begin():
        applications.act(s, district.sector_a, app_id, "reject", DAY, opinion="不符合条件。")
    paper = signed(record, "unit_party_admin", signatory="赵强", sealed=True)
    with factory() as s, s.begin():
        done = writeback.write_back(s, district.district, "application",
                                    record["record_id"], paper, DAY)
    assert done is not None and len(done.written) == 2
    late = signed(record, "sector_union", text="同意。", sealed=True)
    with pytest.raises(writeback.WriteRefused) as refused, factory() as s, s.begin():
        writeback.write_back(s, district.district, "application", record["record_id"], late,
                             DAY)
    assert "未通过" in refused.value.zh and refused.value.article == "第七条"


def test_another_units_record_is_not_found(factory: sessionmaker[Session],
                                           district: District) -> None:
    _, record = filed(factory, district, 1)
    paper = signed(record, "unit_union", signatory="李明")
    with factory() as s, s.begin():
        assert writeback.write_back(s, district.unit_b, "application", record["record_id"],
                                    paper, DAY) is None


def test_funding_blocks_follow_article_15(factory: sessionmaker[Session],
                                          district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    on = dt.date(2027, 6, 1)
    plan = [{"category": "硬件设备", "description": "测量仪", "amount": "30000"}]
    with factory() as s, s.begin():
        achievement = funds.add_achievement(s, d.unit_a, studio_id, on, "叶片加工变形控制",
                                            "变形量降低一半", None, "在两家企业推广").id
        funding_id = funds.apply(s, d.unit_a, studio_id, 2027, on, [achievement],
                                 Decimal("30000"), plan).id
    with factory() as s, s.begin():
        funds.decide(s, d.panel, funding_id, "propose", on, Decimal("20000"), "建议扶持。")
    with factory() as s:
        record = copy.deepcopy(s.get_one(FundingApplication, funding_id).record)
    paper = signed(record, "review_panel", signatory="评审组长", sealed=True)
    paper["opinions"]["proposed_amount"] = "25000.00"  # a figure changed by hand: not written
    with factory() as s, s.begin():
        done = writeback.write_back(s, d.district, "funding", record["record_id"], paper, on)
    assert done is not None and done.article == "第十五条"
    assert {c.path for c in done.written} == {"opinions.review_panel.signatory",
                                              "opinions.review_panel.sealed"}
    assert [c.path for c in done.kept] == ["opinions.proposed_amount"]
    with factory() as s:
        after = s.get_one(FundingApplication, funding_id)
        assert after.record["opinions"]["review_panel"]["signatory"] == "评审组长"
        assert after.record["opinions"]["proposed_amount"] == "20000.00"
        assert after.proposed == Decimal("20000")
    early = signed(record, "chair_meeting", text="同意。", sealed=True)
    with pytest.raises(writeback.WriteRefused) as refused, factory() as s, s.begin():
        writeback.write_back(s, d.district, "funding", record["record_id"], early, on)
    assert refused.value.article == "第十五条" and "评审小组已提出金额" in refused.value.zh


def test_a_yearly_filing_takes_its_signatures_and_texts(factory: sessionmaker[Session],
                                                        district: District) -> None:
    from forms.five_haves import HAVES

    d = district
    studio_id = name_studio(factory, d)
    today = dt.date(2027, 12, 1)
    haves = [{"have": h, "met": True, "explanation": f"{h}情况良好"} for h in HAVES]
    with factory() as s, s.begin():
        filing_id = supervision.file_yearly(s, d.unit_a, studio_id, 2027, today, "自查情况",
                                            "评估良好", haves).id
    with factory() as s:
        record = copy.deepcopy(s.get_one(YearlyFiling, filing_id).record)
    paper = copy.deepcopy(record)
    paper["evaluation"].update(text="评估良好，同意备案。", signatory="张伟", sealed=True)
    with factory() as s, s.begin():
        done = writeback.write_back(s, d.unit_a, "self_inspection", record["record_id"],
                                    paper, today)
    assert done is not None and done.article == "第十一条" and len(done.written) == 3
    with factory() as s:
        after = s.get_one(YearlyFiling, filing_id)
        assert after.record["evaluation"]["signatory"] == "张伟"
        assert after.evaluation == "评估良好，同意备案。"  # the filing's own column follows
        assert after.self_inspection == "自查情况"


def test_a_stored_record_that_no_longer_fits_the_form_is_refused_clearly(
        factory: sessionmaker[Session], district: District) -> None:
    app_id, record = filed(factory, district, 1)
    with factory() as s, s.begin():
        s.get_one(Application, app_id).record = {**record, "year": "去年"}
    paper = signed(record, "unit_union", signatory="李明")
    with pytest.raises(RuleBroken) as refused, factory() as s, s.begin():
        writeback.write_back(s, district.district, "application", record["record_id"], paper,
                             DAY)
    assert refused.value.article == "第七条" and "与当前表式不符" in refused.value.zh
