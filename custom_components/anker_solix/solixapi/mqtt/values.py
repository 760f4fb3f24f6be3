"""Value types and conventions of the frame (MQTT protocol §4.4, §4.5, §4.7, §4.8, §4.10).

Readers turn data bytes into values (`read_*`), writers do the reverse (`write_*`) for the
simulator; both follow the same tables, so a written value reads back unchanged.
"""

from __future__ import annotations

import json
import math
import struct
from decimal import Decimal

from .frame import TYPE_BYTES, TYPE_F32, TYPE_MIXED, TYPE_S16, TYPE_S32, TYPE_TEXT, TYPE_U8

type Value = int | float | str | bool | None
"""A decoded value: scaled number, text (versions, times of day, serials) or None."""

SUB_SIZES = {
    "u8": 1,
    "s8": 1,
    "u16": 2,
    "s16": 2,
    "u32": 4,
    "s32": 4,
    "f32": 4,
    "mask": 1,
    "hhmmss": 3,
    "none": 1,
}
"""Bytes of the fixed-size sub-values of a structured field (§4.5)."""

INT_FORMATS = {
    (1, False): "<B",
    (1, True): "<b",
    (2, False): "<H",
    (2, True): "<h",
    (4, False): "<I",
    (4, True): "<i",
}
TYPE_SIGNED = {TYPE_U8: False, TYPE_S16: True, TYPE_S32: True}
"""Default signedness of the integer types when the map says nothing (§4.4)."""


def read_int(data: bytes, *, signed: bool) -> int:
    """Little-endian integer of 1, 2 or 4 bytes."""
    return int(struct.unpack(INT_FORMATS[(len(data), signed)], data)[0])


def write_int(value: int, size: int, *, signed: bool) -> bytes:
    """Little-endian integer of `size` bytes (wrapped into range, as a device would send it)."""
    span = 1 << (8 * size)
    value %= span
    if signed and value >= span // 2:
        value -= span
    return struct.pack(INT_FORMATS[(size, signed)], value)


def read_f32(data: bytes) -> float:
    """IEEE-754 single precision, little-endian."""
    return float(struct.unpack("<f", data)[0])


def read_text(data: bytes) -> str:
    """Text with trailing zero padding and non-printable characters removed (§4.4)."""
    text = data.split(b"\x00", 1)[0].decode("utf-8", errors="replace")
    return "".join(char for char in text if char.isprintable()).strip()


def write_text(text: str, size: int | None = None) -> bytes:
    """UTF-8 text, zero padded (or cut) to `size` bytes when given."""
    data = text.encode("utf-8")
    return data if size is None else data[:size].ljust(size, b"\x00")


def read_typed(kind: int, data: bytes, signed: bool | None = None) -> int | float | str | None:
    """A whole value by the frame's type code (§4.4); `signed` forces the signedness."""
    if kind == TYPE_TEXT:
        return read_text(data)
    if kind in TYPE_SIGNED:
        size = {TYPE_U8: 1, TYPE_S16: 2, TYPE_S32: 4}[kind]
        if len(data) != size:
            return None
        return read_int(data, signed=TYPE_SIGNED[kind] if signed is None else signed)
    if kind == TYPE_F32 and len(data) == 4:
        return read_f32(data)
    if kind in (TYPE_BYTES, TYPE_MIXED) or kind < 0:
        return data.hex()
    return None


def version_of(number: int) -> str:
    """Digits joined by dots (§4.7): 215 → "2.1.5"."""
    return ".".join(str(abs(number)))


def version_number(text: str) -> int | None:
    """Inverse of `version_of`: "2.1.5" → 215 (None when the text is not single digits)."""
    parts = text.split(".")
    if not all(len(part) == 1 and part.isdigit() for part in parts):
        return None
    return int("".join(parts))


