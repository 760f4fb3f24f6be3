"""Decoding never fails on what a device may send: unknown models, types, fields, bad bytes,
embedded frames of local-mode devices (§2.3) and JSON payloads (Power Panel, X1)."""

from __future__ import annotations

import json

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    RawField,
    build_frame,
    decode_frame_for,
    decode_json_for,
    encode_values,
    parse_frame,
)
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes


def test_an_unknown_model_keeps_every_field_raw() -> None:
    """A microinverter (not in the map): no values, every field as type + data hex."""
    decoded = decode_frame_for("A5143", "SN", parse_frame(frame_bytes(ex.SB1_0405_HEX)))
    assert decoded.layout_id is None
    assert decoded.values == {}
    assert decoded.unmapped["a3"] == "0145"
    assert decoded.unmapped["a2"] == "00" + b"CUTUTT17MUSXAJ4R".hex()
    assert len(decoded.unmapped) == 36


def test_an_unknown_message_type_keeps_every_field_raw() -> None:
    """A Solarbank 1 `040d` (captured, not mapped) decodes to raw fields only."""
    frame = parse_frame(build_frame("040d", [RawField(0xA1, -1, b"2"), RawField(0xA2, 1, b"\x07")]))
    decoded = decode_frame_for("A17C0", "SN", frame)
    assert (decoded.layout_id, decoded.values) == (None, {})
    assert decoded.unmapped == {"a1": "32", "a2": "0107"}


def test_a_field_of_another_type_than_expected_is_read_as_sent() -> None:
    """`T` follows the frame's type: a u8 SOC sent as s16 or as f32 still decodes."""
    for field in (RawField(0xA3, 2, b"\x45\x00"), RawField(0xA3, 5, b"\x00\x00\x8a\x42")):
        frame = parse_frame(build_frame("0405", [RawField(0xA1, -1, b"4"), field]))
        assert decode_frame_for("A17C0", "SN", frame).values == {"soc_pct": 69}


def test_a_structured_field_too_short_leaves_out_what_does_not_fit() -> None:
    """C1000 Gen 2 `a5` cut after the temperature: temperature kept, SOC/SOH absent."""
    frame = parse_frame(build_frame("0421", [RawField(0xA1, -1, b"4"), RawField(0xA5, 4, b"\x17")]))
    decoded = decode_frame_for("A1763", "SN", frame)
    assert decoded.values == {"temp_c": 23}


def test_an_embedded_frame_is_decoded_with_its_own_model() -> None:
    """Power Dock for E10 `0666`: `a4` carries an E10 frame, decoded as A17E1 for its serial."""
    inner = encode_values("A17E1", "0405", {"serial": "E10SERIAL0000001"})
    outer = encode_values(
        "AX170",
        "0666",
        {
            "embedded_serial": "E10SERIAL0000001",
            "embedded_model": "A17E1",
            "embedded_frame": inner.hex(),
        },
    )
    decoded = decode_frame_for("AX170", "DOCK", parse_frame(outer))
    assert decoded.values["embedded_model"] == "A17E1"
    (embedded,) = decoded.embedded
    assert (embedded.pn, embedded.sn, embedded.msg_type) == ("A17E1", "E10SERIAL0000001", "0405")
    assert embedded.values == {"serial": "E10SERIAL0000001"}


def test_power_panel_json_and_embedded_station_frames() -> None:
    """A17B1 `0500`: JSON text over 255 bytes (two-byte length); `0601`: F3800 frames in JSON."""
    values = {"serial": "PANEL", "local_datetime": "2026-12-07 10:00:00", "dev1_soc_pct": 55}
    values |= {"wifi_ssid": "x" * 300}
    decoded = decode_frame_for(
        "A17B1", "PANEL", parse_frame(encode_values("A17B1", "0500", values))
    )
    assert {name: decoded.values[name] for name in values} == values
    station = encode_values("A1790", "0405", {"soc_pct": 77})
    record = json.dumps([{"sn": "F3800SN", "type": "A1790", "tlv": station.hex()}]).encode()
    frame = parse_frame(build_frame("0601", [RawField(0xA1, -1, b"2"), RawField(0xA2, 0, record)]))
    (embedded,) = decode_frame_for("A17B1", "PANEL", frame).embedded
    assert (embedded.sn, embedded.values["soc_pct"]) == ("F3800SN", 77)


def test_x1_json_payload_with_a_list_of_pack_temperatures() -> None:
    """`trans` JSON: scaled energies, a negated battery power, list items as exp1…expN."""
    document = {
        "sn": "X1SN",
        "ems_data": {"soc": 81, "pe": 12345, "bp": 300},
        "pack_data": {"t": [21, 23, 22]},
    }
    decoded = decode_json_for("A5102", "X1SN", document)
    assert decoded.values == {
        "serial": "X1SN",
        "soc_pct": 81,
        "pv_energy_today": 12.345,
        "battery_w": -300,
        "exp1_temp_c": 21,
        "exp2_temp_c": 23,
        "exp3_temp_c": 22,
    }
    assert decoded.units["exp2_temp_c"] == "°C"
    assert decoded.units["pv_energy_today"] == "kWh"
    assert decode_json_for("A5102", "X1SN", ["not", "an", "object"]).values == {}
    assert decode_json_for("A9999", "SN", document).unmapped


@pytest.mark.parametrize("not_a_list", [True, 21, "21", {"1": 21}])
def test_x1_list_field_that_is_no_list_gives_no_item(not_a_list: object) -> None:
    """A list field sent as something else yields no value (never one named ``exp{x}…``)."""
    document = {"sn": "X1SN", "ems_data": {"soc": 81}, "pack_data": {"t": not_a_list}}
    values = decode_json_for("A5102", "X1SN", document).values
    assert values == {"serial": "X1SN", "soc_pct": 81}
