"""Command frames the integration sends (MQTT protocol §6.1–6.3) and their recognition.

`status_request_frame` and `realtime_trigger_frame` compose them for a model (its map names the
message type, §5.2); `parse_command` tells the simulator what a received command asks for;
`reply_frame` is a device's bare acknowledgement (§6.4).
"""

from __future__ import annotations

import time

from .frame import (
    TYPE_BYTES,
    TYPE_S32,
    TYPE_U8,
    Frame,
    MqttFrameError,
    RawField,
    build_frame,
    parse_frame,
)
from .maps import GENERIC_RT_TRIGGER, GENERIC_STATUS_REQUEST, MODEL_INFO
from .values import read_int, write_int

COMMAND_MARKER = RawField(0xA1, -1, b"\x22")
"""`a1 01 22`: the first field of every command (§6.1)."""
REPLY_MARKER = RawField(0xA1, -1, b"\x32")
"""`a1 01 32`: the only field of a bare reply (§6.4)."""
STATUS_REQUEST_TYPES = frozenset({"0040", "0200", "0100"})
TRIGGER_TYPES = frozenset({"0057", "020b"})
FIXED_TRIGGER_SECONDS = 10
"""USB chargers (`020b`) publish for a fixed ~10 s (§6.2)."""
MAX_TRIGGER_SECONDS = 600
"""Longest real-time trigger the reference allows (§6.2)."""
STATUS_REQUEST_EXTRA = {"0100": (RawField(0xA2, TYPE_BYTES, b"\x01"),)}
"""Fields of a status request besides `a1` and the time (§6.3)."""


def _time_field(timestamp: float | None) -> RawField:
    """`fe 05 03 <u32 LE Unix seconds>` (§6.1)."""
    now = int(time.time() if timestamp is None else timestamp)
    return RawField(0xFE, TYPE_S32, write_int(now, 4, signed=False))


def status_request_type(pn: str) -> str:
    """The model's status request message type, generic `0040` for unknown models."""
    info = MODEL_INFO.get(pn)
    return info.status_request if info else GENERIC_STATUS_REQUEST


def realtime_trigger_type(pn: str) -> str:
    """The model's real-time trigger message type, generic `0057` for unknown models."""
    info = MODEL_INFO.get(pn)
    return info.rt_trigger if info else GENERIC_RT_TRIGGER


def status_request_frame(pn: str, *, timestamp: float | None = None) -> bytes:
    """One immediate set of status messages (§6.3); `timestamp` defaults to now."""
    msg_type = status_request_type(pn)
    extra = STATUS_REQUEST_EXTRA.get(msg_type, ())
    return build_frame(msg_type, [COMMAND_MARKER, *extra, _time_field(timestamp)], device=False)


def realtime_trigger_frame(pn: str, seconds: int, *, timestamp: float | None = None) -> bytes:
    """Real-time publishing for `seconds` (0 stops it; at most 600) (§6.2)."""
    if not 0 <= seconds <= MAX_TRIGGER_SECONDS:
        raise ValueError(f"real-time trigger of {seconds} s outside 0…{MAX_TRIGGER_SECONDS}")
    msg_type = realtime_trigger_type(pn)
    fields = [COMMAND_MARKER, _time_field(timestamp)]
    if msg_type == GENERIC_RT_TRIGGER:
        fields += [
            RawField(0xA2, TYPE_U8, bytes([1 if seconds else 0])),
            RawField(0xA3, TYPE_S32, write_int(seconds, 4, signed=True)),
        ]
    return build_frame(msg_type, fields, device=False)


def reply_type_for(msg_type: str) -> str:
    """The reply type of a command: first byte OR 08 (§4.2): `0057` → `0857`."""
    return f"{int(msg_type[:2], 16) | 0x08:02x}{msg_type[2:]}"


def reply_frame(command_type: str) -> bytes:
    """A device's bare acknowledgement of a command (`a1 01 32` only, §6.4)."""
    return build_frame(reply_type_for(command_type), [REPLY_MARKER], device=True)


def _int_of(frame: Frame, field_id: str) -> int | None:
    """An integer field of a command (u8 or u32), None when absent or malformed."""
    item = frame.field(field_id)
    if item is None or item.type not in (TYPE_U8, TYPE_S32) or len(item.raw) not in (1, 4):
        return None
    return read_int(item.raw, signed=False)


def parse_command(frame: bytes | Frame) -> tuple[str, dict[str, int | str]]:
    """What a command frame asks for: ``("status_request", {...})``,
    ``("realtime_trigger", {"on": 0|1, "seconds": n})`` or ``("other", {"msg_type": ...})``
    (also for bytes that are no frame: ``msg_type`` is then empty)."""
    if isinstance(frame, bytes):
        try:
            frame = parse_frame(frame)
        except MqttFrameError:
            return "other", {"msg_type": ""}
    params: dict[str, int | str] = {"msg_type": frame.msg_type}
    sent = _int_of(frame, "fe")
    if sent is not None:
        params["time"] = sent
    if frame.msg_type in STATUS_REQUEST_TYPES and (
        frame.msg_type != "0100" or _is_status_flag(frame)
    ):
        return "status_request", params
    if frame.msg_type == GENERIC_RT_TRIGGER:
        on, seconds = _int_of(frame, "a2"), _int_of(frame, "a3")
        if on is not None and seconds is not None:
            return "realtime_trigger", {**params, "on": on, "seconds": seconds if on else 0}
    if frame.msg_type == "020b":
        return "realtime_trigger", {**params, "on": 1, "seconds": FIXED_TRIGGER_SECONDS}
    return "other", params


def _is_status_flag(frame: Frame) -> bool:
    """`0100` is a status request only with `a2 02 04 01` (else an EV charger setting, §6.8)."""
    item = frame.field("a2")
    return item is not None and item.type == TYPE_BYTES and item.raw == b"\x01"
