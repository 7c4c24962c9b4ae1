"""Record → .docx (docxtpl in a sandboxed, autoescaping Jinja environment) → PDF.

This is the only module that touches docxtpl. Outputs are written to a temporary file beside the
target and moved into place, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2 import Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Undefined
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from forms.errors import PaperworkError
from forms.ids import DocRef
from forms.kinds import DocKind
from generators import libreoffice, pool
from generators.filters import FILTERS
from generators.paths import TEMPLATES
from generators.qr import LazyQR
from generators.stamp import slotted_codes, stamp_first_page

FORMATS = (".docx", ".pdf")
EXTRA_QR_MM = 22  # size of a kind's extra QR codes, large enough to scan from a wall


class StrictSandbox(SandboxedEnvironment):
    """The sandbox, but an unsafe attribute (``cycler.__init__``, ``x.__class__``…) stops the
    render at once instead of printing as blank: a template that tries is refused."""

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        raise SecurityError(f"access to attribute {attribute!r} of "
                            f"{type(obj).__name__!r} object is unsafe")


    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self.filters.update(FILTERS)
        self._compiled: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(self, source: str | nodes.Template,
                    globals: MutableMapping[str, Any] | None = None,
                    template_class: type[Template] | None = None) -> Template:
        """Compiled templates are kept (the last 64 sources): docxtpl hands over the same
        document XML on every render of a template, and compiling it was 40 % of a render."""
        if not isinstance(source, str) or globals or template_class:
            return super().from_string(source, globals, template_class)
        with self._lock:
            found = self._compiled.get(source)
            if found is not None:
                self._compiled.move_to_end(source)
                return found
        compiled = super().from_string(source)
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > 64:
                self._compiled.popitem(last=False)
        return compiled


_ENV = StrictSandbox()


def jinja_env() -> SandboxedEnvironment:
    """The one sandboxed, autoescaping environment with the project's filters (thread-safe:
    Jinja templates render concurrently)."""
    return _ENV


@functools.lru_cache(maxsize=64)
def _patched_xml(src_xml: str) -> str:
    return str(DocxTemplate.patch_xml(None, src_xml))


class FastTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template whose XML clean-up (``patch_xml``: regular expressions over the whole
    part, 18 % of a render) is done once per template part, not on every render; it depends on
    the XML alone."""

    def patch_xml(self, src_xml: str) -> str:
        return _patched_xml(src_xml)


def template_path(kind: DocKind) -> Path:
    return TEMPLATES / kind.template


def context(kind: DocKind, record: BaseModel, tpl: DocxTemplate,
            stamped: bool = False) -> dict[str, Any]:
    """The record's fields (as objects, for the filters) plus the page QR code image.

    ``stamped``: QR codes that have a page slot are left out (empty), because the caller draws
    them onto the PDF afterwards (bulk printing, generators/stamp.py)."""
    ctx: dict[str, Any] = {name: getattr(record, name) for name in type(record).model_fields}
    ref = DocRef(kind.name, kind.version, str(getattr(record, "record_id", "")))
    ctx["qr"] = LazyQR(tpl, ref.encode(), width=Mm(16))
    ctx["doc_title"] = kind.title_zh
    # Further QR codes the kind asks for (e.g. the certificate's verification address).
    for extra in kind.extra_qr:
        if extra.slot is None:
            ctx[extra.name] = LazyQR(tpl, extra.payload(record), width=Mm(EXTRA_QR_MM))
        elif stamped:
            ctx[extra.name] = ""
        else:
            ctx[extra.name] = LazyQR(tpl, extra.payload(record),
                                     width=Mm(extra.slot.size_mm), slot=extra.slot)
    return ctx


def docx_bytes(kind: DocKind, record: BaseModel, stamped: bool = False) -> bytes:
    """The filled-in .docx; ``stamped``: without the QR codes that have a page slot, which the
    caller draws onto the PDF (see :func:`pdf_bytes`)."""
    tpl = FastTemplate(str(template_path(kind)))
    try:
        tpl.render(context(kind, record, tpl, stamped), jinja_env(), autoescape=True)
    except SecurityError as exc:
        raise PaperworkError(
            f"模板“{kind.template}”试图访问不安全的内容，已拒绝生成：{exc}",
            f"the template {kind.template!r} tried to reach unsafe internals and was "
            f"refused: {exc}",
            path="template",
        ) from exc
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it into place only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix,
                               dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_docx(kind: DocKind, record: BaseModel, target: Path) -> Path:
    data = docx_bytes(kind, record)
    with atomic_target(target) as tmp:
        tmp.write_bytes(data)
    return target


def docx_to_pdf(data: bytes, timeout: float = 120.0) -> bytes:
    """Convert on the warm pool when one is installed (generators.pool), else cold."""
    warm = pool.active()
    if warm is not None:
        return warm.convert(data)
    with tempfile.TemporaryDirectory(prefix="studio-render-") as work:
        src = Path(work) / "document.docx"
        src.write_bytes(data)
        (pdf,) = libreoffice.to_pdf([src], Path(work) / "out", timeout=timeout)
        return pdf.read_bytes()


def pdf_bytes(kind: DocKind, record: BaseModel) -> bytes:
    """The PDF. QR codes with a page slot are drawn onto the first page after conversion, as
    bulk printing does: the same crisp code at the same place either way (LibreOffice resamples
    a QR picture, 164 px to 180, which blurs its modules)."""
    pdf = docx_to_pdf(docx_bytes(kind, record, stamped=True))
    codes = slotted_codes(kind, record)
    return stamp_first_page(pdf, codes) if codes else pdf


def write_pdf(kind: DocKind, record: BaseModel, target: Path) -> Path:
    data = pdf_bytes(kind, record)
    with atomic_target(target) as tmp:
        tmp.write_bytes(data)
    return target


def write(kind: DocKind, record: BaseModel, target: Path) -> Path:
    """Write ``record`` to ``target`` in the format its suffix names (.docx or .pdf)."""
    suffix = target.suffix.lower()
    if suffix == ".docx":
        return write_docx(kind, record, target)
    if suffix == ".pdf":
        return write_pdf(kind, record, target)
    raise PaperworkError(
        f"不支持的输出格式“{target.suffix}”，请用 .docx 或 .pdf",
        f"unsupported output format {target.suffix!r}; use .docx or .pdf",
        path="output",
    )
