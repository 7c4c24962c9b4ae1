"""The registry's refusals, each a :class:`PaperworkError` the web layer maps to a status."""

from __future__ import annotations

from forms.errors import PaperworkError


class NotFound(PaperworkError):
    """No such record, or not one of this user's organisation (HTTP 404)."""


class Forbidden(PaperworkError):
    """The record is visible but this role does not take this step (HTTP 403)."""


class RuleBroken(PaperworkError):
    """A rule of the measures or the record's state refuses the step (HTTP 409)."""
