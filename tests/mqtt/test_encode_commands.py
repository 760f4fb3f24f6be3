"""Command frames and envelopes match the document's composed examples (§3.5, §6.1–6.3, §6.8)."""

from __future__ import annotations

import base64
import json

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    command_envelope,
    command_topic,
    data_topic,
    data_topic_filter,
    device_envelope,
    encode_values,
    parse_command,
    parse_message,
    realtime_trigger_frame,
    reply_frame,
    status_request_frame,
)
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes

T = ex.COMMAND_TIME


def test_realtime_trigger_is_the_documents_frame_and_base64() -> None:
    """§6.2/§6.8: 300 s for a Solarbank 2, and the Base64 of §3.5's command."""
    frame = realtime_trigger_frame("A17C1", 300, timestamp=T)
    assert frame == frame_bytes(ex.RT_TRIGGER_300_HEX)
    assert base64.b64encode(frame).decode() == ex.RT_TRIGGER_300_BASE64


@pytest.mark.parametrize(
    ("pn", "expected"),
    [
        ("A17C0", ex.STATUS_REQUEST_0040_HEX),
        ("A17C5", ex.STATUS_REQUEST_0040_HEX),
        ("A5143", ex.STATUS_REQUEST_0040_HEX),
        ("AS200", ex.STATUS_REQUEST_0100_HEX),
    ],
)
def test_status_requests_are_the_documents_frames(pn: str, expected: str) -> None:
    """§6.3: generic `0040` (also for unknown models), `0100` with `a2 02 04 01`."""
    assert status_request_frame(pn, timestamp=T) == frame_bytes(expected)


def test_usb_charger_commands() -> None:
    """`0200` status request and the `020b` trigger with only `a1` and `fe` (§6.2, §6.3)."""
    request = status_request_frame("A2345", timestamp=T)
    assert (
        request.hex(" ") == "ff 09 14 00 03 00 0f 02 00 a1 01 22 fe 05 03 61 51 f2 68 3c"
    )  # 0040 frame XOR 02 XOR 40
    trigger = realtime_trigger_frame("A2345", 300, timestamp=T)
    assert trigger[7:9] == b"\x02\x0b"
    assert parse_command(trigger)[0] == "realtime_trigger"


def test_trigger_duration_limits() -> None:
    """0 stops, 600 is the longest; anything else is refused before a frame is made."""
    assert parse_command(realtime_trigger_frame("A17C1", 0, timestamp=T))[1]["on"] == 0
    assert parse_command(realtime_trigger_frame("A17C1", 600, timestamp=T))[1]["seconds"] == 600
    for seconds in (-1, 601):
        with pytest.raises(ValueError, match="outside"):
            realtime_trigger_frame("A17C1", seconds, timestamp=T)


def test_parse_command_recognises_what_the_simulator_must_answer() -> None:
    """Status requests, triggers with their duration, and other commands by type."""
    assert parse_command(frame_bytes(ex.STATUS_REQUEST_0040_HEX)) == (
        "status_request",
        {"msg_type": "0040", "time": T},
    )
    assert parse_command(frame_bytes(ex.RT_TRIGGER_300_HEX)) == (
        "realtime_trigger",
        {"msg_type": "0057", "time": T, "on": 1, "seconds": 300},
    )
    assert parse_command(frame_bytes(ex.STATUS_REQUEST_0100_HEX))[0] == "status_request"
    assert parse_command(frame_bytes(ex.EV_MAX_CURRENT_HEX)) == (
        "other",
        {"msg_type": "0100", "time": T},
    )
    assert parse_command(b"junk") == ("other", {"msg_type": ""})


def test_replies_follow_the_or_08_rule() -> None:
    """`0057` → `0857` with `a1 01 32` only: the captured reply byte for byte (§4.11.5)."""
    assert reply_frame("0057") == frame_bytes(ex.RT_REPLY_0857_HEX)
    assert reply_frame("0101")[7:9] == b"\x09\x01"


