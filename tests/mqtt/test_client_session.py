"""MqttSession end to end: our client over mutual TLS to the simulator's broker on loopback.

The simulator runs on a manual clock; the session takes "now" from it. Back-off waits go through
a recording sleep (each waits a few real milliseconds), so reconnect attempts can be counted
without any timing assertion.
"""

from __future__ import annotations

import asyncio
import logging
import os
import ssl
import stat
from collections.abc import AsyncIterator, Callable
from functools import partial
from pathlib import Path
from typing import Any

import aiomqtt
import pytest

from custom_components.anker_solix.solixapi import (
    DecodedMessage,
    MqttBackoff,
    MqttDevice,
    MqttSession,
    SolixNotAllowedError,
    SolixValidationError,
)
from tests.mqtt.simbroker import MqttLoopback, served_mqtt

SCENARIO = "sb2_plus_plugs"
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


class BlockingSleep:
    """Records the waits the session asks for and never returns (until cancelled)."""

    def __init__(self) -> None:
        """No waits yet."""
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        """Record, then wait for good."""
        self.delays.append(seconds)
        await asyncio.Event().wait()


class RecordingSleep:
    """Records every back-off the session asks for; waits only a few real milliseconds."""

    def __init__(self) -> None:
        """No waits yet."""
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        """Record, then yield briefly."""
        self.delays.append(seconds)
        await asyncio.sleep(0.01)


@pytest.fixture
async def live(socket_enabled: None) -> AsyncIterator[MqttLoopback]:
    """The simulator with its broker for SCENARIO."""
    async with served_mqtt(SCENARIO) as loopback:
        yield loopback


def devices_of(live: MqttLoopback) -> list[MqttDevice]:
    """Every owned, mapped device the simulator publishes for."""
    return [MqttDevice(sn, pub.pn) for sn, pub in sorted(live.sim.mqtt.publishers.items())]


def make_session(live: MqttLoopback, tmp_path: Path, **kwargs: Any) -> MqttSession:
    """A session on the simulator's clock, temp files in `tmp_path`, a short idle wait."""
    kwargs.setdefault("sleep", RecordingSleep())
    kwargs.setdefault("backoff", MqttBackoff(rand=lambda: 0.0))
    return MqttSession(
        live.poller.api,
        client_id_suffix="t3st1",
        clock=live.sim.clock.now,
        temp_dir=str(tmp_path),
        idle_wait=0.05,
        **kwargs,
    )


def commands_received(live: MqttLoopback, sn: str) -> int:
    """Commands the simulator's broker delivered for `sn`."""
    return int(live.sim.mqtt.stats.commands.get(sn, {}).get("messages", 0))


