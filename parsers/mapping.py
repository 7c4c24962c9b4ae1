"""Tables of printed cells → field readings, by the labels the layout knows.

Every reader (.docx, text PDF, OCR) reduces its input to tables: rows of :class:`Cell`, each
merged cell once, in reading order. A cell whose text is a known label is followed by its
value cell; a table whose header row names a repeating row's columns is read row by row.
Nothing depends on the position of a row, so rows added in Word are read as well.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import BaseModel

from parsers import repair
from parsers.layout import Layout, Slot, TableLayout, Target, squash
from parsers.result import Cell, FieldReading
from parsers.values import (
    TICKED,
    annotation_at,
    choices,
    is_list,
    tick_state,
    typed,
    unfilter,
    unwrap,
)

Table = list[list[Cell]]
MISMATCH = "单元格文字与模板不符 / the cell does not read as the template prints"
LOOSE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}[日曰目白]?")   # 日 may be lost
PRINTED_MARKS = frozenset("签字盖章年月日")
LOOSE_SIGNATORY = re.compile(r"签字[:：][ \t]*([^\s（(年月日]*)")


@dataclass
class Readings:
    fields: dict[str, FieldReading] = field(default_factory=dict)
    matched_labels: int = 0

    def add(self, reading: FieldReading) -> None:
        old = self.fields.get(reading.path)
        if old is None:
            self.fields[reading.path] = reading
            return
        if old.value == reading.value:
            if reading.confidence > old.confidence:
                self.fields[reading.path] = reading
            return
        # The same field printed twice (cover and body) reads differently: keep the surer one,
        # flagged so that a person decides.
        best = reading if reading.confidence >= old.confidence else old  # later: body
        best.confidence = min(best.confidence, 0.3)
        best.note = f"两处读数不一致 / read differently in two places: {old.text!r} ≠ " \
                    f"{reading.text!r}"
        self.fields[reading.path] = best


def score(table: Table, layout: TableLayout) -> int:
    labels = layout.labels()
    hits = 0
    for row in table:
        for c in row:
            if any(s.value_re.fullmatch(c.text) for s in layout.free):
                hits += 1
            s = squash(c.text)
            if s in labels or any(slot.label_re.fullmatch(s) for slot in layout.slots):
                hits += 1
        if len(row) == 1 and split_label(row[0], layout) is not None:
            hits += 1
    return hits


def split_label(cell: Cell, layout: TableLayout) -> tuple[Cell, Cell] | None:
    """A line read as one piece that starts with a label (``申报年度2026年``): label and value.
    Only lines outside ruled cells come as one piece, such as the cover's."""
    text = cell.text
    key = squash(text)
    for slot in layout.slots:
        for label in (slot.label, *slot.aliases):
            if len(key) > len(label) and key.startswith(label) and "{" not in label:
                # walk the printed text until the label's characters are used up
                n, used = 0, 0
                while used < len(label) and n < len(text):
                    used += len(squash(text[n]))
                    n += 1
                return (Cell(text[:n], cell.page, cell.box, cell.confidence),
                        Cell(text[n:], cell.page, cell.box, cell.confidence, cell.note))
    return None


def best_layout(table: Table, layout: Layout) -> TableLayout | None:
    scored = [(score(table, t), -i, t) for i, t in enumerate(layout.tables)]
    hits, _, best = max(scored, key=lambda x: (x[0], x[1]), default=(0, 0, None))
    return best if hits > 0 else None


