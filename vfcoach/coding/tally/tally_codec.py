"""An `ItmTally` to JSON text and back, exactly: what the stored-tally cache keeps per pass.

Not `to_json_dict` (that is the documented report shape, with rounding and labels) and not
pickle: the text lives in a shared database, and unpickling what another client wrote would
run whatever it says. The codec walks the dataclass type hints instead, so a field added to
a tally type is carried without touching this module, and a type it cannot write raises at
once rather than storing something that reads back different. `CODEC_VERSION` is part of the
cache key: bump it when the tally's meaning changes without its shape changing.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
import uuid
from collections.abc import Callable
from functools import cache
from typing import Any

from vfcoach.coding.tally.itm_tally import ItmTally

CODEC_VERSION = 1


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, tuple | list | frozenset):
        return [_encode(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a tally cannot hold a {type(value).__name__}")


Decoder = Callable[[Any], Any]


def _same(raw: Any) -> Any:
    return raw


def _uuid(raw: Any) -> uuid.UUID:
    return uuid.UUID(hex=raw)


@cache
def _decoder(hint: Any) -> Decoder:
    """A decoder for one type, built once per type: a trend decodes 200 tallies of
    hundreds of values each, and inspecting the hint per value was most of the read."""
    supertype = getattr(hint, "__supertype__", None)  # NewType, e.g. AnnotationId
    if supertype is not None:
        return _decoder(supertype)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        real = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(real) != 1:
            raise TypeError(f"cannot decode an ambiguous union {hint}")
        inner = _decoder(real[0])
        return lambda raw: None if raw is None else inner(raw)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda raw: tuple(map(item, raw))
        parts = [_decoder(a) for a in args]
        return lambda raw: tuple(d(v) for d, v in zip(parts, raw, strict=True))
    if origin is frozenset:
        (arg,) = typing.get_args(hint)
        member = _decoder(arg)
        return lambda raw: frozenset(map(member, raw))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        cls = hint
        fields = [(name, _decoder(h)) for name, h in _hints(cls).items()]
        return lambda raw: cls(**{name: d(raw[name]) for name, d in fields})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if hint is uuid.UUID:
        return _uuid
    if hint is float:
        return float
    if hint in (int, str, bool):
        return _same
    raise TypeError(f"a tally cannot hold a {hint}")


def tally_to_json(tally: ItmTally) -> str:
    return json.dumps(_encode(tally), separators=(",", ":"), allow_nan=True)


def tally_from_json(text: str) -> ItmTally:
    """The tally `tally_to_json` wrote; raises (TypeError, KeyError, ValueError) on other text."""
    value = _decoder(ItmTally)(json.loads(text))
    assert isinstance(value, ItmTally)
    return value
