"""Typed conversion between the model's frozen dataclasses and JSON values, and JSON Schema.

One source of truth: the dataclass field types drive decoding, encoding and the published
schema, so the three cannot drift apart. Decoding errors carry a JSON path (``$.staff[2].id``).
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints


class FormatError(ValueError):
    """A JSON value that does not fit the format; ``path`` points at it (``$.shifts[0].end``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _is_optional(tp: Any) -> tuple[bool, Any]:
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return True, args[0]
    return False, tp


def decode(tp: Any, value: Any, path: str) -> Any:
    """Convert a JSON value to the Python type ``tp``, raising FormatError with its path."""
    optional, inner = _is_optional(tp)
    if optional:
        return None if value is None else decode(inner, value, path)
    origin = get_origin(tp)
    if tp is Any or tp is object:
        return value
    if origin is Literal:
        if value not in get_args(tp):
            allowed = ", ".join(repr(a) for a in get_args(tp))
            raise FormatError(path, f"must be one of {allowed}, found {value!r}")
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise FormatError(path, f"must be true or false, found {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FormatError(path, f"must be an integer, found {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormatError(path, f"must be a number, found {value!r}")
        return float(value)
    if tp is str:
        if not isinstance(value, str):
            raise FormatError(path, f"must be a string, found {value!r}")
        return value
    if tp is date:
        try:
            return date.fromisoformat(_string(value, path))
        except ValueError:
            raise FormatError(path, f"must be a date like 2026-03-29, found {value!r}") from None
    if tp is datetime:
        try:
            parsed = datetime.fromisoformat(_string(value, path))
        except ValueError:
            raise FormatError(
                path, f"must be a date-time like 2026-03-29T08:00:00+01:00, found {value!r}"
            ) from None
        if parsed.tzinfo is None:
            raise FormatError(path, f"needs a UTC offset (e.g. +00:00), found {value!r}")
        return parsed
    if origin is tuple:
        args = get_args(tp)
        if not isinstance(value, list):
            raise FormatError(path, f"must be a list, found {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v, f"{path}[{k}]") for k, v in enumerate(value))
        if len(value) != len(args):
            raise FormatError(path, f"must be a list of {len(args)} items")
        return tuple(
            decode(a, v, f"{path}[{k}]") for k, (a, v) in enumerate(zip(args, value, strict=True))
        )
    if origin in (Mapping, dict):
        key_tp, val_tp = get_args(tp)
        if not isinstance(value, dict):
            raise FormatError(path, f"must be an object, found {value!r}")
        return {decode(key_tp, k, path): decode(val_tp, v, f"{path}.{k}") for k, v in value.items()}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return decode_dataclass(tp, value, path)
    raise TypeError(f"cannot decode type {tp!r}")


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise FormatError(path, f"must be a string, found {value!r}")
    return value


def decode_dataclass(cls: type, value: Any, path: str) -> Any:
    if not isinstance(value, dict):
        raise FormatError(path, f"must be an object, found {value!r}")
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    for key in value:
        if key not in names:
            raise FormatError(f"{path}.{key}", "unknown field")
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if f.name not in value:
            if required:
                raise FormatError(f"{path}.{f.name}", "is required")
            continue
        kwargs[f.name] = decode(hints[f.name], value[f.name], f"{path}.{f.name}")
    return cls(**kwargs)


def encode(value: Any) -> Any:
    """A JSON-ready value: dataclasses become objects (defaults left out), dates ISO strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.default is not dataclasses.MISSING and v == f.default:
                continue
            if f.default_factory is not dataclasses.MISSING and v == f.default_factory():
                continue
            out[f.name] = encode(v)
        return out
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def schema(tp: Any) -> dict[str, Any]:
    """JSON Schema (2020-12) fragment for a model type."""
    optional, inner = _is_optional(tp)
    if optional:
        return {"anyOf": [schema(inner), {"type": "null"}]}
    origin = get_origin(tp)
    if tp is Any or tp is object:
        return {}
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    simple = {bool: "boolean", int: "integer", float: "number", str: "string"}
    if tp in simple:
        return {"type": simple[tp]}
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp is datetime:
        return {"type": "string", "format": "date-time"}
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": schema(args[0])}
        return {
            "type": "array",
            "prefixItems": [schema(a) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin in (Mapping, dict):
        return {"type": "object", "additionalProperties": schema(get_args(tp)[1])}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return dataclass_schema(tp)
    raise TypeError(f"no schema for type {tp!r}")


def dataclass_schema(cls: type) -> dict[str, Any]:
    hints = _hints(cls)
    fields = dataclasses.fields(cls)
    doc = (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    result: dict[str, Any] = {
        "type": "object",
        "description": " ".join(doc.split()),
        "properties": {f.name: schema(hints[f.name]) for f in fields},
        "additionalProperties": False,
    }
    required = [
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    if required:
        result["required"] = required
    return result
