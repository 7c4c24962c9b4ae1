"""studio-docs user add USERNAME --role admin: an account from the command line, above all the
first administrator of a fresh install (who then creates the others on /registry/users);
studio-docs user password USERNAME: a new password typed at the server, e.g. for an administrator
who forgot theirs (every session signed in with the old one ends).

The password is asked twice and never echoed; it is never taken from an argument (it would stay
in the shell history). On a database without any organisation the district union
(上海市杨浦区总工会) is created for the district roles. The web app's configuration decides which
database (``STUDIO_DATABASE_URL``, ``instance/config.py``). Exit status: 0 done, 2 bad input
(nothing written).
"""

from __future__ import annotations

import click
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cli import fail

ROLES = ("admin", "district", "panel", "sector_union", "unit_union")


user: click.Group = click.Group("user", help="账号 / accounts")


@user.command("add", help="新建账号（密码输入两次，不回显）/ add an account (the password is "
              "asked twice, never echoed)")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="角色 / role (admin: 系统管理员)")
@click.option("--name", "display_name", default="",
              help="姓名 / the person's name (default: the user name)")
@click.option("--organisation", default="",
              help="所属组织全称（单位工会、行业街镇直属工会、评审小组账号必填）/ the "
                   "organisation's full name (needed for unit, sector and panel accounts)")
def add(username: str, role: str, display_name: str, organisation: str) -> None:
    from webforms import create_app
    from webforms.database import EXTENSION

    app = create_app({"LOAD_EXAMPLES": False})
    password = click.prompt("密码 / Password", hide_input=True,
                            confirmation_prompt="再次输入密码 / Password again")
    factory = app.extensions[EXTENSION]
    try:
        org_name = _add(factory, username, role, display_name, organisation, password)
    finally:
        factory.kw["bind"].dispose()
    click.echo(f"已新建账号 {username}（{org_name}）/ account {username} created ({role})")


def _add(factory: sessionmaker[Session], username: str, role: str, display_name: str,
         organisation: str, password: str) -> str:
    from forms.errors import RecordInvalid
    from registry import users
    from registry.models_org import Organisation
    from registry.roles import SYSTEM

    with factory() as session, session.begin():
        org_id: int | None = None
        if organisation:
            org_id = session.scalars(select(Organisation.id).where(
                Organisation.name == organisation)).first()
            if org_id is None:
                fail(f"没有名为“{organisation}”的组织（--organisation）",
                     f"no organisation named “{organisation}” (--organisation)")
        elif users.ROLE_ORG_KIND[role] == "district":
            org_id = users.ensure_district(session, SYSTEM).id
        try:
            created = users.create(session, SYSTEM, username=username,
                                   display_name=display_name or username, role=role,
                                   organisation_id=org_id, password=password,
                                   must_change=False)
        except RecordInvalid as exc:  # leaving the block rolls back: nothing is written
            names = {"username": "USERNAME", "display_name": "--name", "role": "--role",
                     "organisation_id": "--organisation", "password": "密码 / password"}
            fail("；".join(f"{names.get(i.path, i.path)}：{i.zh}" for i in exc.issues),
                 "; ".join(f"{names.get(i.path, i.path)}: {i.en}" for i in exc.issues))
        name: str = created.organisation.name
    return name


@user.command("password", help="在服务器上为账号设置新密码（输入两次，不回显）/ set an "
              "account's password at the server (asked twice, never echoed)")
@click.argument("username")
def password_command(username: str) -> None:
    from forms.errors import RecordInvalid
    from registry import users
    from registry.models_org import User
    from registry.roles import SYSTEM
    from webforms import create_app
    from webforms.database import EXTENSION

    app = create_app({"LOAD_EXAMPLES": False})
    factory: sessionmaker[Session] = app.extensions[EXTENSION]
    try:
        with factory() as session, session.begin():
            found = session.scalars(select(User).where(User.username == username)).first()
            if found is None:
                fail(f"没有用户名为“{username}”的账号", f"no account named “{username}”")
            password = click.prompt("新密码 / New password", hide_input=True,
                                    confirmation_prompt="再次输入 / Again")
            try:
                users.reset_password(session, SYSTEM, found.id, password, must_change=False)
            except RecordInvalid as exc:  # leaving the block rolls back: nothing is written
                fail("；".join(i.zh for i in exc.issues), "; ".join(i.en for i in exc.issues))
            active = found.active
    finally:
        factory.kw["bind"].dispose()
    click.echo(f"已为 {username} 设置新密码 / new password set for {username}"
               + ("" if active else "（账号已停用 / the account is deactivated）"))
