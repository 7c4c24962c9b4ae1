"""Accounts on SQLite and PostgreSQL: creation with every wrong field named, the password rule,
deactivation and role changes that never leave the district without an active administrator
(also when two administrators act at the same moment), and an audit row with every change."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import check_password_hash

from forms.errors import RecordInvalid
from registry import users
from registry.errors import Forbidden, RuleBroken
from registry.models_org import AuditEntry, Organisation, User
from registry.roles import SYSTEM, Actor
from tests.registry_db.conftest import District

GOOD = "Hongqi-2026"


def audit_count(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.subject == users.SUBJECT)) or 0


def new_user(factory: sessionmaker[Session], actor: Actor, username: str, role: str,
             org: int | None) -> int:
    with factory() as s, s.begin():
        return users.create(s, actor, username=username, display_name="张三", role=role,
                            organisation_id=org, password=GOOD).id


@pytest.mark.parametrize(("password", "word"), [
    ("short1", "至少 10"), ("abcdefghijk", "两类"), ("12345678901", "两类"),
    ("zhangsan-2026", "用户名"), ("abc\x00defgh123", "控制字符"), ("x1" * 70, "最多 128")])
def test_weak_passwords_are_refused(password: str, word: str) -> None:
    issues = users.password_issues(password, "zhangsan")
    assert len(issues) == 1 and word in issues[0].zh and issues[0].path == "password"
    assert issues[0].en


@pytest.mark.parametrize("password", [GOOD, "红旗工作室2026年", "correct horse 9"])
def test_strong_passwords_pass(password: str) -> None:
    assert users.password_issues(password, "zhangsan") == []


def test_create_names_every_wrong_field(factory: sessionmaker[Session],
                                        district: District) -> None:
    with factory() as s, s.begin():
        with pytest.raises(RecordInvalid) as caught:
            users.create(s, district.admin, username="Unit_A", display_name="",
                         role="unit_union", organisation_id=None, password="short",
                         repeat="short")
        paths = {i.path for i in caught.value.issues}
        assert paths == {"username", "display_name", "organisation_id", "password"}
        assert all(i.zh and i.en for i in caught.value.issues)
        # a sector union is not a unit union; the repeat differs
        sector = s.scalars(select(Organisation.id).where(Organisation.kind == "sector")).first()
        with pytest.raises(RecordInvalid) as caught:
            users.create(s, district.admin, username="newunit", display_name="李四",
                         role="unit_union", organisation_id=sector, password=GOOD,
                         repeat=GOOD + "x")
        assert {i.path for i in caught.value.issues} == {"organisation_id", "password_repeat"}
        assert audit_count(s) == 0 and s.scalar(select(func.count()).select_from(User)) == 7


def test_create_writes_the_account_and_its_audit_row(factory: sessionmaker[Session],
                                                     district: District) -> None:
    user_id = new_user(factory, district.admin, "wang.fang", "unit_union", district.unit_a_org)
    with factory() as s:
        user = s.get(User, user_id)
        assert user is not None and user.active and user.must_change_password
        assert check_password_hash(user.password_hash, GOOD) and GOOD not in user.password_hash
        entry = s.scalars(select(AuditEntry).where(AuditEntry.subject_id == user_id)).one()
        assert (entry.action, entry.user_id, entry.after) == ("user_created",
                                                             district.admin.user_id, "active")
        assert GOOD not in str(entry.detail)
    # district and admin accounts need no organisation when there is one district union
    admin2 = new_user(factory, district.admin, "admin2", "admin", None)
    with factory() as s:
        assert s.get(User, admin2).organisation.kind == "district"  # type: ignore[union-attr]


def test_only_the_administrator_changes_accounts(factory: sessionmaker[Session],
                                                 district: District) -> None:
    for who in (district.district, district.panel, district.unit_a, district.sector_a):
        with factory() as s, s.begin(), pytest.raises(Forbidden):
            users.create(s, who, username="someone", display_name="某人", role="admin",
                         organisation_id=None, password=GOOD)
        with factory() as s, s.begin(), pytest.raises(Forbidden):
            users.set_active(s, who, district.unit_b.user_id or 0, False)
    users.require_reader(district.district)
    with pytest.raises(Forbidden):
        users.require_reader(district.unit_a)


def test_same_name_in_other_case_is_taken(factory: sessionmaker[Session],
                                          district: District) -> None:
    with factory() as s, s.begin(), pytest.raises(RecordInvalid) as caught:
        users.create(s, district.admin, username="ADMIN", display_name="甲", role="admin",
                     organisation_id=None, password=GOOD)
    assert caught.value.issues[0].path == "username" and "已被使用" in caught.value.issues[0].zh


def test_last_active_admin_is_kept(factory: sessionmaker[Session], district: District) -> None:
    admin = district.admin.user_id or 0
    other = new_user(factory, district.admin, "admin2", "admin", None)
    with factory() as s, s.begin(), pytest.raises(RuleBroken) as own:
        users.set_active(s, district.admin, admin, False)
    assert own.value.path == "active"
    with factory() as s, s.begin():
        users.set_active(s, district.admin, other, False)
    def demote(s: Session) -> User:
        return users.update_user(s, SYSTEM, admin, display_name="管理员", role="district",
                                 organisation_id=None)

    def deactivate(s: Session) -> User:
        return users.set_active(s, SYSTEM, admin, False)

    for step in (demote, deactivate):
        with factory() as s, s.begin(), pytest.raises(RuleBroken) as last:
            step(s)
        assert "最后一个" in last.value.zh and "last active administrator" in last.value.en
    with factory() as s:
        assert s.get(User, admin).active and s.get(User, admin).role == "admin"  # type: ignore[union-attr]
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.subject == users.SUBJECT).order_by(AuditEntry.id)).all()
    assert actions == ["user_created", "user_deactivated"]  # refusals wrote nothing
    # With a second admin active again, the first may be given another role.
    with factory() as s, s.begin():
        users.set_active(s, district.admin, other, True)
    with factory() as s, s.begin():
        users.update_user(s, SYSTEM, admin, display_name="区总工会干事", role="district",
                          organisation_id=None)
    with factory() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "user_updated"
        assert entry.detail["before"]["role"] == "admin"
        assert entry.detail["after"]["role"] == "district"


def test_two_admins_deactivating_each_other(factory: sessionmaker[Session],
                                            district: District) -> None:
    """The first holds its transaction open; the second waits for it and is then refused."""
    first = district.admin
    second_id = new_user(factory, first, "admin2", "admin", None)
    second = Actor(second_id, "admin", first.org_id)
    outcome: list[str] = []

    def other() -> None:
        try:
            with factory() as s, s.begin():
                users.set_active(s, second, first.user_id or 0, False)
            outcome.append("done")
        except RuleBroken:
            outcome.append("refused")

    with factory() as s, s.begin():
        users.set_active(s, first, second_id, False)
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting for the first transaction's lock
    thread.join(20)
    assert outcome == ["refused"]
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(User).where(
            User.role == "admin", User.active.is_(True))) == 1


def test_reset_and_own_change(factory: sessionmaker[Session], district: District) -> None:
    user_id = new_user(factory, district.admin, "li.si", "unit_union", district.unit_a_org)
    with factory() as s, s.begin():
        user = s.get(User, user_id)
        assert user is not None
        token = user.session_token()
        users.change_own_password(s, user, GOOD, "Mine-2026-new", "Mine-2026-new")
        assert not user.must_change_password and user.session_token() != token
    for current, new, repeat, wrong in (("wrong", "Mine-2026-two", "other", {"current", "repeat"}),
                                        ("Mine-2026-new", "Mine-2026-new", "Mine-2026-new",
                                         {"new"}),  # the same as now
                                        ("Mine-2026-new", "short", "short", {"new"})):
        with factory() as s, s.begin(), pytest.raises(RecordInvalid) as caught:
            user = s.get(User, user_id)
            assert user is not None
            users.change_own_password(s, user, current, new, repeat)
        assert {i.path for i in caught.value.issues} == wrong
    with factory() as s, s.begin(), pytest.raises(RuleBroken):
        users.reset_password(s, district.admin, district.admin.user_id or 0, GOOD)
    with factory() as s, s.begin():
        users.reset_password(s, district.admin, user_id, "Given-2026x", "Given-2026x")
    with factory() as s:
        user = s.get(User, user_id)
        assert user is not None and user.must_change_password
        assert check_password_hash(user.password_hash, "Given-2026x")
        actions = s.scalars(select(AuditEntry.action).where(
            AuditEntry.subject_id == user_id, AuditEntry.subject == users.SUBJECT)
            .order_by(AuditEntry.id)).all()
    assert actions == ["user_created", "user_password_changed", "user_password_reset"]


def test_first_admin_on_an_empty_database(factory: sessionmaker[Session]) -> None:
    with factory() as s, s.begin():
        org = users.ensure_district(s, SYSTEM)
        created = users.create(s, SYSTEM, username="root", display_name="管理员", role="admin",
                               organisation_id=org.id, password=GOOD, must_change=False)
        assert users.ensure_district(s, SYSTEM).id == org.id  # not a second one
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 1
        assert org.name == users.DISTRICT_NAME and not created.must_change_password
