"""Decode a parsed frame with the field map of its model (MQTT protocol §4.9).

`decode_frame_for` never raises: an unknown model or message type gives a message with every
field kept raw (`unmapped`, hex), a value that does not fit its bytes is left out, and frames
embedded in a hub's message (§2.3) are decoded with their own model's map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .frame import (
    TYPE_S32,
    TYPE_TEXT,
    Frame,
    MqttFrameError,
    RawField,
    parse_frame,
)
from .maps import LAYOUTS, MODEL_LAYOUTS, FieldSpec, Layout
from .values import (
    SUB_SIZES,
    Value,
    apply_scale,
    hhmm,
    hhmmss,
    is_number,
    ms_time,
    read_custom_plan,
    read_f32,
    read_int,
    read_text,
    read_tou_plan,
    read_typed,
    version_of,
)

JSON_MSG_TYPE = "json"
"""Message type of the X1's JSON payloads (``trans``, §3.1)."""
MAX_EMBED_DEPTH = 1
"""Embedded frames are decoded one level deep (a hub carrying a device's frame)."""
SIGNED = {"T": None, "T,s": True, "T,u": False}
SUB_SIGNED = {"u8": False, "s8": True, "u16": False, "s16": True, "u32": False, "s32": True}


@dataclass(frozen=True, slots=True)
class DecodedMessage:
    """The named values of one message (scaled, units applied) and what stayed raw."""

    pn: str
    sn: str
    msg_type: str
    layout_id: str | None
    values: dict[str, Value]
    units: dict[str, str]
    unmapped: dict[str, str]
    checksum_ok: bool
    embedded: tuple[DecodedMessage, ...] = field(default=())


def _finish(spec: FieldSpec, value: Value) -> Value:
    """Scale numbers; millisecond digit text of a time in seconds becomes Unix seconds (§4.8)."""
    if isinstance(value, str) and spec.unit == "s" and value.isdigit():
        return ms_time(value)
    if is_number(value) and not isinstance(value, bool):
        assert isinstance(value, int | float)
        return apply_scale(value, spec.scale)
    return value


def _version(spec: FieldSpec, item: RawField) -> Value:
    """Version conversions (§4.7) of a whole field."""
    if item.type == TYPE_S32 and len(item.raw) == 4:
        if spec.kind == "ver:byte0":
            return version_of(item.raw[0])
        if spec.kind == "ver:4u8":
            return ".".join(str(byte) for byte in item.raw)
    value = read_typed(item.type, item.raw)
    if isinstance(value, int):
        return version_of(value)
    return value if item.type == TYPE_TEXT or item.type < 0 else None


def _whole(spec: FieldSpec, item: RawField) -> Value:
    """A value that is a whole field."""
    kind = spec.kind
    if kind in SIGNED:
        if item.type < 0 and spec.name.endswith("_frame"):
            return item.raw.hex()
        return read_typed(item.type, item.raw, SIGNED[kind])
    if kind == "text":
        return read_text(item.raw)
    if kind.startswith("ver"):
        return _version(spec, item)
    if kind == "hhmm":
        value = read_typed(item.type, item.raw, False)
        return hhmm(value) if isinstance(value, int) else None
    if kind == "plan:custom":
        return read_custom_plan(item.raw)[0]
    return _sub(spec, item.raw, 0)[0]


def _sub(spec: FieldSpec, data: bytes, pos: int) -> tuple[Value, int]:
    """A sub-value at `pos` of a structured field and its size; ValueError when it does not fit."""
    kind = spec.kind
    if kind == "plan:tou":
        return read_tou_plan(data[pos:])
    if kind == "plan:custom":
        return read_custom_plan(data[pos:])
    if kind == "len+text":
        size = 1 + data[pos]
        if pos + size > len(data):
            raise ValueError("text longer than its field")
        return read_text(data[pos + 1 : pos + size]), size
    size = spec.size if kind == "text[n]" and spec.size else SUB_SIZES.get(kind, 0)
    chunk = data[pos : pos + size]
    if not size or len(chunk) < size:
        raise ValueError(f"{spec.name}: {size} bytes at {pos} do not fit")
    if kind in SUB_SIGNED:
        return read_int(chunk, signed=SUB_SIGNED[kind]), size
    if kind == "f32":
        return read_f32(chunk), size
    if kind == "mask" and spec.mask:
        low = (spec.mask & -spec.mask).bit_length() - 1
        return (chunk[0] & spec.mask) >> low, size
    if kind == "hhmmss":
        return hhmmss(chunk), size
    if kind == "text[n]":
        return read_text(chunk), size
    raise ValueError(f"{spec.name}: kind {kind} is not read")


