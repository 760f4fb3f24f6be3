"""Captures (MQTT protocol §7.10): recorder, file lines, replay schedule, export anonymization."""

from __future__ import annotations

import base64
import json

from custom_components.anker_solix.solixapi import (
    RawField,
    build_frame,
    decode_json_for,
    device_envelope,
    mqtt_read_capture_text,
    parse_frame,
    parse_message,
)
from custom_components.anker_solix.solixapi.export import (
    Anonymizer,
    anonymize_frame,
    anonymized_capture_files,
    learn_captures,
)
from custom_components.anker_solix.solixapi.mqtt import (
    CapturedMessage,
    CapturePlayer,
    CaptureRecorder,
    CaptureSchedule,
    MqttDevice,
    capture_files,
)

SN = "AZ1761SOLO5M8W2D"
TOPIC = f"dt/anker_power/A1761/{SN}/param_info"


def frame_with(*fields: RawField, msg_type: str = "0405") -> bytes:
    """A device frame of the given fields."""
    return build_frame(msg_type, fields)


def message(frame: bytes, at: float, sn: str = SN, pn: str = "A1761") -> CapturedMessage:
    """A received message carrying `frame`."""
    payload = device_envelope(pn, sn, frame, msg_seq=1, timestamp=int(at))
    return CapturedMessage(f"dt/anker_power/{pn}/{sn}/param_info", payload, at, sn, "0405")


def test_recorder_holds_the_last_per_type_and_records_only_while_asked() -> None:
    """Last message per device and type always; everything (bounded) between begin and end."""
    recorder = CaptureRecorder(max_recorded=2)
    frame = frame_with(RawField(0xA1, -1, b"\x34"))
    payload = message(frame, 1).payload
    first = recorder.note(TOPIC, payload, 1.0)
    assert (first.sn, first.msg_type) == (SN, "0405")
    assert recorder.note(TOPIC, b"junk", 2.0).msg_type == "other"
    assert not recorder.recording
    recorder.begin()
    for at in (3.0, 4.0, 5.0):
        recorder.note(TOPIC, payload, at, SN, "0405")
    assert recorder.seen_since([SN])
    assert not recorder.seen_since([SN, "OTHER"])
    assert [m.arrived_at for m in recorder.end()] == [4.0, 5.0]
    assert recorder.end() == []
    assert [m.arrived_at for m in recorder.last_messages([SN])] == [2.0, 5.0]
    recorder.forget(["OTHER"])
    assert recorder.last_messages() == []
    recorder.note(TOPIC, payload, 6.0)
    recorder.clear()
    assert recorder.last_messages() == []


def test_capture_lines_round_trip_and_bad_lines_are_skipped() -> None:
    """A message becomes one export line (local time); reading skips what is no line."""
    frame = frame_with(RawField(0xA1, -1, b"\x34"))
    files = capture_files([message(frame, 1752575400)], 7200)
    [(name, lines)] = files.items()
    assert name == f"mqtt_msg_{SN}_0405.ndjson"
    assert lines[0]["msg_time"] == "2025-07-15 12:30:00"
    text = json.dumps(lines[0]) + "\nnot json\n" + json.dumps({"msg_time": "x"}) + "\n"
    [line] = mqtt_read_capture_text(text, 7200)
    assert line.msg_time.timestamp() == 1752575400
    inbound = parse_message(line.topic, line.envelope(99))
    assert inbound is not None
    assert inbound.timestamp == 99
    assert inbound.frame == frame
    assert capture_files([CapturedMessage(TOPIC, b"junk", 1, SN, "other")], 0) == {}


def test_schedule_plays_lines_with_their_spacing_and_repeats_the_cycle() -> None:
    """Offsets from the first line; after max(60 s, span) + 5 s the cycle starts again."""
    frame = frame_with(RawField(0xA1, -1, b"\x34"))
    lines = capture_files([message(frame, 1000), message(frame, 1010)], 0)
    texts = {
        name: "".join(json.dumps(line) + "\n" for line in items) for name, items in lines.items()
    }
    schedule = CaptureSchedule(texts, 0)
    assert schedule.cycle == 65
    assert len(schedule.due(0, 500)) == 1
    assert schedule.due(5, 500) == []
    [(_, payload)] = schedule.due(10, 500)
    assert json.loads(payload)["head"]["timestamp"] == 510
    [(_, again)] = schedule.due(66, 500)
    assert json.loads(again)["head"]["timestamp"] == 565


def test_frame_anonymization_keeps_or_rebuilds_and_fixes_the_checksum() -> None:
    """Same-length replacements in place; a length change recomposes the frame; valid XOR."""
    anonymizer = Anonymizer.for_export(seed=1)
    anonymizer.add_id(SN, "DEVICE")
    anonymizer.add_id("HomeNet", "SSID")
    frame = frame_with(RawField(0xA1, -1, b"\x34"), RawField(0xD0, 0, SN.encode()))
    replaced = parse_frame(anonymize_frame(anonymizer, frame))
    assert replaced.checksum_ok
    assert replaced.field("d0") is not None
    assert replaced.field("d0").raw == str(anonymizer.mapping[SN]).encode()  # type: ignore[union-attr]
    longer = frame_with(RawField(0xA1, 0, b"HomeNet"))
    rebuilt = parse_frame(anonymize_frame(anonymizer, longer))
    assert rebuilt.checksum_ok
    assert rebuilt.length_ok
    assert rebuilt.field("a1").raw == b"wifi-network-1"  # type: ignore[union-attr]
    assert (
        anonymize_frame(anonymizer, SN.encode() + b"!")[:-1] == str(anonymizer.mapping[SN]).encode()
    )


def test_json_payloads_are_anonymized_too() -> None:
    """An X1 message (JSON in ``trans``) keeps its content with ids replaced."""
    document = {"device_sn": "X1SERIAL0001", "power": 5}
    payload = device_envelope(
        "A5101", "X1SERIAL0001", json.dumps(document).encode(), msg_seq=1, timestamp=5
    )
    captured = CapturedMessage(
        "dt/anker_power/A5101/X1SERIAL0001/param_info", payload, 5, "X1SERIAL0001", "json"
    )
    anonymizer = Anonymizer.for_export(seed=2)
    learn_captures(anonymizer, [captured])
    [(name, [line])] = anonymized_capture_files(anonymizer, [captured], 0).items()
    assert "X1SERIAL0001" not in name + json.dumps(line)
    inner = json.loads(line["payload"])
    decoded = json.loads(base64.b64decode(inner["trans"]))
    assert decoded["power"] == 5
    assert decoded["device_sn"] == inner["sn"]
    assert decode_json_for("A5101", inner["sn"], decoded).pn == "A5101"


async def test_player_accepts_commands_without_sending() -> None:
    """A replay counts status requests and real-time triggers; nothing is published."""
    player = CapturePlayer(object(), {}, utc_offset_seconds=0, clock=lambda: 100.0)  # type: ignore[arg-type]
    player.set_devices([MqttDevice(SN, "A1761")])
    await player.request_status(SN)
    until = await player.start_realtime(SN, 30)
    assert until == 130
