"""Parsing in a child process with memory and time limits (issue 8: PDF bomb, malformed PDF)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from forms.kinds import get_kind
from generators.render import docx_bytes
from parsers.sandbox import ParseFailed, parse_isolated
from tests.conftest import load_record

MB = 1024 * 1024


def bomb_pdf(inflated: int = 500 * MB) -> bytes:
    """A one-page PDF of well under 1 MB whose content stream inflates to ``inflated`` bytes
    of path operators."""
    packer = zlib.compressobj(9)
    chunk = b"0 0 m\n" * (1 << 18)
    parts = [packer.compress(chunk) for _ in range(inflated // len(chunk))]
    stream = b"".join(parts) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
               + b"\nendstream"]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def sandboxes_running(out_dir: Path) -> list[int]:
    """Processes still reading in ``out_dir`` (their command line names it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if b"parsers.sandbox" in cmdline and str(out_dir).encode() in cmdline:
            found.append(int(proc.name))
    return found


# Run in a fresh interpreter, so that the peak memory of its children is the sandbox's alone
# (this test process has had other children: LibreOffice, OCR readings).
BOMB_RUN = """
import json, resource, sys
from pathlib import Path
from parsers.sandbox import ParseFailed, parse_isolated
try:
    parse_isolated(Path(sys.argv[1]), Path(sys.argv[2]), timeout=60, memory=1024 * 1024 * 1024)
    outcome = {"failed": False}
except ParseFailed as exc:
    outcome = {"failed": True, "reason": exc.reason, "zh": exc.zh, "en": exc.en}
outcome["child_peak"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps(outcome))
"""


def test_a_pdf_bomb_is_stopped_by_the_memory_limit(tmp_path: Path) -> None:
    data = bomb_pdf()
    assert len(data) < 1 * MB
    path = tmp_path / "bomb.pdf"
    path.write_bytes(data)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-c", BOMB_RUN, str(path), str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert time.monotonic() - started < 60
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["failed"] and outcome["reason"] in ("memory", "unreadable", "crash")
    assert "已保留以便人工录入" in outcome["zh"] and "manual entry" in outcome["en"]
    # The child never held more than its limit.
    assert outcome["child_peak"] < 1100 * MB
    assert sandboxes_running(tmp_path / "out") == []


def test_a_broken_xref_is_marked_for_manual_entry(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                     b"xref\n0 9\ngarbage\ntrailer\n<< /Size 9 /Root 7 0 R >>\n"
                     b"startxref\n999999\n%%EOF\n")
    with pytest.raises(ParseFailed) as caught:
        parse_isolated(path, tmp_path / "out", timeout=60)
    assert caught.value.reason == "unreadable" and "PDF" in caught.value.zh
    assert "已保留以便人工录入" in caught.value.zh


def test_a_parse_over_time_is_killed_with_no_process_left(tmp_path: Path) -> None:
    path = tmp_path / "form.docx"
    path.write_bytes(docx_bytes(get_kind("application"), load_record("application")))
    started = time.monotonic()
    with pytest.raises(ParseFailed) as caught:
        parse_isolated(path, tmp_path / "out", timeout=0.2)
    assert time.monotonic() - started < 5
    assert caught.value.reason == "timeout" and "超时" in caught.value.zh
    assert sandboxes_running(tmp_path / "out") == []


def test_a_good_form_is_read_under_the_limits(tmp_path: Path) -> None:
    record = load_record("application")
    path = tmp_path / "form.docx"
    path.write_bytes(docx_bytes(get_kind("application"), record))
    done = parse_isolated(path, tmp_path / "out", timeout=60)
    assert done.result["kind"] == "application" and done.result["record"] is not None
    assert done.result["record"]["leader"] == record.model_dump(mode="json")["leader"]
    assert sandboxes_running(tmp_path / "out") == []


@pytest.mark.slow
def test_an_unsure_scan_is_read_again_against_the_record_its_qr_code_names(
        tmp_path: Path) -> None:
    from parsers.confirm import CONFIRMED_NOTE

    returned = Path(__file__).parent / "data" / "returned"
    expected = json.loads((returned / "application-expected.json").read_text(
        encoding="utf-8"))["record"]
    done = parse_isolated(returned / "application-scan.pdf", tmp_path / "out", timeout=300,
                          candidates={f"application|{expected['record_id']}": expected})
    notes = [f["note"] for f in done.result["fields"]]
    assert CONFIRMED_NOTE in notes, "nothing was confirmed against the stored record"
    # What changed on paper is the opinions (seals, signatures, handwriting), not the print.
    assert all(d["path"].startswith("opinions.") for d in done.result["differences"]), \
        done.result["differences"]
