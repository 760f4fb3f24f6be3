"""The JSON envelope around a frame (MQTT protocol §3) and the topics (§2).

`parse_message` reads what a device (or a command sender) published and never raises: junk
gives None. `device_envelope` (simulator) and `command_envelope` (client) compose envelopes.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from dataclasses import dataclass
from typing import Any

APP_NAME = "anker_power"
"""Second level of every topic (§2.1)."""
ENVELOPE_VERSION = "1.0.0.1"
X1_MODELS = frozenset({"A5101", "A5102", "A5103"})
"""Models whose payload carries JSON in ``trans`` instead of a frame in ``data`` (§3.1)."""
PLAIN_SEED = 1
"""The head's ``seed`` of a command without ``encoding_type`` (§3.2)."""
SEED_HEX_CHARS = 32
"""Length of the random hex ``seed`` sent with an ``encoding_type`` (§3.2, §3.4)."""


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
    encoding_type: int | None = None
    """The payload's ``encoding_type`` (commands, §3.4); None when absent."""


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
    encoding = inner.get("encoding_type")
    if isinstance(encoding, bool) or not isinstance(encoding, int):
        encoding = None
    return InboundMessage(topic, pn, sn, timestamp, frame, json_data, head, encoding)


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


def command_seed() -> str:
    """A fresh random ``seed`` of 32 hex characters (§3.2; sent with an ``encoding_type``)."""
    return secrets.token_hex(SEED_HEX_CHARS // 2)


def is_command_seed(seed: object) -> bool:
    """Whether `seed` has the form of a random command seed (32 lower-case hex characters)."""
    return (
        isinstance(seed, str)
        and len(seed) == SEED_HEX_CHARS
        and all(char in "0123456789abcdef" for char in seed)
    )


def command_envelope(
    pn: str,
    sn: str,
    frame: bytes,
    *,
    user_id: str,
    certificate_id: str,
    account_id: str,
    timestamp: int,
    encoding_type: int | None = None,
    seed: str | None = None,
) -> bytes:
    """What our client publishes to a device (§3.2, §3.3, §3.5): compact JSON, no spaces.

    `account_id` is the device owner's user id (a member's own id otherwise). A command whose
    table row names an `encoding_type` (§3.4: EV charger `0105`, `0108`) carries it in the
    payload after ``data``, and the head's ``seed`` is then 32 random hex characters (`seed`
    gives them, else `command_seed()`); otherwise the seed is 1.
    """
    head_seed: int | str = PLAIN_SEED
    if encoding_type is not None:
        head_seed = seed if seed is not None else command_seed()
    head = {
        "version": ENVELOPE_VERSION,
        "client_id": f"android-{APP_NAME}-{user_id}-{certificate_id}",
        "sess_id": "1234-5678",
        "msg_seq": 1,
        "seed": head_seed,
        "timestamp": timestamp,
        "cmd_status": 2,
        "cmd": 17,
        "sign_code": 1,
        "device_pn": pn,
        "device_sn": sn,
    }
    inner: dict[str, Any] = {
        "device_sn": sn,
        "account_id": account_id,
        "data": base64.b64encode(frame).decode(),
    }
    if encoding_type is not None:
        inner["encoding_type"] = encoding_type
    compact = (",", ":")
    return json.dumps(
        {"head": head, "payload": json.dumps(inner, separators=compact)}, separators=compact
    ).encode()
