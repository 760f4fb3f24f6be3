"""The binary frame (MQTT protocol §4.1–4.6): header, TLV fields, XOR checksum.

`parse_frame` splits a frame into `RawField`s without knowing the model; `build_frame` is its
inverse. A wrong checksum or length is reported on the `Frame` (and counted), never refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

from ..common import SolixError

MARKER = b"\xff\x09"
DEVICE_PATTERN = b"\x03\x01\x0f"
COMMAND_PATTERN = b"\x03\x00\x0f"
HEADER_SIZE = 9
"""Marker, length, pattern and message type; an optional extra byte may follow (§4.1)."""
UNTYPED = -1
"""`RawField.type` of a field without a type byte (one raw byte, or untyped text, §4.3)."""
TYPE_TEXT, TYPE_U8, TYPE_S16, TYPE_S32, TYPE_BYTES, TYPE_F32, TYPE_MIXED = range(7)
FIXED_SIZES = {TYPE_U8: 1, TYPE_S16: 2, TYPE_S32: 4, TYPE_F32: 4}
"""Data bytes of the fixed-size value types (§4.4)."""
LONG_TYPES = (TYPE_TEXT, TYPE_BYTES)
"""Types that may carry a two-byte length (§4.3)."""
FIRST_FIELD_IDS = range(0xA0, 0xAA)
"""Byte 9 in this range is the first field id, else it is the extra header byte (§4.1)."""


class MqttFrameError(SolixError):
    """Bytes that are no frame at all (no marker, shorter than a header)."""


@dataclass(frozen=True, slots=True)
class RawField:
    """One TLV field: id, value type (`UNTYPED` for none) and the data bytes after the type."""

    key: int
    type: int
    raw: bytes

    @property
    def id(self) -> str:
        """The field id as two hex digits (``a3``)."""
        return f"{self.key:02x}"


@dataclass(frozen=True, slots=True)
class Frame:
    """A parsed frame: message type (``0405``), header pattern, fields, integrity flags."""

    msg_type: str
    pattern: bytes
    fields: tuple[RawField, ...]
    checksum_ok: bool
    length_ok: bool
    extra: int | None = None

    def field(self, field_id: str) -> RawField | None:
        """The field with this id (``a3``), if present."""
        return next((item for item in self.fields if item.id == field_id), None)


class _Stats:
    """Module-wide counters of integrity problems seen by `parse_frame`."""

    def __init__(self) -> None:
        self.frames = 0
        self.bad_checksum = 0
        self.bad_length = 0


FRAME_STATS = _Stats()
"""How many frames `parse_frame` read, and how many had a wrong checksum or length."""


def checksum(data: bytes) -> int:
    """XOR of all bytes (§4.6)."""
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def _value_of(raw: bytes) -> tuple[int, bytes]:
    """(type, data) of a field value: typed when the first byte is a type code (00…06)."""
    if len(raw) >= 2 and raw[0] <= TYPE_MIXED:
        return raw[0], raw[1:]
    return UNTYPED, raw


def _plausible(raw: bytes) -> bool:
    """Whether a value read with some length can be what it claims (fixed sizes must fit)."""
    kind, data = _value_of(raw)
    size = FIXED_SIZES.get(kind)
    return size is None or len(data) == size


def _readings(body: bytes, pos: int) -> list[tuple[int, int]]:
    """Possible (value start, next field position) of the field at `pos`; one-byte first."""
    end = len(body)
    found = []
    if pos + 2 <= end:
        start, length = pos + 2, body[pos + 1]
        if length and start + length <= end and _plausible(body[start : start + length]):
            found.append((start, start + length))
    if pos + 4 <= end:
        start, length = pos + 3, int.from_bytes(body[pos + 1 : pos + 3], "little")
        if body[start] in LONG_TYPES and length >= 2 and start + length <= end:
            found.append((start, start + length))
    return found


def _one_byte_split(body: bytes) -> list[tuple[int, int, int]] | None:
    """The split with one-byte lengths only, if it is complete (the common case, and the one
    `_walk` would choose)."""
    fields, pos, end = [], 0, len(body)
    while pos < end:
        if pos + 2 > end or not body[pos + 1]:
            return None
        start, nxt = pos + 2, pos + 2 + body[pos + 1]
        if nxt > end or not _plausible(body[start:nxt]):
            return None
        if nxt < end and body[nxt] <= body[pos]:
            return None
        fields.append((pos, start, nxt))
        pos = nxt
    return fields


def _walk(body: bytes) -> list[tuple[int, int, int]]:
    """Fields of `body` as (position, value start, value end).

    A field may have a one- or two-byte length (§4.3); the reading is chosen so the whole body
    splits into fields with ascending ids that end exactly at the checksum (worked out from the
    back, one-byte reading preferred). When no such split exists (corrupt or truncated frame)
    the fields are read greedily, one-byte length first, until one does not fit.
    """
    end = len(body)
    fast = _one_byte_split(body)
    if fast is not None:
        return fast
    choice: dict[int, tuple[int, int]] = {}
    for pos in range(end - 1, -1, -1):
        for start, nxt in _readings(body, pos):
            if nxt == end or (body[nxt] > body[pos] and nxt in choice):
                choice[pos] = (start, nxt)
                break
    fields, pos = [], 0
    if 0 in choice or end == 0:
        while pos < end:
            start, nxt = choice[pos]
            fields.append((pos, start, nxt))
            pos = nxt
        return fields
    while pos < end and (readings := _readings(body, pos)):
        start, nxt = readings[0]
        fields.append((pos, start, nxt))
        pos = nxt
    return fields


def parse_frame(data: bytes) -> Frame:
    """Parse a frame; raises `MqttFrameError` only when the bytes are no frame at all."""
    if len(data) < HEADER_SIZE + 1 or data[:2] != MARKER:
        raise MqttFrameError("not an MQTT frame (no ff 09 marker or shorter than a header)")
    declared = int.from_bytes(data[2:4], "little")
    length_ok = declared == len(data)
    frame = data[:declared] if HEADER_SIZE < declared <= len(data) else data
    checksum_ok = checksum(frame) == 0
    FRAME_STATS.frames += 1
    FRAME_STATS.bad_checksum += not checksum_ok
    FRAME_STATS.bad_length += not length_ok
    start, extra = HEADER_SIZE, None
    if frame[HEADER_SIZE] not in FIRST_FIELD_IDS:
        start, extra = HEADER_SIZE + 1, frame[HEADER_SIZE]
    body = frame[start:-1]
    fields = []
    for pos, value_start, value_end in _walk(body):
        raw = body[value_start:value_end]
        kind, value = _value_of(raw) if value_end - value_start > 1 else (UNTYPED, raw)
        fields.append(RawField(body[pos], kind, value))
    return Frame(
        msg_type=frame[7:9].hex(),
        pattern=bytes(frame[4:7]),
        fields=tuple(fields),
        checksum_ok=checksum_ok,
        length_ok=length_ok,
        extra=extra,
    )


def _field_bytes(item: RawField) -> bytes:
    """Id, length (two bytes for long text/bytes) and value of one field."""
    raw = item.raw or (b"\x00" if item.type == TYPE_TEXT else b"")  # "" stays a typed text
    value = raw if item.type == UNTYPED else bytes([item.type]) + raw
    if len(value) <= 0xFF:
        return bytes([item.key, len(value)]) + value
    if item.type not in LONG_TYPES or len(value) > 0xFFFF:
        raise ValueError(f"field {item.id} too long for its type")
    return bytes([item.key]) + len(value).to_bytes(2, "little") + value


def reply_type(msg_type: str) -> bool:
    """Whether a message type is in the reply range (``08xx``/``09xx``) that has the extra byte."""
    return msg_type[:2] in ("08", "09")


def build_frame(
    msg_type: str, fields: Sequence[RawField], *, device: bool = True, extra: int | None = None
) -> bytes:
    """Compose a frame: header (§4.1), fields in ascending id order, XOR checksum (§4.6).

    Device frames of the reply range (``08xx``/``09xx``) carry the extra header byte ``00`` as in
    the captures unless `extra` says otherwise; commands never carry one (§6.1) — unless the first
    field id is outside ``a0``…``a9``, where the byte-9 rule needs it to find the first field.
    """
    ordered = sorted(fields, key=lambda f: f.key)
    if extra is None and device and reply_type(msg_type):
        extra = 0
    if extra is None and (not ordered or ordered[0].key not in FIRST_FIELD_IDS):
        extra = 0  # byte 9 must not look like a field id of its own (§4.1)
    body = b"".join(_field_bytes(item) for item in ordered)
    head = (DEVICE_PATTERN if device else COMMAND_PATTERN) + bytes.fromhex(msg_type)
    if extra is not None:
        head += bytes([extra])
    size = len(MARKER) + 2 + len(head) + len(body) + 1
    frame = MARKER + size.to_bytes(2, "little") + head + body
    return frame + bytes([checksum(frame)])