async def test_connects_subscribes_decodes_and_counts(
    live: MqttLoopback,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Credentials over HTTP, TLS with 0600 temp files removed at once, one status request per
    device on connect, decoded values in the store, every message counted, no secret in logs.
    """
    caplog.set_level(logging.DEBUG)
    modes: list[int] = []
    original = ssl.SSLContext.load_cert_chain

    def spy(self: ssl.SSLContext, certfile: str, keyfile: str | None = None, **kw: Any) -> None:
        modes.extend(stat.S_IMODE(os.stat(p).st_mode) for p in (certfile, keyfile) if p)
        original(self, certfile, keyfile, **kw)

    monkeypatch.setattr(ssl.SSLContext, "load_cert_chain", spy)
    messages: list[DecodedMessage] = []
    states: list[bool] = []
    devices = devices_of(live)
    assert devices
    holder: list[MqttSession] = []
    session = make_session(
        live,
        tmp_path,
        on_message=lambda msg, _at: messages.append(msg),
        on_state_change=lambda: states.append(holder[0].connected),
    )
    holder.append(session)
    session.set_devices(devices)
    await session.start()
    assert session.running
    try:
        await until(lambda: session.connected, "connected")
        await until(
            lambda: all(session.store.last_message(d.sn) for d in devices), "a message per device"
        )
        assert modes == [0o600, 0o600]
        assert list(tmp_path.iterdir()) == []
        assert session.refused == set()
        for device in devices:
            assert commands_received(live, device.sn) == 1  # the status request on connect
            assert session.store.values(device.sn)
        assert {msg.sn for msg in messages} >= {d.sn for d in devices}
        stats = session.stats.as_dict()
        published = live.sim.mqtt.stats.devices
        # Every message the devices published reached us and was counted, with its bytes.
        await until(
            lambda: session.stats.messages == sum(v["messages"] for v in published.values()),
            "all published messages counted",
        )
        for device in devices:
            got = session.stats.received.devices[device.sn]
            assert got.messages == published[device.sn]["messages"]
            assert got.bytes == published[device.sn]["bytes"]
        assert stats["sent"]["total"]["messages"] == len(devices)
        assert session.stats.connect_attempts == 1
        assert states[:1] == [True]
        # The credential request went through our HTTP session (counted like any request).
        assert "app/devicemanage/get_user_mqtt_info" in live.poller.api.session.stats.endpoints
    finally:
        await session.stop()
    assert (session.as_dict()["running"], session.as_dict()["connected"]) == (False, False)
    assert states[-1] is False
    assert list(tmp_path.iterdir()) == []
    creds = live.credentials()
    secrets = [
        creds["user_id"],
        creds["thing_name"],
        creds["private_key"].splitlines()[1],
        creds["certificate_pem"].splitlines()[1],
        *(d.sn for d in devices),
    ]
    assert caplog.records
    for record in caplog.records:
        text = record.getMessage() + str(record.exc_text or "")
        for secret in secrets:
            assert secret not in text, (record.name, text)


async def test_refused_subscription_marks_device_and_is_not_retried_in_a_loop(
    live: MqttLoopback,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SUBACK 0x80 → device in `refused`, logged once, no values; reconnects do not retry it;
    a changed device set retries it once; the other devices keep working.
    """
    subscribed: list[str] = []
    original = aiomqtt.Client.subscribe

    async def spy(self: aiomqtt.Client, topic: Any, *args: Any, **kwargs: Any) -> Any:
        subscribed.extend(t for t, _qos in topic)
        return await original(self, topic, *args, **kwargs)

    monkeypatch.setattr(aiomqtt.Client, "subscribe", spy)
    devices = devices_of(live)
    assert len(devices) >= 2
    refused, *others = devices
    live.sim.mqtt.add_fault("refuse", sn=refused.sn)
    states: list[bool] = []
    session = make_session(live, tmp_path, on_state_change=lambda: states.append(True))
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: session.refused == {refused.sn}, "refusal noticed")
        await until(lambda: all(session.store.values(d.sn) for d in others), "others get data")
        assert session.store.values(refused.sn) == {}
        assert commands_received(live, refused.sn) == 0
        with pytest.raises(SolixNotAllowedError) as err:
            await session.request_status(refused.sn)
        assert err.value.reason == "mqtt_device_refused"
        refused_topic = f"dt/anker_power/{refused.pn}/{refused.sn}/#"
        assert subscribed.count(refused_topic) == 1
        # Three broker-side disconnects: every reconnect re-subscribes the others only.

        def reconnected(count: int) -> bool:
            return session.stats.connections == count

        def others_subscribed(count: int) -> bool:
            return sum(t != refused_topic for t in subscribed) == count * len(others)

        for attempt in range(2, 5):
            await live.sim.mqtt.disconnect_clients()
            await until(partial(reconnected, attempt), "reconnected")
            await until(partial(others_subscribed, attempt), "others re-subscribed")
        assert subscribed.count(refused_topic) == 1
        assert session.refused == {refused.sn}
        warnings = [r for r in caplog.records if "refused" in r.getMessage()]
        assert len(warnings) == 1
        assert refused.sn not in warnings[0].getMessage()
        # A changed device set retries the refused device once (still refused: no new log).
        session.set_devices([*others, refused, MqttDevice("X" * 16, refused.pn)])
        await until(lambda: subscribed.count(refused_topic) == 2, "retried after set change")
        await until(lambda: "X" * 16 in session.refused, "unknown device refused too")
        assert session.refused == {refused.sn, "X" * 16}
        assert len([r for r in caplog.records if "refused for" in r.getMessage()]) == 2
        # The broker allows it again: a retry happens only after the long interval.
        live.sim.mqtt.clear_faults()
        live.sim.clock.advance(3600)
        await asyncio.sleep(0.3)
        assert subscribed.count(refused_topic) == 2
        live.sim.clock.advance(5 * 3600 + 1)
        await until(lambda: refused.sn not in session.refused, "retried after 6 h")
        await until(lambda: bool(session.store.values(refused.sn)), "data after the retry")
    finally:
        await session.stop()


