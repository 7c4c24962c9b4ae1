"""Uploaded returned forms (issue 6): the file kept under a generated key, what the parser read.

The user's file name is data only (``original_name``); the bytes live in the uploads folder
under ``key``, so no name a user chooses ever reaches the file system. A file that could not be
read is kept with status ``refused`` for manual entry, never dropped.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from registry.models import Base
from registry.models_org import utcnow

# parsing: kept, being read in the background (jobs.parse_task); parsed: read, nothing
# uncertain; needs_review: a person must look; refused: not read (kept for manual entry);
# saved: reviewed and saved to the registry.
UPLOAD_STATES = ("parsing", "parsed", "needs_review", "refused", "saved")


def new_upload_key() -> str:
    return uuid.uuid4().hex


class Upload(Base):
    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True, default=new_upload_key)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    detected_type: Mapped[str] = mapped_column(String(100), default="")
    uploaded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), index=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="refused", index=True)
    kind: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    # Where the stored record of the same id was found ("application:3"), if anywhere.
    stored_ref: Mapped[str] = mapped_column(String(60), default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The record after a person's review (accepted or corrected fields), when saved.
    reviewed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    message: Mapped[str] = mapped_column(Text, default="")
