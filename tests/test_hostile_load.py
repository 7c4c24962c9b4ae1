"""The load benchmark in small (issue 8): under gunicorn on loopback, with the converter
saturated, every submission is stored and overload is answered with 503 + Retry-After."""

from __future__ import annotations

from typing import Any

from benchmarks.load import run


def test_overload_is_answered_and_no_submission_is_lost(soffice: str) -> None:
    report: dict[str, Any] = run(users=8, seconds=6, slots=1, wait=0.3, workers=1)
    assert report["submitted"] > 0 and report["lost"] == 0
    for what in ("page", "submit", "pdf"):
        statuses = set(report[what]["status"])
        assert statuses <= {"200", "303", "503"}, (what, report[what])
    assert report["submit"]["status"] == {"303": report["submitted"]}
    pdf = report["pdf"]
    assert pdf["status"].get("200", 0) >= 1, pdf
    assert pdf["status"].get("503", 0) >= 1, "eight users saturate one converter slot"
    assert pdf["retry_after"] == pdf["status"]["503"]
