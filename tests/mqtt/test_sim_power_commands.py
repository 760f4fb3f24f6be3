"""The simulated devices' side of restart/shutdown and the payload `encoding_type` (MQTT
protocol §3.4, §6.6; `solixsim.mqtt.controls`): the EV charger's `0105`/`0108` are applied only
with ``encoding_type`` 2 and a 32-hex seed, other commands only without an encoding type; a
restart silences the device for a while, a shutdown until its button; a charge command takes
its effect into the reported state.
"""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi import (
    InboundMessage,
    command_envelope,
    mqtt_command_by_id,
    mqtt_encode_command,
    parse_message,
)
from solixsim.mqtt.controls import APPLIED, INVALID, RESTART_SILENT_S, DeviceControls

EV, ALT = "EVSN0000000000001", "ALTSN000000000001"
T = 1760711009.0


def message(
    pn: str,
    sn: str,
    command: str,
    values: dict[str, int],
    encoding: int | None,
    seed: str | None = None,
) -> InboundMessage:
    """A command as the broker hands it to the device (envelope parsed back)."""
    spec = mqtt_command_by_id(pn, command)
    assert spec is not None
    frame = mqtt_encode_command(spec, values, timestamp=T)
    payload = command_envelope(
        pn,
        sn,
        frame,
        user_id="U",
        certificate_id="C",
        account_id="U",
        timestamp=int(T),
        encoding_type=encoding,
        seed=seed,
    )
    parsed = parse_message(f"cmd/anker_power/{pn}/{sn}/req", payload)
    assert parsed is not None
    return parsed


def handle(
    controls: DeviceControls, pn: str, sn: str, msg: InboundMessage, now: float
) -> str | None:
    assert msg.frame is not None
    return controls.handle(pn, sn, msg.frame, now, ignoring=False, message=msg)


@pytest.mark.parametrize(
    ("encoding", "seed", "reason"),
    [
        (None, None, "encoding_type"),
        (1, None, "encoding_type"),
        (2, "1", "seed"),
        (2, "0123456789ABCDEF0123456789ABCDEF", "seed"),
    ],
)
def test_ev_commands_need_their_encoding_type(
    encoding: int | None, seed: str | None, reason: str
) -> None:
    """Without encoding type 2 (or with a seed that is no 32-hex text) nothing is applied."""
    controls = DeviceControls()
    msg = message("A5191", EV, "charge_start_stop_boost", {"charge_action": 1}, encoding, seed)
    assert handle(controls, "A5191", EV, msg, T) is None
    assert [(r.outcome, r.reason) for r in controls.log] == [(INVALID, reason)]
    assert controls.settings.get(EV, {}) == {}


def test_other_commands_must_not_carry_one() -> None:
    """A setting whose row names no encoding type is refused with one."""
    controls = DeviceControls()
    msg = message("A5191", EV, "cable_lock", {"cable_lock": 1}, 2)
    assert handle(controls, "A5191", EV, msg, T) is None
    assert controls.log[-1].reason == "encoding_type"
    msg = message("A5191", EV, "cable_lock", {"cable_lock": 1}, None)
    assert handle(controls, "A5191", EV, msg, T) == "0100"
    assert controls.settings[EV]["cable_lock"] == 1


@pytest.mark.parametrize(
    ("action", "name", "value"),
    [(1, "ev_state", 2), (2, "ev_state", 3), (4, "boost_on", 1)],
)
def test_charge_commands_take_their_effect(action: int, name: str, value: int) -> None:
    """Start, stop, boost with encoding type 2: applied, the reported state follows."""
    controls = DeviceControls()
    msg = message("A5191", EV, "charge_start_stop_boost", {"charge_action": action}, 2)
    assert handle(controls, "A5191", EV, msg, T) == "0105"
    assert controls.log[-1].outcome == APPLIED
    assert controls.settings[EV][name] == value


def test_restart_silences_for_a_while() -> None:
    """Acknowledged, offline until the restart is over, then back once."""
    controls = DeviceControls()
    msg = message("A5191", EV, "restart_shutdown", {"power_action": 5}, 2)
    assert handle(controls, "A5191", EV, msg, T) == "0108"
    assert controls.power_log == [(EV, T, "restart")]
    assert controls.is_offline(EV, T + RESTART_SILENT_S - 1)
    assert controls.back_online(T + RESTART_SILENT_S - 1) == []
    assert controls.back_online(T + RESTART_SILENT_S) == [EV]
    assert not controls.is_offline(EV, T + RESTART_SILENT_S)
    assert controls.back_online(T + RESTART_SILENT_S + 1) == []


def test_shutdown_lasts_until_the_button() -> None:
    """The alternator charger's shutdown (fd time, no encoding type): offline for good until
    `power_on`; the button of a running device changes nothing."""
    controls = DeviceControls()
    msg = message("AS200", ALT, "restart_shutdown", {"power_action": 1}, None)
    assert handle(controls, "AS200", ALT, msg, T) == "0103"
    assert controls.power_log == [(ALT, T, "shutdown")]
    assert controls.is_offline(ALT, T + 10 * 86400)
    assert controls.back_online(T + 10 * 86400) == []
    assert controls.power_on(ALT)
    assert not controls.is_offline(ALT, T)
    assert not controls.power_on(ALT)
    assert not controls.power_on(EV)
