"""What changed on paper: the fields where a read record differs from the stored one."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from parsers.result import Difference

SKIP = frozenset({"record_id"})


def leaves(value: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every leaf; a list of plain values (ticked choices) is one leaf,
    compared without regard to order."""
    if isinstance(value, Mapping):
        for k, v in value.items():
            yield from leaves(v, f"{prefix}{k}.")
    elif isinstance(value, list) and any(isinstance(v, Mapping) for v in value):
        for i, v in enumerate(value):
            yield from leaves(v, f"{prefix}{i}.")
    elif isinstance(value, list):
        yield prefix[:-1], tuple(sorted(map(str, value)))
    else:
        yield prefix[:-1], value


def differences(stored: BaseModel | Mapping[str, Any], read: BaseModel | Mapping[str, Any],
                ignore: frozenset[str] = SKIP) -> list[Difference]:
    a = dict(leaves(_plain(stored)))
    b = dict(leaves(_plain(read)))
    out = []
    for path in sorted(a.keys() | b.keys()):
        if path in ignore or path.rsplit(".", 1)[-1] in ignore:
            continue
        if a.get(path) != b.get(path):
            out.append(Difference(path, a.get(path), b.get(path)))
    return out


def _plain(record: BaseModel | Mapping[str, Any]) -> Mapping[str, Any]:
    return record.model_dump() if isinstance(record, BaseModel) else record