def test_topics() -> None:
    """§2.1/§2.2."""
    assert data_topic_filter("A17C1", "SN1") == "dt/anker_power/A17C1/SN1/#"
    assert data_topic("A17C1", "SN1", "state_info") == "dt/anker_power/A17C1/SN1/state_info"
    assert command_topic("A17C1", "SN1") == "cmd/anker_power/A17C1/SN1/req"


def test_the_documents_device_envelope_parses() -> None:
    """§3.5 device message: serial, model, head time and the reply frame."""
    message = parse_message(
        "dt/anker_power/A17C0/CUTUTT17MUSXAJ4R/state_info", ex.SB1_0405_ENVELOPE.encode()
    )
    assert message is not None
    assert (message.pn, message.sn, message.timestamp) == (
        "A17C0",
        "CUTUTT17MUSXAJ4R",
        1760711007.0,
    )
    assert message.frame == frame_bytes(ex.RT_REPLY_0857_HEX)
    assert message.json_data is None


def test_device_envelope_round_trip_and_topic_fallback() -> None:
    """What the simulator publishes parses back; without pn/sn they come from the topic."""
    frame = encode_values("A17C1", "0405", {"soc_pct": 50})
    payload = device_envelope("A17C1", "SN9", frame, msg_seq=7, timestamp=1760711000)
    message = parse_message(data_topic("A17C1", "SN9"), payload)
    assert message is not None
    assert (message.pn, message.sn, message.frame, message.timestamp) == (
        "A17C1",
        "SN9",
        frame,
        1760711000.0,
    )
    assert message.head["msg_seq"] == 7
    bare = json.dumps(
        {"head": {}, "payload": json.dumps({"data": base64.b64encode(frame).decode()})}
    )
    message = parse_message("dt/anker_power/A17C1/SN8/param_info", bare.encode())
    assert message is not None
    assert (message.pn, message.sn, message.timestamp) == ("A17C1", "SN8", None)


def test_x1_envelope_carries_json_in_trans() -> None:
    """§3.1: `trans` Base64 of JSON text."""
    document = encode_values("A5101", "json", {"soc_pct": 40})
    payload = device_envelope("A5101", "X1", document, msg_seq=1, timestamp=1)
    assert "trans" in json.loads(json.loads(payload)["payload"])
    message = parse_message("dt/anker_power/A5101/X1/param_info", payload)
    assert message is not None
    assert message.frame is None
    assert message.json_data == {"ems_data": {"soc": 40}, "pack_data": {"usoc": 40}}


def test_command_envelope_is_the_documents_shape() -> None:
    """§3.5 command: compact JSON, app head values, payload with device, account and data."""
    frame = realtime_trigger_frame("A17C1", 300, timestamp=T)
    payload = command_envelope(
        "A17C1", "SN1", frame, user_id="U1", certificate_id="C1", account_id="OWNER", timestamp=T
    )
    assert b" " not in payload
    outer = json.loads(payload)
    assert outer["head"] == {
        "version": "1.0.0.1",
        "client_id": "android-anker_power-U1-C1",
        "sess_id": "1234-5678",
        "msg_seq": 1,
        "seed": 1,
        "timestamp": T,
        "cmd_status": 2,
        "cmd": 17,
        "sign_code": 1,
        "device_pn": "A17C1",
        "device_sn": "SN1",
    }
    assert outer["payload"] == (
        '{"device_sn":"SN1","account_id":"OWNER","data":"' + ex.RT_TRIGGER_300_BASE64 + '"}'
    )
    message = parse_message(command_topic("A17C1", "SN1"), payload)
    assert message is not None
    assert (message.pn, message.sn, message.frame) == ("A17C1", "SN1", frame)


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'{"head": {}, "payload": 5}',
        b'{"head": {}, "payload": "{\\"data\\": \\"***\\"}"}',
        b'{"head": {}, "payload": "{\\"sn\\": \\"x\\"}"}',
        b'{"head": {}, "payload": "{\\"trans\\": \\"bm90IGpzb24=\\"}"}',
        b"\xff\xfe",
    ],
)
def test_junk_is_no_message(payload: bytes) -> None:
    """parse_message never raises: None for everything that is not an envelope."""
    assert parse_message("dt/anker_power/A17C1/SN/param_info", payload) is None
