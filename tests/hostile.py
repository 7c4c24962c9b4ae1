"""Helpers of the hostile tests: a loopback listener that counts what reaches it, the string
fields of every document kind, and a way to look for LibreOffice processes of a profile."""

from __future__ import annotations

import threading
import types
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import psutil
from pydantic import BaseModel

HOSTILE = Path(__file__).parent / "data" / "hostile"


class Listener:
    """An HTTP server on 127.0.0.1 that records every request line it is sent."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(f"GET {self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_HEAD = do_GET
            do_POST = do_GET
            do_PROPFIND = do_GET
            do_OPTIONS = do_GET

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _types_of(annotation: Any) -> list[Any]:
    """The member types of an annotation: Optional/Union/Annotated unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _types_of(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _types_of(a)]
    return [annotation]


def _is_text(t: Any) -> bool:
    if t is str:
        return True
    return typing.get_origin(t) is typing.Literal and all(
        isinstance(a, str) for a in typing.get_args(t))


def string_paths(model: type[BaseModel], data: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Dotted paths of every string field of ``model`` (lists: their first item in ``data``)."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        value = data.get(name) if isinstance(data, dict) else None
        for t in _types_of(info.annotation):
            if _is_text(t):
                yield path
            elif isinstance(t, type) and issubclass(t, BaseModel):
                yield from string_paths(t, value if isinstance(value, dict) else {}, path + ".")
            elif typing.get_origin(t) in (list, tuple) and isinstance(value, list) and value:
                (item,) = [a for a in typing.get_args(t) if a is not Ellipsis][:1]
                for it in _types_of(item):
                    if _is_text(it):
                        yield path + ".0"
                    elif isinstance(it, type) and issubclass(it, BaseModel):
                        yield from string_paths(it, value[0], path + ".0.")


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at the dotted ``path``, creating missing mappings on the way."""
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        if isinstance(node, list):
            node = node[int(part)]
        else:
            if not isinstance(node.get(part), dict | list):
                node[part] = {}
            node = node[part]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def soffice_processes(profile_marker: str) -> list[psutil.Process]:
    """Live soffice processes whose command line names ``profile_marker``."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        try:
            cmd = " ".join(proc.info["cmdline"] or [])
            if "soffice" in cmd and profile_marker in cmd and \
                    proc.info["status"] != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found