def hhmm(value: int) -> str:
    """2-byte time of day: byte 0 minute, byte 1 hour (§4.7)."""
    return f"{(value >> 8) & 0xFF:02d}:{value & 0xFF:02d}"


def hhmm_value(text: str) -> int:
    """Inverse of `hhmm`: "07:30" → 7 × 256 + 30."""
    hours, minutes = (int(part) for part in text.split(":"))
    return hours * 256 + minutes


def hhmmss(data: bytes) -> str:
    """3-byte time: seconds, minutes, hours (§4.7)."""
    return f"{data[2]:02d}:{data[1]:02d}:{data[0]:02d}"


def hhmmss_bytes(text: str) -> bytes:
    """Inverse of `hhmmss`."""
    hours, minutes, seconds = (int(part) for part in text.split(":"))
    return bytes([seconds, minutes, hours])


def decimals_of(scale: float) -> int:
    """Decimals a scaled value keeps: ×0.1 → 1, ×0.0001 → 4, ×30 → 0 (§4.10)."""
    exponent = Decimal(repr(scale)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def apply_scale(value: int | float, scale: float | None) -> int | float:
    """Multiply by the scale, round to its decimals (floats are not rounded), no negative 0."""
    if scale is None:
        return value
    if isinstance(value, float):
        result: int | float = value * scale
    else:
        places = decimals_of(scale)
        result = round(value * scale, places) if places else round(value * scale)
    return 0 if result == 0 else result


def unscale(value: float, scale: float | None) -> int:
    """The raw integer that scales to `value` (inverse of `apply_scale`)."""
    return round(value / scale) if scale else round(value)


def ms_time(text: str) -> float | None:
    """Millisecond digit text → Unix seconds with the milliseconds as fraction (§4.8)."""
    return int(text) / 1000 if text.isdigit() else None


def ms_text(seconds: float) -> str:
    """Inverse of `ms_time`: Unix seconds → 13 digits of milliseconds."""
    return str(round(seconds * 1000))


def read_tou_plan(data: bytes) -> tuple[str, int]:
    """Time-of-use plan (§5.12) as JSON text ``[[tariff, start_h, end_h], ...]`` and its size."""
    count = data[0]
    size = 1 + 3 * count
    if size > len(data):
        raise ValueError("plan longer than its field")
    slots = [list(data[1 + 3 * i : 4 + 3 * i]) for i in range(count)]
    return json.dumps(slots, separators=(",", ":")), size


def write_tou_plan(text: str) -> bytes:
    """Inverse of `read_tou_plan`."""
    slots = json.loads(text)
    return bytes([len(slots)]) + b"".join(bytes(slot) for slot in slots)


def read_custom_plan(data: bytes) -> tuple[str, int]:
    """Custom charge/discharge plan (§5.12) as JSON text and its size in bytes.

    ``[{"days": mask, "slots": [[mode, start_min, end_min], ...]}, ...]``.
    """
    groups, pos = [], 1
    for _ in range(data[0]):
        days, count = data[pos], data[pos + 1]
        pos += 2
        slots = []
        for _ in range(count):
            chunk = data[pos : pos + 5]
            if len(chunk) < 5:
                raise ValueError("plan longer than its field")
            slots.append(
                [chunk[0], read_int(chunk[1:3], signed=False), read_int(chunk[3:5], signed=False)]
            )
            pos += 5
        groups.append({"days": days, "slots": slots})
    return json.dumps(groups, separators=(",", ":")), pos


def write_custom_plan(text: str) -> bytes:
    """Inverse of `read_custom_plan`."""
    groups = json.loads(text)
    out = bytearray([len(groups)])
    for group in groups:
        out += bytes([group["days"], len(group["slots"])])
        for mode, start, end in group["slots"]:
            out += (
                bytes([mode]) + write_int(start, 2, signed=False) + write_int(end, 2, signed=False)
            )
    return bytes(out)


def is_number(value: object) -> bool:
    """A real, finite number (bools excluded)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
