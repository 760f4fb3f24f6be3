"""Frame header, fields, lengths and checksum (MQTT protocol §4.1–4.6) on the document's frames."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.mqtt import (
    FRAME_STATS,
    MqttFrameError,
    RawField,
    build_frame,
    parse_frame,
)
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes

# name, hex, length, pattern, type, extra byte, checksum ok, fields
HEADERS = [
    ("sb1_0405", ex.SB1_0405_HEX, 291, "03010f", "0405", None, True, 36),
    ("sb1_0408", ex.SB1_0408_HEX, 182, "03010f", "0408", None, True, 25),
    ("c1000_0405", ex.C1000_0405_HEX, 363, "03010f", "0405", None, False, 68),
    ("c1000g2_0421", ex.C1000G2_0421_HEX, 294, "03010f", "0421", None, False, 20),
    ("reply_0857", ex.RT_REPLY_0857_HEX, 14, "03010f", "0857", 0, True, 1),
    ("reply_0856", ex.SB1_STATUS_REPLY_0856_HEX, 33, "03010f", "0856", 0, True, 2),
    ("versions_0830", ex.VERSIONS_0830_HEX, 29, "03000f", "0830", 0, True, 2),
    ("periodic_0889", ex.C1000G2_0889_HEX, 52, "03010f", "0889", 0, True, 7),
]


@pytest.mark.parametrize(
    ("hex_text", "length", "pattern", "msg_type", "extra", "checksum_ok", "count"),
    [case[1:] for case in HEADERS],
    ids=[case[0] for case in HEADERS],
)
def test_header_and_fields_of_the_documents_frames(
    hex_text: str,
    length: int,
    pattern: str,
    msg_type: str,
    extra: int | None,
    checksum_ok: bool,
    count: int,
) -> None:
    """Length, pattern, type, the byte-9 rule, checksum verdict (§4.11) and the field walk."""
    data = frame_bytes(hex_text)
    frame = parse_frame(data)
    assert len(data) == length
    assert frame.length_ok
    assert frame.pattern.hex() == pattern
    assert frame.msg_type == msg_type
    assert frame.extra == extra
    assert frame.checksum_ok is checksum_ok
    assert len(frame.fields) == count
    keys = [item.key for item in frame.fields]
    assert keys == sorted(keys)


def test_a_wrong_checksum_is_counted_and_the_frame_still_parsed() -> None:
    """The anonymised C1000 frame (computed 9a, sent 9b) is read in full and counted."""
    before = FRAME_STATS.bad_checksum
    frame = parse_frame(frame_bytes(ex.C1000_0405_HEX))
    assert not frame.checksum_ok
    assert FRAME_STATS.bad_checksum == before + 1
    assert frame.field("d0") == RawField(0xD0, 0, b"4EJYH8ASEV3SGLA4")


def test_untyped_text_and_the_one_byte_marker() -> None:
    """`a1 08 "v0.2.3.1"` is data without a type byte; `a1 01 34` one raw byte (§4.3)."""
    versions = parse_frame(frame_bytes(ex.VERSIONS_0830_HEX))
    assert versions.fields == (
        RawField(0xA1, -1, b"v0.2.3.1"),
        RawField(0xA2, -1, b"v1.5.9"),
    )
    status = parse_frame(frame_bytes(ex.SB1_0405_HEX))
    assert status.fields[0] == RawField(0xA1, -1, b"\x34")


def test_rebuilding_a_frame_gives_the_same_bytes() -> None:
    """`build_frame` is the inverse of `parse_frame` (header, order, lengths, checksum)."""
    for hex_text in (ex.SB1_0405_HEX, ex.SB1_0408_HEX, ex.RT_REPLY_0857_HEX, ex.C1000G2_0889_HEX):
        data = frame_bytes(hex_text)
        frame = parse_frame(data)
        assert build_frame(frame.msg_type, frame.fields, extra=frame.extra) == data


def test_a_two_byte_length_is_recognised() -> None:
    """A 336-byte value (`a2 50 01 04 …`, §4.3) and a long JSON text round-trip."""
    blob = bytes(range(256)) + bytes(80)
    text = ('{"data": "' + "x" * 400 + '"}').encode()
    fields = [
        RawField(0xA2, 4, blob),
        RawField(0xA3, 0, text),
        RawField(0xFE, 3, b"\x01\x02\x03\x04"),
    ]
    data = build_frame("0500", fields)
    assert data[9:12] == bytes([0xA2, 0x51, 0x01])  # 1 type byte + 336 data bytes = 0x0151
    frame = parse_frame(data)
    assert frame.checksum_ok
    assert frame.fields == tuple(fields)


def test_an_all_zero_text_keeps_its_one_byte_length() -> None:
    """`a2 11 00 00…` could read as a two-byte length 0x0011; the split to the checksum decides."""
    fields = [
        RawField(0xA2, 0, bytes(16)),
        RawField(0xA3, 1, b"\x05"),
        RawField(0xA4, 2, b"\x00\x01"),
    ]
    frame = parse_frame(build_frame("0405", fields))
    assert frame.fields == tuple(fields)


def test_commands_have_no_extra_byte_and_replies_have_one() -> None:
    """Command pattern `03 00 0f` without byte 9 (§6.1); device replies carry `00` (§4.1)."""
    command = build_frame("0057", [RawField(0xA1, -1, b"\x22")], device=False)
    assert command.hex(" ").startswith("ff 09 0d 00 03 00 0f 00 57 a1")
    reply = build_frame("0857", [RawField(0xA1, -1, b"\x32")])
    assert reply == frame_bytes(ex.RT_REPLY_0857_HEX)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff",
        b"\x00\x09\x0e\x00\x03\x01\x0f\x08\x57\x00",
        b"\xff\x09\x0e\x00\x03\x01\x0f\x08",
    ],
    ids=["empty", "one byte", "no marker", "shorter than a header"],
)
def test_unusable_bytes_raise_the_frame_error(data: bytes) -> None:
    """Only bytes that are no frame at all are refused."""
    with pytest.raises(MqttFrameError):
        parse_frame(data)


def test_a_truncated_frame_gives_the_fields_that_fit() -> None:
    """Cut in the middle of `a4`: length flagged, `a2`/`a3` still read."""
    data = frame_bytes(ex.SB1_0405_HEX)[:38]
    frame = parse_frame(data)
    assert not frame.length_ok
    assert [item.id for item in frame.fields] == ["a1", "a2", "a3"]
