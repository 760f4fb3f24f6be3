"""The JSON envelope around a frame (MQTT protocol §3) and the topics (§2).

`parse_message` reads what a device (or a command sender) published and never raises: junk
gives None. `device_envelope` (simulator) and `command_envelope` (client) compose envelopes.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

APP_NAME = "anker_power"
"""Second level of every topic (§2.1)."""
ENVELOPE_VERSION = "1.0.0.1"
X1_MODELS = frozenset({"A5101", "A5102", "A5103"})
"""Models whose payload carries JSON in ``trans`` instead of a frame in ``data`` (§3.1)."""


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One received MQTT message: who sent it, when (``head.timestamp``), frame or JSON."""

    topic: str
    pn: str
    sn: str
    timestamp: float | None
    frame: bytes | None
    json_data: dict[str, Any] | None
    head: dict[str, Any]


def data_topic_filter(pn: str, sn: str) -> str:
    """The one subscription per device (§2.2)."""
    return f"dt/{APP_NAME}/{pn}/{sn}/#"


def data_topic(pn: str, sn: str, leaf: str = "param_info") -> str:
    """A device's publishing topic (``param_info`` or ``state_info``, §2.1)."""
    return f"dt/{APP_NAME}/{pn}/{sn}/{leaf or 'param_info'}"


def command_topic(pn: str, sn: str) -> str:
    """Where commands to a device are published (§2.2)."""
    return f"cmd/{APP_NAME}/{pn}/{sn}/req"


def _b64(text: Any) -> bytes | None:
    """Standard Base64 decoded strictly (None when it is not)."""
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def parse_message(topic: str, payload: bytes) -> InboundMessage | None:
    """Read an envelope (§3.1–3.3, §4.9 steps 1–2); None when it is not one."""
    try:
        outer = json.loads(payload)
        inner = outer.get("payload") if isinstance(outer, dict) else None
        if isinstance(inner, str | bytes):
            inner = json.loads(inner)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(inner, dict):
        return None
    head = outer.get("head") if isinstance(outer.get("head"), dict) else {}
    levels = topic.split("/")
    pn = inner.get("pn") or (levels[2] if len(levels) > 3 else "")
    sn = inner.get("sn") or inner.get("device_sn") or (levels[3] if len(levels) > 3 else "")
    if not isinstance(pn, str) or not isinstance(sn, str) or not pn or not sn:
        return None
    stamp = head.get("timestamp")
    timestamp = (
        float(stamp) if isinstance(stamp, int | float) and not isinstance(stamp, bool) else None
    )
    frame = _b64(inner.get("data"))
    json_data = None
    if frame is None:
        trans = _b64(inner.get("trans"))
        if trans is None:
            return None
        try:
            decoded = json.loads(trans)
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(decoded, dict):
            return None
        json_data = decoded
    return InboundMessage(topic, pn, sn, timestamp, frame, json_data, head)


def device_envelope(pn: str, sn: str, frame: bytes, *, msg_seq: int, timestamp: int) -> bytes:
    """What a device publishes (§3.2, §3.3): head as observed, frame Base64 in ``data``.

    JSON content (X1 models, or `frame` that is JSON text) goes into ``trans`` instead.
    """
    key = "trans" if pn in X1_MODELS or frame[:1] in (b"{", b"[") else "data"
    head = {
        "version": ENVELOPE_VERSION,
        "client_id": sn,
        "sess_id": f"6071-{msg_seq % 10000:04d}",
        "msg_seq": msg_seq,
        "cmd": 16,
        "cmd_status": 1,
        "sign_code": 0,
        "seed": "null",
        "timestamp": timestamp,
    }
    inner = {key: base64.b64encode(frame).decode(), "sn": sn, "pn": pn}
    return json.dumps({"head": head, "payload": json.dumps(inner)}).encode()


def command_envelope(
    pn: str,
    sn: str,
    frame: bytes,
    *,
    user_id: str,
    certificate_id: str,
    account_id: str,
    timestamp: int,
) -> bytes:
    """What our client publishes to a device (§3.2, §3.3, §3.5): compact JSON, no spaces.

    `account_id` is the device owner's user id (a member's own id otherwise).
    """
    head = {
        "version": ENVELOPE_VERSION,
        "client_id": f"android-{APP_NAME}-{user_id}-{certificate_id}",
        "sess_id": "1234-5678",
        "msg_seq": 1,
        "seed": 1,
        "timestamp": timestamp,
        "cmd_status": 2,
        "cmd": 17,
        "sign_code": 1,
        "device_pn": pn,
        "device_sn": sn,
    }
    inner = {"device_sn": sn, "account_id": account_id, "data": base64.b64encode(frame).decode()}
    compact = (",", ":")
    return json.dumps(
        {"head": head, "payload": json.dumps(inner, separators=compact)}, separators=compact
    ).encode()
