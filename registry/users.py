"""User administration: accounts, their role and organisation, passwords, deactivation.

Only the administrator (系统管理员) changes accounts; district union staff may read the list
(:func:`require_admin`, :func:`require_reader`). Every change writes its audit row in the same
transaction. The last active administrator can be neither deactivated nor given another role:
the check runs after a write lock on every active administrator's row, so two administrators
deactivating each other at the same moment cannot both succeed (PostgreSQL re-reads the locked
rows; SQLite has one writer at a time).

Passwords are never stored or logged in clear: Werkzeug hashes only. A password given by an
administrator (new account or reset) must be changed by its user at the next sign-in.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from forms.errors import Issue, RecordInvalid
from registry import audit, lifecycle
from registry.errors import Forbidden, NotFound, RuleBroken
from registry.models_org import AuditEntry, Organisation, User, utcnow
from registry.roles import ROLE_LABELS, Actor

SUBJECT = "app_user"
DISTRICT_NAME = "上海市杨浦区总工会"
# The organisation kind each role belongs to (registry.models_org.ORG_KINDS).
ROLE_ORG_KIND: dict[str, str] = {"unit_union": "unit", "sector_union": "sector",
                                 "panel": "panel", "district": "district", "admin": "district"}
USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{2,39}")
PASSWORD_MIN, PASSWORD_MAX = 10, 128
NAME_MAX = 40


def require_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise Forbidden("账号由系统管理员管理", "accounts are managed by the administrator",
                        path="role")


def require_reader(actor: Actor) -> None:
    if actor.role not in ("admin", "district"):
        raise Forbidden("账号列表仅区总工会和系统管理员可查看",
                        "only district union staff and the administrator see the accounts",
                        path="role")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf") for c in text)


def password_issues(password: str, username: str, path: str = "password") -> list[Issue]:
    """The strength rule: 10–128 characters, no control characters, at least two of letters /
    digits / other characters, and not containing the user name."""
    if len(password) < PASSWORD_MIN:
        return [Issue(path, f"密码至少 {PASSWORD_MIN} 个字符",
                      f"the password needs at least {PASSWORD_MIN} characters")]
    if len(password) > PASSWORD_MAX:
        return [Issue(path, f"密码最多 {PASSWORD_MAX} 个字符",
                      f"the password may have at most {PASSWORD_MAX} characters")]
    if _has_control(password):
        return [Issue(path, "密码不能含控制字符", "the password may not hold control characters")]
    kinds = (any(c.isascii() and c.isalpha() for c in password),
             any(c.isdigit() for c in password),
             any(not (c.isascii() and c.isalnum()) for c in password))
    if sum(kinds) < 2:
        return [Issue(path, "密码应至少包含字母、数字、其他符号中的两类",
                      "the password needs two of: letters, digits, other characters")]
    if username and username.lower() in password.lower():
        return [Issue(path, "密码不能包含用户名", "the password may not contain the user name")]
    return []


def _repeat_issues(password: str, repeat: str | None,
                   path: str = "password_repeat") -> list[Issue]:
    if repeat is not None and repeat != password:
        return [Issue(path, "两次输入的密码不一致", "the two passwords differ")]
    return []


def _username_issues(session: Session, username: str) -> list[Issue]:
    if not USERNAME.fullmatch(username):
        return [Issue("username", "用户名应为 3–40 个英文字母、数字或 . _ -，以字母或数字开头",
                      "a user name has 3–40 letters, digits or . _ -, starting with a letter "
                      "or digit")]
    taken = session.scalar(select(func.count()).select_from(User).where(
        func.lower(User.username) == username.lower()))
    if taken:
        return [Issue("username", f"用户名“{username}”已被使用",
                      f"the user name “{username}” is taken")]
    return []


def _name_issues(display_name: str) -> list[Issue]:
    if not display_name:
        return [Issue("display_name", "请填写姓名", "enter the person's name")]
    if len(display_name) > NAME_MAX or _has_control(display_name):
        return [Issue("display_name", f"姓名最多 {NAME_MAX} 个字符，不能含控制字符",
                      f"a name has at most {NAME_MAX} characters and no control characters")]
    return []


def _organisation(session: Session, role: str, organisation_id: int | None,
                  issues: list[Issue]) -> Organisation | None:
    """The organisation for ``role``: the one chosen, or the only district union for the
    district roles; appends a field issue when none fits."""
    if role not in ROLE_ORG_KIND:
        issues.append(Issue("role", "请选择角色", "choose a role"))
        return None
    kind = ROLE_ORG_KIND[role]
    if organisation_id is None and kind == "district":
        found = session.scalars(select(Organisation).where(Organisation.kind == kind)).all()
        if len(found) == 1:
            return found[0]
    org = session.get(Organisation, organisation_id) if organisation_id is not None else None
    if org is None or org.kind != kind:
        zh, en = ROLE_LABELS[role]
        wanted = {"unit": ("单位工会", "a unit union"),
                  "sector": ("行业、街镇、直属工会", "a sector union"),
                  "panel": ("评审小组", "the review panel"),
                  "district": ("区总工会", "the district union")}[kind]
        issues.append(Issue("organisation_id", f"{zh}账号应属于一个{wanted[0]}",
                            f"a {en} account belongs to {wanted[1]}"))
        return None
    return org


def _detail(user: User) -> dict[str, object]:
    return {"username": user.username, "display_name": user.display_name, "role": user.role,
            "organisation_id": user.organisation_id}


def create(session: Session, actor: Actor, *, username: str, display_name: str, role: str,
           organisation_id: int | None, password: str, repeat: str | None = None,
           must_change: bool = True) -> User:
    """A new active account; RecordInvalid naming every field that is wrong."""
    require_admin(actor)
    issues = [*_username_issues(session, username), *_name_issues(display_name)]
    org = _organisation(session, role, organisation_id, issues)
    issues += password_issues(password, username) or _repeat_issues(password, repeat)
    if issues:
        raise RecordInvalid(issues)
    assert org is not None
    user = User(username=username, display_name=display_name, role=role,
                organisation_id=org.id, password_hash=generate_password_hash(password),
                active=True, must_change_password=must_change)
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # the same name created a moment ago by someone else
        raise RecordInvalid([Issue("username", f"用户名“{username}”已被使用",
                                   f"the user name “{username}” is taken")]) from exc
    audit.record(session, actor, "user_created", SUBJECT, user.id, after="active",
                 detail=_detail(user))
    return user


def _lock_admins(session: Session) -> None:
    """Take the write lock on every active administrator's row before counting them."""
    session.execute(update(User).where(User.role == "admin", User.active.is_(True))
                    .values(active=User.active).execution_options(synchronize_session=False))


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True))) or 0