def _structured(specs: Iterable[FieldSpec], data: bytes, values: dict[str, Value]) -> None:
    """The sub-values of one structured field, at offsets or in sequence (§4.5)."""
    cursor = 0
    for spec in specs:
        if spec.kind == "none":
            continue
        pos = spec.offset if spec.offset is not None else cursor + (spec.gap or 0)
        try:
            value, size = _sub(spec, data, pos)
        except (ValueError, IndexError, KeyError):
            continue
        cursor = pos + size
        values[spec.name] = _finish(spec, value)


def _json_path(document: Any, path: str) -> Any:
    """The value at a dotted key path of a JSON document (None when absent)."""
    node = document
    for key in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _json_value(spec: FieldSpec, raw: Any) -> Value:
    """A JSON value as a scalar: numbers (also numeric text) scaled, lists/objects as JSON text."""
    if isinstance(raw, bool) or raw is None:
        return raw
    if isinstance(raw, int | float):
        return _finish(spec, raw)
    if isinstance(raw, str):
        if spec.scale is not None or spec.unit:
            try:
                return _finish(spec, float(raw) if "." in raw else int(raw))
            except ValueError:
                return raw
        return raw
    return json.dumps(raw, separators=(",", ":"), ensure_ascii=False)


def json_values(layout: Layout, document: Any) -> dict[str, Value]:
    """The named values of a JSON document (Power Panel field, X1 ``trans``)."""
    values: dict[str, Value] = {}
    for spec in layout.fields:
        if spec.path is None:
            continue
        raw = _json_path(document, spec.path)
        if raw is None:
            continue
        if "{x}" in spec.name:
            # a list field: one value per item; anything but a list carries no item
            for index, item in enumerate(raw if isinstance(raw, list) else (), start=1):
                values[spec.name.replace("{x}", str(index))] = _json_value(spec, item)
            continue
        values[spec.name] = _json_value(spec, raw)
    return values


def _wire_hex(item: RawField) -> str:
    """The field's value bytes as hex (type byte first when typed)."""
    return (bytes([item.type]) if item.type >= 0 else b"").hex() + item.raw.hex()


def _embedded_tlv(
    values: dict[str, Value], item: RawField | None, depth: int
) -> list[DecodedMessage]:
    """The frame a hub carries in `a4` for the device named in `a2`/`a3` (L-AX170-0666)."""
    pn, sn = values.get("embedded_model"), values.get("embedded_serial")
    if item is None or not isinstance(pn, str) or not isinstance(sn, str):
        return []
    inner = _decode_bytes(pn, sn, item.raw, depth + 1)
    return [inner] if inner else []


def _embedded_json(frame: Frame, depth: int) -> list[DecodedMessage]:
    """Frames in JSON records ``{"sn", "type", "tlv"}`` of any text field (L-A17B1-0601)."""
    found = []
    for item in frame.fields:
        if item.type != TYPE_TEXT or item.raw[:1] not in (b"{", b"["):
            continue
        try:
            document = json.loads(item.raw.decode("utf-8"))
        except ValueError:
            continue
        records = document if isinstance(document, list) else [document]
        for record in records:
            if not isinstance(record, Mapping):
                continue
            sn, pn, tlv = record.get("sn"), record.get("type"), record.get("tlv")
            if isinstance(sn, str) and isinstance(pn, str) and isinstance(tlv, str):
                try:
                    data = bytes.fromhex(tlv)
                except ValueError:
                    continue
                inner = _decode_bytes(pn, sn, data, depth + 1)
                if inner:
                    found.append(inner)
    return found


def _decode_bytes(pn: str, sn: str, data: bytes, depth: int) -> DecodedMessage | None:
    """Decode an embedded frame (None when it is no frame or too deep)."""
    if depth > MAX_EMBED_DEPTH:
        return None
    try:
        frame = parse_frame(data)
    except MqttFrameError:
        return None
    return _decode(pn, sn, frame, depth)