async def test_broker_outage_backs_off_and_recovers(live: MqttLoopback, tmp_path: Path) -> None:
    """Broker down: attempts wait 5, 10, 20, … s (no storm), HTTP polling goes on; broker up:
    reconnect, re-subscribe, status requests again.
    """
    sleep = RecordingSleep()
    session = make_session(live, tmp_path, sleep=sleep)
    devices = devices_of(live)
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: session.connected, "connected")
        await until(lambda: commands_received(live, devices[0].sn) == 1, "status request")
        await live.sim.mqtt.set_broker_up(False)
        await until(lambda: not session.connected, "noticed the outage")
        await until(lambda: len(sleep.delays) >= 5, "several attempts")
        await live.poller.update_sites()  # HTTP is not held up by the MQTT outage
        assert live.poller.snapshot()["sites"]
        delays = list(sleep.delays)
        assert delays[:5] == [5.0, 10.0, 20.0, 40.0, 80.0]
        # Every wait is followed by exactly one attempt: attempts = 1 (first) + waits (±1 running).
        assert session.stats.connect_attempts - 1 in (len(sleep.delays), len(sleep.delays) - 1)
        assert session.last_error is not None
        live.sim.clock.advance(30)  # the outage took a while
        await live.sim.mqtt.set_broker_up(True)
        await until(lambda: session.connected, "reconnected")
        await until(lambda: commands_received(live, devices[0].sn) == 2, "status on reconnect")
        await until(lambda: len(session._subscribed) == len(devices), "re-subscribed")
        # The back-off went on growing up to the cap and was not reset by the short outage.
        assert max(sleep.delays) <= 600.0
        assert sleep.delays == sorted(sleep.delays)
    finally:
        await session.stop()


async def test_status_requests_follow_the_cadence(live: MqttLoopback, tmp_path: Path) -> None:
    """One status request per device on connect, then one per interval of the sim clock; the
    cadence changes at runtime; 0 turns them off.
    """
    session = make_session(live, tmp_path)
    devices = devices_of(live)
    sn = devices[0].sn
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: commands_received(live, sn) == 1, "status request on connect")
        live.sim.clock.advance(30)
        await asyncio.sleep(0.3)
        assert commands_received(live, sn) == 1
        live.sim.clock.advance(30)
        await until(lambda: commands_received(live, sn) == 2, "status request after 60 s")
        session.set_status_interval(120)
        live.sim.clock.advance(60)
        await asyncio.sleep(0.3)
        assert commands_received(live, sn) == 2
        live.sim.clock.advance(60)
        await until(lambda: commands_received(live, sn) == 3, "status request after 120 s")
        session.set_status_interval(0)
        live.sim.clock.advance(600)
        await asyncio.sleep(0.3)
        assert commands_received(live, sn) == 3
        with pytest.raises(SolixValidationError):
            session.set_status_interval(1)
        assert all(commands_received(live, d.sn) == 3 for d in devices)
    finally:
        await session.stop()


