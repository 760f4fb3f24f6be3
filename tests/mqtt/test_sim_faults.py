"""Switchable MQTT faults of the simulator and its MQTT accounting (admin API included)."""

from __future__ import annotations

import aiohttp
import aiomqtt
import pytest

from custom_components.anker_solix.solixapi import (
    MqttFrameError,
    decode_frame_for,
    parse_frame,
    parse_message,
    status_request_frame,
)
from tests.mqtt.simbroker import MqttLoopback, data_filter, next_message, served_mqtt
from tests.mqtt.test_sim_devices import PLUG_SN, PLUS_SN, command

pytestmark = pytest.mark.usefixtures("socket_enabled")

SCENARIO = "sb2_plus_plugs"


def frame_of(message: aiomqtt.Message) -> bytes:
    """The frame bytes of a device message."""
    inbound = parse_message(str(message.topic), bytes(message.payload))
    assert inbound is not None
    assert inbound.frame is not None
    return inbound.frame


async def spoiled_frame(live: MqttLoopback, kind: str) -> bytes:
    """The Solarbank's status answer with a frame fault armed for one message."""
    async with live.client() as client:
        await client.subscribe(data_filter("A17C3", PLUS_SN))
        live.sim.mqtt.add_fault(kind, sn=PLUS_SN, count=1)
        await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
        spoiled = frame_of(await next_message(client))
        await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
        healthy = parse_frame(frame_of(await next_message(client)))
    assert healthy.checksum_ok
    assert healthy.length_ok
    assert healthy.msg_type == "0405"
    return spoiled


async def test_corrupt_frame_has_no_frame_marker() -> None:
    async with served_mqtt(SCENARIO) as live:
        frame = await spoiled_frame(live, "corrupt")
    with pytest.raises(MqttFrameError):
        parse_frame(frame)


async def test_truncated_frame_reports_its_length() -> None:
    async with served_mqtt(SCENARIO) as live:
        frame = await spoiled_frame(live, "truncate")
    assert not parse_frame(frame).length_ok


async def test_bad_checksum_is_flagged() -> None:
    async with served_mqtt(SCENARIO) as live:
        frame = await spoiled_frame(live, "bad_checksum")
    parsed = parse_frame(frame)
    assert parsed.length_ok
    assert not parsed.checksum_ok


async def test_unknown_message_type_decodes_raw_only() -> None:
    async with served_mqtt(SCENARIO) as live:
        frame = await spoiled_frame(live, "unknown_type")
    parsed = parse_frame(frame)
    assert parsed.msg_type == "04ff"
    assert parsed.checksum_ok
    decoded = decode_frame_for("A17C3", PLUS_SN, parsed)
    assert decoded.layout_id is None
    assert decoded.unmapped


async def test_refused_subscription_until_cleared() -> None:
    async with served_mqtt(SCENARIO) as live, live.client() as client:
        live.sim.mqtt.add_fault("refuse", sn=PLUS_SN)
        refused = await client.subscribe(data_filter("A17C3", PLUS_SN))
        other = await client.subscribe(data_filter("A17X8", PLUG_SN))
        live.sim.mqtt.clear_faults()
        again = await client.subscribe(data_filter("A17C3", PLUS_SN))
    assert [code.value for code in refused] == [0x80]  # type: ignore[union-attr]
    assert [code.value for code in other] == [0]  # type: ignore[union-attr]
    assert [code.value for code in again] == [0]  # type: ignore[union-attr]


async def test_silent_device_publishes_nothing() -> None:
    async with served_mqtt(SCENARIO) as live, live.client() as client:
        await client.subscribe(data_filter("A17C3", PLUS_SN))
        await client.subscribe(data_filter("A17X8", PLUG_SN))
        live.sim.mqtt.add_fault("silent", sn=PLUS_SN)
        await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
        live.sim.clock.advance(300)  # its regular 0408 is due as well
        await command(live, client, "A17X8", PLUG_SN, status_request_frame("A17X8"))
        # Commands are handled in order: the plug's answer comes, nothing of the Solarbank.
        message = await next_message(client)
        assert message.topic.matches(data_filter("A17X8", PLUG_SN))
        assert PLUS_SN not in live.sim.recorder.mqtt.devices
        live.sim.mqtt.clear_faults()
        await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
        assert (await next_message(client)).topic.matches(data_filter("A17C3", PLUS_SN))


