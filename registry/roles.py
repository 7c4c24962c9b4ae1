"""Who sees what: each role sees and acts on its own organisation's records only.

单位工会 (unit_union): the studios of its unit; 行业、街镇、直属工会 (sector_union): the studios
under it; 评审小组 (panel): the studios whose application or funding request waits for or went
through the panel; 区总工会 (district) and the administrator: every studio.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session, aliased

from registry.errors import Forbidden, NotFound
from registry.models_org import User
from registry.models_studio import Application, FundingApplication, Studio

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "unit_union": ("单位工会", "unit union"),
    "sector_union": ("行业、街镇、直属工会", "sector union"),
    "district": ("区总工会", "district union staff"),
    "panel": ("评审小组", "review panel"),
    "admin": ("系统管理员", "administrator"),
}
PANEL_APPLICATION_STATES = ("preliminary_passed", "panel_passed", "named")
PANEL_FUNDING_STATES = ("submitted", "proposed", "granted")


@dataclass(frozen=True)
class Actor:
    """Whoever takes a step: the user (None for system jobs), the role and the organisation."""

    user_id: int | None
    role: str
    org_id: int | None

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.role, user.organisation_id)


SYSTEM = Actor(None, "admin", None)


def studio_scope(actor: Actor) -> ColumnElement[bool]:
    """The WHERE clause selecting the studios ``actor`` may see."""
    if actor.role in ("district", "admin"):
        return true()
    if actor.role == "unit_union":
        return Studio.unit_union_id == actor.org_id
    if actor.role == "sector_union":
        return Studio.sector_union_id == actor.org_id
    if actor.role == "panel":
        # Aliases, so that a query already selecting applications does not correlate them.
        app, funding = aliased(Application), aliased(FundingApplication)
        return or_(
            Studio.id.in_(select(app.studio_id).where(
                app.state.in_(PANEL_APPLICATION_STATES)).correlate_except(app)),
            Studio.id.in_(select(funding.studio_id).where(
                funding.state.in_(PANEL_FUNDING_STATES)).correlate_except(funding)),
        )
    return Studio.id.is_(None)  # nothing


def visible_studio(session: Session, actor: Actor, studio_id: int) -> Studio:
    """The studio if ``actor`` may see it; otherwise NotFound (no hint it exists)."""
    found = session.scalars(select(Studio).where(Studio.id == studio_id,
                                                 studio_scope(actor))).first()
    if found is None:
        raise NotFound("没有找到该工作室", "no such studio", path="studio")
    return found


def require_role(actor: Actor, *roles: str) -> None:
    if actor.role not in (*roles, "admin"):
        names = "、".join(ROLE_LABELS[r][0] for r in roles)
        names_en = ", ".join(ROLE_LABELS[r][1] for r in roles)
        raise Forbidden(f"此操作由{names}办理", f"this step is taken by the {names_en}",
                        path="role")