async def test_realtime_trigger_on_demand_only(live: MqttLoopback, tmp_path: Path) -> None:
    """1–600 s or refused; only owned devices; one command per device per second; the window
    ends by itself and is never renewed by the session.
    """
    sleep = RecordingSleep()
    session = make_session(live, tmp_path, sleep=sleep, status_interval=0)
    owned, member, *_ = devices_of(live)
    session.set_devices([owned, MqttDevice(member.sn, member.pn, owned=False)])
    with pytest.raises(SolixNotAllowedError) as not_connected:
        await session.start_realtime(owned.sn, 60)
    assert not_connected.value.reason == "mqtt_not_connected"
    await session.start()
    try:
        await until(lambda: session.connected and len(session._subscribed) == 2, "subscribed")
        for bad in (0, 601, -1):
            with pytest.raises(SolixValidationError) as err:
                await session.start_realtime(owned.sn, bad)
            assert err.value.reason == "mqtt_realtime_duration"
        with pytest.raises(SolixNotAllowedError) as not_owned:
            await session.start_realtime(member.sn, 60)
        assert not_owned.value.reason == "mqtt_device_not_owned"
        with pytest.raises(SolixNotAllowedError) as unknown:
            await session.start_realtime("NOSUCHDEVICE0000", 60)
        assert unknown.value.reason == "mqtt_device_unknown"
        assert commands_received(live, owned.sn) == 0
        assert commands_received(live, member.sn) == 0
        start = live.sim.clock.now()
        end = await session.start_realtime(owned.sn, 30)
        assert end == start + 30
        assert session.realtime_until(owned.sn) == end
        await until(lambda: commands_received(live, owned.sn) == 1, "trigger delivered")
        # A second command within the same (sim) second waits out the gap first.
        await session.request_status(owned.sn)
        assert sleep.delays == [1.0]
        before = session.stats.messages
        for _ in range(12):
            live.sim.clock.advance(3)
            await asyncio.sleep(0.05)
        await until(lambda: session.stats.messages > before + 5, "real-time messages")
        assert session.realtime_until(owned.sn) is None
        count = session.stats.messages
        live.sim.clock.advance(120)
        await asyncio.sleep(0.3)
        assert commands_received(live, owned.sn) == 2  # trigger + status: never renewed
        assert session.stats.messages - count <= 2
    finally:
        await session.stop()


async def test_start_without_broker_never_raises(socket_enabled: None, tmp_path: Path) -> None:
    """A cloud that offers no broker: start returns, the session marks itself unavailable and
    asks again only after hours; nothing raises into the caller.
    """
    async with served_mqtt(SCENARIO) as loopback:
        await loopback.sim.mqtt.stop()
        loopback.sim.mqtt.broker = None
        sleep = BlockingSleep()
        session = make_session(loopback, tmp_path, sleep=sleep)
        session.set_devices(devices_of(loopback))
        await session.start()
        try:
            await until(lambda: session.unavailable, "unavailable")
            await until(lambda: bool(sleep.delays), "waiting")
            assert sleep.delays == [6 * 3600.0]
            assert not session.connected
            assert session.stats.connect_attempts == 0
            asked = loopback.poller.api.session.stats.endpoints
            assert asked["app/devicemanage/get_user_mqtt_info"].requests == 1
        finally:
            await session.stop()
        assert list(tmp_path.iterdir()) == []


async def test_silent_device_goes_standby_and_falls_back_to_cloud(
    live: MqttLoopback, tmp_path: Path
) -> None:
    """A device that stops publishing is marked standby after its allowance; its last values
    stay (marked), the overlay shows the cloud value again; a new message wakes it.
    """
    states: list[bool] = []
    session = make_session(live, tmp_path, on_state_change=lambda: states.append(True))
    devices = devices_of(live)
    bank = next(d for d in devices if d.pn.startswith("A17C"))
    session.set_devices(devices)
    await session.start()
    try:
        await until(lambda: session.overlay.live_value(bank.sn, "input_power") is not None, "pv")
        live_pv = session.overlay.live_value(bank.sn, "input_power")
        assert live_pv is not None
        now = live.sim.clock.now()
        shown = session.overlay.freshest(bank.sn, "input_power", "123", now - 200, now)
        assert (shown.source, shown.value) == ("mqtt", live_pv.value)
        live.sim.mqtt.add_fault("silent", sn=bank.sn)
        notified = len(states)
        live.sim.clock.advance(session.max_age(bank.sn) + 1)
        await until(lambda: session.store.is_standby(bank.sn), "standby")
        assert len(states) > notified
        assert session.store.get(bank.sn, "pv_w") is not None  # last state kept
        now = live.sim.clock.now()
        fallback = session.overlay.freshest(bank.sn, "input_power", "123", now - 200, now)
        assert (fallback.source, fallback.value) == ("cloud", "123")
        kept = session.overlay.freshest(bank.sn, "input_power", None, None, now)
        assert (kept.source, kept.standby) == ("mqtt", True)
        live.sim.mqtt.clear_faults()
        await session.request_status(bank.sn)
        await until(lambda: not session.store.is_standby(bank.sn), "awake again")
    finally:
        await session.stop()
