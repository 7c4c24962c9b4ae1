"""Export batch documents to PDF through LibreOffice's UNO API, as they appear.

Run by the *system* Python (Debian's python3-uno provides ``uno``), so it imports nothing of the
project: ``python3 uno_export.py JOB.json``. The job names the soffice binary, a profile
directory, and batches of {docx, pdf, pages}. LibreOffice starts at once; each batch document is
converted as soon as it exists (the caller renders the next ones meanwhile), after checking
that it lays out as ``pages`` pages. Outputs are written under a temporary name and renamed, so
a watcher never sees half a file. soffice runs in this process's group: killing the group ends
both; if the caller dies while this waits for a document, this process ends too.
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


def store(doc: Any, target: str) -> None:
    tmp = os.path.join(os.path.dirname(target), "." + os.path.basename(target))
    doc.storeToURL(url(tmp), (prop("FilterName", "writer_pdf_Export"),))
    os.rename(tmp, target)


def wait_for(path: str, parent: int) -> None:
    """Until the caller has written ``path``; the caller kills this process on its timeout."""
    while not os.path.exists(path):
        if os.getppid() != parent:  # the caller is gone: nobody will write it
            raise SystemExit(4)
        time.sleep(0.01)


def main(job_path: str) -> int:
    parent = os.getppid()
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
            wait_for(batch["docx"], parent)
            doc = desktop.loadComponentFromURL(url(batch["docx"]), "_blank", 0,
                                               (prop("Hidden", True),))
            try:
                pages = int(doc.getCurrentController().PageCount)
                if pages != batch["pages"]:
                    print(json.dumps({"batch": batch["docx"], "pages": pages,
                                      "expected": batch["pages"]}), file=sys.stderr)
                    return 3
                store(doc, batch["pdf"])
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
