"""A bounded load test on loopback: the web app under gunicorn, N concurrent users.

Each user, until the time is up: opens the home page and a new form, submits a full
application (a new draft each time, with its own text, so every PDF is a fresh conversion),
opens the draft and downloads its PDF. Printed: p50/p95 latency per kind of request, the
answers by status, and the check that matters — every submission answered 303 is in the
database afterwards, and overload is answered with 503 (+ Retry-After) or 429, never with a
lost submission, a 500 or a dropped connection.

Run: .venv/bin/python benchmarks/load.py [--users 50] [--seconds 30] [--slots 1] [--wait 2]
(``--slots``/``--wait``: the app's RENDER_SLOTS/RENDER_WAIT per gunicorn worker.)
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
OVERLOAD = (429, 503)


class FormPairs(HTMLParser):
    """(name, value) of the inputs, selects and textareas of ``#docform``, as a browser posts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: list[tuple[str, str]] = []
        self.inside = self.skip = False
        self._area: str | None = None
        self._select: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "docform":
            self.inside = True
        if not self.inside or self.skip or tag == "template":
            self.skip = self.skip or tag == "template"
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.pairs.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._area, self._text = a.get("name"), ""
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.pairs.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.skip = False
        elif tag == "textarea" and self._area:
            self.pairs.append((self._area, self._text))
            self._area = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self._area:
            self._text += data


def form_pairs(html: str) -> list[tuple[str, str]]:
    parser = FormPairs()
    parser.feed(html)
    return parser.pairs


@dataclass
class Results:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    status: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    submitted: list[str] = field(default_factory=list)  # draft ids answered 303
    retry_after: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, seconds: float, status: str) -> None:
        with self.lock:
            self.latency[what].append(seconds)
            self.status[what][status] += 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(work: Path, slots: int, wait: float, workers: int) -> tuple[subprocess.Popen[bytes],
                                                                          str, Path]:
    port = free_port()
    database = work / "load.sqlite3"
    env = dict(os.environ, STUDIO_SECRET_KEY="load-test", STUDIO_LOAD_EXAMPLES="true",
               STUDIO_DATABASE_URL=f"sqlite:///{database}",
               STUDIO_RENDER_CACHE=str(work / "renders"), STUDIO_RENDER_SLOTS=str(slots),
               STUDIO_RENDER_WAIT=str(wait), STUDIO_CONVERTER_POOL="0")
    with (work / "gunicorn.log").open("wb") as log:  # the child keeps its own handle
        proc = subprocess.Popen(
            [str(GUNICORN), "--workers", str(workers), "--threads", "8", "--timeout", "180",
             "--backlog", "256", "--bind", f"127.0.0.1:{port}", "webforms:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/", timeout=5).status_code == 200:
                return proc, base, database
        except requests.RequestException:
            time.sleep(0.3)
    stop_app(proc)
    raise RuntimeError(f"the app did not start; see {work / 'gunicorn.log'}")


def stop_app(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def user(n: int, base: str, until: float, results: Results) -> None:
    http = requests.Session()
    template: list[tuple[str, str]] | None = None
    round_ = 0

    def get(what: str, path: str) -> requests.Response | None:
        t = time.perf_counter()
        try:
            resp = http.get(base + path, timeout=120, allow_redirects=False)
        except requests.RequestException as exc:
            results.add(what, time.perf_counter() - t, type(exc).__name__)
            return None
        status = str(resp.status_code)
        if what == "pdf" and resp.status_code == 200 and not resp.content.startswith(b"%PDF-"):
            status = "200 but not a PDF"
        results.add(what, time.perf_counter() - t, status)
        if resp.status_code in OVERLOAD and "Retry-After" in resp.headers:
            with results.lock:
                results.retry_after[what] += 1
        return resp

    while time.monotonic() < until:
        round_ += 1
        get("page", "/")
        new = get("page", "/forms/application")
        if template is None:
            example = get("page", "/drafts/example-application")
            if example is None or example.status_code != 200:
                continue
            template = form_pairs(example.text)
        if new is None or new.status_code != 200:
            continue
        fresh = dict(form_pairs(new.text))
        text = f"负载测试用户{n}第{round_}轮：五轴联动数控加工与刀具优化。"
        pairs = [(k, fresh.get(k, v) if k == "csrf_token" else
                  (text if k == "leader.expertise" else v)) for k, v in template]
        pairs += [("_new_id", fresh.get("_new_id", "")), ("_action", "save")]
        t = time.perf_counter()
        try:
            resp = http.post(base + "/forms/application", data=pairs, timeout=120,
                             allow_redirects=False)
        except requests.RequestException as exc:
            results.add("submit", time.perf_counter() - t, type(exc).__name__)
            continue
        results.add("submit", time.perf_counter() - t, str(resp.status_code))
        location = resp.headers.get("Location", "")
        found = re.fullmatch(r"/drafts/([0-9a-f]{32})", location)
        if resp.status_code != 303 or not found:
            continue
        with results.lock:
            results.submitted.append(found[1])
        get("page", location)
        get("pdf", f"{location}/document.pdf")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def stored_drafts(database: Path) -> set[str]:
    with sqlite3.connect(database) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM draft")}


def run(users: int, seconds: float, slots: int, wait: float, workers: int = 2) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="studio-load-") as tmp:
        proc, base, database = start_app(Path(tmp), slots, wait, workers)
        try:
            results = Results()
            until = time.monotonic() + seconds
            threads = [threading.Thread(target=user, args=(n, base, until, results))
                       for n in range(users)]
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            stored = stored_drafts(database)
        finally:
            stop_app(proc)
    lost = sorted(set(results.submitted) - stored)
    report: dict[str, object] = {"users": users, "seconds": round(elapsed, 1),
                                 "submitted": len(results.submitted), "lost": len(lost)}
    for what, times in sorted(results.latency.items()):
        report[what] = {"n": len(times), "p50_ms": round(1000 * statistics.median(times)),
                        "p95_ms": round(1000 * percentile(times, 0.95)),
                        "status": dict(sorted(results.status[what].items())),
                        "retry_after": results.retry_after.get(what, 0)}
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--slots", type=int, default=1, help="RENDER_SLOTS per gunicorn worker")
    ap.add_argument("--wait", type=float, default=2.0, help="RENDER_WAIT seconds")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    report = run(args.users, args.seconds, args.slots, args.wait, args.workers)
    print(f"{report['users']} users for {report['seconds']} s on loopback "
          f"(gunicorn {args.workers} workers, {args.slots} PDF slot(s) each, "
          f"wait {args.wait} s)")
    for what in ("page", "submit", "pdf"):
        row = report.get(what)
        if isinstance(row, dict):
            print(f"  {what:6} n={row['n']:5}  p50={row['p50_ms']:6} ms  "
                  f"p95={row['p95_ms']:6} ms  status={row['status']}  "
                  f"with Retry-After={row['retry_after']}")
    print(f"  submissions answered 303: {report['submitted']}, "
          f"missing from the database: {report['lost']}")
    bad = {w: {s: c for s, c in row["status"].items()
               if s not in ("200", "303", "429", "503")}
           for w, row in report.items() if isinstance(row, dict)}
    bad = {w: s for w, s in bad.items() if s}
    if bad:
        print(f"  answers that are neither success nor overload: {bad}")
    return 1 if report["lost"] or bad else 0


if __name__ == "__main__":
    sys.exit(main())
