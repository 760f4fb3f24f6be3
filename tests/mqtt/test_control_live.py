"""Device controls end to end: our client's commands over mutual TLS to the simulator's broker,
its devices applying them and publishing the new state (issue 15).

The simulator runs on a manual clock; the session's waits (the one-second command gap) advance
that clock, so the gap shows in the simulator's command log as clock time, never as a real-time
measurement. The session sends no status requests by itself here (interval 0): every command the
broker counts is one a test asked for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import (
    MqttBackoff,
    MqttDevice,
    MqttNotConfirmedError,
    MqttSession,
    SolixNotAllowedError,
    SolixValidationError,
    command_envelope,
    command_topic,
    mqtt_command_by_id,
    mqtt_encode_command,
    mqtt_send_setting,
    mqtt_send_settings,
)
from solixsim.mqtt.controls import APPLIED, IGNORED, INVALID
from tests.mqtt.simbroker import MqttLoopback, served_mqtt

WAIT_S = 15.0
"""Real seconds a test waits for something that must happen (never asserted as a timing)."""


async def until(check: Callable[[], bool], what: str) -> None:
    """Wait (real time, bounded) until `check()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_S
    while loop.time() < deadline:
        if check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(what)


async def bounded[T](call: Awaitable[T]) -> T:
    """Await a control (the manual clock never ends a wait for confirmation by itself)."""
    return await asyncio.wait_for(call, WAIT_S)


class ClockSleep:
    """The session's sleep: advances the simulator clock by the asked seconds, records them."""

    def __init__(self, live: MqttLoopback) -> None:
        """Sleep on `live`'s manual clock."""
        self.live = live
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        """Record, advance the clock, yield briefly."""
        self.delays.append(seconds)
        self.live.sim.clock.advance(seconds)
        await asyncio.sleep(0.01)


def commands_received(live: MqttLoopback, sn: str) -> int:
    """Commands the simulator's broker delivered for `sn` (status requests and settings)."""
    return int(live.sim.mqtt.stats.commands.get(sn, {}).get("messages", 0))


def pn_of(live: MqttLoopback, sn: str) -> str:
    """The product code of a simulated device."""
    return live.sim.mqtt.publishers[sn].pn


async def started(
    live: MqttLoopback, tmp_path: Path, devices: list[MqttDevice]
) -> tuple[MqttSession, ClockSleep]:
    """A connected session on the simulator's clock, subscribed to `devices`."""
    sleep = ClockSleep(live)
    session = MqttSession(
        live.poller.api,
        client_id_suffix="ctl1",
        clock=live.sim.clock.now,
        sleep=sleep,
        backoff=MqttBackoff(rand=lambda: 0.0),
        temp_dir=str(tmp_path),
        idle_wait=0.05,
        status_interval=0,
    )
    session.set_devices(devices)
    await session.start()
    await until(
        lambda: session.connected and len(session._subscribed) == len(devices), "subscribed"
    )
    return session, sleep


async def fresh_status(session: MqttSession, sn: str, name: str) -> Any:
    """Ask `sn` for a status and return the value `name` it reports."""
    before = session.store.last_message(sn)
    await session.request_status(sn)
    await until(
        lambda: session.store.last_message(sn) != before
        and session.store.get(sn, name) is not None,
        f"status of {name}",
    )
    live = session.store.get(sn, name)
    assert live is not None
    return live.value


@pytest.fixture
async def pps_site(socket_enabled: None) -> Any:
    """Solarbank 2 Pro with a meter and an attached C1000X (A1761)."""
    async with served_mqtt("sb2_pps_attached") as loopback:
        yield loopback


@pytest.fixture
async def sb3(socket_enabled: None) -> Any:
    """Solarbank 3 with expansion batteries and a Shelly meter."""
    async with served_mqtt("sb3_expansions") as loopback:
        yield loopback


@pytest.fixture
async def plugs(socket_enabled: None) -> Any:
    """Solarbank 2 Plus with three smart plugs."""
    async with served_mqtt("sb2_plus_plugs") as loopback:
        yield loopback


async def test_pps_ac_output_and_solarbank_2_soc_limits(
    pps_site: MqttLoopback, tmp_path: Path
) -> None:
    """C1000X AC output off: applied, acknowledged (084a), reported by the next status, shown
    at once; Solarbank 2 Pro SOC limits with the cut-off taken from the live status."""
    live = pps_site
    pps = "AZ1761PPS0K3R7TQ"
    bank = "Q2H7TK5WRN8B3C1P"
    live.sim.mqtt.controls.seed(bank, {"soc_min_pct": 10, "soc_max_pct": 90})
    session, _sleep = await started(
        live, tmp_path, [MqttDevice(pps, "A1761"), MqttDevice(bank, "A17C1")]
    )
    try:
        assert await fresh_status(session, pps, "ac_out_on") == 1
        result = await bounded(mqtt_send_setting(session, pps, "ac_out_on", "off"))
        assert (result.command, result.msg_type, result.values) == (
            "ac_output_on_off",
            "004a",
            {"ac_out_on": 0},
        )
        assert result.confirmed == ("ac_out_on",)
        assert session.store.get(pps, "ac_out_on").value == 0  # type: ignore[union-attr]
        assert not session.store.is_unconfirmed(pps, "ac_out_on")
        await until(lambda: "084a" in session.store.message_types(pps), "acknowledgement")
        assert [r.outcome for r in live.sim.mqtt.controls.log] == [APPLIED]
        live.sim.clock.advance(5)
        assert await fresh_status(session, pps, "ac_out_on") == 0  # the device keeps it

        assert await fresh_status(session, bank, "soc_min_pct") == 10
        result = await bounded(
            mqtt_send_settings(
                session, bank, {"soc_max_pct": 95, "soc_backup_pct": 30, "backup_reserve_on": 1}
            )
        )
        assert result.command == "soc_limits_backup_reserve"
        assert result.values == {
            "discharge_cutoff_pct": 10,
            "soc_max_pct": 95,
            "soc_backup_pct": 30,
            "backup_reserve_on": 1,
        }
        assert result.confirmed == ("soc_max_pct",)
        assert result.unreported == ("soc_backup_pct", "backup_reserve_on")
        assert session.store.get(bank, "soc_max_pct").value == 95  # type: ignore[union-attr]
        assert live.sim.mqtt.controls.settings[bank]["soc_max_pct"] == 95
    finally:
        await session.stop()


async def test_solarbank_3_soc_limits_refusals_and_an_ignored_command(
    sb3: MqttLoopback, tmp_path: Path
) -> None:
    """Refused input sends nothing; the station's SOC limits fill cut-off and backup from the
    live status; a device that ignores commands: the value shows at once, then comes back."""
    live = sb3
    bank = "K3P9S5WQ1ZB6XN7TD"
    meter = "5HWZ2N6Q8E0RYT"
    live.sim.mqtt.controls.seed(bank, {"soc_min_pct": 10, "soc_max_pct": 90, "soc_backup_pct": 20})
    session, _sleep = await started(
        live, tmp_path, [MqttDevice(bank, "A17C5"), MqttDevice(meter, "SHEMP3", owned=False)]
    )
    try:
        assert await fresh_status(session, bank, "soc_backup_pct") == 20
        sent = commands_received(live, bank)
        refusals: list[tuple[str, dict[str, Any], str | None]] = [
            (bank, {"soc_max_pct": 101, "backup_reserve_on": 1}, "mqtt_value_range"),
            (bank, {"soc_max_pct": 95}, "mqtt_value_missing"),  # backup reserve not reported
            (bank, {"ac_socket_on": 3}, "mqtt_value_option"),
            (bank, {"no_such_value": 1}, "mqtt_setting_unknown"),
            (bank, {"usage_mode": 1}, "mqtt_command_not_exposed"),
            (meter, {"rt_on": 1}, "mqtt_device_not_owned"),
        ]
        for sn, settings, reason in refusals:
            with pytest.raises((SolixValidationError, SolixNotAllowedError)) as err:
                await mqtt_send_settings(session, sn, settings)
            assert err.value.reason == reason, settings
        assert commands_received(live, bank) == sent
        assert commands_received(live, meter) == 0
        assert live.sim.mqtt.controls.log == []

        result = await bounded(
            mqtt_send_settings(session, bank, {"soc_max_pct": 95, "backup_reserve_on": 1})
        )
        assert result.values == {
            "discharge_cutoff_pct": 10,
            "soc_max_pct": 95,
            "soc_backup_pct": 20,
            "backup_reserve_on": 1,
        }
        assert result.confirmed == ("soc_max_pct",)
        # the command and the status request that follows it
        await until(lambda: commands_received(live, bank) == sent + 2, "command + status")

        live.sim.mqtt.add_fault("ignore_commands", sn=bank)
        task = asyncio.create_task(
            mqtt_send_settings(
                session, bank, {"soc_max_pct": 85, "backup_reserve_on": 1}, confirm_within=30
            )
        )
        await until(lambda: session.store.is_unconfirmed(bank, "soc_max_pct"), "shown at once")
        assert session.store.get(bank, "soc_max_pct").value == 85  # type: ignore[union-attr]
        await until(lambda: commands_received(live, bank) == sent + 4, "status request sent")
        await asyncio.sleep(0.3)  # the device answers the status request with its old value
        assert not task.done()
        assert session.store.get(bank, "soc_max_pct").value == 85  # type: ignore[union-attr]
        live.sim.mqtt.clock.advance(31)
        with pytest.raises(MqttNotConfirmedError) as unconfirmed:
            await asyncio.wait_for(task, WAIT_S)
        assert unconfirmed.value.reason == "mqtt_not_confirmed"
        assert session.store.get(bank, "soc_max_pct").value == 95  # type: ignore[union-attr]
        assert not session.store.is_unconfirmed(bank, "soc_max_pct")
        assert live.sim.mqtt.controls.log[-1].outcome == IGNORED
        assert live.sim.mqtt.controls.settings[bank]["soc_max_pct"] == 95
    finally:
        await session.stop()


async def test_plug_switch_one_command_per_second_and_foreign_commands(
    plugs: MqttLoopback, tmp_path: Path
) -> None:
    """Smart plug off and on again: each command and status request at least a second of the
    session clock after the previous one to that device; an invalid frame published by hand is
    ignored by the device, a command to a device of another account never reaches one."""
    live = plugs
    plug = next(sn for sn, pub in sorted(live.sim.mqtt.publishers.items()) if pub.pn == "A17X8")
    session, sleep = await started(live, tmp_path, [MqttDevice(plug, "A17X8")])
    try:
        assert await fresh_status(session, plug, "ac_out_on") == 1
        first = await bounded(mqtt_send_setting(session, plug, "ac_out_on", 0))
        second = await bounded(mqtt_send_setting(session, plug, "ac_out_on", True))
        assert (first.confirmed, second.confirmed) == (("ac_out_on",), ("ac_out_on",))
        assert session.store.get(plug, "ac_out_on").value == 1  # type: ignore[union-attr]
        log = live.sim.mqtt.controls.log
        assert [(r.command, r.outcome) for r in log] == [("ac_output_on_off", APPLIED)] * 2
        assert log[1].at - log[0].at >= 2.0  # command, status request, command: a second apart
        assert sleep.delays
        assert all(0 < delay <= 1.0 for delay in sleep.delays)
        await until(lambda: commands_received(live, plug) == 5, "3 status requests, 2 settings")

        other = "FOREIGN000000001"
        spec = mqtt_command_by_id("A17X8", "ac_output_on_off")
        assert spec is not None
        frame = mqtt_encode_command(spec, {"ac_out_on": 7}, timestamp=live.sim.clock.now())
        creds = live.credentials()
        async with live.client(suffix="00009") as raw:
            for target in (plug, other):
                payload = command_envelope(
                    "A17X8",
                    target,
                    frame,
                    user_id=creds["user_id"],
                    certificate_id=creds["certificate_id"],
                    account_id=creds["user_id"],
                    timestamp=int(live.sim.clock.now()),
                )
                await raw.publish(command_topic("A17X8", target), payload)
        await until(lambda: len(live.sim.mqtt.controls.log) == 3, "hand-made command logged")
        assert live.sim.mqtt.controls.log[-1].outcome == INVALID
        await asyncio.sleep(0.3)
        assert commands_received(live, other) == 0
        assert len(live.sim.mqtt.controls.log) == 3
        assert live.sim.mqtt.controls.settings[plug]["ac_out_on"] == 1
    finally:
        await session.stop()
