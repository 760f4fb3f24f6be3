"""MQTT captures of an export (MQTT protocol §7.10), anonymized with the export's own mapping.

Serials, site and user ids are replaced exactly as in the JSON files: in the topic, in the
envelope's head and payload and inside the binary frame. Personal text values of a frame that
the cloud files do not carry (a paired switch's serial, MAC and IP addresses, Wi-Fi names) get
replacements of their own. A frame whose bytes changed gets its checksum recomputed (unlike the
reference's exports, §4.6); a frame whose length would change is composed again from its fields.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable
from typing import Any, Final

from ..mqtt import (
    CapturedMessage,
    MqttFrameError,
    RawField,
    build_frame,
    capture_files,
    decode_frame_for,
    parse_frame,
    parse_message,
)
from ..mqtt.frame import DEVICE_PATTERN, checksum
from .anonymize import Anonymizer
from .anonymize_rules import MAC, SERIAL, SSID, TOKEN

PERSONAL_VALUES: Final = (
    (re.compile(r"(^|_)(serial|sn)(_|$)"), SERIAL),
    (re.compile(r"(^|_)mac(_|$)"), MAC),
    (re.compile(r"(^|_)(ssid|wifi_name)(_|$)"), SSID),
    (re.compile(r"(^|_)(ip_address|url)(_|$)"), TOKEN),
)
"""Decoded frame values that identify a person or device, and the kind they are replaced as."""
MIN_CUT_TEXT: Final = 4
"""Shortest start of a known text that is replaced where a truncated frame ends in it."""


def _personal_kind(name: str) -> str | None:
    return next((kind for pattern, kind in PERSONAL_VALUES if pattern.search(name)), None)


def _learn_frame(anonymizer: Anonymizer, pn: str, sn: str, frame_bytes: bytes) -> None:
    """Register the personal text values a frame carries (by the names of its model map)."""
    try:
        frame = parse_frame(frame_bytes)
    except MqttFrameError:
        return
    decoded = decode_frame_for(pn, sn, frame)
    for message in (decoded, *decoded.embedded):
        for name, value in message.values.items():
            kind = _personal_kind(name)
            if kind is not None and isinstance(value, str) and value.strip("\x00 "):
                anonymizer.add_id(value.strip("\x00 "), kind)


def _text_of(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def anonymize_frame(anonymizer: Anonymizer, frame_bytes: bytes) -> bytes:
    """The frame with every known personal value replaced and a valid checksum."""
    try:
        frame = parse_frame(frame_bytes)
    except MqttFrameError:
        return _replace_bytes(anonymizer, frame_bytes)
    fields = []
    same_size = True
    for item in frame.fields:
        text = _text_of(item.raw)
        if text is None:
            fields.append(item)
            continue
        new = anonymizer.redact_text(text).encode("utf-8")
        same_size &= len(new) == len(item.raw)
        fields.append(RawField(item.key, item.type, new))
    if same_size or not frame.length_ok:
        return _replace_bytes(anonymizer, frame_bytes)
    return build_frame(
        frame.msg_type, fields, device=frame.pattern == DEVICE_PATTERN, extra=frame.extra
    )


def _replace_bytes(anonymizer: Anonymizer, frame_bytes: bytes) -> bytes:
    """Same-length replacement of every known text inside the bytes; a checksum that was
    valid is recomputed. Bytes without one (a frame cut short) keep their last byte as data,
    and a known text cut off at their end is replaced as far as it goes."""
    sealed = len(frame_bytes) > 1 and checksum(frame_bytes[:-1]) == frame_bytes[-1]
    body = frame_bytes[:-1] if sealed else frame_bytes
    for original, replacement in anonymizer.text_pairs():
        old, new = original.encode("utf-8"), replacement.encode("utf-8")
        if len(old) == len(new):
            body = _replace_cut_end(body.replace(old, new), old, new)
    return body + bytes([checksum(body)]) if sealed else body


def _replace_cut_end(data: bytes, old: bytes, new: bytes) -> bytes:
    """`data` with a start of `old` (at least `MIN_CUT_TEXT` bytes) at its very end replaced."""
    for size in range(len(old) - 1, MIN_CUT_TEXT - 1, -1):
        if data.endswith(old[:size]):
            return data[:-size] + new[:size]
    return data


def _anonymize_inner(anonymizer: Anonymizer, inner: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = anonymizer.redact(inner)
    data = inner.get("data")
    if isinstance(data, str):
        try:
            frame = base64.b64decode(data, validate=True)
        except ValueError:
            frame = None
        if frame is not None:
            result["data"] = base64.b64encode(anonymize_frame(anonymizer, frame)).decode()
    trans = inner.get("trans")
    if isinstance(trans, str):
        try:
            document = json.loads(base64.b64decode(trans, validate=True))
        except ValueError:
            document = None
        if document is not None:
            anonymizer.learn(document)
            text = json.dumps(anonymizer.redact(document), ensure_ascii=False)
            result["trans"] = base64.b64encode(text.encode("utf-8")).decode()
    return result


def _payload_text(anonymizer: Anonymizer, payload: str) -> str:
    try:
        inner = json.loads(payload)
    except ValueError:
        return anonymizer.redact_text(payload)
    if not isinstance(inner, dict):
        return anonymizer.redact_text(payload)
    compact = '": ' not in payload and '", "' not in payload
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(_anonymize_inner(anonymizer, inner), separators=separators)


def _head(anonymizer: Anonymizer, head: dict[str, Any]) -> dict[str, Any]:
    """Head values: known ids replaced where they are whole values or inside texts."""
    return {
        key: anonymizer.redact_text(value) if isinstance(value, str) else value
        for key, value in head.items()
    }


def learn_captures(anonymizer: Anonymizer, messages: Iterable[CapturedMessage]) -> None:
    """Register the serials and the frames' personal values of the captured messages."""
    for message in messages:
        anonymizer.add_id(message.sn, SERIAL)
        inbound = parse_message(message.topic, message.payload)
        if inbound is None:
            continue
        anonymizer.add_id(inbound.sn, SERIAL)
        if inbound.frame is not None:
            _learn_frame(anonymizer, inbound.pn, inbound.sn, inbound.frame)
        elif inbound.json_data is not None:
            anonymizer.learn(inbound.json_data)


def anonymized_capture_files(
    anonymizer: Anonymizer, messages: Iterable[CapturedMessage], utc_offset_seconds: int
) -> dict[str, list[dict[str, Any]]]:
    """Capture lines by anonymized file name (call `learn_captures` first)."""
    result: dict[str, list[dict[str, Any]]] = {}
    for name, lines in capture_files(messages, utc_offset_seconds).items():
        result[anonymizer.redact_text(name)] = [
            {
                "msg_time": line["msg_time"],
                "head": _head(anonymizer, line["head"]),
                "payload": _payload_text(anonymizer, line["payload"]),
                "topic": anonymizer.redact_text(line["topic"]),
            }
            for line in lines
        ]
    return result
