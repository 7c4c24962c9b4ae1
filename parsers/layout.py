"""Where a kind's fields are printed, learned from its own template and schema.

The committed template (doc_templates/<kind>.docx) says, for every value it prints, the label
printed beside it (``工作室名称 | {{ studio.name }}``), or the column header above it in a
repeating row (``{%tr for m in team %}``), and the literal text around it (``{{ year }}年``).
The schema adds its own Chinese labels (``x-label-zh``) as accepted aliases, so a label retyped
as the schema names it is still found. Nothing here is specific to one kind: a new kind with a
template plugs in as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from docx import Document
from pydantic import BaseModel

from forms.kinds import DocKind, get_kind
from forms.validation import field_meta
from generators.paths import TEMPLATES

EXPR = re.compile(r"\{\{\s*([\w.]+)\s*(?:\|\s*(\w+)\s*(?:\((.*?)\))?)?\s*\}\}")
LOOP = re.compile(r"\{%\s*tr\s+for\s+(\w+)\s+in\s+([\w.]+)\s*%\}")
ENDLOOP = re.compile(r"\{%\s*tr\s+endfor\s*%\}")
SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with every blank removed and full-width forms folded (NFKC: （ → ( , ： → :), the
    way labels are compared — OCR reads either form."""
    return SPACE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Target:
    """One value printed in a cell: its schema path (``team.*.name``), filter and argument."""

    path: str
    filter: str | None = None
    arg: str | None = None


@dataclass(frozen=True)
class Slot:
    """A label and the value cell printed beside it."""

    label: str                   # as printed, blanks removed
    label_re: re.Pattern[str]    # the label, with ``{{ loop.index }}`` as digits
    aliases: tuple[str, ...]     # the schema's x-label-zh of the value(s)
    value_re: re.Pattern[str]    # the value cell: literal text around named groups g0, g1 …
    targets: tuple[Target, ...]
    group: str | None = None     # a repeating group of rows (``achievements``)
    # further value cells to the right of the first, with no label of their own
    more: tuple[tuple[re.Pattern[str], tuple[Target, ...]], ...] = ()
    source: str = ""             # the value cell's template text, as written

    @property
    def ticks(self) -> bool:
        """Boxes before printed option words (■劳模 □先进), read by finding the words."""
        return all(t.filter == "tick" and (t.arg or "").lower() not in ("true", "false")
                   for t in self.targets)

    def matches(self, label: str) -> bool:
        return bool(self.label_re.fullmatch(label)) or label in self.aliases


@dataclass(frozen=True)
class Column:
    header: str
    targets: tuple[Target, ...]  # empty for the running number (``{{ loop.index }}``)
    value_re: re.Pattern[str]


@dataclass(frozen=True)
class ColumnLoop:
    """A table whose header row names the columns of a repeating row (``team``)."""

    path: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


@dataclass(frozen=True)
class TableLayout:
    slots: tuple[Slot, ...]
    loop: ColumnLoop | None = None
    free: tuple[Slot, ...] = ()   # cells with no label beside them, known by their own words

    def labels(self) -> set[str]:
        found = {s.label for s in self.slots} | {a for s in self.slots for a in s.aliases}
        if self.loop:
            found |= set(self.loop.headers)
        return found


@dataclass(frozen=True)
class Layout:
    kind: str
    tables: tuple[TableLayout, ...]
    header_re: re.Pattern[str] | None   # the page header, to read the record id as text


MARKS = "■□☑☐☒√✓✔✗✘×●○◼◻▪▫"
TOKEN = re.compile(r"\{\{.*?\}\}|\{%-?\s*(\w+).*?-?%\}", re.DOTALL)


def template_regex(text: str) -> tuple[re.Pattern[str], tuple[Target, ...]]:
    """A regex for a filled-in cell: literal parts with flexible blanks, values as groups,
    a tick box as one mark, ``{% if %}…{% endif %}`` as an optional part."""
    parts: list[str] = []
    targets: list[Target] = []
    pos = 0
    for tok in TOKEN.finditer(text):
        parts.append(_literal(text[pos:tok.start()]))
        pos = tok.end()
        if tok[1] is not None:   # a {% tag %}
            parts.append({"if": "(?:", "endif": ")?"}.get(tok[1], ""))
            continue
        m = EXPR.fullmatch(tok[0])
        if m is None:
            parts.append(".*?")
            continue
        arg = m[3].strip().strip("'\"") if m[3] else None
        targets.append(Target(m[1], m[2], arg))
        n = len(targets) - 1
        parts.append(f"(?P<g{n}>[{MARKS}]?)" if m[2] == "tick" else f"(?P<g{n}>.*?)")
    parts.append(_literal(text[pos:]))
    return re.compile(r"\s*" + "".join(parts) + r"\s*", re.DOTALL), tuple(targets)


