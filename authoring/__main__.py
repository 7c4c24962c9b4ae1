"""python -m authoring: rebuild every template in doc_templates/."""

from __future__ import annotations

from authoring import application
from authoring import certificate as certificate_template
from authoring import funding as funding_template
from authoring import notice as notice_template
from authoring import plaque as plaque_template
from authoring import self_inspection as self_inspection_template
from authoring import withdrawal as withdrawal_template
from generators.paths import TEMPLATES

BUILDERS = {"application.docx": application.build}
BUILDERS["certificate.docx"] = certificate_template.build
BUILDERS["plaque.docx"] = plaque_template.build
BUILDERS["funding.docx"] = funding_template.build
BUILDERS["self_inspection.docx"] = self_inspection_template.build
BUILDERS["notice.docx"] = notice_template.build
BUILDERS["withdrawal.docx"] = withdrawal_template.build

if __name__ == "__main__":
    for name, build in BUILDERS.items():
        build(TEMPLATES / name)
        print(f"wrote {TEMPLATES / name}")
