"""MQTT decoding of malformed payloads never raises: broken embedded JSON records, frames nested
too deep, and JSON values of other types than the map expects."""

from __future__ import annotations

import json

from custom_components.anker_solix.solixapi.mqtt import (
    RawField,
    build_frame,
    decode_frame_for,
    decode_json_for,
    encode_values,
    parse_frame,
)


def panel_frame(*texts: bytes) -> bytes:
    """A Power Panel `0601` frame carrying the given texts as text fields `a2`, `a3`, …."""
    fields = [RawField(0xA1, -1, b"2")]
    fields += [RawField(0xA2 + index, 0, text) for index, text in enumerate(texts)]
    return build_frame("0601", fields)


def test_broken_embedded_records_are_skipped() -> None:
    """Bad JSON, non-object records, bad hex and bytes that are no frame are skipped; the one
    good station frame is decoded."""
    station = encode_values("A1790", "0405", {"soc_pct": 64})
    records = [
        "not a record",
        {"sn": "BADHEX", "type": "A1790", "tlv": "zz"},
        {"sn": "NOFRAME", "type": "A1790", "tlv": "0001"},
        {"sn": "GOOD", "type": "A1790", "tlv": station.hex()},
    ]
    frame = parse_frame(panel_frame(b"{broken json", json.dumps(records).encode()))
    decoded = decode_frame_for("A17B1", "PANEL", frame)
    assert [(inner.sn, inner.values["soc_pct"]) for inner in decoded.embedded] == [("GOOD", 64)]


def test_frames_nested_deeper_than_one_level_are_not_decoded() -> None:
    """A panel frame inside a panel frame inside a panel frame: only the first level opens."""
    station = encode_values("A1790", "0405", {"soc_pct": 64})
    inner = panel_frame(json.dumps([{"sn": "S", "type": "A1790", "tlv": station.hex()}]).encode())
    middle = panel_frame(json.dumps({"sn": "P2", "type": "A17B1", "tlv": inner.hex()}).encode())
    decoded = decode_frame_for("A17B1", "P1", parse_frame(middle))
    (level_one,) = decoded.embedded
    assert level_one.sn == "P2"
    assert level_one.embedded == ()


def test_json_values_of_unexpected_types() -> None:
    """Numeric text is scaled like a number, other text stays text, a boolean stays a boolean,
    objects and lists become JSON text."""
    document = {"sn": {"id": 1}, "ems_data": {"soc": "81", "bp": "n/a", "pe": [1, 2]}}
    decoded = decode_json_for("A5102", "X1SN", document)
    assert decoded.values == {
        "serial": '{"id":1}',
        "soc_pct": 81,
        "battery_w": "n/a",
        "pv_energy_today": "[1,2]",
    }
    assert decode_json_for("A5102", "X1SN", {"ems_data": {"soc": True}}).values == {"soc_pct": True}