def _literal(text: str) -> str:
    if not text.strip():
        return r"\s*"
    # blanks may stand anywhere: a printed line may break inside a word of the template
    body = r"\s*".join(_char(c) for c in SPACE.sub("", text))
    return r"\s*" + body + r"\s*"


def _char(c: str) -> str:
    """A literal character, or its full-width/half-width pair (（ or ( ) as a class."""
    folded = unicodedata.normalize("NFKC", c)
    return f"[{re.escape(c)}{re.escape(folded)}]" if folded != c and len(folded) == 1 else \
        re.escape(c)


def _label_regex(label: str) -> re.Pattern[str]:
    out, pos = [], 0
    for m in EXPR.finditer(label):
        out.append(re.escape(label[pos:m.start()]))
        out.append(r"\d*")
        pos = m.end()
    out.append(re.escape(label[pos:]))
    return re.compile("".join(out))


def _resolve(target: Target, scope: dict[str, str]) -> Target:
    head, _, rest = target.path.partition(".")
    if head in scope:
        path = scope[head] + (f".{rest}" if rest else "")
        return Target(path, target.filter, target.arg)
    return target


def _aliases(model: type[BaseModel], targets: tuple[Target, ...]) -> tuple[str, ...]:
    paths = {t.path.replace(".*", ".0") for t in targets}
    if len(paths) > 1:  # several values in one cell (an opinion block): the parent's label
        parents = {p.rpartition(".")[0] for p in paths}
        paths = parents if len(parents) == 1 else set()
    out = []
    for p in sorted(paths):
        label = field_meta(model, p).get("x-label-zh")
        if isinstance(label, str):
            out.append(squash(label))
    return tuple(out)


def _cells(row: Any) -> list[str]:
    """A template row's cell texts, each merged cell once."""
    texts: list[str] = []
    last = None
    for c in row.cells:
        if c._tc is last:
            continue
        last = c._tc
        texts.append("\n".join(p.text for p in c.paragraphs))
    return texts


def _table_layout(table: Any, model: type[BaseModel]) -> TableLayout:
    slots: list[Slot] = []
    free: list[Slot] = []
    scope: dict[str, str] = {}
    group: str | None = None
    header: list[str] | None = None
    loop: ColumnLoop | None = None
    for row in table.rows:
        cells = _cells(row)
        joined = " ".join(cells)
        if (m := LOOP.search(joined)) is not None:
            path = _resolve(Target(m[2]), scope).path
            scope[m[1]] = f"{path}.*"
            group = path
            continue
        if ENDLOOP.search(joined):
            group = None
            continue
        exprs = [bool(EXPR.search(c)) for c in cells]
        if not any(exprs):
            header = [squash(c) for c in cells]
            continue
        if group and all(exprs) and header and len(header) == len(cells):
            columns = []
            for h, text in zip(header, cells, strict=True):
                rx, targets = template_regex(text)
                kept = tuple(_resolve(t, scope) for t in targets if t.path != "loop.index")
                columns.append(Column(h, kept, rx))
            loop = ColumnLoop(group, tuple(columns))
            continue
        for i in range(len(cells)):
            words = squash(TOKEN.sub("", cells[i]))
            if exprs[i] and (i == 0 or exprs[i - 1]) and len(words) >= 4:
                rx, targets = template_regex(cells[i])
                targets = tuple(_resolve(t, scope) for t in targets)
                free.append(Slot("", re.compile("(?!)"), (), rx, targets, group))
        last: int | None = None   # the slot read from the previous cell of this row
        for i in range(1, len(cells)):
            if exprs[i] and not (exprs[i - 1] and not EXPR.sub("", cells[i - 1]).strip()):
                label = squash(cells[i - 1])
                rx, targets = template_regex(cells[i])
                targets = tuple(_resolve(t, scope) for t in targets)
                slots.append(Slot(label, _label_regex(label), _aliases(model, targets), rx,
                                  targets, group, source=cells[i]))
                last = i
            elif exprs[i] and last == i - 1 and slots:
                rx, targets = template_regex(cells[i])
                targets = tuple(_resolve(t, scope) for t in targets)
                slots[-1] = replace(slots[-1], more=(*slots[-1].more, (rx, targets)))
                last = i
    return TableLayout(tuple(slots), loop, tuple(free))


@cache
def layout_of(kind_name: str) -> Layout:
    kind: DocKind = get_kind(kind_name)
    doc = Document(str(TEMPLATES / kind.template))
    tables = tuple(_table_layout(t, kind.model) for t in doc.tables)
    header_re = None
    for section in doc.sections:
        text = "".join(p.text for p in section.header.paragraphs)
        if "{{" in text:
            text = EXPR.sub(lambda m: "" if m[1] == "qr" else m[0], text)
            header_re, _ = template_regex(text)
            break
    return Layout(kind.name, tuple(t for t in tables if t.slots or t.loop or t.free), header_re)
