"""A reviewed returned form written back into the registry's stored record of the same id.

The paper the system printed comes back signed and sealed: what it adds is the opinion blocks —
text, signatory, date, seal. :func:`write_back` writes those into the stored record (the one the
page's QR code names, among the records ``actor`` may see) where the lifecycle allows: a level's
block only once that level has taken its step in the registry (第七条 for applications, 第十五条
for funding, 第十一条 for yearly filings), and a unit union only its own unit's blocks. A returned
form never erases: an empty block on paper keeps what the registry holds. Any other difference
(the filed content) is not written — the registry's record stays as filed — and is reported.
The new record is checked by its kind's schema and rules before it is stored; the caller commits
it with its own audit entry, or rolls everything back on a refusal.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from forms.errors import Issue, PaperworkError, RecordInvalid
from forms.kinds import get_kind
from registry import audit
from registry.errors import RuleBroken
from registry.lifecycle import label
from registry.models_studio import Application, FundingApplication, Review, Studio, YearlyFiling
from registry.roles import Actor, studio_scope

OPINION_FIELDS = ("text", "signatory", "sealed", "date")
# kind → (model, article, {block path: (step that fills it, states in which it has been taken)})
Blocks = dict[str, tuple[str, tuple[str, ...]]]
APPLICATION_BLOCKS: Blocks = {
    "opinions.unit_union": ("recommend", ("recommended", "unit_agreed", "preliminary_passed",
                                          "panel_passed", "named")),
    "opinions.unit_party_admin": ("agree", ("unit_agreed", "preliminary_passed",
                                            "panel_passed", "named")),
    "opinions.sector_union": ("preliminary", ("preliminary_passed", "panel_passed", "named")),
    "opinions.district_union": ("approve", ("named",)),
}
FUNDING_BLOCKS: Blocks = {
    "opinions.unit_union": ("funding_apply", ("submitted", "proposed", "granted")),
    "opinions.review_panel": ("propose", ("proposed", "granted")),
    "opinions.chair_meeting": ("grant", ("granted",)),
}
FILING_BLOCKS: Blocks = {"self_check": ("file_yearly", ()), "evaluation": ("file_yearly", ())}
KINDS: dict[str, tuple[Any, str, Blocks]] = {
    "application": (Application, "第七条", APPLICATION_BLOCKS),
    "funding": (FundingApplication, "第十五条", FUNDING_BLOCKS),
    "self_inspection": (YearlyFiling, "第十一条", FILING_BLOCKS),
}
# The blocks a unit union may write: its own and its unit's party & administration's.
UNIT_BLOCKS = frozenset({"opinions.unit_union", "opinions.unit_party_admin", "self_check",
                         "evaluation"})
STEP_ZH = {"recommend": ("单位工会推荐", "the unit union's recommendation"),
           "agree": ("单位党政同意", "the agreement of the unit's party & administration"),
           "preliminary": ("行业、街镇、直属工会初审", "the sector union's preliminary review"),
           "approve": ("主席办公会议审定", "the chair's office meeting's approval"),
           "funding_apply": ("申请扶持资金", "the funding application"),
           "propose": ("评审小组提出扶持金额", "the review panel's proposal"),
           "grant": ("主席办公会议审定扶持资金", "the chair's office meeting's decision")}


@dataclass(frozen=True)
class Change:
    path: str
    stored: Any
    paper: Any

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class WriteBack:
    ref: str                   # "application:3"
    studio_id: int
    written: list[Change]      # now in the registry's record
    kept: list[Change]         # differences not written: the record stays as filed
    article: str

    def as_dict(self) -> dict[str, Any]:
        return {"ref": self.ref, "article": self.article,
                "written": [c.as_dict() for c in self.written],
                "kept": [c.as_dict() for c in self.kept]}


class WriteRefused(PaperworkError):
    """The registry's rules refuse part of the write-back; ``issues`` names each field."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        first = issues[0]
        super().__init__(first.zh, first.en, path=first.path, article=first.article)


