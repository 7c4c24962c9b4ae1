"""Pages read so far, told to whoever watches a reading (the web page's "第 3/5 页").

A reader calls :func:`page_read` as it finishes a page; nothing happens unless a watcher was
set with :func:`watch` (the sandbox child sets one that writes ``progress.json`` beside the
result, which the job's heartbeat copies into the job state). The count never goes back: a
second pass over pages already read (their OCR remembered) does not restart it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

Watcher = Callable[[int, int], None]
FILE = "progress.json"

_watcher: Watcher | None = None
_best = [0, 0]  # pages done, pages in all


def watch(watcher: Watcher | None) -> None:
    """Tell ``watcher(done, total)`` of every page read from now on (``None``: nobody)."""
    global _watcher
    _watcher = watcher
    _best[:] = [0, 0]


def page_read(done: int, total: int) -> None:
    if _watcher is None:
        return
    done, total = max(done, _best[0]), max(total, _best[1], done)
    if [done, total] == _best and done:
        return
    _best[:] = [done, total]
    _watcher(done, total)


def to_file(folder: Path) -> Watcher:
    """A watcher that keeps ``{"done": …, "total": …}`` in ``folder/progress.json``."""

    def write(done: int, total: int) -> None:
        tmp = folder / f".{FILE}.tmp"
        tmp.write_text(json.dumps({"done": done, "total": total}))
        os.replace(tmp, folder / FILE)

    return write


def read_file(folder: Path) -> tuple[int, int] | None:
    """(done, total) from ``folder/progress.json``; ``None`` while there is none."""
    try:
        data = json.loads((folder / FILE).read_text())
        return int(data["done"]), int(data["total"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