@cache
def _groups(layout_id: str) -> dict[str, tuple[FieldSpec, ...]]:
    """The specs of a layout by field id, in table order (computed once per layout)."""
    groups: dict[str, list[FieldSpec]] = {}
    for spec in LAYOUTS[layout_id].fields:
        groups.setdefault(spec.field, []).append(spec)
    return {field_id: tuple(specs) for field_id, specs in groups.items()}


def _decode(pn: str, sn: str, frame: Frame, depth: int) -> DecodedMessage:
    """The decoding behind `decode_frame_for`."""
    layout_id = MODEL_LAYOUTS.get(pn, {}).get(frame.msg_type)
    layout = LAYOUTS.get(layout_id) if layout_id else None
    by_id = {item.id: item for item in frame.fields}
    values: dict[str, Value] = {}
    used: set[str] = set()
    embedded: list[DecodedMessage] = []
    if layout is not None:
        for field_id, specs in _groups(layout.id).items():
            item = by_id.get(field_id)
            if item is None:
                continue
            used.add(field_id)
            if layout.json_field == field_id:
                try:
                    document = json.loads(item.raw.decode("utf-8"))
                except ValueError:
                    used.discard(field_id)
                    continue
                values.update(json_values(layout, document))
            elif specs[0].structured:
                _structured(specs, item.raw, values)
            else:
                for spec in specs:
                    if spec.kind == "none":
                        continue
                    try:
                        values[spec.name] = _finish(spec, _whole(spec, item))
                    except (ValueError, IndexError, KeyError):
                        continue
        if layout.embedded == "tlv":
            embedded = _embedded_tlv(values, by_id.get("a4"), depth)
        elif layout.embedded == "json":
            embedded = _embedded_json(frame, depth)
    return DecodedMessage(
        pn=pn,
        sn=sn,
        msg_type=frame.msg_type,
        layout_id=layout_id,
        values={name: value for name, value in values.items() if value is not None},
        units={
            spec.name: spec.unit
            for spec in (layout.fields if layout else ())
            if spec.unit and values.get(spec.name) is not None
        },
        unmapped={item.id: _wire_hex(item) for item in frame.fields if item.id not in used},
        checksum_ok=frame.checksum_ok,
        embedded=tuple(embedded),
    )


def decode_frame_for(pn: str, sn: str, frame: Frame) -> DecodedMessage:
    """Decode `frame` with the map of model `pn`; never raises (unknown → everything raw)."""
    try:
        return _decode(pn, sn, frame, 0)
    except Exception:
        return DecodedMessage(
            pn=pn,
            sn=sn,
            msg_type=frame.msg_type,
            layout_id=None,
            values={},
            units={},
            unmapped={item.id: _wire_hex(item) for item in frame.fields},
            checksum_ok=frame.checksum_ok,
        )


def decode_json_for(pn: str, sn: str, document: Any) -> DecodedMessage:
    """Decode a JSON payload (X1 ``trans``, §5.8 L-A5101-json); never raises."""
    layout_id = MODEL_LAYOUTS.get(pn, {}).get(JSON_MSG_TYPE)
    layout = LAYOUTS.get(layout_id) if layout_id else None
    try:
        values = json_values(layout, document) if layout else {}
    except Exception:
        values = {}
    units = {}
    if layout is not None:
        for spec in layout.fields:
            for name in values:
                if spec.unit and (name == spec.name or _matches_list_name(spec.name, name)):
                    units[name] = spec.unit
    return DecodedMessage(
        pn=pn,
        sn=sn,
        msg_type=JSON_MSG_TYPE,
        layout_id=layout_id,
        values={name: value for name, value in values.items() if value is not None},
        units=units,
        unmapped={} if layout else {"json": json.dumps(document, default=str)[:2000]},
        checksum_ok=True,
    )


def _matches_list_name(pattern: str, name: str) -> bool:
    """Whether `name` is an item of a list value named like ``exp{x}_temp_c``."""
    if "{x}" not in pattern:
        return False
    head, tail = pattern.split("{x}", 1)
    middle = name.removeprefix(head).removesuffix(tail)
    return name.startswith(head) and name.endswith(tail) and middle.isdigit()
