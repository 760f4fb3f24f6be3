"""MqttSession on the simulator's broker, in situations the cloud or the user cause: devices
leaving the account while connected, a listener of ours failing, the broker going away while
a command waits for its slot, MQTT offered only later.

Real TLS connections to the simulator's broker on loopback; waits are bounded conditions,
never timings.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import aiomqtt
import pytest

from custom_components.anker_solix.solixapi import (
    DecodedMessage,
    MqttDevice,
    SolixNotAllowedError,
)
from tests.mqtt.simbroker import MqttLoopback, served_mqtt
from tests.mqtt.test_client_session import (
    SCENARIO,
    commands_received,
    devices_of,
    make_session,
    until,
)

CREDENTIALS = "app/devicemanage/get_user_mqtt_info"


@pytest.fixture
async def live(socket_enabled: None) -> Any:
    """The simulator with its broker for SCENARIO."""
    async with served_mqtt(SCENARIO) as loopback:
        yield loopback


async def test_devices_leaving_the_account_are_unsubscribed_and_forgotten(
    live: MqttLoopback,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A device that leaves the set while connected: its topic is unsubscribed, its values
    and its refusal are forgotten; the same set again changes nothing; when the refused
    device comes back it is tried again at once (and its refusal logged again)."""
    unsubscribed: list[str] = []
    original = aiomqtt.Client.unsubscribe

    async def spy(self: aiomqtt.Client, topic: Any, *args: Any, **kwargs: Any) -> Any:
        unsubscribed.append(str(topic))
        return await original(self, topic, *args, **kwargs)

    monkeypatch.setattr(aiomqtt.Client, "unsubscribe", spy)
    devices = devices_of(live)
    assert len(devices) >= 3
    refused, leaving, *staying = devices
    live.sim.mqtt.add_fault("refuse", sn=refused.sn)
    session = make_session(live, tmp_path)
    session.set_devices(devices)
    await session.start()
    await session.start()  # a second start while running changes nothing
    try:
        await until(lambda: session.refused == {refused.sn}, "refusal noticed")
        await until(lambda: bool(session.store.values(leaving.sn)), "data of the leaving device")
        assert session.stats.connect_attempts == 1
        session.set_devices(list(devices))  # the same set: no retry, nothing dropped
        assert session.refused == {refused.sn}

        session.set_devices(staying)
        await until(lambda: bool(unsubscribed), "unsubscribed")
        assert unsubscribed == [f"dt/anker_power/{leaving.pn}/{leaving.sn}/#"]
        assert session.refused == set()
        assert session.store.values(leaving.sn) == {}
        assert leaving.sn not in session.as_dict()["devices"]
        with pytest.raises(SolixNotAllowedError):
            await session.request_status(leaving.sn)

        warnings = len([r for r in caplog.records if "refused for" in r.getMessage()])
        session.set_devices([*staying, refused])
        await until(lambda: session.refused == {refused.sn}, "refused again")
        assert len([r for r in caplog.records if "refused for" in r.getMessage()]) == (
            warnings + 1
        ), "a device that came back is a new episode"
        assert all(session.store.values(d.sn) for d in staying)
    finally:
        await session.stop()


