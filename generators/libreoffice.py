"""The one wrapper around LibreOffice (``soffice --headless --convert-to pdf``).

Each call gets its own profile directory (parallel conversions sharing one fail silently), the
project's fontconfig file (official font names → free fonts), a timeout after which the whole
process group is killed, and a check that every expected PDF exists: the launcher passes on at
most ~250 file arguments and says nothing about the rest, so files go in chunks and are counted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

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


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "studio-docs"


def _template_key(soffice: str) -> str:
    real = Path(shutil.which(soffice) or soffice).resolve()
    ident = json.dumps([str(real), real.stat().st_mtime_ns, sorted(HARDENING.items())],
                       default=str)
    return hashlib.sha256(ident.encode()).hexdigest()[:16]


def _hardened(xcu: Path) -> bool:
    text = xcu.read_text(encoding="utf-8") if xcu.exists() else ""
    return all(f'oor:name="{name}" oor:op="fuse"><value>{value}</value>' in text
               for (_, name), value in HARDENING.items())


@functools.cache
def profile_template(soffice: str) -> Path | None:
    """A hardened profile that LibreOffice has already started with once, made on first use
    and kept in the user's cache. LibreOffice's first start with an empty profile fills it,
    runs its graphics self-tests and then restarts itself: ~1.5 s and 0.5 CPU-s more than a
    start with a used profile, paid again by every conversion that starts from an empty one.
    Each conversion still gets its own copy (37 small files). ``None`` when it cannot be made
    (read-only cache, LibreOffice failing): callers then start from a hardened empty profile.
    Looked up once per process: a failed attempt (a LibreOffice start) is not repeated before
    every conversion."""
    target = _cache_dir() / f"lo-profile-{_template_key(soffice)}"
    if _hardened(target / "user" / "registrymodifications.xcu"):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="making-", dir=target.parent) as tmp:
            made, sample = Path(tmp) / "profile", Path(tmp) / "sample.txt"
            harden_profile(made)
            sample.write_text("样张 sample\n", encoding="utf-8")
            # One real conversion, as every later start will make (--terminate_after_init
            # quits before the first-start work is done).
            _run([soffice, f"-env:UserInstallation={made.as_uri()}", "--headless",
                  "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                  "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, str(sample)],
                 converter_env(made), 120)
            # LibreOffice rewrites the settings file as it quits: ours must have survived.
            if not _hardened(made / "user" / "registrymodifications.xcu"):
                return None
            (made / "user" / ".lock").unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # another process made it first: use theirs
                made.rename(target)
    except (OSError, ConversionFailed):
        return None
    return target if _hardened(target / "user" / "registrymodifications.xcu") else None


def new_profile(profile: Path, soffice: str) -> None:
    """Make ``profile`` (an empty directory) a hardened LibreOffice user installation."""
    template = profile_template(soffice)
    if template is not None:
        try:
            shutil.copytree(template, profile, dirs_exist_ok=True, symlinks=True)
            return
        except OSError:  # the cached template was removed since: start from an empty one
            pass
    harden_profile(profile)


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
            new_profile(Path(profile), soffice)
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


@dataclass(frozen=True)
class BatchDoc:
    docx: Path  # written by the caller, possibly after the export has started
    pdf: Path
    pages: int  # the page count it must lay out as


class BatchExport:
    """One LibreOffice for a list of batch documents, started at once and converting each
    document as soon as the caller has written it (generators/uno_export.py), so that its
    start-up and the caller's rendering overlap.

    ``with BatchExport(docs, timeout) as export:`` … write the documents …
    ``export.wait_for(doc)`` returns when ``doc.pdf`` is complete. All or nothing: if anything
    fails or the time runs out, LibreOffice is killed and every PDF of the list removed.
    """

    def __init__(self, docs: Sequence[BatchDoc], timeout: float = 600.0) -> None:
        self.docs = list(docs)
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="lo-profile-")
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BatchExport:
        try:
            self._start()
        except BaseException:
            self._profile.cleanup()
            raise
        return self

    def _start(self) -> None:
        soffice = find_soffice()
        check = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True,
                               timeout=30)
        if check.returncode != 0:
            raise ToolMissing(
                "缺少 LibreOffice 的 Python 接口（python3-uno），请运行 make run 安装",
                "LibreOffice's Python bridge (python3-uno) is missing; run `make run`")
        profile = Path(self._profile.name)
        new_profile(profile, soffice)
        job = profile / "job.json"
        job.write_text(json.dumps({
            "soffice": soffice, "profile": str(profile),
            "batches": [{"docx": str(d.docx), "pdf": str(d.pdf), "pages": d.pages}
                        for d in self.docs],
        }), encoding="utf-8")
        with (profile / "stderr.txt").open("wb") as err:
            self._proc = subprocess.Popen([UNO_PYTHON, str(UNO_EXPORT), str(job)],
                                          env=converter_env(profile), stdout=subprocess.DEVNULL,
                                          stderr=err, start_new_session=True)

    def wait_for(self, doc: BatchDoc) -> None:
        assert self._proc is not None
        while not doc.pdf.exists():
            if self._proc.poll() is not None and not doc.pdf.exists():
                self._failed()
            if time.monotonic() > self.deadline:
                raise ConversionFailed(
                    f"LibreOffice 转换超时（{self.timeout:.0f} 秒），已终止",
                    f"LibreOffice did not finish within {self.timeout:.0f} s and was killed")
            time.sleep(0.01)

    def _failed(self) -> NoReturn:
        assert self._proc is not None
        stderr = (Path(self._profile.name) / "stderr.txt").read_text("utf-8", "replace").strip()
        if self._proc.returncode == 3:
            info = json.loads(stderr.splitlines()[-1])
            raise ConversionFailed(
                f"版面溢出：{info['expected']} 条记录排成了 {info['pages']} 页，"
                "请检查模板或超长内容",
                f"layout overflow: {info['expected']} records made {info['pages']} pages")
        raise ConversionFailed("LibreOffice 批量导出失败",
                               f"LibreOffice batch export failed (exit {self._proc.returncode}): "
                               f"{stderr[-300:]}")

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: object) -> None:
        assert self._proc is not None
        failed = kind is not None
        try:
            if not failed:
                for doc in self.docs:
                    self.wait_for(doc)
                self._proc.wait(timeout=max(1.0, self.deadline - time.monotonic()))
        except BaseException:
            failed = True
            raise
        finally:
            # soffice may outlive the script: make sure nothing of this group is left.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait()
            self._profile.cleanup()
            if failed:
                for doc in self.docs:
                    doc.pdf.unlink(missing_ok=True)


def export_batches(docs: Sequence[BatchDoc], *, timeout: float = 600.0) -> None:
    """Convert ``docs`` (already written) in one LibreOffice; all or nothing."""
    with BatchExport(docs, timeout):
        pass
