"""Reading returned forms (.docx, text PDF, scans, photos) back into records.

``parse(path_or_bytes, stored=None)`` → :class:`ParseResult`: the record validated by its kind's
schema, every field with its value, confidence, page, box and crop, the evidence of each opinion
block (signature, seal, date), the page's :class:`~forms.ids.DocRef`, and the differences from
the stored record. Uploads are checked first (:func:`check_upload`).
"""

from parsers.gate import Limits, Upload, UploadRefused, check_upload, sniff
from parsers.pipeline import parse
from parsers.result import Difference, FieldReading, OpinionEvidence, ParseResult

__all__ = [
    "Difference",
    "FieldReading",
    "Limits",
    "OpinionEvidence",
    "ParseResult",
    "Upload",
    "UploadRefused",
    "check_upload",
    "parse",
    "sniff",
]
