"""Every worked example of the MQTT protocol document (§4.11) decoded field by field."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    Value,
    decode_frame_for,
    parse_frame,
)
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes

EXAMPLES = [
    (
        "A17C0",
        "CUTUTT17MUSXAJ4R",
        ex.SB1_0405_HEX,
        ex.SB1_0405_VALUES,
        ex.SB1_0405_UNITS,
        ex.SB1_0405_UNMAPPED,
    ),
    (
        "A17C0",
        "CUTUTT17MUSXAJ4R",
        ex.SB1_0408_HEX,
        ex.SB1_0408_VALUES,
        ex.SB1_0408_UNITS,
        ex.SB1_0408_UNMAPPED,
    ),
    (
        "A1761",
        "4EJYH8ASEV3SGLA4",
        ex.C1000_0405_HEX,
        ex.C1000_0405_VALUES,
        ex.C1000_0405_UNITS,
        ex.C1000_0405_UNMAPPED,
    ),
    (
        "A1763",
        "6WPYSCSCKOX3F770I",
        ex.C1000G2_0421_HEX,
        ex.C1000G2_0421_VALUES,
        ex.C1000G2_0421_UNITS,
        ex.C1000G2_0421_UNMAPPED,
    ),
]


@pytest.mark.parametrize(
    ("pn", "sn", "hex_text", "values", "units", "unmapped"),
    EXAMPLES,
    ids=["sb1_0405", "sb1_0408", "c1000_0405", "c1000g2_0421"],
)
def test_worked_example_decodes_to_the_documents_values(
    pn: str,
    sn: str,
    hex_text: str,
    values: dict[str, Value],
    units: dict[str, str],
    unmapped: list[str],
) -> None:
    """Each named value (scaled, versions as text, ms time as seconds), unit and raw field."""
    decoded = decode_frame_for(pn, sn, parse_frame(frame_bytes(hex_text)))
    for name, expected in values.items():
        actual = decoded.values.get(name)
        if isinstance(expected, float):
            assert actual == pytest.approx(expected), name
        else:
            assert actual == expected, name
    assert set(decoded.values) == set(values)
    assert decoded.units == units
    assert sorted(decoded.unmapped) == sorted(unmapped)
    assert decoded.sn == sn
    assert decoded.pn == pn


def test_solarbank_1_clocks_and_precise_soc() -> None:
    """§4.11.2: local clock 7200 s ahead of UTC; precise SOC 67.65 % beside the integer 69 %."""
    decoded = decode_frame_for("A17C0", "x", parse_frame(frame_bytes(ex.SB1_0408_HEX)))
    assert decoded.values["local_time"] - decoded.values["utc_time"] == 7200  # type: ignore[operator]
    assert decoded.values["soc_precise_pct"] == 67.65
    assert decoded.values["soc_pct"] == 69
    assert decoded.layout_id == "L-A17C0-0408"


def test_c1000_gen2_structures_and_millisecond_time() -> None:
    """§4.11.4: offsets inside type 04/06 fields, u16 ×0.1 hours, `fd` digits → seconds."""
    decoded = decode_frame_for("A1763", "x", parse_frame(frame_bytes(ex.C1000G2_0421_HEX)))
    assert decoded.values["serial"] == "6WPYSCSCKOX3F770I"
    assert decoded.values["model_code"] == "A1763"
    assert decoded.values["time_left_h"] == 1092.3
    assert decoded.values["utc_time"] == 1764658397.328
    assert decoded.values["ac_charge_limit_w"] == decoded.values["ac_charge_limit_max_w"] == 1200
    assert not decoded.checksum_ok  # anonymisation artefact (§4.6): decoded anyway


def test_short_frames_of_4_11_5() -> None:
    """Replies (only the marker, or the serial), untyped version texts, padded ms time."""
    reply = decode_frame_for("A17C0", "x", parse_frame(frame_bytes(ex.RT_REPLY_0857_HEX)))
    assert reply.layout_id is None
    assert reply.values == {}
    assert reply.unmapped == {"a1": "32"}
    versions = decode_frame_for("A1761", "x", parse_frame(frame_bytes(ex.VERSIONS_0830_HEX)))
    assert versions.layout_id == "L-A1722-0830"
    assert versions.values == {"hw_version": "v0.2.3.1", "fw_main": "v1.5.9"}
    periodic = decode_frame_for("A1763", "x", parse_frame(frame_bytes(ex.C1000G2_0889_HEX)))
    assert periodic.values == {
        "undecoded_a4": 40,
        "undecoded_a5": 15,
        "undecoded_a6": 15,
        "undecoded_time": 1764658397.328,
    }
    assert sorted(periodic.unmapped) == ["a1", "a2", "a3"]
