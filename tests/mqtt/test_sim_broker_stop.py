"""Stopping the simulator's broker never waits for a connection nobody stops.

amqtt stops its sessions, then waits until every connection of its listening server is closed.
A connection that is no session then (before its TLS handshake or its CONNECT, or a client
that reconnects at once while the sessions are stopped, as the integration does on the tests'
manual clock) held a test's teardown until the suite's time-out.
"""

from __future__ import annotations

import asyncio
import contextlib

import aiomqtt
import pytest

from solixsim.mqtt.broker import SimBroker
from tests.mqtt.simbroker import MqttLoopback, served_mqtt

pytestmark = pytest.mark.usefixtures("socket_enabled")

STOP_GUARD_S = 30.0
"""Real seconds after which a stop counts as hanging (the TLS handshake time-out is 60 s)."""


def broker_of(live: MqttLoopback) -> SimBroker:
    """The running broker of the served simulator."""
    broker = live.sim.mqtt.broker
    assert broker is not None
    assert broker.running
    return broker


async def closed_by_peer(reader: asyncio.StreamReader) -> bool:
    """Whether the other side closed the connection (end of stream or reset)."""
    try:
        return await reader.read(1) == b""
    except ConnectionError:
        return True


async def test_stop_closes_a_connection_without_handshake() -> None:
    """A TCP connection that never starts TLS is closed by the stop, not waited for."""
    async with served_mqtt("sb2_plus_plugs") as live:
        broker = broker_of(live)
        reader, writer = await asyncio.open_connection(*live.host_port())
        try:
            async with asyncio.timeout(STOP_GUARD_S):
                await broker.stop()
                assert await closed_by_peer(reader)
        finally:
            writer.close()
        assert not broker.running
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection(*live.host_port())


async def test_stop_with_a_client_that_reconnects_at_once() -> None:
    """A client reconnecting without pause during the stop neither holds it nor gets in."""
    async with served_mqtt("sb2_plus_plugs") as live:
        broker = broker_of(live)
        connections = 0
        connected = asyncio.Event()

        async def reconnect_at_once() -> None:
            nonlocal connections
            while True:
                with contextlib.suppress(aiomqtt.MqttError):
                    async with live.client() as client:
                        connections += 1
                        connected.set()
                        async for _ in client.messages:
                            pass
                await asyncio.sleep(0)

        task = asyncio.get_running_loop().create_task(reconnect_at_once())
        try:
            await asyncio.wait_for(connected.wait(), STOP_GUARD_S)
            assert broker.connected_accounts()
            async with asyncio.timeout(STOP_GUARD_S):
                await broker.stop()
            after_stop = connections
            for _ in range(20):  # the client keeps trying; the closed listener refuses it
                await asyncio.sleep(0.01)
            assert connections == after_stop
            assert broker.connected_accounts() == {}
            assert not broker.running
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