class Mapper:
    """Reads the tables of one document, keeping the count of repeating items across tables."""

    def __init__(self, layout: Layout, model: type[BaseModel]) -> None:
        self.layout = layout
        self.model = model
        self.readings = Readings()
        self.items: dict[str, int] = {}           # loop path → items read so far
        self.group_seen: dict[str, set[str]] = {}

    def read(self, tables: Iterable[Table]) -> Readings:
        for table in tables:
            tl = best_layout(table, self.layout)
            if tl is not None:
                self.read_table(table, tl)
        return self.readings

    def read_table(self, table: Table, tl: TableLayout) -> None:
        columns: dict[int, Any] | None = None
        for row in table:
            texts = [squash(c.text) for c in row]
            if tl.loop is not None:
                hits = [h for h in texts if h in tl.loop.headers]
                if len(hits) >= max(2, len(tl.loop.headers) // 2):
                    columns = {i: c for i, t in enumerate(texts) for c in tl.loop.columns
                               if c.header == t}
                    continue
                if columns is not None and not self._slot_row(row, tl):
                    self.read_item(row, columns, tl.loop.path)
                    continue
            if len(row) == 1 and (split := split_label(row[0], tl)) is not None:
                row = list(split)
            self.read_pairs(row, tl)
            for cell in row:
                for slot in tl.free:
                    m = slot.value_re.fullmatch(cell.text)
                    if m is not None:
                        self.emit_match(slot.targets, m, self._index(slot), cell)
                        break

    def _slot_row(self, row: list[Cell], tl: TableLayout) -> bool:
        return any(s.matches(squash(c.text)) for c in row for s in tl.slots)

    def read_item(self, row: list[Cell], columns: dict[int, Any], path: str) -> None:
        if all(not c.text.strip() for c in row):
            return
        index = self.items.get(path, 0)
        self.items[path] = index + 1
        for i, col in columns.items():
            if not col.targets or i >= len(row):
                continue
            cell = row[i]
            m = col.value_re.fullmatch(cell.text)
            if m is not None:
                self.emit_match(col.targets, m, index, cell)
            elif len(col.targets) == 1:
                self.emit(col.targets[0], index, cell.text, cell, 0.6, MISMATCH)

    def read_pairs(self, row: list[Cell], tl: TableLayout) -> None:
        i = 0
        while i < len(row) - 1:
            label = squash(row[i].text)
            slot = next((s for s in tl.slots if s.matches(label)), None) if label else None
            if slot is None:
                i += 1
                continue
            self.readings.matched_labels += 1
            self.read_slot(slot, row[i + 1])
            index = self.items.get(slot.group, 1) - 1 if slot.group else 0
            for k, (rx, targets) in enumerate(slot.more):
                if i + 2 + k < len(row) and (m := rx.fullmatch(row[i + 2 + k].text)):
                    self.emit_match(targets, m, index, row[i + 2 + k])
            i += 2 + len(slot.more)   # a value that reads like a label is still a value

    def _index(self, slot: Slot) -> int:
        if slot.group is None:
            return 0
        seen = self.group_seen.setdefault(slot.group, set())
        if slot.label in seen or slot.group not in self.items:
            seen.clear()
            self.items[slot.group] = self.items.get(slot.group, 0) + 1
        seen.add(slot.label)
        return self.items[slot.group] - 1

    def read_slot(self, slot: Slot, cell: Cell) -> None:
        index = self._index(slot)
        if slot.ticks:
            self.read_ticks(slot, cell, index)
            return
        m = slot.value_re.fullmatch(cell.text)
        if m is None:
            if len(slot.targets) == 1:
                self.emit(slot.targets[0], index, cell.text, cell, 0.6, MISMATCH)
            else:
                self.read_loose(slot, cell, index)
            return
        self.emit_match(slot.targets, m, index, cell)

    def emit_match(self, targets: tuple[Target, ...], m: re.Match[str], index: int,
                   cell: Cell) -> None:
        """The values of a matched cell; tick boxes of one field are read together."""
        boxes: dict[str, dict[str, bool | None]] = {}
        for n, target in enumerate(targets):
            if target.filter == "tick":
                boxes.setdefault(target.path, {})[target.arg or ""] = (m[f"g{n}"] or "") in TICKED
            else:
                self.emit(target, index, m[f"g{n}"] or "", cell, 1.0)
        for path, state in boxes.items():
            self.emit_ticks(path.replace("*", str(index)), state, cell, cell.confidence)

    def read_loose(self, slot: Slot, cell: Cell, index: int) -> None:
        """A cell of several values whose printed words are hidden (a seal or a signature over
        them): the best guess for each value, every one flagged for a person."""
        lines = cell.text.split("\n")
        for n, target in enumerate(slot.targets):
            text = ""
            if target.filter in ("date_zh", "date_cn"):
                found = LOOSE_DATE.search(cell.text.replace(" ", ""))
                text = found[0] if found else ""
            elif n == 0:
                text = "\n".join(itertools.takewhile(
                    lambda ln: not set(ln) & PRINTED_MARKS, lines))
            elif (found := LOOSE_SIGNATORY.search(cell.text)) is not None:
                text = found[1]
            self.emit(target, index, text, replace(cell, confidence=min(cell.confidence, 0.4)),
                      1.0, MISMATCH)

    def read_ticks(self, slot: Slot, cell: Cell, index: int) -> None:
        options = tuple(t.arg or "" for t in slot.targets)
        if cell.ticks is not None:
            state, confidence = cell.ticks(options)
        else:
            state, confidence = tick_state(cell.text, options), cell.confidence
        path = slot.targets[0].path.replace("*", str(index))
        text = cell.text if cell.ticks is None else "  ".join(
            ("■" if state[o] else "□" if state[o] is not None else "?") + o for o in options)
        self.emit_ticks(path, state, replace(cell, text=text), confidence)

    def emit_ticks(self, path: str, state: dict[str, bool | None], cell: Cell,
                   confidence: float) -> None:
        annotation = annotation_at(self.model, path)
        ticked = [o for o, on in state.items() if on]
        note = "" if confidence >= 0.9 else "勾选框难以判断 / a tick box is unclear"
        if any(v is None for v in state.values()):
            confidence, note = min(confidence, 0.5), "有选项未找到 / an option was not found"
        value: Any
        if is_list(annotation):
            value = ticked
        elif len(ticked) == 1:
            value = {"true": True, "false": False}.get(ticked[0].lower(), ticked[0]) \
                if choices(annotation) == () else ticked[0]
        elif not ticked and set(state) == {"true"}:
            value = False   # a single box: unticked means no
        else:
            value = None
            confidence = min(confidence, 0.4)
            note = "应只勾选一项 / exactly one box should be ticked"
        self.readings.add(FieldReading(path, value, cell.text, confidence, cell.page, cell.box,
                                       note))

    def emit(self, target: Target, index: int, text: str, cell: Cell, factor: float,
             note: str = "") -> None:
        path = target.path.replace("*", str(index))
        try:
            annotation = annotation_at(self.model, path)
        except KeyError:
            return
        confidence = cell.confidence * factor
        note = note or cell.note
        refused = False
        try:
            value = typed(unfilter(text, target.filter), annotation)
        except ValueError as exc:
            value, confidence, refused = text.strip(), min(confidence, 0.3), True
            note = f"无法识读 / cannot read: {exc}"
        options = choices(annotation)
        inner = unwrap(annotation)
        if options and not is_list(annotation) and value not in options and value is not None:
            confidence, refused = min(confidence, 0.3), True
            note = note or "不是可选值 / not one of the choices"
        elif isinstance(value, str) and value and inner is not str and not options:
            refused = True   # typed() left it as text: not a number or a date
        if refused and (mended := repair.mend(text, target.filter, inner, options)) is not None:
            value, note = mended, repair.NOTE
            confidence = min(cell.confidence * factor, repair.MENDED)
        elif isinstance(value, str) and (mended := repair.mend_text(path, value)) is not None:
            value, note, confidence = mended, repair.NOTE, min(confidence, repair.MENDED)
        self.readings.add(FieldReading(path, value, text.strip(), confidence, cell.page,
                                       cell.box, note))


def to_data(readings: Readings) -> dict[str, Any]:
    """The readings as the nested dict the schema validates."""
    data: dict[str, Any] = {}
    for path, reading in sorted(readings.fields.items(), key=lambda kv: _sort_key(kv[0])):
        _set(data, path.split("."), reading.value)
    return data


def _sort_key(path: str) -> list[tuple[int, int | str]]:
    return [(0, int(p)) if p.isdigit() else (1, p) for p in path.split(".")]


def _set(node: Any, parts: list[str], value: Any) -> None:
    head, rest = parts[0], parts[1:]
    nxt_is_index = bool(rest) and rest[0].isdigit()
    if isinstance(node, list):
        i = int(head)
        while len(node) <= i:
            node.append({})
        if not rest:
            node[i] = value
            return
        _set(node[i], rest, value)
        return
    if not rest:
        node[head] = value
        return
    child = node.setdefault(head, [] if nxt_is_index else {})
    _set(child, rest, value)
