"""Commands whose table row names a payload `encoding_type` (MQTT protocol §3.2–3.4, §6.6):
the EV charger's charge start/stop/boost (`0105`) and restart (`0108`) go out with
``"encoding_type": 2`` after ``data`` and a random 32-hex ``seed`` in the head; every other
command keeps ``seed`` 1 and no such field. The frames follow §6.1 (derived from §6.8's
examples by changing the message type, field and value bytes, checksum recomputed by hand).
"""

from __future__ import annotations

import base64
import json

import pytest

from custom_components.anker_solix.solixapi import (
    mqtt_command_by_id,
    mqtt_command_seed,
    mqtt_commands_for,
    mqtt_encode_command,
    mqtt_is_command_seed,
    mqtt_power_commands,
)
from custom_components.anker_solix.solixapi.mqtt import command_envelope, parse_message
from tests.mqtt import codec_examples as ex
from tests.mqtt.codec_examples import frame_bytes

T = ex.COMMAND_TIME
EV_START_HEX = "ff 09 18 00 03 00 0f 01 05 a1 01 22 a2 02 01 01 fe 05 03 61 51 f2 68 96"
"""`0105` `a2` = 1 (start_charge): §6.8's `0100` status request with type 05 and `a2 02 01 01`."""
EV_RESTART_HEX = "ff 09 18 00 03 00 0f 01 08 a1 01 22 a2 02 01 05 fe 05 03 61 51 f2 68 9f"
"""`0108` `a2` = 5 (restart)."""
AS200_SHUTDOWN_HEX = (
    "ff 09 21 00 03 00 0f 01 03 a1 01 22 b8 02 01 01 "
    "fd 0e 00 31 37 36 30 37 31 31 30 30 39 35 30 30 29"
)
"""Alternator charger `0103` `b8` = 1 (shutdown), fd time: §6.8's C1000 Gen 2 `0101` example with
type 03 and field b8."""


def _envelope(pn: str, frame: bytes, encoding: int | None, seed: str | None = None) -> bytes:
    return command_envelope(
        pn,
        "<sn>",
        frame,
        user_id="<user_id>",
        certificate_id="<certificate_id>",
        account_id="<user_id>",
        timestamp=T,
        encoding_type=encoding,
        seed=seed,
    )


def test_the_documents_command_envelope_is_unchanged() -> None:
    """§3.5: the real-time trigger without encoding type, byte for byte as the document shows."""
    frame = frame_bytes(ex.RT_TRIGGER_300_HEX)
    expected = (
        '{"head":{"version":"1.0.0.1","client_id":"android-anker_power-<user_id>-<certificate_id>",'
        '"sess_id":"1234-5678","msg_seq":1,"seed":1,"timestamp":1760711009,"cmd_status":2,'
        '"cmd":17,"sign_code":1,"device_pn":"A17C1","device_sn":"<sn>"},'
        '"payload":"{\\"device_sn\\":\\"<sn>\\",\\"account_id\\":\\"<user_id>\\",'
        '\\"data\\":\\"/wkfAAMADwBXoQEiogIBAaMFAywBAAD+BQNhUfJoSg==\\"}"}'
    )
    assert _envelope("A17C1", frame, None).decode() == expected


@pytest.mark.parametrize(
    ("command", "values", "expected"),
    [
        ("charge_start_stop_boost", {"charge_action": 1}, EV_START_HEX),
        ("restart_shutdown", {"power_action": 5}, EV_RESTART_HEX),
    ],
)
def test_ev_charger_commands_carry_encoding_type_2(
    command: str, values: dict[str, int], expected: str
) -> None:
    """§3.4/§6.6: frame as §6.1 composes it, payload ``encoding_type`` 2 after ``data``, a
    32-hex seed in the head; the envelope reads back with the same frame and encoding type."""
    spec = mqtt_command_by_id("A5191", command)
    assert spec is not None
    assert spec.payload_encoding == 2
    frame = mqtt_encode_command(spec, values, timestamp=T)
    assert frame == frame_bytes(expected)
    seed = "0123456789abcdef0123456789abcdef"
    payload = _envelope("A5191", frame, spec.payload_encoding, seed)
    outer = json.loads(payload)
    assert outer["head"]["seed"] == seed
    assert outer["payload"] == (
        '{"device_sn":"<sn>","account_id":"<user_id>","data":"'
        + base64.b64encode(frame).decode()
        + '","encoding_type":2}'
    )
    message = parse_message("cmd/anker_power/A5191/<sn>/req", payload)
    assert message is not None
    assert (message.frame, message.encoding_type) == (frame, 2)


def test_a_fresh_seed_is_random_hex() -> None:
    """Without a given seed each envelope gets a new 32-hex seed (§3.2)."""
    frame = frame_bytes(EV_START_HEX)
    seeds = {json.loads(_envelope("A5191", frame, 2))["head"]["seed"] for _ in range(3)}
    assert len(seeds) == 3
    assert all(mqtt_is_command_seed(seed) for seed in seeds)
    assert mqtt_is_command_seed(mqtt_command_seed())
    assert not mqtt_is_command_seed(1)
    assert not mqtt_is_command_seed("0123")
    assert not mqtt_is_command_seed("G" * 32)


def test_only_the_tables_ev_rows_name_an_encoding_type() -> None:
    """Data-driven: exactly the two rows of §6.7's A5191 note; others send none."""
    named = {
        (pn, spec.id): spec.payload_encoding
        for pn in ("A5191", "AS200", "A1761", "A17C5", "A2345")
        for spec in mqtt_commands_for(pn)
        if spec.payload_encoding is not None
    }
    assert named == {("A5191", "charge_start_stop_boost"): 2, ("A5191", "restart_shutdown"): 2}
    message = parse_message("cmd/anker_power/A1761/<sn>/req", _envelope("A1761", b"\xff", None))
    assert message is not None
    assert message.encoding_type is None


def test_power_commands_of_the_tables() -> None:
    """Restart only on the EV charger, shutdown only on the alternator charger (§6.7); the
    shutdown frame is §6.1's fd form."""
    assert set(mqtt_power_commands("A5191")) == {"restart"}
    assert set(mqtt_power_commands("AS200")) == {"shutdown"}
    for pn in ("A1761", "A17C5", "A2345", "A17X8"):
        assert mqtt_power_commands(pn) == {}, pn
    spec, param = mqtt_power_commands("AS200")["shutdown"]
    assert spec.payload_encoding is None
    frame = mqtt_encode_command(spec, {param.name: 1}, timestamp=T + 0.5)
    assert frame == frame_bytes(AS200_SHUTDOWN_HEX)
