"""Compose a device frame from named values: the inverse of `decode` (used by the simulator).

`encode_values(pn, msg_type, values)` writes every given value of the model's layout for that
message type at its place (whole field, offset or sequence item, JSON key), so decoding the frame
gives the values back (scaled values within their rounding).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Mapping
from typing import Any

from .decode import JSON_MSG_TYPE
from .frame import (
    TYPE_BYTES,
    TYPE_F32,
    TYPE_S16,
    TYPE_S32,
    TYPE_TEXT,
    TYPE_U8,
    RawField,
    build_frame,
)
from .maps import FieldSpec, Layout, layouts_for
from .values import (
    SUB_SIZES,
    Value,
    hhmm_value,
    hhmmss_bytes,
    ms_text,
    unscale,
    version_number,
    write_custom_plan,
    write_int,
    write_text,
    write_tou_plan,
)

MARKERS = {"param_info": 0x34, "state_info": 0x32}
"""Value of the `a1` marker field by topic leaf (§4.3); other layouts use `state_info`'s."""
SUB_SIGNED = {"u8": False, "s8": True, "u16": False, "s16": True, "u32": False, "s32": True}
INT_TYPES = ((TYPE_U8, 1), (TYPE_S16, 2), (TYPE_S32, 4))


def _int_field(key: int, raw: int, kind: str) -> RawField:
    """The smallest integer type that carries `raw` with the signedness the kind reads it with."""
    for code, size in INT_TYPES:
        signed = {"T,s": True, "T,u": False}.get(kind, code != TYPE_U8)
        low, high = (
            (-(1 << (8 * size - 1)), (1 << (8 * size - 1)) - 1)
            if signed
            else (0, (1 << (8 * size)) - 1)
        )
        if low <= raw <= high:
            return RawField(key, code, write_int(raw, size, signed=signed))
    return RawField(key, TYPE_S32, write_int(raw, 4, signed=kind != "T,u"))


def _number_field(key: int, spec: FieldSpec, value: float) -> RawField:
    """A numeric whole field: floats without a scale go as f32, everything else as integer."""
    if isinstance(value, float) and spec.scale is None and not value.is_integer():
        if spec.unit == "s":
            return RawField(key, TYPE_TEXT, ms_text(value).encode())
        return RawField(key, TYPE_F32, struct.pack("<f", value))
    return _int_field(key, unscale(value, spec.scale), spec.kind)


def _version_field(key: int, spec: FieldSpec, text: str) -> RawField:
    """A version text (§4.7): 4 parts as `03→4×u8`, digits as a number, anything else as text."""
    parts = text.split(".")
    if (
        spec.kind == "ver:4u8"
        and len(parts) == 4
        and all(p.isdigit() and int(p) < 256 for p in parts)
    ):
        return RawField(key, TYPE_S32, bytes(int(p) for p in parts))
    number = version_number(text)
    if number is None or number > 0x7FFF:
        return RawField(key, TYPE_TEXT, write_text(text))
    return RawField(key, TYPE_S16, write_int(number, 2, signed=True))


def _whole(key: int, spec: FieldSpec, value: Value) -> RawField:
    """The field carrying one whole value."""
    kind = spec.kind
    if kind.startswith("ver") and isinstance(value, str):
        return _version_field(key, spec, value)
    if kind == "hhmm" and isinstance(value, str):
        return RawField(key, TYPE_S16, write_int(hhmm_value(value), 2, signed=False))
    if kind == "plan:custom" and isinstance(value, str):
        return RawField(key, TYPE_BYTES, write_custom_plan(value))
    if kind in SUB_SIGNED and isinstance(value, int | float):
        size = SUB_SIZES[kind]
        code = {1: TYPE_U8, 2: TYPE_S16, 4: TYPE_S32}[size]
        return RawField(
            key, code, write_int(unscale(value, spec.scale), size, signed=SUB_SIGNED[kind])
        )
    if isinstance(value, str):
        if spec.name.endswith("_frame"):
            return RawField(key, TYPE_BYTES, bytes.fromhex(value))
        return RawField(key, TYPE_TEXT, write_text(value))
    if isinstance(value, bool):
        return _int_field(key, int(value), kind)
    if isinstance(value, int | float) and math.isfinite(value):
        return _number_field(key, spec, value)
    raise ValueError(f"{spec.name}: cannot encode {value!r}")


def _sub_bytes(spec: FieldSpec, value: Value) -> bytes:
    """The bytes of one sub-value (masks handled by the caller)."""
    kind = spec.kind
    if kind in SUB_SIGNED and isinstance(value, int | float):
        return write_int(unscale(value, spec.scale), SUB_SIZES[kind], signed=SUB_SIGNED[kind])
    if kind == "f32" and isinstance(value, int | float):
        return struct.pack("<f", value / spec.scale if spec.scale else value)
    if kind == "text[n]":
        text = ms_text(value) if spec.unit == "s" and isinstance(value, int | float) else str(value)
        return write_text(text, spec.size)
    if kind == "len+text":
        data = write_text(str(value))[:255]
        return bytes([len(data)]) + data
    if kind == "hhmmss" and isinstance(value, str):
        return hhmmss_bytes(value)
    if kind == "plan:tou" and isinstance(value, str):
        return write_tou_plan(value)
    if kind == "plan:custom" and isinstance(value, str):
        return write_custom_plan(value)
    raise ValueError(f"{spec.name}: cannot encode {value!r} as {kind}")


