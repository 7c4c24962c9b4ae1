"""Export batch documents page by page through LibreOffice's UNO API.

Run by the *system* Python (Debian's python3-uno provides ``uno``), so it imports nothing of the
project: ``python3 uno_export.py JOB.json``. The job names the soffice binary, a profile
directory, and batches of {docx, pdf, singles}. For each batch the document is loaded once,
exported whole (the merged, print-ready PDF) and then once per page with ``PageRange``, so each
single PDF carries only the glyphs of its own page (a page split from the whole PDF would carry
the font subsets of the whole batch). Outputs are written under a temporary name and renamed,
so a watcher never sees half a file. soffice runs in this process's group: killing the group
ends both.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: Any) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def url(path: str) -> str:
    return str(uno.systemPathToFileUrl(os.path.abspath(path)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def connect(port: int, proc: subprocess.Popen[bytes], within: float = 60.0) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + within
    while True:
        try:
            ctx = resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def store(doc: Any, target: str, page: int | None = None) -> None:
    options = [prop("FilterName", "writer_pdf_Export")]
    if page is not None:
        data = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("PageRange", str(page)),))
        options.append(prop("FilterData", data))
    tmp = os.path.join(os.path.dirname(target), "." + os.path.basename(target))
    doc.storeToURL(url(tmp), tuple(options))
    os.rename(tmp, target)


def main(job_path: str) -> int:
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    port = free_port()
    proc = subprocess.Popen(
        [job["soffice"], f"-env:UserInstallation={uno.systemPathToFileUrl(job['profile'])}",
         "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=socket,host=127.0.0.1,port={port};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = connect(port, proc)
        for batch in job["batches"]:
            doc = desktop.loadComponentFromURL(url(batch["docx"]), "_blank", 0,
                                               (prop("Hidden", True),))
            try:
                pages = int(doc.getCurrentController().PageCount)
                if pages != len(batch["singles"]):
                    print(json.dumps({"batch": batch["docx"], "pages": pages,
                                      "expected": len(batch["singles"])}), file=sys.stderr)
                    return 3
                store(doc, batch["pdf"])
                for page, target in enumerate(batch["singles"], start=1):
                    store(doc, target, page)
            finally:
                doc.close(True)
        with contextlib.suppress(Exception):  # the bridge drops as LibreOffice quits
            desktop.terminate()
        proc.wait(timeout=30)
        return 0
    finally:
        if proc.poll() is None:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