def find(session: Session, actor: Actor, kind: str, record_id: str) -> Any | None:
    """The stored row of ``kind`` whose record has ``record_id``, among ``actor``'s, locked
    for update (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    if kind not in KINDS or not record_id:
        return None
    model = KINDS[kind][0]
    rows = session.execute(select(model.id, model.record).join(
        Studio, Studio.id == model.studio_id).where(studio_scope(actor))).all()
    for row_id, record in rows:
        if isinstance(record, dict) and record.get("record_id") == record_id:
            return session.scalars(select(model).where(model.id == row_id)
                                   .with_for_update()).one()
    return None


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_leaves(v, f"{prefix}{k}."))
        return out
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        out = {}
        for i, v in enumerate(value):
            out.update(_leaves(v, f"{prefix}{i}."))
        return out
    if isinstance(value, list):
        return {prefix[:-1]: sorted(map(str, value))}
    return {prefix[:-1]: value}


def _empty(value: Any) -> bool:
    return value in (None, "", False)


def _taken(session: Session, row: Any, kind: str, step: str, states: tuple[str, ...]) -> bool:
    if kind == "self_inspection" or row.state in states:
        return True
    level = Review.application_id if kind == "application" else Review.funding_id
    found = session.scalars(select(Review.id).where(level == row.id, Review.level == step,
                                                    Review.passed.is_(True))).first()
    return found is not None  # e.g. a level that approved before a later one refused


def write_back(session: Session, actor: Actor, kind: str, record_id: str,
               reviewed: dict[str, Any], today: dt.date) -> WriteBack | None:
    """Write the opinion blocks of ``reviewed`` into the stored record (not committed); None if
    the registry keeps no record of that id for ``actor``. Raises :class:`WriteRefused` or
    :class:`~forms.errors.RecordInvalid` (nothing changed) when the rules refuse."""
    row = find(session, actor, kind, record_id)
    if row is None:
        return None
    model_kind = get_kind(kind)
    _, article, blocks = KINDS[kind]
    try:
        stored = model_kind.model.model_validate(row.record).model_dump(mode="json")
        paper = model_kind.model.model_validate(reviewed).model_dump(mode="json")
    except ValidationError as exc:
        raise RuleBroken("登记册中的记录与当前表式不符，不能写回；请在登记册中核对该记录",
                         "the registry's stored record does not fit the current form; nothing "
                         "can be written back — check the record in the registry",
                         path="record", article=article) from exc
    old, new = _leaves(stored), _leaves(paper)
    merged = copy.deepcopy(stored)
    written: list[Change] = []
    kept: list[Change] = []
    refused: list[Issue] = []
    state = getattr(row, "state", "")
    for path in sorted(old.keys() | new.keys()):
        a, b = old.get(path), new.get(path)
        if a == b or path == "record_id":
            continue
        block, _, leaf = path.rpartition(".")
        if block not in blocks or leaf not in OPINION_FIELDS or _empty(b):
            kept.append(Change(path, a, b))
            continue
        step, states = blocks[block]
        if actor.role == "unit_union" and block not in UNIT_BLOCKS:
            refused.append(Issue(
                path, "单位工会只能写回本单位的意见栏（单位工会、单位党政），此栏由上级填写；"
                "请由区总工会在核对队列中核对并保存此文件",
                "a unit union writes back only its own unit's opinion blocks (unit union, "
                "party & administration); this block is a higher level's: the district union "
                "reviews and saves this file from its review queue", article))
        elif not _taken(session, row, kind, step, states):
            zh, en = STEP_ZH[step]
            refused.append(Issue(
                path, f"登记册中该记录当前为“{label(state)}”，尚未办理“{zh}”，纸面上的这一栏"
                f"不能写入；请先在登记册办理该步骤，再保存",
                f"the registry's record is {label(state, 'en')} and {en} has not been taken "
                "there yet, so this block cannot be written; take that step in the registry "
                "first, then save", article))
        else:
            _put(merged, path, b)
            written.append(Change(path, a, b))
    if refused:
        raise WriteRefused(refused)
    if not written:
        return WriteBack(_ref(row), int(row.studio_id), [], kept, article)
    checked, result = model_kind.check(merged)
    if checked is None or not result.ok:
        raise RecordInvalid(result.issues)
    row.record = checked.model_dump(mode="json")
    flag_modified(row, "record")
    if isinstance(row, YearlyFiling):  # the filing's own columns follow its opinion texts
        row.self_inspection = row.record["self_check"]["text"] or row.self_inspection
        row.evaluation = row.record["evaluation"]["text"] or row.evaluation
    done = WriteBack(_ref(row), int(row.studio_id), written, kept, article)
    audit.record(session, actor, "upload_written", row.__tablename__, row.id,
                 studio_id=int(row.studio_id), article=article,
                 detail={"record_id": record_id, "on": today.isoformat(),
                         "written": [c.as_dict() for c in written]})
    session.flush()
    return done


def _ref(row: Any) -> str:
    return f"{row.__tablename__}:{row.id}"


def _put(data: Any, path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        data = data[int(part)] if isinstance(data, list) else data[part]
    data[parts[-1]] = value
