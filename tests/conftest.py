"""Shared fixtures. Under CI=true a missing real component (LibreOffice, fonts, Chromium,
PostgreSQL) fails the test; elsewhere it is skipped with the reason."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from forms.kinds import DocKind, get_kind
from generators.paths import ROOT
from generators.render import write

EXAMPLES = ROOT / "examples"
DATA = Path(__file__).parent / "data"
ARTIFACTS = Path(__file__).parent / "artifacts"


def require(ok: bool, what: str) -> None:
    """Skip (or, under CI, fail) when a real component is missing."""
    if ok:
        return
    message = f"missing real component: {what} (run `make test`, which installs it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    require(found is not None, "LibreOffice (soffice)")
    require((ROOT / "build/fonts/fandol/FandolFang-Regular.otf").exists(),
            "Fandol fonts in build/fonts (scripts/setup-system.sh)")
    assert found is not None
    return found


def example_data(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{kind}.json").read_text(encoding="utf-8"))
    return data


def load_record(kind: str, data: dict[str, Any] | None = None) -> BaseModel:
    record, result = get_kind(kind).check(example_data(kind) if data is None else data)
    assert record is not None and result.ok, [i.text() for i in result.errors]
    return record


@pytest.fixture
def render_to(tmp_path: Path) -> Callable[[str, BaseModel, str], Path]:
    """render_to(kind, record, ".pdf" or ".docx") → the written file."""

    def _render(kind: str, record: BaseModel, suffix: str) -> Path:
        doc_kind: DocKind = get_kind(kind)
        return write(doc_kind, record, tmp_path / f"{kind}{suffix}")

    return _render


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests keep screenshots and rendered pages for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
