"""`encode_values` is the inverse of the decoder for every named value of every layout."""

from __future__ import annotations

import json

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    LAYOUTS,
    MODEL_LAYOUTS,
    DecodedMessage,
    Layout,
    Value,
    decode_frame_for,
    decode_json_for,
    encode_values,
    parse_frame,
)
from tests.mqtt.codec_samples import overlapping, sample, sample_name

FIRST_USER = {
    lid: (pn, msg_type)
    for pn, types in reversed(list(MODEL_LAYOUTS.items()))
    for msg_type, lid in types.items()
}
"""One model and message type per layout."""


def _roundtrip(layout: Layout, values: dict[str, Value]) -> DecodedMessage:
    """Encode `values` with the layout's first model and decode the result."""
    pn, msg_type = FIRST_USER[layout.id]
    data = encode_values(pn, msg_type, values)
    if msg_type == "json":
        return decode_json_for(pn, "SN1", json.loads(data))
    frame = parse_frame(data)
    assert frame.checksum_ok
    assert frame.length_ok
    assert frame.msg_type == msg_type
    return decode_frame_for(pn, "SN1", frame)


def _same(actual: Value, expected: Value) -> bool:
    """Equal, floats within float32/scale rounding."""
    if isinstance(expected, float) and isinstance(actual, int | float):
        return actual == pytest.approx(expected, rel=1e-6)
    return actual == expected


@pytest.mark.parametrize("layout_id", sorted(LAYOUTS))
def test_each_value_alone_decodes_back(layout_id: str) -> None:
    """Every named value with a decodable kind, encoded on its own, decodes to itself."""
    layout = LAYOUTS[layout_id]
    checked = 0
    for spec in layout.fields:
        value = sample(spec)
        if value is None:
            continue
        name = sample_name(spec)
        decoded = _roundtrip(layout, {name: value})
        assert _same(decoded.values.get(name), value), (name, value, decoded.values.get(name))
        if spec.unit:
            assert decoded.units.get(name) == spec.unit
        checked += 1
    assert checked == sum(
        1 for spec in layout.fields if spec.kind != "none" and not spec.name.endswith("_frame")
    )


@pytest.mark.parametrize("layout_id", sorted(LAYOUTS))
def test_a_whole_layout_decodes_back(layout_id: str) -> None:
    """All values of a layout in one frame (sub-values that share bytes left out, §8 item 4)."""
    layout = LAYOUTS[layout_id]
    shared = overlapping(layout)
    values = {
        sample_name(spec): value
        for spec in layout.fields
        if spec.name not in shared and (value := sample(spec)) is not None
    }
    decoded = _roundtrip(layout, values)
    for name, value in values.items():
        assert _same(decoded.values.get(name), value), (name, value, decoded.values.get(name))
    assert not decoded.unmapped or set(decoded.unmapped) == {"a1"}


def test_overlaps_are_only_the_known_ones() -> None:
    """Sub-values sharing bytes: AX170 PV at +42/+45 and S2000/C2000 Gen 2 `a3` +6/+7 (§8 item 4),
    the chargers' whole clock byte beside its bits, and overlapping placeholders."""
    found = {lid: overlapping(layout) for lid, layout in LAYOUTS.items()}
    assert {lid for lid, names in found.items() if names} == {
        "L-AX170-0405",
        "L-A1783-0421",
        "L-AS220-0421",
        "L-A2345-0303",
        "L-A2345-0a00",
        "L-A2345-0a02",
        "L-AS200-0421",
    }
    assert found["L-AS220-0421"] == {"undecoded_a3_6", "undecoded_a3_7"}
    assert found["L-A2345-0a00"] == {"clock_flags", "clock_on", "holiday_on"}


def test_unknown_model_or_type_is_refused() -> None:
    """The simulator learns at once that it asked for a layout the map does not have."""
    with pytest.raises(ValueError, match="no layout"):
        encode_values("A5143", "0405", {})
    with pytest.raises(ValueError, match="no layout"):
        encode_values("A17C0", "0999", {})


def test_scaled_values_round_to_the_scale() -> None:
    """1468.45234 kWh at ×0.0001 travels as 14684523 and comes back as 1468.4523."""
    data = encode_values("A17C0", "0405", {"pv_energy_total": 1468.45234, "soc_pct": 69})
    decoded = decode_frame_for("A17C0", "x", parse_frame(data))
    assert decoded.values == {"pv_energy_total": 1468.4523, "soc_pct": 69}


def test_empty_texts_stay_texts() -> None:
    """An empty Wi-Fi name goes as `a3 02 00 00` (typed text), not as a one-byte raw field."""
    data = encode_values("A17C0", "0407", {"wifi_ssid": "", "wifi_signal_pct": 80})
    assert bytes.fromhex("a3020000") in data
    decoded = decode_frame_for("A17C0", "x", parse_frame(data))
    assert decoded.values == {"wifi_ssid": "", "wifi_signal_pct": 80}
