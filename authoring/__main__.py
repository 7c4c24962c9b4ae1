"""python -m authoring: rebuild every template in doc_templates/."""

from __future__ import annotations

from authoring import application
from generators.paths import TEMPLATES

BUILDERS = {"application.docx": application.build}

if __name__ == "__main__":
    for name, build in BUILDERS.items():
        build(TEMPLATES / name)
        print(f"wrote {TEMPLATES / name}")