def account(session: Session, user_id: int) -> User:
    user = session.get(User, user_id, populate_existing=True)
    if user is None:
        raise NotFound("没有这个账号", "no such account", path="user")
    return user


def _refuse_last_admin(session: Session, user: User, path: str) -> None:
    if user.role == "admin" and user.active and _active_admins(session) <= 1:
        raise RuleBroken("这是最后一个在用的系统管理员账号，不能停用或改为其他角色；请先新建或"
                         "启用另一个系统管理员账号",
                         "this is the last active administrator account: it cannot be "
                         "deactivated or given another role; create or reactivate another "
                         "administrator first", path=path)


def update_user(session: Session, actor: Actor, user_id: int, *, display_name: str,
                role: str, organisation_id: int | None) -> User:
    require_admin(actor)
    _lock_admins(session)
    user = account(session, user_id)
    issues = _name_issues(display_name)
    org = _organisation(session, role, organisation_id, issues)
    if issues:
        raise RecordInvalid(issues)
    assert org is not None
    if role != user.role:
        _refuse_last_admin(session, user, "role")
    before = _detail(user)
    user.display_name, user.role, user.organisation_id = display_name, role, org.id
    after = _detail(user)
    if after != before:
        audit.record(session, actor, "user_updated", SUBJECT, user.id,
                     detail={"before": before, "after": after})
    return user


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> User:
    require_admin(actor)
    _lock_admins(session)
    user = account(session, user_id)
    if user.active == active:
        return user
    if not active:
        if user.id == actor.user_id:
            raise RuleBroken("不能停用自己正在使用的账号", "you cannot deactivate your own "
                             "account", path="active")
        _refuse_last_admin(session, user, "active")
    user.active = active
    audit.record(session, actor, "user_activated" if active else "user_deactivated", SUBJECT,
                 user.id, before="inactive" if active else "active",
                 after="active" if active else "inactive", detail=_detail(user))
    return user


