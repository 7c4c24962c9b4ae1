"""The one wrapper around LibreOffice (``soffice --headless --convert-to pdf``).

Each call gets its own profile directory (parallel conversions sharing one fail silently), the
project's fontconfig file (official font names → free fonts), a timeout after which the whole
process group is killed, and a check that every expected PDF exists: the launcher passes on at
most ~250 file arguments and says nothing about the rest, so files go in chunks and are counted.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from forms.errors import ConversionFailed, ToolMissing
from generators.paths import FONTS_CONF

CHUNK = 200
CANDIDATES = ("soffice", "libreoffice")


def find_soffice() -> str:
    override = os.environ.get("STUDIO_SOFFICE")
    if override:
        if shutil.which(override):
            return override
    else:
        for name in CANDIDATES:
            found = shutil.which(name)
            if found:
                return found
    raise ToolMissing(
        "未找到 LibreOffice，无法生成 PDF。请先运行 make run（或 bash scripts/setup-system.sh）"
        "安装 libreoffice-writer-nogui。",
        "LibreOffice was not found, so no PDF can be made. Run `make run` (or "
        "`bash scripts/setup-system.sh`) to install libreoffice-writer-nogui.",
    )


def converter_env(profile: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    env["HOME"] = str(profile)
    env.pop("DISPLAY", None)
    return env


# Written into every fresh profile before LibreOffice starts (issue 8): a document may not make
# LibreOffice fetch anything (linked images, external templates, fields that include a URL),
# and no macro runs. ``BlockUntrustedRefererLinks`` blocks every link of a document outside the
# trusted locations, and a fresh profile trusts none.
HARDENING = {
    ("org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks"): "true",
    ("org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution"): "true",
    ("org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel"): "3",
    ("org.openoffice.Office.Common/Security/Scripting", "CheckDocumentEvents"): "true",
}


def harden_profile(profile: Path) -> Path:
    """Write the HARDENING settings as ``user/registrymodifications.xcu`` of ``profile`` (the
    directory named by ``-env:UserInstallation``); returns the file written."""
    items = "".join(
        f'<item oor:path="/{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for (path, name), value in HARDENING.items())
    xcu = profile / "user" / "registrymodifications.xcu"
    xcu.parent.mkdir(parents=True, exist_ok=True)
    xcu.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{items}</oor:items>\n", encoding="utf-8")
    return xcu


def _run(cmd: list[str], env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ConversionFailed(
            f"LibreOffice 转换超时（{timeout:.0f} 秒），已终止",
            f"LibreOffice did not finish within {timeout:.0f} s and was killed",
        ) from None
    finally:
        # soffice.bin may outlive the launcher: make sure nothing of this group is left.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def to_pdf(sources: Sequence[Path], out_dir: Path, *, timeout: float = 120.0) -> list[Path]:
    """Convert ``sources`` (.docx) to PDFs in ``out_dir``; returns the PDFs in input order."""
    soffice = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    results: list[Path] = []
    for start in range(0, len(sources), CHUNK):
        chunk = list(sources[start:start + CHUNK])
        with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
            harden_profile(Path(profile))
            cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir),
                   *(str(s) for s in chunk)]
            done = _run(cmd, converter_env(Path(profile)), timeout)
        for src in chunk:
            pdf = out_dir / (src.stem + ".pdf")
            if not pdf.exists() or pdf.stat().st_size == 0:
                raise ConversionFailed(
                    f"LibreOffice 未能转换 {src.name}",
                    f"LibreOffice did not convert {src.name} (exit {done.returncode}): "
                    f"{done.stderr.strip()[-300:]}",
                )
            results.append(pdf)
    return results


UNO_PYTHON = "/usr/bin/python3"  # Debian's python3-uno is built for the system Python
UNO_EXPORT = Path(__file__).with_name("uno_export.py")


def export_pages(batches: Sequence[tuple[Path, Path, Sequence[Path]]], *,
                 timeout: float = 600.0) -> None:
    """For each (docx, pdf, singles): the whole document to ``pdf`` and page i to singles[i],
    in one LibreOffice started for the call (see generators/uno_export.py). All or nothing: if
    the call fails or times out, whatever it had already written is removed."""
    try:
        _export_pages(batches, timeout)
    except BaseException:
        for _, pdf, singles in batches:
            for target in (pdf, *singles):
                target.unlink(missing_ok=True)
        raise


def _export_pages(batches: Sequence[tuple[Path, Path, Sequence[Path]]], timeout: float) -> None:
    soffice = find_soffice()
    check = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=30)
    if check.returncode != 0:
        raise ToolMissing(
            "缺少 LibreOffice 的 Python 接口（python3-uno），请运行 make run 安装",
            "LibreOffice's Python bridge (python3-uno) is missing; run `make run`")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        harden_profile(Path(profile))
        job = Path(profile) / "job.json"
        job.write_text(json.dumps({
            "soffice": soffice, "profile": profile,
            "batches": [{"docx": str(d), "pdf": str(p), "singles": [str(s) for s in singles]}
                        for d, p, singles in batches],
        }), encoding="utf-8")
        done = _run([UNO_PYTHON, str(UNO_EXPORT), str(job)], converter_env(Path(profile)),
                    timeout)
    if done.returncode == 3:
        info = json.loads(done.stderr.strip().splitlines()[-1])
        raise ConversionFailed(
            f"版面溢出：{info['expected']} 条记录排成了 {info['pages']} 页，请检查模板或超长内容",
            f"layout overflow: {info['expected']} records made {info['pages']} pages")
    if done.returncode != 0:
        raise ConversionFailed("LibreOffice 批量导出失败",
                               f"LibreOffice batch export failed (exit {done.returncode}): "
                               f"{done.stderr.strip()[-300:]}")
