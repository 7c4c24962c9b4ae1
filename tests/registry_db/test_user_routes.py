"""The account pages through the real web app on SQLite and PostgreSQL: who may see and change
accounts, typed input kept with a message beside each wrong field, sessions that end when an
account is deactivated or its password reset, a new password before anything else, the last
administrator, CSRF, and ``studio-docs user add`` for the first administrator."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.security import generate_password_hash

from cli import main
from registry.models_org import AuditEntry, LoginFailure, User
from tests.registry_db.conftest import District
from webforms import create_app
from webforms.database import EXTENSION

GOOD = "Hongqi-2026"


def password_of(username: str) -> str:
    return f"Pw-{username}-2026"


@pytest.fixture
def web(engine: Engine, district: District, factory: sessionmaker[Session],
        tmp_path: object) -> Iterator[Flask]:
    with factory() as s, s.begin():
        for user in s.scalars(select(User)).all():
            user.password_hash = generate_password_hash(password_of(user.username))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "LOAD_EXAMPLES": False,
                      "SECRET_KEY": "test", "REGISTRY_TODAY": "2026-11-24",
                      "DATABASE_URL": engine.url.render_as_string(hide_password=False)})
    yield app
    app.extensions[EXTENSION].kw["bind"].dispose()


def sign_in(app: Flask, username: str, password: str | None = None) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": username,
                                           "password": password or password_of(username)})
    assert response.status_code == 302, (username, response.status_code)
    return client


def db(app: Flask) -> Session:
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    return factory()


def user_id(app: Flask, username: str) -> int:
    with db(app) as s:
        return s.scalars(select(User.id).where(User.username == username)).one()


def new_account(**over: str) -> dict[str, str]:
    return {"username": "zhang.san", "display_name": "张三", "role": "unit_union",
            "organisation_id": "", "password": GOOD, "password_repeat": GOOD, **over}


def test_who_sees_the_accounts(web: Flask, district: District) -> None:
    page = sign_in(web, "admin").get("/registry/users")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "新建账号" in text and 'name="password"' in text
    for name in ("district", "panel", "sector_a", "unit_b"):
        assert f">{name}</a>" in text
    assert text.count("从未登录") == 6  # everyone but the admin, who just signed in
    staff = sign_in(web, "district")
    text = staff.get("/registry/users").get_data(as_text=True)
    assert "只读" in text and 'name="password"' not in text and ">admin</a>" in text
    assert staff.post("/registry/users", data=new_account()).status_code == 403
    detail = staff.get(f"/registry/users/{district.unit_a.user_id}").get_data(as_text=True)
    assert "停用账号" not in detail and "重置密码" not in detail
    assert staff.post(f"/registry/users/{district.unit_a.user_id}/active",
                      data={"active": "0"}).status_code == 403
    for name in ("panel", "sector_a", "unit_a"):
        client = sign_in(web, name)
        assert client.get("/registry/users").status_code == 403
        assert client.get(f"/registry/users/{district.admin.user_id}").status_code == 403
    assert web.test_client().get("/registry/users").status_code == 302  # to sign-in
    assert sign_in(web, "admin").get("/registry/users/99999").status_code == 404
    en = sign_in(web, "admin").get("/registry/users?lang=en").get_data(as_text=True)
    assert "Accounts" in en and "New account" in en and "never" in en


def test_mistakes_come_back_with_what_was_typed(web: Flask, district: District) -> None:
    admin = sign_in(web, "admin")
    response = admin.post("/registry/users", data=new_account(
        username="张三", display_name="张三丰", password="secret", password_repeat="secret"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="张三"' in text and 'value="张三丰"' in text and "secret" not in text
    assert re.search(r'id="new-username-msg">.*用户名应为.*a user name has', text)
    assert re.search(r'id="new-password-msg">.*至少 10 个字符.*at least 10', text)
    assert "单位工会账号应属于一个单位工会 / a unit union account belongs to a unit union" in text
    assert re.search(r'<option value="unit_union" selected>', text)
    response = admin.post("/registry/users", data=new_account(password_repeat=GOOD + "!"))
    assert response.status_code == 400
    assert "两次输入的密码不一致 / the two passwords differ" in response.get_data(as_text=True)
    with db(web) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 7
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_new_account_changes_its_password_first(web: Flask, district: District) -> None:
    admin = sign_in(web, "admin")
    response = admin.post("/registry/users", data=new_account(
        organisation_id=str(district.unit_a_org)))
    assert response.status_code == 303
    new_id = user_id(web, "zhang.san")
    assert response.location.endswith(f"/registry/users/{new_id}")
    page = admin.get(response.location).get_data(as_text=True)
    assert "已新建账号 zhang.san" in page and "新建账号" in page and "下次登录须修改密码" in page
    client = web.test_client()
    first = client.post("/login", data={"username": "zhang.san", "password": GOOD})
    assert first.status_code == 302 and "/registry/password" in first.location
    for path in ("/registry/", "/registry/studios", "/uploads/"):
        blocked = client.get(path)
        assert blocked.status_code == 303 and "/registry/password" in blocked.location
    form = client.get("/registry/password").get_data(as_text=True)
    assert "您的密码由系统管理员设置" in form
    wrong = client.post("/registry/password", data={"current": "nope", "new": GOOD,
                                                     "repeat": GOOD})
    assert wrong.status_code == 400
    text = wrong.get_data(as_text=True)
    assert "当前密码不正确 / the current password is wrong" in text
    for _ in range(4):  # five wrong current passwords in a minute, as on the sign-in page
        client.post("/registry/password", data={"current": "nope", "new": GOOD, "repeat": GOOD})
    blocked = client.post("/registry/password", data={"current": GOOD, "new": "Mine-2026-zs",
                                                       "repeat": "Mine-2026-zs"})
    assert blocked.status_code == 429 and "一分钟后再试" in blocked.get_data(as_text=True)
    with db(web) as s:
        s.execute(delete(LoginFailure))
        s.commit()
    done = client.post("/registry/password?next=/registry/studios",
                       data={"current": GOOD, "new": "Mine-2026-zs", "repeat": "Mine-2026-zs"})
    assert done.status_code == 303 and done.location.endswith("/registry/studios")
    assert client.get("/registry/").status_code == 200  # the same session goes on
    with db(web) as s:
        user = s.get(User, new_id)
        assert user is not None and not user.must_change_password and user.last_login
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == new_id)
                            .order_by(AuditEntry.id)).all()
    assert actions == ["user_created", "user_password_changed"]
    listing = admin.get("/registry/users").get_data(as_text=True)
    assert "新建账号" in listing and "本人修改密码" in listing
    log = admin.get("/registry/audit").get_data(as_text=True)  # the district's audit log
    assert "<td>新建账号</td>" in log and "<td>本人修改密码</td>" in log


def test_deactivation_ends_the_session(web: Flask, district: District) -> None:
    admin, unit = sign_in(web, "admin"), sign_in(web, "unit_a")
    assert unit.get("/registry/").status_code == 200
    target = district.unit_a.user_id
    assert admin.post(f"/registry/users/{target}/active",
                      data={"active": "0"}).status_code == 303
    assert unit.get("/registry/").status_code == 302  # signed out at the next request
    again = web.test_client().post("/login", data={"username": "unit_a",
                                                    "password": password_of("unit_a")})
    assert again.status_code == 401
    detail = admin.get(f"/registry/users/{target}").get_data(as_text=True)
    assert "已停用" in detail and "启用账号" in detail and "停用账号" in detail  # log row
    assert admin.post(f"/registry/users/{target}/active",
                      data={"active": "1"}).status_code == 303
    assert sign_in(web, "unit_a").get("/registry/").status_code == 200
    with db(web) as s:
        rows = s.execute(select(AuditEntry.action, AuditEntry.before, AuditEntry.after)
                         .where(AuditEntry.subject_id == target).order_by(AuditEntry.id)).all()
    assert [tuple(r) for r in rows] == [("user_deactivated", "active", "inactive"),
                                        ("user_activated", "inactive", "active")]


def test_reset_ends_sessions_and_asks_for_a_new_one(web: Flask, district: District) -> None:
    admin, panel = sign_in(web, "admin"), sign_in(web, "panel")
    target = district.panel.user_id
    weak = admin.post(f"/registry/users/{target}/password",
                      data={"password": "panel", "password_repeat": "panel"})
    assert weak.status_code == 400 and "至少 10 个字符" in weak.get_data(as_text=True)
    assert panel.get("/registry/").status_code == 200  # nothing changed yet
    assert admin.post(f"/registry/users/{target}/password",
                      data={"password": GOOD, "password_repeat": GOOD}).status_code == 303
    assert panel.get("/registry/").status_code == 302  # the old session ended
    fresh = web.test_client()
    signed = fresh.post("/login", data={"username": "panel", "password": GOOD})
    assert "/registry/password" in signed.location
    own = admin.post(f"/registry/users/{district.admin.user_id}/password",
                     data={"password": GOOD, "password_repeat": GOOD}, follow_redirects=True)
    assert "修改密码" in own.get_data(as_text=True) and "自己的密码" in own.get_data(as_text=True)


def test_last_admin_cannot_be_removed(web: Flask, district: District) -> None:
    admin = sign_in(web, "admin")
    me = district.admin.user_id
    refused = admin.post(f"/registry/users/{me}", data={
        "display_name": "管理员", "role": "district", "organisation_id": ""},
        follow_redirects=True)
    text = refused.get_data(as_text=True)
    assert "这是最后一个在用的系统管理员账号" in text and "last active administrator" in text
    own = admin.post(f"/registry/users/{me}/active", data={"active": "0"},
                     follow_redirects=True).get_data(as_text=True)
    assert "不能停用自己正在使用的账号" in own
    with db(web) as s:
        s.execute(update(User).where(User.username == "district").values(role="admin"))
        s.commit()
    moved = admin.post(f"/registry/users/{me}", data={
        "display_name": "区总工会干事", "role": "district", "organisation_id": ""})
    assert moved.status_code == 303
    # The session goes on with the new role: the account pages are now read-only.
    assert admin.post("/registry/users", data=new_account()).status_code == 403
    district_admin = sign_in(web, "district")
    last = district_admin.post(f"/registry/users/{district.district.user_id}", data={
        "display_name": "x", "role": "district", "organisation_id": ""}, follow_redirects=True)
    assert "最后一个在用的系统管理员" in last.get_data(as_text=True)


def test_csrf_is_checked(web: Flask) -> None:
    web.config["WTF_CSRF_ENABLED"] = True
    admin = web.test_client()
    page = admin.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    admin.post("/login", data={"username": "admin", "password": password_of("admin"),
                               "csrf_token": token.group(1)})
    refused = admin.post("/registry/users", data=new_account(organisation_id=""))
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    form = admin.get("/registry/users").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    role = new_account(role="district", csrf_token=token.group(1))
    assert admin.post("/registry/users", data=role).status_code == 303


def test_first_admin_from_the_command_line(engine: Engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    env = {"STUDIO_DATABASE_URL": url, "STUDIO_SECRET_KEY": "cli-test"}
    runner = CliRunner()
    mismatch = runner.invoke(main, ["user", "add", "root", "--role", "admin"],
                             input=f"{GOOD}\n{GOOD}x\n{GOOD}\n{GOOD}\n", env=env)
    assert mismatch.exit_code == 0, mismatch.output
    assert GOOD not in mismatch.output  # never echoed
    assert "已新建账号 root" in mismatch.output
    weak = runner.invoke(main, ["user", "add", "second", "--role", "admin"],
                         input="short\nshort\n", env=env)
    assert weak.exit_code == 2 and "密码 / password：密码至少 10 个字符" in weak.output
    taken = runner.invoke(main, ["user", "add", "ROOT", "--role", "admin"],
                          input=f"{GOOD}\n{GOOD}\n", env=env)
    assert taken.exit_code == 2 and "USERNAME" in taken.output and "taken" in taken.output
    unit = runner.invoke(main, ["user", "add", "unit1", "--role", "unit_union",
                                "--organisation", "没有的单位工会"],
                         input=f"{GOOD}\n{GOOD}\n", env=env)
    assert unit.exit_code == 2 and "--organisation" in unit.output
    app = create_app({"TESTING": True, "LOAD_EXAMPLES": False, "SECRET_KEY": "t",
                      "WTF_CSRF_ENABLED": False, "DATABASE_URL": url})
    try:
        with db(app) as s:
            root = s.scalars(select(User).where(User.username == "root")).one()
            assert root.role == "admin" and root.organisation.kind == "district"
            assert not root.must_change_password
            assert s.scalar(select(func.count()).select_from(User)) == 1
        client = sign_in(app, "root", GOOD)
        assert client.get("/registry/users").status_code == 200
        forgot = runner.invoke(main, ["user", "password", "root"],
                               input="Again-2026x\nAgain-2026x\n", env=env)
        assert forgot.exit_code == 0 and "Again-2026x" not in forgot.output, forgot.output
        assert client.get("/registry/users").status_code == 302  # the old session ended
        assert sign_in(app, "root", "Again-2026x").get("/registry/users").status_code == 200
        nobody = runner.invoke(main, ["user", "password", "nobody"], env=env)
        assert nobody.exit_code == 2 and "nobody" in nobody.output
    finally:
        app.extensions[EXTENSION].kw["bind"].dispose()
