"""Before saving: what the write-back would do with the record as read (a dry run).

The reviewer sees which opinion blocks saving will write into the registry's record, and which
the registry's rules would refuse, before pressing save. The dry run is
:func:`registry.writeback.write_back` in a session of its own that is always rolled back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import current_app

from forms.errors import PaperworkError
from registry import writeback
from registry.models_upload import Upload
from registry.roles import Actor
from webforms.database import EXTENSION


def today() -> dt.date:
    return dt.date.fromisoformat(str(current_app.config.get("REGISTRY_TODAY")
                                     or dt.date.today().isoformat()))


def preview(actor: Actor, upload: Upload) -> dict[str, Any] | None:
    """``{"written": [Change…], "refused": [Issue…]}``, or None when nothing would be written
    back (no stored record of that id, nothing read, or already saved)."""
    record = (upload.result or {}).get("record")
    if upload.status not in ("parsed", "needs_review") or not record or not upload.record_id:
        return None
    with current_app.extensions[EXTENSION]() as session:
        try:
            done = writeback.write_back(session, actor, upload.kind, upload.record_id, record,
                                        today())
        except writeback.WriteRefused as exc:
            return {"written": [], "refused": exc.issues}
        except PaperworkError:
            return None  # the save itself says why
        finally:
            session.rollback()
    if done is None or not done.written:
        return None
    return {"written": done.written, "refused": []}
