"""Where the project's data files are: templates and the fontconfig file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "doc_templates"
FONTS_CONF = TEMPLATES / "fonts.conf"
