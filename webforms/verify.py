"""``/verify/<certificate number>``: what a naming certificate's QR code opens.

Answers plainly whether the number is a certificate the district union issued, and if so what
it certifies; anything else is said to be unknown (HTTP 404), never guessed.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from registry import certificates
from webforms.database import db
from webforms.formdata import value_at

bp = Blueprint("verify", __name__)
MAX_NUMBER = 60
# Fields of the stored certificate record shown to whoever scans it, with their labels.
SHOWN = (
    ("studio_name", "工作室名称", "Studio"),
    ("studio.name", "工作室名称", "Studio"),
    ("leader", "带头人", "Leader"),
    ("leader_name", "带头人", "Leader"),
    ("leader.name", "带头人", "Leader"),
    ("host_unit", "所在单位", "Host unit"),
    ("host_unit.name", "所在单位", "Host unit"),
    ("unit", "所在单位", "Host unit"),
)


@bp.get("/verify")
def lookup() -> BaseResponse:
    number = request.args.get("number", "").strip()[:MAX_NUMBER]
    if not number:
        return redirect(url_for("pages.index"))
    return redirect(url_for("verify.verify", number=number))


@bp.get("/verify/<path:number>")
def verify(number: str) -> tuple[str, int]:
    number = number.strip()[:MAX_NUMBER]
    found = certificates.find(db(), number)
    facts: list[tuple[str, str, str]] = []
    if found is not None:
        seen: set[str] = set()
        for path, zh, en in SHOWN:
            value = value_at(found.record, path)
            if isinstance(value, str) and value.strip() and zh not in seen:
                facts.append((zh, en, value))
                seen.add(zh)
    return render_template("verify.html", number=number, found=found, facts=facts,
                           quoted=quote(number, safe="")), (200 if found else 404)