async def test_disconnect_drops_connected_clients() -> None:
    async with served_mqtt(SCENARIO) as live:
        async with live.client() as client:
            await client.subscribe(data_filter("A17C3", PLUS_SN))
            assert await live.sim.mqtt.disconnect_clients() == 1
            with pytest.raises(aiomqtt.MqttError):
                await next_message(client)
        async with live.client(suffix="00002") as again:
            result = await again.subscribe(data_filter("A17C3", PLUS_SN))
        assert [code.value for code in result] == [0]  # type: ignore[union-attr]


async def test_broker_down_refuses_connections_and_comes_back_on_the_same_port() -> None:
    async with served_mqtt(SCENARIO) as live:
        _host, port = live.host_port()
        async with live.client() as client:
            await client.subscribe(data_filter("A17C3", PLUS_SN))
            await live.sim.mqtt.set_broker_up(False)
            with pytest.raises(aiomqtt.MqttError):
                await next_message(client)
        with pytest.raises(aiomqtt.MqttError):
            async with live.client(suffix="00002"):
                pass
        await live.sim.mqtt.set_broker_up(True)
        assert live.host_port()[1] == port
        async with live.client(suffix="00003") as client:
            result = await client.subscribe(data_filter("A17C3", PLUS_SN))
            await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
            assert parse_frame(frame_of(await next_message(client))).msg_type == "0405"
        assert [code.value for code in result] == [0]  # type: ignore[union-attr]


async def test_stats_count_device_messages_and_commands_per_device_and_topic() -> None:
    async with served_mqtt(SCENARIO) as live, live.client() as client:
        await client.subscribe(data_filter("A17C3", PLUS_SN))
        sizes: dict[str, int] = {}
        for _round in range(2):
            await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
            message = await next_message(client)
            topic = str(message.topic)
            sizes[topic] = sizes.get(topic, 0) + len(bytes(message.payload))
        stats = live.sim.recorder.mqtt.as_dict()
        async with aiohttp.ClientSession() as http:
            admin = await (await http.get(f"{live.url}/_sim/mqtt/stats")).json()
    assert stats["devices"][PLUS_SN]["messages"] == 2
    assert stats["devices"][PLUS_SN]["bytes"] == sum(sizes.values())
    assert {key: value["bytes"] for key, value in stats["topics"].items()} == sizes
    assert stats["commands"][PLUS_SN]["messages"] == 2
    assert stats["command_topics"][f"cmd/anker_power/A17C3/{PLUS_SN}/req"]["messages"] == 2
    assert admin == stats


async def test_admin_api_arms_and_clears_mqtt_faults() -> None:
    async with served_mqtt(SCENARIO) as live, aiohttp.ClientSession() as http:
        url = f"{live.url}/_sim/mqtt/faults"
        armed = await http.post(url, json={"kind": "refuse", "sn": PLUS_SN})
        assert armed.status == 200
        bad = await http.post(url, json={"kind": "explode"})
        assert bad.status == 400
        async with live.client() as client:
            refused = await client.subscribe(data_filter("A17C3", PLUS_SN))
        down = await http.post(url, json={"kind": "down"})
        assert (await down.json()) == {"broker_up": False}
        state = await (await http.get(f"{live.url}/_sim/mqtt")).json()
        assert state["broker_up"] is False
        assert state["faults"] == [{"kind": "refuse", "sn": PLUS_SN, "count": None}]
        cleared = await http.delete(url)
        assert (await cleared.json()) == {"armed": 0}
        async with live.client(suffix="00002") as client:
            granted = await client.subscribe(data_filter("A17C3", PLUS_SN))
    assert [code.value for code in refused] == [0x80]  # type: ignore[union-attr]
    assert [code.value for code in granted] == [0]  # type: ignore[union-attr]
