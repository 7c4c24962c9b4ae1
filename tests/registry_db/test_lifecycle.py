"""A studio walked through the measures on SQLite and PostgreSQL, happy and unhappy paths."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from forms.errors import RecordInvalid
from forms.five_haves import HAVES
from forms.kinds import get_kind
from registry import applications, dashboard, funds, supervision
from registry.errors import Forbidden, NotFound, RuleBroken
from registry.models import IssuedCertificate
from registry.models_org import AuditEntry
from registry.models_studio import (
    Application,
    Certificate,
    FundingAchievement,
    FundUsage,
    Member,
    Studio,
    Subsidy,
)
from tests.conftest import example_data
from tests.registry_db.conftest import District

DAY = dt.date(2026, 11, 24)
STEPS = (("recommend", "unit_a"), ("agree", "unit_a"), ("preliminary", "sector_a"),
         ("panel", "panel"), ("approve", "district"))


def application_record(leader: str = "王建国", year: int = 2026,
                       birth: str = "1975-03-12", gender: str = "男") -> dict[str, Any]:
    data = copy.deepcopy(example_data("application"))
    data["year"] = year
    data["fill_date"] = f"{year}-11-01"
    shift = year - 2026
    for row in (*data["projects"], *data["achievements"]):
        row["year"] += shift
    data["leader"]["name"] = leader
    data["leader"]["birth_date"] = birth
    data["leader"]["gender"] = gender
    data["studio"]["name"] = f"{leader}{data['studio']['direction']}" \
                             f"{data['studio']['category']}创新工作室"
    data.pop("record_id", None)
    return data


def name_studio(factory: sessionmaker[Session], d: District, leader: str = "王建国",
                on: dt.date = DAY, birth: str = "1975-03-12") -> int:
    with factory() as s, s.begin():
        app = applications.submit(s, d.unit_a,
                                  application_record(leader, year=on.year, birth=birth), on)
        app_id = app.id
    for action, who in STEPS:
        with factory() as s, s.begin():
            applications.act(s, getattr(d, who), app_id, action, on, opinion=f"同意（{action}）")
    with factory() as s:
        return s.get_one(Application, app_id).studio_id


def test_application_to_naming(factory: sessionmaker[Session], district: District) -> None:
    d = district
    with factory() as s, s.begin():
        app_id = applications.submit(s, d.unit_a, application_record(), DAY).id
    # Out of order, wrong role, wrong organisation: refused, citing 第七条.
    with pytest.raises(RuleBroken) as wrong, factory() as s, s.begin():
        applications.act(s, d.unit_a, app_id, "agree", DAY)
    assert wrong.value.article == "第七条" and "单位工会已推荐" in wrong.value.zh
    with pytest.raises(NotFound), factory() as s, s.begin():
        applications.act(s, d.unit_b, app_id, "recommend", DAY)
    with pytest.raises(NotFound), factory() as s, s.begin():
        applications.act(s, d.sector_b, app_id, "recommend", DAY)
    with pytest.raises(Forbidden), factory() as s, s.begin():
        applications.act(s, d.sector_a, app_id, "recommend", DAY)
    for action, who in STEPS:
        with factory() as s, s.begin():
            applications.act(s, getattr(d, who), app_id, action, DAY, opinion="同意",
                             signatory="张三")
    with factory() as s:
        app = s.get_one(Application, app_id)
        studio = app.studio
        assert app.state == "named" and studio.state == "named" and studio.named_on == DAY
        cert = s.scalars(select(Certificate)).one()
        assert cert.number == "杨工创〔2026〕第001号" and cert.serial == 1
        assert s.scalars(select(Subsidy)).one().amount == Decimal("10000.00")
        assert s.scalars(select(IssuedCertificate.number)).one() == cert.number
        record, result = get_kind("certificate").check(cert.record)
        assert result.ok and record is not None
        assert app.record["opinions"]["sector_union"]["text"] == "同意"
        _, form_ok = get_kind("application").check(app.record)
        assert form_ok.ok, [i.text() for i in form_ok.errors]
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.studio_id == studio.id).order_by(AuditEntry.id)).all()
        assert actions == ["submit", "recommend", "agree", "preliminary", "panel", "approve",
                           "name", "subsidy"]
    # 第七条: named in 2026, it cannot apply again in 2027.
    with pytest.raises(RuleBroken) as again, factory() as s, s.begin():
        applications.submit(s, d.unit_a, application_record(year=2027), dt.date(2027, 11, 1))
    assert again.value.article == "第七条" and "不再重复申报" in again.value.zh
    # The next studio named gets the next number; a new year starts at 001.
    name_studio(factory, d, "李四")
    name_studio(factory, d, "赵六", on=dt.date(2027, 12, 1))
    with factory() as s:
        assert s.scalars(select(Certificate.number).order_by(Certificate.id)).all() == [
            "杨工创〔2026〕第001号", "杨工创〔2026〕第002号", "杨工创〔2027〕第001号"]


def test_rejected_then_refiled_next_year(factory: sessionmaker[Session],
                                         district: District) -> None:
    d = district
    with factory() as s, s.begin():
        app_id = applications.submit(s, d.unit_a, application_record(), DAY).id
        applications.act(s, d.unit_a, app_id, "recommend", DAY)
        applications.act(s, d.unit_a, app_id, "agree", DAY)
    with pytest.raises(NotFound), factory() as s, s.begin():
        applications.act(s, d.panel, app_id, "reject", DAY)  # the panel does not see it yet
    with pytest.raises(Forbidden), factory() as s, s.begin():
        applications.act(s, d.district, app_id, "reject", DAY)  # the sector union's turn
    with factory() as s, s.begin():
        applications.act(s, d.sector_a, app_id, "reject", DAY, opinion="成果不足")
    with factory() as s, s.begin():
        again = applications.submit(s, d.unit_a, application_record(year=2027),
                                    dt.date(2027, 11, 1))
        assert again.studio.state == "applying"


def test_leader_past_retirement(factory: sessionmaker[Session], district: District) -> None:
    d = district
    # 第十三条: in service at creation.
    with pytest.raises(RuleBroken) as old, factory() as s, s.begin():
        applications.submit(s, d.unit_a, application_record("钱七", birth="1960-01-01"), DAY)
    assert old.value.article == "第十三条"
    # Named at 59; four years later past retirement: filing refused until the unit consents.
    studio_id = name_studio(factory, d, "孙八", birth="1967-06-01")
    later = dt.date(2030, 6, 1)
    with factory() as s:
        assert [x.id for x in dashboard.retired_without_consent(s, d.district, later)] == [
            studio_id]
    with pytest.raises(RuleBroken) as no_consent, factory() as s, s.begin():
        supervision.file_yearly(s, d.unit_a, studio_id, 2029, later, "自查", "评估")
    assert no_consent.value.article == "第十三条"
    with factory() as s, s.begin():
        supervision.record_consent(s, d.unit_a, studio_id, later, "单位党政会议同意继续领办")
    with factory() as s, s.begin():
        supervision.file_yearly(s, d.unit_a, studio_id, 2029, later, "自查", "评估")
    with factory() as s:
        assert dashboard.retired_without_consent(s, d.district, later) == []


def test_ledgers_and_funding(factory: sessionmaker[Session], district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    on = dt.date(2027, 6, 1)
    with factory() as s, s.begin():
        a1 = funds.add_achievement(s, d.unit_a, studio_id, on, "叶片加工变形控制",
                                   "变形量降低一半", None, "在两家企业推广").id
        a2 = funds.add_achievement(s, d.unit_a, studio_id, on, "刀具寿命提升").id
        funds.add_activity(s, d.unit_a, studio_id, on, "技术攻关例会")
        funds.add_member_development(s, d.unit_a, studio_id, on, "陈明", "晋升高级技师")
        funds.add_fund_usage(s, d.unit_a, studio_id, on, "硬件设备", "测量仪", Decimal("3200"))
    # 第十六条: a forbidden use is refused and nothing is written.
    for category, item in (("差旅", "赴外地交流"), ("材料", "成员个人奖励")):
        with pytest.raises(RuleBroken) as bad, factory() as s, s.begin():
            funds.add_fund_usage(s, d.unit_a, studio_id, on, category, item, Decimal("100"))
        assert bad.value.article == "第十六条"
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(FundUsage)) == 1
    with pytest.raises(NotFound), factory() as s, s.begin():
        funds.add_activity(s, d.unit_b, studio_id, on, "不是我的工作室")
    # 第十五条: one achievement, one funding application.
    plan = [{"category": "硬件设备", "description": "测量仪", "amount": "30000"},
            {"category": "差旅", "description": "外出考察", "amount": "20000"}]
    with pytest.raises(RecordInvalid) as spending, factory() as s, s.begin():
        funds.apply(s, d.unit_a, studio_id, 2027, on, [a1], Decimal("50000"), plan)
    assert any(i.article == "第十六条" for i in spending.value.issues)
    plan[1] = {"category": "材料", "description": "试件", "amount": "20000"}
    with factory() as s, s.begin():
        f1 = funds.apply(s, d.unit_a, studio_id, 2027, on, [a1], Decimal("50000"), plan).id
    with pytest.raises(RuleBroken) as twice, factory() as s, s.begin():
        funds.apply(s, d.unit_a, studio_id, 2027, on, [a2, a1], Decimal("30000"))
    assert twice.value.article == "第十五条"
    with factory() as s:  # the refused one left nothing behind
        assert s.scalar(select(func.count()).select_from(FundingAchievement)) == 1
    # …and it is the database that says so, not only the code.
    with factory() as s, pytest.raises(IntegrityError):
        s.add(FundingAchievement(funding_id=f1, achievement_id=a1))
        s.commit()
    with pytest.raises(Forbidden), factory() as s, s.begin():
        funds.decide(s, d.district, f1, "propose", on, Decimal("40000"))
    with factory() as s, s.begin():
        funds.decide(s, d.panel, f1, "propose", on, Decimal("40000"))
    with factory() as s, s.begin():
        granted = funds.decide(s, d.district, f1, "grant", on, Decimal("40000"))
        assert granted.state == "granted" and granted.granted == Decimal("40000")
        record, result = get_kind("funding").check(granted.record)
        assert result.ok and record is not None, [i.text() for i in result.errors]
        assert granted.record["opinions"]["approved_amount"] == "40000.00"
        assert granted.record["opinions"]["proposed_amount"] == "40000.00"
        assert granted.record["studio"]["certificate_number"] == "杨工创〔2026〕第001号"


def _results(failing: tuple[str, ...]) -> list[dict[str, Any]]:
    from forms.five_haves import HAVES

    return [{"have": h, "met": h not in failing,
             "finding": "成员不足3人" if h in failing else "",
             "requirement": "补充成员" if h in failing else ""} for h in HAVES]


def test_yearly_filings(factory: sessionmaker[Session], district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    today = dt.date(2029, 3, 1)
    with factory() as s:
        overdue = dashboard.filings(s, d.unit_a, today, overdue=True)
        assert [(x.studio.id, x.what) for x in overdue] == [(studio_id, "2027"),
                                                            (studio_id, "2028")]
        assert [x.what for x in dashboard.filings(s, d.unit_a, today, overdue=False)] == ["2029"]
        assert dashboard.filings(s, d.unit_b, today, overdue=True) == []
    with factory() as s, s.begin():
        funds.add_activity(s, d.unit_a, studio_id, dt.date(2027, 3, 1), "攻关例会")
        funds.add_activity(s, d.unit_a, studio_id, dt.date(2028, 3, 1), "次年的活动")
        funds.add_fund_usage(s, d.unit_a, studio_id, dt.date(2027, 5, 1), "材料", "试件",
                             Decimal("1200.5"))
    haves = [{"have": h, "met": True, "explanation": f"{h}情况良好"} for h in HAVES]
    with pytest.raises(RecordInvalid), factory() as s, s.begin():  # explanations are needed
        supervision.file_yearly(s, d.unit_a, studio_id, 2027, today, "自查", "评估",
                                [{**h, "explanation": ""} for h in haves])
    with factory() as s, s.begin():
        filing = supervision.file_yearly(s, d.unit_a, studio_id, 2027, today, "自查情况",
                                         "评估良好", haves)
        record, result = get_kind("self_inspection").check(filing.record)
        assert record is not None and result.ok, [i.text() for i in result.errors]
        ledgers = filing.record["ledgers"]
        assert ledgers["activities"] == {"entries": 1, "summary": "攻关例会"}
        assert (ledgers["funds"]["entries"], ledgers["funds"]["spent"]) == (1, "1200.50")
        assert filing.record["studio"]["certificate_number"] == "杨工创〔2026〕第001号"
        assert filing.record["studio"]["members"] == len(example_data("application")["team"])
        assert s.scalar(select(func.count()).select_from(Member)) == \
            len(example_data("application")["team"])
    with pytest.raises(RuleBroken) as twice, factory() as s, s.begin():
        supervision.file_yearly(s, d.unit_a, studio_id, 2027, today, "再报", "再评")
    assert twice.value.article == "第十一条"
    with factory() as s:
        assert [x.what for x in dashboard.filings(s, d.district, today, overdue=True)] == ["2028"]


def test_failed_inspection_deadline_missed_withdrawn(factory: sessionmaker[Session],
                                                      district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    early = dt.date(2028, 6, 1)
    with factory() as s:
        assert dashboard.due_inspections(s, d.district, early) == []
    with pytest.raises(RuleBroken) as not_due, factory() as s, s.begin():
        supervision.inspect(s, d.district, studio_id, early, _results(()))
    assert not_due.value.article == "第十二条"
    on = dt.date(2029, 10, 15)  # the first cycle ends 2029-11-24
    with factory() as s:
        due = dashboard.due_inspections(s, d.sector_a, on)
        assert [(x.studio.id, x.what, x.due) for x in due] == [
            (studio_id, "1", dt.date(2029, 11, 24))]
    with pytest.raises(Forbidden), factory() as s, s.begin():
        supervision.inspect(s, d.sector_a, studio_id, on, _results(("有创新团队",)))
    with factory() as s, s.begin():
        inspection = supervision.inspect(s, d.district, studio_id, on,
                                         _results(("有创新团队", "有创新成果")),
                                         deadline=dt.date(2030, 1, 31))
        assert not inspection.passed
    with factory() as s:
        studio = s.get_one(Studio, studio_id)
        assert studio.state == "rectifying"
        (notice,) = dashboard.open_rectifications(s, d.unit_a)
        record, result = get_kind("notice").check(notice.record)
        assert result.ok and record is not None, [i.text() for i in result.errors]
        assert notice.number == "杨工〔2029〕1号"
        failed = [r["have"] for r in notice.record["inspection"]["results"] if not r["met"]]
        assert failed == ["有创新团队", "有创新成果"]
        assert notice.record["studio"]["sector_union"] == "杨浦区科技园区工会"
        assert dashboard.overdue_rectifications(s, d.district, dt.date(2030, 1, 31)) == []
        notice_id = notice.id
    with pytest.raises(RuleBroken) as early_w, factory() as s, s.begin():
        supervision.withdraw(s, d.district, notice_id, dt.date(2030, 1, 31), "未整改")
    assert early_w.value.article == "第十二条"
    after = dt.date(2030, 2, 10)
    with factory() as s:
        assert [n.id for n in dashboard.overdue_rectifications(s, d.district, after)] == [
            notice_id]
    with factory() as s, s.begin():
        decision = supervision.withdraw(s, d.district, notice_id, after,
                                        "逾期复查仍不符合，未报送整改情况。")
        record, result = get_kind("withdrawal").check(decision.record)
        assert result.ok and record is not None, [i.text() for i in result.errors]
        assert decision.record["notice"]["number"] == "杨工〔2029〕1号"
        assert decision.record["recheck"]["unmet"] == ["有创新团队", "有创新成果"]
        assert decision.number == "杨工〔2030〕1号"
    with factory() as s:
        assert s.get_one(Studio, studio_id).state == "withdrawn"
        assert dashboard.overdue_rectifications(s, d.district, after) == []
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.studio_id == studio_id).order_by(AuditEntry.id)).all()
        assert actions[-4:] == ["inspect", "notice", "lapse", "withdraw"]
    # A withdrawn studio does not reapply as is.
    with pytest.raises(RuleBroken), factory() as s, s.begin():
        applications.submit(s, d.unit_a, application_record(year=2030), after)


def test_rectification_accepted(factory: sessionmaker[Session], district: District) -> None:
    d = district
    studio_id = name_studio(factory, d)
    on = dt.date(2029, 11, 30)
    with factory() as s, s.begin():
        supervision.inspect(s, d.district, studio_id, on, _results(("有场所和制度",)))
    with factory() as s:
        notice_id = dashboard.open_rectifications(s, d.district)[0].id
    with pytest.raises(Forbidden), factory() as s, s.begin():
        supervision.accept(s, d.unit_a, notice_id, on)
    with factory() as s, s.begin():
        supervision.accept(s, d.district, notice_id, on)
    with factory() as s:
        assert s.get_one(Studio, studio_id).state == "named"
    # A passed inspection of the next cycle issues nothing.
    with factory() as s, s.begin():
        passed = supervision.inspect(s, d.district, studio_id, dt.date(2032, 11, 1), _results(()))
        assert passed.passed and passed.cycle == 2


def test_failed_step_leaves_no_trace(factory: sessionmaker[Session], district: District) -> None:
    """A step that fails half-way (the certificate refuses a name too long to print) rolls back
    the state change, its audit rows and the number taken: all in one transaction."""
    d = district
    data = application_record("欧阳")
    data["studio"]["direction"] = "航空发动机高温合金叶片五轴联动精密数控加工工艺"
    data["studio"]["name"] = f"欧阳{data['studio']['direction']}劳模创新工作室"
    with factory() as s, s.begin():
        app_id = applications.submit(s, d.unit_a, data, DAY).id
        for action, who in STEPS[:-1]:
            applications.act(s, getattr(d, who), app_id, action, DAY)
    with pytest.raises(RecordInvalid), factory() as s, s.begin():
        applications.act(s, d.district, app_id, "approve", DAY)
    with factory() as s:
        assert s.get_one(Application, app_id).state == "panel_passed"
        assert s.scalar(select(func.count()).select_from(Certificate)) == 0
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == \
            "panel"
    name_studio(factory, d)  # the number was not used up
    with factory() as s:
        assert s.scalars(select(Certificate.number)).one() == "杨工创〔2026〕第001号"
