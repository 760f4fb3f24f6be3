"""Captures of received MQTT messages (MQTT protocol §7.10): recording, file format, reading.

`CaptureRecorder` keeps the last raw message of every device and message type (always, a few
per device) and, while a recording runs, every message. A capture file is
``mqtt_msg_<sn>_<type>.ndjson``: one JSON object per line, ``{"msg_time": "YYYY-MM-DD HH:MM:SS"
(local time), "head": {…}, "payload": "<JSON text>", "topic": "<topic>"}``; ``<type>`` is the
frame's message type (four hex digits), ``json`` for JSON payloads, ``other`` otherwise.
`read_capture_text` reads such a file back (bad lines are skipped, never raised).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from .envelope import parse_message
from .frame import MqttFrameError, parse_frame

CAPTURE_PATTERN: Final = "mqtt_msg_*.ndjson"
"""Glob of capture files in an export or scenario folder."""
TIME_FORMAT: Final = "%Y-%m-%d %H:%M:%S"
JSON_TYPE: Final = "json"
OTHER_TYPE: Final = "other"
MAX_RECORDED: Final = 5000
"""Messages one recording keeps at most (the oldest are dropped beyond it)."""


@dataclass(frozen=True, slots=True)
class CapturedMessage:
    """One received message as it came: topic, raw payload, arrival time, serial, type."""

    topic: str
    payload: bytes
    arrived_at: float
    sn: str
    msg_type: str


def message_type_of(topic: str, payload: bytes) -> tuple[str, str]:
    """(serial, capture type) of a raw message (``other`` when it is no frame or JSON)."""
    parts = topic.split("/")
    topic_sn = parts[3] if len(parts) > 3 else ""
    inbound = parse_message(topic, payload)
    if inbound is None:
        return topic_sn, OTHER_TYPE
    if inbound.frame is None:
        return inbound.sn or topic_sn, JSON_TYPE
    try:
        return inbound.sn or topic_sn, parse_frame(inbound.frame).msg_type
    except MqttFrameError:
        return inbound.sn or topic_sn, OTHER_TYPE


def capture_file_name(sn: str, msg_type: str) -> str:
    """The file (without folder) that holds the messages of one device and type."""
    return f"mqtt_msg_{sn}_{msg_type}.ndjson"


def local_time_text(timestamp: float, utc_offset_seconds: int) -> str:
    """``YYYY-MM-DD HH:MM:SS`` of a Unix time in the zone of the offset."""
    zone = timezone(timedelta(seconds=utc_offset_seconds))
    return datetime.fromtimestamp(timestamp, tz=zone).strftime(TIME_FORMAT)


def capture_line(message: CapturedMessage, utc_offset_seconds: int) -> dict[str, Any] | None:
    """The capture line of a message (None when its payload is no JSON envelope)."""
    try:
        outer = json.loads(message.payload)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(outer, dict):
        return None
    payload = outer.get("payload")
    if isinstance(payload, dict | list):
        payload = json.dumps(payload)
    return {
        "msg_time": local_time_text(message.arrived_at, utc_offset_seconds),
        "head": outer.get("head") if isinstance(outer.get("head"), dict) else {},
        "payload": payload if isinstance(payload, str) else "",
        "topic": message.topic,
    }


def capture_files(
    messages: Iterable[CapturedMessage], utc_offset_seconds: int
) -> dict[str, list[dict[str, Any]]]:
    """Capture lines by file name, each file in arrival order."""
    files: dict[str, list[dict[str, Any]]] = {}
    for message in sorted(messages, key=lambda item: item.arrived_at):
        line = capture_line(message, utc_offset_seconds)
        if line is not None:
            files.setdefault(capture_file_name(message.sn, message.msg_type), []).append(line)
    return files


def ndjson_text(lines: Iterable[dict[str, Any]]) -> str:
    """Lines as NDJSON text (one compact-spaced object per line, newline at the end)."""
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


@dataclass(frozen=True, slots=True)
class CaptureLine:
    """One line of a capture file: local time, head, payload text, topic."""

    msg_time: datetime
    head: dict[str, Any]
    payload: str
    topic: str

    def envelope(self, timestamp: float | None = None) -> bytes:
        """The MQTT payload this line recorded (``head.timestamp`` replaced when given)."""
        head = dict(self.head)
        if timestamp is not None:
            head["timestamp"] = int(timestamp)
        return json.dumps({"head": head, "payload": self.payload}).encode()


def read_capture_text(text: str, utc_offset_seconds: int) -> list[CaptureLine]:
    """The usable lines of a capture file, in file order (bad lines skipped).

    ``msg_time`` is read as local time of the given offset.
    """
    zone = timezone(timedelta(seconds=utc_offset_seconds))
    lines = []
    for raw in text.splitlines():
        try:
            item = json.loads(raw)
            when = datetime.strptime(str(item["msg_time"]), TIME_FORMAT).replace(tzinfo=zone)
            head, payload, topic = item["head"], item["payload"], item["topic"]
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(head, dict) and isinstance(payload, str) and isinstance(topic, str):
            lines.append(CaptureLine(when, head, payload, topic))
    return lines


class CaptureRecorder:
    """The last message of each device and type, and every message while recording."""

    def __init__(self, max_recorded: int = MAX_RECORDED) -> None:
        """Start with nothing held and no recording."""
        self._last: dict[tuple[str, str], CapturedMessage] = {}
        self._recorded: list[CapturedMessage] | None = None
        self._max = max_recorded

    @property
    def recording(self) -> bool:
        """Whether a recording runs."""
        return self._recorded is not None

    def note(
        self,
        topic: str,
        payload: bytes,
        arrived_at: float,
        sn: str | None = None,
        msg_type: str | None = None,
    ) -> CapturedMessage:
        """Keep one received message (serial and type read from it unless given)."""
        if sn is None or msg_type is None:
            sn, msg_type = message_type_of(topic, payload)
        message = CapturedMessage(topic, bytes(payload), arrived_at, sn, msg_type)
        self._last[(sn, msg_type)] = message
        if self._recorded is not None:
            self._recorded.append(message)
            if len(self._recorded) > self._max:
                del self._recorded[0]
        return message

    def last_messages(self, serials: Iterable[str] | None = None) -> list[CapturedMessage]:
        """The held last message of every device and type (of `serials` when given)."""
        wanted = None if serials is None else set(serials)
        return sorted(
            (m for (sn, _), m in self._last.items() if wanted is None or sn in wanted),
            key=lambda item: item.arrived_at,
        )

    def begin(self) -> None:
        """Start recording every message (a running recording starts over)."""
        self._recorded = []

    def end(self) -> list[CapturedMessage]:
        """Stop recording; the messages recorded since `begin` (empty when none ran)."""
        recorded, self._recorded = self._recorded or [], None
        return recorded

    def seen_since(self, serials: Iterable[str]) -> bool:
        """Whether the running recording holds a message of every one of `serials`."""
        got = {message.sn for message in self._recorded or ()}
        return set(serials) <= got

    def forget(self, keep: Iterable[str]) -> None:
        """Drop the held messages of devices not in `keep`."""
        wanted = set(keep)
        for key in [key for key in self._last if key[0] not in wanted]:
            del self._last[key]

    def clear(self) -> None:
        """Forget everything (session stopped)."""
        self._last.clear()
        self._recorded = None
