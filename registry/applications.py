"""第七条 on the server: an application from its unit union to naming, one audited step at a time.

The application form's record (kind ``application``) is stored as filed; each level's opinion is
written into it as the level decides, so the 申报表 printed at any step comes from the stored
record. Naming assigns the next certificate number of the year, records the certificate (also
for ``/verify``) and the one-off subsidy of 第十四条.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from forms.application import Application as ApplicationForm
from forms.errors import RecordInvalid
from forms.kinds import get_kind
from forms.naming import compose_name
from registry import audit, certificates, lifecycle, sequences
from registry.errors import NotFound, RuleBroken
from registry.models_org import Organisation, Person
from registry.models_studio import Application, Certificate, Member, Review, Studio, Subsidy
from registry.roles import Actor, require_role, studio_scope

# Which opinion block of the form each step fills.
OPINION_OF = {"recommend": "unit_union", "agree": "unit_party_admin",
              "preliminary": "sector_union", "approve": "district_union"}


def _checked(record: dict[str, Any]) -> ApplicationForm:
    parsed, result = get_kind("application").check(record)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    assert isinstance(parsed, ApplicationForm)
    return parsed


def submit(session: Session, actor: Actor, record: dict[str, Any], today: dt.date) -> Application:
    """A unit union files an application (state ``draft``, ready to recommend).

    The studio is found by its name or created; a studio named in an earlier year is refused
    (第七条), as is a leader past retirement age at creation (第十三条).
    """
    require_role(actor, "unit_union")
    form = _checked(record)
    unit = session.get(Organisation, actor.org_id) if actor.org_id else None
    if unit is None or unit.kind != "unit" or unit.parent_id is None:
        raise RuleBroken("只有单位工会可以申报，且须隶属于行业、街镇、直属工会",
                         "only a unit union under a sector union files applications",
                         path="organisation", article="第七条")
    name = compose_name(form.leader.name, form.studio.direction, form.studio.category)
    studio = session.scalars(select(Studio).where(Studio.name == name)).first()
    if studio is not None:
        lifecycle.may_apply(studio.named_on, studio.state, form.year)
        if studio.unit_union_id != unit.id:
            raise RuleBroken("同名工作室已由其他单位申报", "a studio of this name belongs to "
                             "another unit", path="studio.name", article="第八条")
        pending = session.scalars(select(Application).where(
            Application.studio_id == studio.id,
            Application.state.notin_(("rejected", "named")))).first()
        if pending is not None:
            raise RuleBroken("该工作室已有一份在办的申报", "the studio already has an "
                             "application under way", path="studio", article="第七条")
        studio.state = "applying"
    else:
        lifecycle.may_create(form.leader.gender, form.leader.birth_date, today)
        leader = Person(name=form.leader.name, gender=form.leader.gender,
                        birth_date=form.leader.birth_date, unit_id=unit.id,
                        honour="、".join(f"{h.level}{h.kind}" for h in form.leader.honours))
        session.add(leader)
        session.flush()
        studio = Studio(name=name, direction=form.studio.direction,
                        category=form.studio.category,
                        innovation_kind=form.studio.kinds[0] if form.studio.kinds else "技能创新",
                        leader_id=leader.id, unit_union_id=unit.id,
                        sector_union_id=unit.parent_id, state="applying")
        session.add(studio)
        try:
            session.flush()
        except IntegrityError as exc:  # the same name filed at the same moment
            raise RuleBroken("同名工作室已申报", "a studio of this name was just filed",
                             path="studio.name", article="第八条") from exc
        _team(session, studio, form, unit.id)
    application = Application(studio_id=studio.id, year=form.year, state="draft",
                              record=form.model_dump(mode="json"))
    session.add(application)
    session.flush()
    audit.record(session, actor, "submit", "application", application.id, studio_id=studio.id,
                 after="draft", article="第七条")
    return application


def _team(session: Session, studio: Studio, form: ApplicationForm, unit_id: int) -> None:
    """The team of the application form (第三条) as people of the registry."""
    for row in form.team:
        person = Person(name=row.name, gender=row.gender, birth_date=row.birth_date,
                        honour=row.title, unit_id=unit_id)
        session.add(person)
        session.flush()
        session.add(Member(studio_id=studio.id, person_id=person.id,
                           speciality=row.speciality[:40]))
    session.flush()


def visible_application(session: Session, actor: Actor, application_id: int) -> Application:
    found = session.scalars(select(Application).join(Studio).where(
        Application.id == application_id, studio_scope(actor))).first()
    if found is None:
        raise NotFound("没有找到该申报", "no such application", path="application")
    return found


def _move(session: Session, application: Application, before: str, after: str) -> None:
    """Change the state only if nobody changed it meanwhile (compare-and-set)."""
    done = session.execute(update(Application).where(
        Application.id == application.id, Application.state == before)
        .values(state=after).execution_options(synchronize_session=False))
    if getattr(done, "rowcount", 0) != 1:
        raise RuleBroken("该申报的状态已被他人更新，请刷新后重试",
                         "someone else changed this application; reload and try again",
                         path="state", article="第七条")
    application.state = after


def act(session: Session, actor: Actor, application_id: int, action: str, today: dt.date,
        opinion: str = "", signatory: str = "", score: Decimal | None = None) -> Application:
    """Take the next step of 第七条 (or ``reject``) on an application ``actor`` can see."""
    application = visible_application(session, actor, application_id)
    studio = application.studio
    if action == "reject":
        t = lifecycle.reject_step(application.state, actor.role)
    else:
        t = lifecycle.step(lifecycle.APPLICATION, application.state, action, actor.role)
    _move(session, application, t.before, t.after)
    block = OPINION_OF.get(action)
    if block:
        application.record.setdefault("opinions", {})[block] = {
            "text": opinion, "signatory": signatory, "sealed": False,
            "date": today.isoformat()}
        flag_modified(application, "record")
    session.add(Review(application_id=application.id, level=t.action, passed=t.after !=
                       "rejected", opinion=opinion, score=score, by_user_id=actor.user_id,
                       on=today))
    audit.record(session, actor, t.action, "application", application.id, studio_id=studio.id,
                 before=t.before, after=t.after, article=t.article, detail={"opinion": opinion})
    if t.after == "rejected":
        studio.state = "rejected" if studio.named_on is None else studio.state
    if t.after == "named":
        name(session, actor, application, today)
    session.flush()
    return application


def certificate_record(studio: Studio, number: str, leader: Person, host_unit: str,
                       on: dt.date) -> dict[str, Any]:
    return {"number": number, "studio_name": studio.name, "leader": leader.name,
            "direction": studio.direction, "category": studio.category,
            "host_unit": host_unit, "date": on.isoformat()}


def name(session: Session, actor: Actor, application: Application, today: dt.date) -> Certificate:
    """挂牌命名 (第七条): the next number of the year, the certificate, the subsidy (第十四条)."""
    studio = application.studio
    serial, number = sequences.next_cert_number(session, today.year)
    host_unit = str(application.record.get("host_unit", {}).get("name", "")) or \
        studio.unit_union.host_unit
    record = certificate_record(studio, number, studio.leader, host_unit, today)
    parsed, result = get_kind("certificate").check(record)
    if parsed is None or not result.ok:
        raise RecordInvalid(result.issues)
    cert = Certificate(studio_id=studio.id, application_id=application.id, year=today.year,
                       serial=serial, number=number, issued_on=today,
                       record=parsed.model_dump(mode="json"))
    session.add(cert)
    session.add(Subsidy(studio_id=studio.id, amount=lifecycle.SUBSIDY, granted_on=today))
    before = studio.state
    studio.state = "named"
    studio.named_on = today
    try:
        session.flush()
    except IntegrityError as exc:
        raise RuleBroken("该工作室已命名，证书不能重复颁发",
                         "the studio is already named; no second certificate",
                         path="studio", article="第七条") from exc
    certificates.issue(session, number, cert.record, today)
    audit.record(session, actor, "name", "studio", studio.id, studio_id=studio.id,
                 before=before, after="named", article="第七条", detail={"number": number})
    audit.record(session, actor, "subsidy", "subsidy", studio.id, studio_id=studio.id,
                 article="第十四条", detail={"amount": str(lifecycle.SUBSIDY)})
    return cert