async def test_a_failing_listener_does_not_end_the_session(
    live: MqttLoopback, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Our own message and state listeners raising (a bug of the caller) are logged; the
    connection stays, values keep arriving and the session still stops cleanly."""
    calls = {"message": 0, "state": 0}

    def on_message(_message: DecodedMessage, _at: float) -> None:
        calls["message"] += 1
        raise RuntimeError("listener bug")

    def on_state_change() -> None:
        calls["state"] += 1
        raise RuntimeError("listener bug")

    session = make_session(live, tmp_path, on_message=on_message, on_state_change=on_state_change)
    devices = devices_of(live)
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: session.connected, "connected")
        await until(lambda: all(session.store.values(d.sn) for d in devices), "values stored")
        received = session.stats.messages
        await session.request_status(devices[0].sn)
        await until(lambda: session.stats.messages > received, "more messages")
        assert session.connected
        assert session.stats.connections == 1
        assert calls["message"] >= len(devices)
        assert calls["state"] >= 1
    finally:
        await session.stop()
    failed = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert {r.getMessage() for r in failed} == {
        "MQTT message listener failed",
        "MQTT state listener failed",
    }
    assert all(r.exc_info for r in failed)


class GatedSleep:
    """Records every wait: the first command's wait (≤ 1 s) has the broker drop the
    connection; a back-off waits until the test opens it."""

    def __init__(self, session_holder: list[Any], live: MqttLoopback) -> None:
        """No waits yet."""
        self.delays: list[float] = []
        self.opened = asyncio.Event()
        self._holder = session_holder
        self._live = live

    async def __call__(self, seconds: float) -> None:
        """Record; the first command's wait drops the broker connection meanwhile."""
        self.delays.append(seconds)
        if seconds <= 1.0 and len(self.delays) == 1:
            await self._live.sim.mqtt.disconnect_clients()
            await until(lambda: not self._holder[0].connected, "connection lost")
            return
        await self.opened.wait()


async def test_a_command_waiting_for_its_slot_is_refused_when_the_broker_goes_away(
    live: MqttLoopback, tmp_path: Path
) -> None:
    """A command right after the status request on connect waits for the device's slot (one
    command per second); the broker drops the connection meanwhile, so it is refused (not
    connected) and never delivered; the session reconnects on its back-off and sends again."""
    holder: list[Any] = []
    sleep = GatedSleep(holder, live)
    session = make_session(live, tmp_path, sleep=sleep)
    holder.append(session)
    devices = devices_of(live)
    sn = devices[0].sn
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: commands_received(live, sn) == 1, "status request on connect")
        # the clock stands still: a second command to the device must wait for its slot
        with pytest.raises(SolixNotAllowedError) as err:
            await session.request_status(sn)
        assert err.value.reason == "mqtt_not_connected"
        assert sleep.delays[0] <= 1.0
        assert commands_received(live, sn) == 1
        live.sim.clock.advance(2)
        sleep.opened.set()  # the back-off ends: reconnect
        await until(lambda: session.connected, "reconnected")
        await until(lambda: commands_received(live, sn) == 2, "status request on reconnect")
    finally:
        await session.stop()


async def test_mqtt_offered_later_is_used_after_the_long_wait(
    socket_enabled: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """No broker named: unavailable, one info line, one credential request; after the 6 h
    wait the credentials are asked again, and now that a broker is named the session
    connects and is no longer unavailable."""
    caplog.set_level(logging.INFO)
    async with served_mqtt(SCENARIO) as loopback:
        await loopback.sim.mqtt.stop()
        broker = loopback.sim.mqtt.broker
        loopback.sim.mqtt.broker = None
        gate = asyncio.Event()
        delays: list[float] = []

        async def sleep(seconds: float) -> None:
            delays.append(seconds)
            await gate.wait()
            gate.clear()

        session = make_session(loopback, tmp_path, sleep=sleep)
        session.set_devices([MqttDevice(d.sn, d.pn) for d in devices_of(loopback)])
        await session.start()
        try:
            await until(lambda: session.unavailable and bool(delays), "unavailable, waiting")
            asked = loopback.poller.api.session.stats.endpoints
            assert asked[CREDENTIALS].requests == 1
            assert delays == [6 * 3600.0]
            loopback.sim.mqtt.broker = broker
            await loopback.sim.mqtt.start()
            gate.set()
            await until(lambda: session.connected, "connected after the wait")
            assert not session.unavailable
            assert asked[CREDENTIALS].requests == 2
            notes = [r for r in caplog.records if "MQTT not available" in r.getMessage()]
            assert len(notes) == 1
        finally:
            await session.stop()