def _structured(specs: list[FieldSpec], values: Mapping[str, Value]) -> bytes:
    """A structured field: sub-values at their offsets or in sequence, unused bytes 00 (§6.1)."""
    out = bytearray()
    cursor = 0
    for spec in specs:
        if spec.kind == "none":
            continue
        pos = spec.offset if spec.offset is not None else cursor + (spec.gap or 0)
        value = values.get(spec.name)
        given = value is not None
        if spec.kind == "mask":
            data = b"\x00"
        else:
            data = _sub_bytes(spec, value if given else _blank(spec))
        size = len(data)
        if len(out) < pos + size:
            out.extend(bytes(pos + size - len(out)))
        if spec.kind == "mask" and spec.mask and isinstance(value, int | float):
            low = (spec.mask & -spec.mask).bit_length() - 1
            out[pos] |= (unscale(value, spec.scale) << low) & spec.mask
        elif spec.kind != "mask" and (given or spec.gap is not None):
            out[pos : pos + size] = data  # a value not given never overwrites a given one
        cursor = pos + size
    return bytes(out)


def _blank(spec: FieldSpec) -> Value:
    """The value written for a sub-value that was not given (zero, empty text, empty plan)."""
    if spec.kind in ("len+text", "text[n]"):
        return ""
    if spec.kind == "hhmmss":
        return "00:00:00"
    if spec.kind == "plan:tou":
        return "[]"
    if spec.kind == "plan:custom":
        return "[]"
    return 0


def _json_raw(spec: FieldSpec, value: Value) -> Any:
    """A JSON value as the device sends it (scale undone)."""
    if spec.scale is not None and isinstance(value, int | float) and not isinstance(value, bool):
        return unscale(value, spec.scale)
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _given(spec: FieldSpec, values: Mapping[str, Value]) -> bool:
    """Whether `values` holds the spec's value (for a ``{x}`` list name: its first item)."""
    return values.get(spec.name.replace("{x}", "1")) is not None


def json_document(layout: Layout, values: Mapping[str, Value]) -> dict[str, Any]:
    """The JSON document of a JSON layout holding `values` (inverse of `json_values`)."""
    document: dict[str, Any] = {}
    for spec in layout.fields:
        if spec.path is None:
            continue
        if "{x}" in spec.name:
            head, tail = spec.name.split("{x}", 1)
            items: list[Any] = []
            while (name := f"{head}{len(items) + 1}{tail}") in values:
                items.append(_json_raw(spec, values[name]))
            if not items:
                continue
            raw: Any = items
        elif spec.name in values and values[spec.name] is not None:
            raw = _json_raw(spec, values[spec.name])
        else:
            continue
        node = document
        *parents, last = spec.path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node.setdefault(last, raw)
    return document


def encode_values(
    pn: str, msg_type: str, values: Mapping[str, Value], *, device: bool = True
) -> bytes:
    """A frame of model `pn` and type `msg_type` carrying `values` (names of section 5).

    Values whose name the layout does not know are ignored; fields without any given value are
    left out. For the X1's JSON layout (``json``) the result is the JSON text of ``trans``.
    Raises ValueError for a model/type the map does not know or a value of the wrong kind.
    """
    layout = layouts_for(pn).get(msg_type)
    if layout is None:
        raise ValueError(f"no layout for model {pn} message type {msg_type}")
    if msg_type == JSON_MSG_TYPE or layout.json_field == "json":
        return json.dumps(json_document(layout, values), separators=(",", ":")).encode()
    groups: dict[str, list[FieldSpec]] = {}
    for spec in layout.fields:
        groups.setdefault(spec.field, []).append(spec)
    fields: list[RawField] = []
    for field_id, specs in groups.items():
        if not any(_given(spec, values) for spec in specs):
            continue
        key = int(field_id, 16)
        if layout.json_field == field_id:
            text = json.dumps(json_document(layout, values), separators=(",", ":"))
            fields.append(RawField(key, TYPE_TEXT, text.encode()))
        elif specs[0].structured:
            fields.append(RawField(key, TYPE_BYTES, _structured(specs, values)))
        else:
            spec = next(spec for spec in specs if values.get(spec.name) is not None)
            fields.append(_whole(key, spec, values[spec.name]))
    if "a1" not in groups:
        fields.append(RawField(0xA1, -1, bytes([MARKERS.get(layout.topic_leaf, 0x32)])))
    return build_frame(msg_type, fields, device=device)
