"""The simulator's use of the library's MQTT codec: device frames, envelopes, commands, topics."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from custom_components.anker_solix.solixapi import (
    RawField,
    build_frame,
    device_envelope,
    encode_values,
    layouts_for,
    parse_command,
    parse_message,
)
from custom_components.anker_solix.solixapi import reply_frame as command_reply

UNTYPED = -1
"""Type of a field without a type byte (``a1 01 32``)."""

__all__ = [
    "REALTIME",
    "REALTIME_TYPE",
    "STATUS_REQUEST",
    "command_reply_frame",
    "data_topic",
    "device_frame",
    "envelope",
    "layout_names",
    "model_types",
    "read_command",
    "reply_frame",
    "scenario_mqtt_values",
]

STATUS_REQUEST = "status_request"
REALTIME = "realtime_trigger"
REALTIME_TYPE = "0057"
_REPLY_MARKER = b"\x32"
_META_FILE = "scenario.json"


def model_types(pn: str) -> set[str]:
    """The message types the model's map describes (empty: not mapped)."""
    return set(layouts_for(pn))


def layout_names(pn: str, msg_type: str) -> dict[str, object]:
    """The value names of a model's message type (ordered, used as a set)."""
    layout = layouts_for(pn).get(msg_type)
    if layout is None:
        return {}
    return {spec.name: spec for spec in layout.fields if not spec.placeholder}


def device_frame(pn: str, msg_type: str, values: Mapping[str, Any]) -> bytes:
    """A device frame carrying ``values`` (a bare reply when the layout has none of them)."""
    if values:
        return encode_values(pn, msg_type, values)
    return reply_frame(msg_type)


def reply_frame(msg_type: str) -> bytes:
    """A bare device reply: only ``a1 01 32`` (protocol §6.4)."""
    return build_frame(msg_type, [RawField(0xA1, UNTYPED, _REPLY_MARKER)])


def command_reply_frame(command_type: str) -> bytes:
    """A device's bare acknowledgement of a command (``0057`` → ``0857``, §6.4)."""
    return command_reply(command_type)


def envelope(pn: str, sn: str, frame: bytes, *, msg_seq: int, timestamp: int) -> bytes:
    """The device message JSON (§3)."""
    return device_envelope(pn, sn, frame, msg_seq=msg_seq, timestamp=timestamp)


def data_topic(pn: str, sn: str, msg_type: str) -> str:
    """``dt/anker_power/<pn>/<sn>/<leaf>`` with the leaf the map gives the type (§2.1)."""
    layout = layouts_for(pn).get(msg_type)
    leaf = layout.topic_leaf if layout is not None and layout.topic_leaf else "state_info"
    if msg_type[:2] in ("08", "09") and layout is None:
        leaf = "state_info"
    return f"dt/anker_power/{pn}/{sn}/{leaf}"


def read_command(topic: str, payload: bytes) -> tuple[str, dict[str, Any]] | None:
    """``(kind, params)`` of a command message, None when it is none we know."""
    message = parse_message(topic, payload)
    if message is None or message.frame is None:
        return None
    kind, params = parse_command(message.frame)
    msg_type = str(params.get("msg_type", ""))
    if kind in (STATUS_REQUEST, REALTIME) or (len(msg_type) == 4 and msg_type[:2] < "08"):
        return kind, dict(params)
    return None


def scenario_mqtt_values(path: Path) -> dict[str, dict[str, Any]]:
    """``scenario.json`` ``mqtt.devices``: serial → MQTT values of devices no scene describes."""
    meta = path / _META_FILE
    if not meta.is_file():
        return {}
    raw = json.loads(meta.read_text(encoding="utf-8"))
    devices = raw.get("mqtt", {}).get("devices", {}) if isinstance(raw, dict) else {}
    return {
        str(sn): dict(values)
        for sn, values in (devices.items() if isinstance(devices, dict) else ())
        if isinstance(values, dict)
    }
