"""A seeded example district for ``make run``: unions, units, studios in every state, one login
per role — built through the real lifecycle functions, so each studio has its audit trail.

``python -m registry.demo`` migrates the database the web app uses, seeds it if it has no
organisations yet, and prints the logins. Dates are relative to today, so that an inspection is
due, a filing and a rectification are overdue whenever it runs.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import generate_password_hash

from forms.five_haves import HAVES
from registry import applications, funds, lifecycle, migrate, supervision
from registry.db import database_url, make_engine, session_factory
from registry.models_org import Organisation, User
from registry.models_studio import RectificationNotice
from registry.roles import ROLE_LABELS, Actor

ROOT = Path(__file__).resolve().parent.parent
DISTRICT = "上海市杨浦区总工会"
SECTORS = (("杨浦区科技园区工会", "行业"), ("杨浦区五角场街道总工会", "街镇"),
           ("杨浦区教育工会", "直属"))
UNITS = (("上海杨浦精密机械有限公司", 0), ("上海杨浦智能制造有限公司", 0),
         ("上海五角场电气有限公司", 1), ("上海市杨浦职业技术学校", 2))
# username, role, organisation key (see seed); the password is PASSWORD
LOGINS = (("district", "district", "district"), ("panel", "panel", "panel"),
          ("admin", "admin", "district"), ("sector", "sector_union", "sector0"),
          ("unit", "unit_union", "unit0"))
PASSWORD = "demo-{username}"


@dataclass(frozen=True)
class Plan:
    leader: str
    direction: str
    category: str
    unit: int
    birth: str
    gender: str = "男"


def application_for(plan: Plan, year: int, unit: Organisation, sector: Organisation,
                    sector_kind: str) -> dict[str, Any]:
    data: dict[str, Any] = copy.deepcopy(json.loads(
        (ROOT / "examples/application.json").read_text(encoding="utf-8")))
    data.pop("record_id", None)
    shift = year - int(data["year"])
    data["year"], data["fill_date"] = year, f"{year}-11-01"
    for row in (*data["projects"], *data["achievements"], *data["leader"]["honours"]):
        row["year"] += shift
    data["leader"].update(name=plan.leader, birth_date=plan.birth, gender=plan.gender)
    data["studio"].update(direction=plan.direction, category=plan.category,
                          name=f"{plan.leader}{plan.direction}{plan.category}创新工作室")
    data["host_unit"].update(name=unit.host_unit, unit_union=unit.name,
                             sector_union=sector.name, sector_kind=sector_kind)
    for side in data["opinions"].values():
        side.update(text="", signatory="", date=None, sealed=False)
    return data


STEPS = (("recommend", "unit"), ("agree", "unit"), ("preliminary", "sector"),
         ("panel", "panel"), ("approve", "district"))


def _walk(s: Session, actors: dict[str, Actor], unit_actor: Actor,
          sector_actor: Actor, record: dict[str, Any], on: dt.date, upto: int) -> int:
    """Submit and take the first ``upto`` steps of 第七条; returns the studio id."""
    who = {"unit": unit_actor, "sector": sector_actor, "panel": actors["panel"],
           "district": actors["district"]}
    app = applications.submit(s, unit_actor, record, on)
    for action, role in STEPS[:upto]:
        applications.act(s, who[role], app.id, action, on, opinion="同意。",
                         signatory="（示例）")
    return app.studio_id


def _results(failing: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{"have": h, "met": h not in failing,
             "finding": "除带头人外成员不足3人。" if h in failing else "",
             "requirement": "补充专业对口的成员，不少于3人。" if h in failing else ""}
            for h in HAVES]


def seed(factory: sessionmaker[Session], today: dt.date) -> bool:
    """Seed the example district unless organisations exist; True if it seeded."""
    with factory() as s:
        if s.scalar(select(func.count()).select_from(Organisation)):
            return False
    orgs: dict[str, Organisation] = {}
    with factory() as s, s.begin():  # all of it or nothing
        _seed(s, orgs, today)
    return True


def _seed(s: Session, orgs: dict[str, Organisation], today: dt.date) -> None:
    top = Organisation(kind="district", name=DISTRICT, contact="李敏",
                       phone="021-65432100")
    s.add(top)
    s.flush()
    orgs["district"] = top
    orgs["panel"] = Organisation(kind="panel", name="区总工会评审小组", parent_id=top.id)
    s.add(orgs["panel"])
    for i, (name, kind) in enumerate(SECTORS):
        orgs[f"sector{i}"] = Organisation(kind="sector", name=name, sector_kind=kind,
                                          parent_id=top.id)
        s.add(orgs[f"sector{i}"])
    s.flush()
    for i, (host, sector) in enumerate(UNITS):
        orgs[f"unit{i}"] = Organisation(kind="unit", name=f"{host}工会", host_unit=host,
                                        parent_id=orgs[f"sector{sector}"].id)
        s.add(orgs[f"unit{i}"])
    s.flush()
    actors: dict[str, Actor] = {}
    for key, org in orgs.items():  # an actor for every organisation, a login for some
        role = {"district": "district", "panel": "panel"}.get(
            key, "sector_union" if key.startswith("sector") else "unit_union")
        user = User(username=f"{key}-staff", display_name=org.name[:40],
                    password_hash=generate_password_hash(os.urandom(16).hex()), role=role,
                    organisation_id=org.id, active=False)
        for username, login_role, org_key in LOGINS:
            if org_key == key and login_role == role:
                user.username, user.active = username, True
                user.password_hash = generate_password_hash(
                    PASSWORD.format(username=username))
        s.add(user)
        s.flush()
        actors[key] = Actor.of(user)
    admin = User(username="admin", display_name="系统管理员", role="admin",
                 password_hash=generate_password_hash(PASSWORD.format(username="admin")),
                 organisation_id=top.id)
    s.add(admin)
    s.flush()
    actors["admin"] = Actor.of(admin)
    kinds = {key: SECTORS[int(key[-1])][1] for key in orgs if key.startswith("sector")}
    days = dt.timedelta

    def record(plan: Plan, year: int) -> dict[str, Any]:
        unit = orgs[f"unit{plan.unit}"]
        sector_key = f"sector{UNITS[plan.unit][1]}"
        return application_for(plan, year, unit, orgs[sector_key], kinds[sector_key])

    def walk(plan: Plan, on: dt.date, upto: int) -> int:
        sector = f"sector{UNITS[plan.unit][1]}"
        return _walk(s, actors, actors[f"unit{plan.unit}"], actors[sector],
                     record(plan, on.year), on, upto)

    y = today.year
    # Named three years ago less a month: its inspection is due.
    a = walk(Plan("王建国", "数控加工", "劳模", 0, "1975-03-12"), today - days(3 * 365 - 30), 5)
    # Named two years ago, last year's filing missing (overdue); ledgers and a funding request.
    b_plan = Plan("李红梅", "电气自动化", "先进", 2, "1982-08-20", "女")
    b = walk(b_plan, dt.date(y - 2, 12, 5), 5)
    # Named four years ago, failed its inspection, deadline passed: overdue rectification.
    c = walk(Plan("张伟", "智能装配", "先进", 1, "1978-01-05"), dt.date(y - 4, 11, 1), 5)
    # Named seven years ago, failed, withdrawn.
    d = walk(Plan("陈刚", "焊接工艺", "劳模", 0, "1972-09-09"), dt.date(y - 7, 11, 1), 5)
    # 第十三条: a leader now past retirement age, no consent of the unit on record yet.
    walk(Plan("黄建华", "模具设计", "劳模", 3, dt.date(y - 62, 11, 1).isoformat()),
         dt.date(y - 3, 6, 1), 5)
    # Applications of this year waiting at each level.
    walk(Plan("刘洋", "机电一体化", "劳模", 3, "1985-04-01"), today - days(20), 0)
    walk(Plan("周敏", "精密测量", "先进", 0, "1980-06-15", "女"), today - days(15), 2)
    walk(Plan("吴强", "工业软件", "先进", 1, "1988-10-10"), today - days(10), 3)
    walk(Plan("郑磊", "新能源电气", "劳模", 2, "1979-02-02"), today - days(5), 4)
    for year in range(dt.date(y - 2, 12, 5).year + 1, y):
        if year != y - 1:
            supervision.file_yearly(s, actors["unit2"], b, year, today, "自查", "评估")
    for year in lifecycle.filing_years(today - days(3 * 365 - 30), today):
        if year < y:
            supervision.file_yearly(s, actors["unit0"], a, year, dt.date(year, 12, 20),
                                    "按计划完成攻关项目，台账齐全。", "评估为良好。", [
                                        {"have": h, "met": True,
                                         "explanation": "符合《办法》第三条的要求。"}
                                        for h in HAVES])
    on = dt.date(y - 1, 6, 1)
    first = funds.add_achievement(s, actors["unit2"], b, on, "配电柜智能巡检装置",
                                  "以红外测温与图像识别替代人工巡检，巡检效率提高40%。",
                                  Decimal("35.5"), "在区内两家企业推广应用。").id
    funds.add_achievement(s, actors["unit2"], b, on, "继电保护调试规程优化")
    funds.add_activity(s, actors["unit2"], b, on, "技术攻关例会")
    funds.add_member_development(s, actors["unit2"], b, on, "孙丽", "取得技师资格")
    funds.add_fund_usage(s, actors["unit2"], b, on, "硬件设备", "红外测温仪",
                         Decimal("4800"))
    funds.apply(s, actors["unit2"], b, y, today, [first], Decimal("50000"), [
        {"category": "硬件设备", "description": "巡检样机传感器与采集卡", "amount": "32000.00"},
        {"category": "材料", "description": "样机结构件与线缆", "amount": "12000.00"},
        {"category": "培训交流", "description": "推广应用现场交流会", "amount": "6000.00"}])
    named_c = dt.date(y - 4, 11, 1)
    supervision.inspect(s, actors["district"], c, named_c.replace(year=named_c.year + 3)
                        - days(20), _results(("有创新团队",)),
                        deadline=named_c.replace(year=named_c.year + 3) + days(90))
    named_d = dt.date(y - 7, 11, 1)
    inspected = named_d.replace(year=named_d.year + 3) - days(20)
    supervision.inspect(s, actors["district"], d, inspected,
                        _results(("有创新团队", "有创新成果")),
                        deadline=inspected + days(90))
    n = s.scalars(select(RectificationNotice).where(RectificationNotice.studio_id == d)).one()
    supervision.withdraw(s, actors["district"], n.id, n.deadline + days(10),
                         "逾期复查仍不符合，未报送整改情况。")
    assert a and c


def logins() -> str:
    lines = ["示例账号 / Example logins (http://127.0.0.1:5000/login):"]
    for username, role, _ in LOGINS:
        zh, en = ROLE_LABELS[role]
        lines.append(f"  {zh} / {en}: {username} / {PASSWORD.format(username=username)}")
    return "\n".join(lines)


def main() -> int:
    url = database_url(ROOT / "instance", os.environ.get("STUDIO_DATABASE_URL"))
    engine = make_engine(url)
    migrate.upgrade(engine)
    seeded = seed(session_factory(engine), dt.date.today())
    engine.dispose()
    print(("已生成示例区 / Seeded the example district\n" if seeded else "") + logins(),
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
