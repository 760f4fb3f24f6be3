"""An export's MQTT captures hold whatever the devices sent, damaged messages included: a frame
cut short by the broker, a ``data`` or ``trans`` field that is no Base64, a payload that is
no JSON object, a one-byte frame, an envelope that is no JSON at all. The capture export
(MQTT protocol §7.10) must still write every message it can place in a file, never raise, and
leave no serial, MAC or network name of the account in any of them (the export is meant to be
shared in an issue)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import RawField, build_frame, device_envelope
from custom_components.anker_solix.solixapi.export import (
    Anonymizer,
    anonymized_capture_files,
    learn_captures,
)
from custom_components.anker_solix.solixapi.mqtt import CapturedMessage, parse_frame

PN = "A1761"
SN = "AZ1761SOLO5M8W2D"
SSID = "HomeNet-Kowalski"
TOPIC = f"dt/anker_power/{PN}/{SN}/param_info"
HEAD = {"version": "1.0.0.1", "client_id": SN, "msg_seq": 7, "timestamp": 1000}
PERSONAL = (SN, SSID)


def _frame() -> bytes:
    """A device frame that carries the serial (d0) next to a value."""
    return build_frame("0405", [RawField(0xA1, -1, b"\x34"), RawField(0xD0, 0, SN.encode())])


def _envelope(inner: Any, head: dict[str, Any] | None = None) -> bytes:
    payload = inner if isinstance(inner, str) else json.dumps(inner)
    return json.dumps({"head": head or HEAD, "payload": payload}).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


DAMAGED: dict[str, bytes] = {
    "truncated_frame": _envelope({"data": _b64(_frame()[:-6]), "sn": SN, "pn": PN}),
    "one_byte_frame": _envelope({"data": _b64(b"\xff"), "sn": SN, "pn": PN}),
    "data_not_base64": _envelope({"data": f"%%{SN}%%", "sn": SN, "pn": PN}),
    "trans_not_base64": _envelope({"trans": f"%%{SN}%%", "sn": SN, "pn": PN}),
    "payload_not_json": _envelope(f"device {SN} rebooting on {SSID}"),
    "payload_a_list": _envelope(json.dumps([SN, SSID])),
}
"""Envelopes a capture file can hold (each becomes one line) with damaged contents."""


def _export(messages: list[CapturedMessage], seed: int) -> tuple[Anonymizer, str]:
    """Learn and anonymize the messages as the exporter does; the written text of all files."""
    anonymizer = Anonymizer.for_export(seed=seed)
    anonymizer.add_id(SSID, "SSID")  # from the account's cloud files (wifi_list)
    learn_captures(anonymizer, messages)
    files = anonymized_capture_files(anonymizer, messages, 0)
    return anonymizer, json.dumps(files, ensure_ascii=False)


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_message_is_exported_without_personal_values(kind: str) -> None:
    """Each damaged message still becomes its line, with the serial and SSID replaced."""
    message = CapturedMessage(TOPIC, DAMAGED[kind], 1000.0, SN, "other")
    _, text = _export([message], seed=3)
    files = json.loads(text)
    assert [len(lines) for lines in files.values()] == [1], files
    for value in (*PERSONAL, SN[:8]):
        assert value not in text, (kind, value)


def test_a_truncated_frame_keeps_its_bytes_and_loses_the_cut_serial() -> None:
    """The broker cut the frame inside the serial (10 of its 16 characters left): it cannot
    be parsed, so its bytes are kept as they came (same length, the last byte is data, not a
    checksum to overwrite), and the cut serial is replaced as far as it goes."""
    raw = _frame()[:-6]
    cut = len(SN) - 6 + 1
    assert raw.endswith(SN[:cut].encode())
    message = CapturedMessage(TOPIC, DAMAGED["truncated_frame"], 1000.0, SN, "other")
    anonymizer, text = _export([message], seed=4)
    [[line]] = json.loads(text).values()
    written = base64.b64decode(json.loads(line["payload"])["data"])
    replacement = str(anonymizer.mapping[SN]).encode()
    assert written == raw[:-cut] + replacement[:cut]
    assert SN[:cut] not in text


def test_the_same_serial_reads_the_same_in_damaged_and_intact_messages() -> None:
    """One mapping for the whole export: an intact message and a damaged one of the device
    get the same replacement, so a reader of the issue can tell they are one device."""
    intact = CapturedMessage(
        TOPIC, device_envelope(PN, SN, _frame(), msg_seq=1, timestamp=999), 999.0, SN, "0405"
    )
    damaged = CapturedMessage(TOPIC, DAMAGED["payload_not_json"], 1000.0, SN, "other")
    anonymizer, text = _export([intact, damaged], seed=5)
    files = json.loads(text)
    replacement = str(anonymizer.mapping[SN])
    assert sorted(files) == [
        f"mqtt_msg_{replacement}_0405.ndjson",
        f"mqtt_msg_{replacement}_other.ndjson",
    ]
    [[good]] = [lines for name, lines in files.items() if name.endswith("_0405.ndjson")]
    frame = parse_frame(base64.b64decode(json.loads(good["payload"])["data"]))
    assert frame.checksum_ok
    assert frame.field("d0").raw == replacement.encode()  # type: ignore[union-attr]
    [[bad]] = [lines for name, lines in files.items() if name.endswith("_other.ndjson")]
    assert replacement in bad["payload"]
    assert good["head"]["client_id"] == bad["head"]["client_id"] == replacement


def test_an_envelope_that_is_no_json_is_left_out() -> None:
    """A message whose envelope is no JSON has no capture line: it is not written at all
    (its raw bytes could hold anything), and learning from it raises nothing."""
    junk = CapturedMessage(TOPIC, f"\x00{SN}\xff".encode("latin-1"), 1000.0, SN, "other")
    _, text = _export([junk], seed=6)
    assert json.loads(text) == {}