def reset_password(session: Session, actor: Actor, user_id: int, password: str,
                   repeat: str | None = None, must_change: bool = True) -> User:
    """A new password given by the administrator: the user changes it at the next sign-in,
    and every session signed in with the old one ends."""
    require_admin(actor)
    user = account(session, user_id)
    if user.id == actor.user_id:
        raise RuleBroken("自己的密码请在“修改密码”页修改（需输入当前密码）",
                         "change your own password on the “Change password” page (it asks "
                         "for the current one)", path="password")
    issues = password_issues(password, user.username) or _repeat_issues(password, repeat)
    if issues:
        raise RecordInvalid(issues)
    user.password_hash = generate_password_hash(password)
    user.must_change_password = must_change
    audit.record(session, actor, "user_password_reset", SUBJECT, user.id,
                 detail={"username": user.username})
    return user


def change_own_password(session: Session, user: User, current: str, new: str,
                        repeat: str) -> None:
    issues: list[Issue] = []
    if not check_password_hash(user.password_hash, current):
        issues.append(Issue("current", "当前密码不正确", "the current password is wrong"))
    issues += password_issues(new, user.username, path="new") or _repeat_issues(new, repeat,
                                                                                 "repeat")
    if not issues and check_password_hash(user.password_hash, new):
        issues.append(Issue("new", "新密码不能与当前密码相同",
                            "the new password must differ from the current one"))
    if issues:
        raise RecordInvalid(issues)
    user.password_hash = generate_password_hash(new)
    user.must_change_password = False
    audit.record(session, Actor.of(user), "user_password_changed", SUBJECT, user.id,
                 detail={"username": user.username})


def signed_in(session: Session, user: User, at: dt.datetime | None = None) -> None:
    user.last_login = at or utcnow()


@dataclass(frozen=True)
class Change:
    entry: AuditEntry
    by: str
    username: str


def all_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).options(joinedload(User.organisation))
                           .order_by(User.active.desc(), User.role, User.username)).all()


def organisations(session: Session) -> Sequence[Organisation]:
    return session.scalars(select(Organisation).order_by(Organisation.kind,
                                                         Organisation.name)).all()


def changes(session: Session, user_id: int | None = None, limit: int = 50) -> list[Change]:
    """The latest account changes (of one account, or of all), newest first."""
    query = select(AuditEntry).where(AuditEntry.subject == SUBJECT)
    if user_id is not None:
        query = query.where(AuditEntry.subject_id == user_id)
    entries = session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)).all()
    names = {row.id: row.username for row in session.execute(select(User.id, User.username))}
    return [Change(e, names.get(e.user_id, "") if e.user_id else "(命令行 / CLI)",
                   names.get(e.subject_id, "")) for e in entries]


def ensure_district(session: Session, actor: Actor) -> Organisation:
    """The district union's organisation, created on a fresh install (for the first admin)."""
    found = session.scalars(select(Organisation).where(Organisation.kind == "district")
                            .order_by(Organisation.id)).first()
    if found is not None:
        return found
    org = Organisation(kind="district", name=DISTRICT_NAME)
    session.add(org)
    session.flush()
    audit.record(session, actor, "organisation_created", "organisation", org.id,
                 detail={"name": org.name})
    return org


action_label = lifecycle.action_label  # the user_* labels live with the others
