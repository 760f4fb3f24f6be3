"""Simulated devices publish on the simulator clock what the cloud API serves (§6.2–6.4, §7.10)."""

from __future__ import annotations

import json
from typing import Any

import aiomqtt
import pytest

from custom_components.anker_solix.solixapi import (
    DecodedMessage,
    RawField,
    build_frame,
    command_envelope,
    decode_frame_for,
    parse_frame,
    parse_message,
    realtime_trigger_frame,
    status_request_frame,
)
from tests.conftest import SCENARIOS
from tests.mqtt.simbroker import MqttLoopback, data_filter, next_message, served_mqtt

pytestmark = pytest.mark.usefixtures("socket_enabled")

DOCK = "sb3_multisystem_dock"
PLUS_SN, PLUG_SN = "961JPFEHEZLL1HAC", "6YTH9GZBGSSGTRXH"  # sb2_plus_plugs


def decode(message: aiomqtt.Message) -> DecodedMessage:
    """The decoded frame of a device message."""
    inbound = parse_message(str(message.topic), bytes(message.payload))
    assert inbound is not None
    assert inbound.frame is not None
    return decode_frame_for(inbound.pn, inbound.sn, parse_frame(inbound.frame))


async def command(
    live: MqttLoopback, client: aiomqtt.Client, pn: str, sn: str, frame: bytes
) -> None:
    """Publish a command to a device as our client does."""
    creds = live.credentials()
    payload = command_envelope(
        pn,
        sn,
        frame,
        user_id=creds["user_id"],
        certificate_id=creds["certificate_id"],
        account_id=creds["user_id"],
        timestamp=int(live.sim.clock.now()),
    )
    await client.publish(f"cmd/anker_power/{pn}/{sn}/req", payload)


def _scene_site(name: str) -> str:
    scene = next((SCENARIOS / name).glob("scene_*.json"))
    return scene.stem.removeprefix("scene_")


def _bank(scene: dict[str, Any], sn: str) -> dict[str, Any]:
    banks = scene["solarbank_info"]["solarbank_list"]
    return next(bank for bank in banks if bank["device_sn"] == sn)


async def test_regular_message_carries_the_scene_values_the_api_serves() -> None:
    site_id = _scene_site(DOCK)
    async with served_mqtt(DOCK) as live:
        sn = next(sn for sn, p in live.sim.mqtt.publishers.items() if p.pn == "A17C5")
        await live.poller.api.session.login()
        async with live.client() as client:
            await client.subscribe(data_filter("A17C5", sn))
            live.sim.clock.advance(300)
            seen = {}
            while "0408" not in seen:
                message = await next_message(client)
                decoded = decode(message)
                seen[decoded.msg_type] = (decoded, json.loads(message.payload)["head"])
            scene = await live.poller.api.get_scene_info(site_id)
    decoded, head = seen["0408"]
    bank = _bank(scene, sn)
    assert decoded.checksum_ok
    assert decoded.layout_id is not None
    assert head["client_id"] == sn
    assert head["timestamp"] == int(live.sim.clock.start_ts + 300)
    values = decoded.values
    assert values["soc_pct"] == int(bank["battery_power"])
    assert values["pv_w"] == int(bank["photovoltaic_power"])
    assert values["ac_out_w"] == int(bank["output_power"])
    for channel in ("pv1", "pv2", "pv3", "pv4"):
        assert values[f"{channel}_w"] == int(bank["pv_power"][channel])
    assert values["battery_w"] == int(bank["bat_charge_power"]) - int(bank["bat_discharge_power"])
    assert values["home_load_w"] == int(scene["home_load_power"])
    assert values["serial"] == sn
    # The scene moved between the file (tick 0) and tick 1, so this is not the file's value.
    assert int(bank["photovoltaic_power"]) != int(
        _bank(json.loads(next((SCENARIOS / DOCK).glob("scene_*.json")).read_text())["data"], sn)[
            "photovoltaic_power"
        ]
    )


async def test_solarbank_1_publishes_0408_every_60_seconds() -> None:
    async with served_mqtt("sb1_single") as live, live.client() as client:
        sn = next(iter(live.sim.mqtt.publishers))
        await client.subscribe(data_filter("A17C0", sn))
        for _minute in range(2):
            live.sim.clock.advance(60)
            assert decode(await next_message(client)).msg_type == "0408"
        assert live.sim.recorder.mqtt.devices[sn]["messages"] == 2


async def test_status_request_is_answered_at_once_without_clock_movement() -> None:
    async with served_mqtt("sb2_plus_plugs") as live, live.client() as client:
        await client.subscribe(data_filter("A17C3", PLUS_SN))
        await command(live, client, "A17C3", PLUS_SN, status_request_frame("A17C3"))
        decoded = decode(await next_message(client))
    assert decoded.msg_type == "0405"
    assert decoded.values["serial"] == PLUS_SN
    assert live.sim.recorder.mqtt.commands[PLUS_SN]["messages"] == 1


async def test_realtime_trigger_publishes_every_3_seconds_until_it_ends() -> None:
    async with served_mqtt("sb2_plus_plugs") as live, live.client() as client:
        await client.subscribe(data_filter("A17X8", PLUG_SN))
        await command(live, client, "A17X8", PLUG_SN, realtime_trigger_frame("A17X8", 9))
        reply = decode(await next_message(client))
        assert reply.msg_type == "0857"
        first = decode(await next_message(client))
        assert first.msg_type == "0405"
        for _step in range(3):
            live.sim.clock.advance(3)
            assert decode(await next_message(client)).msg_type == "0405"
        live.sim.clock.advance(3)  # 12 s after the trigger: its 9 s are over
        live.sim.clock.advance(3)
        # A status request as a barrier: its answer is the next message, nothing came before it.
        await command(live, client, "A17X8", PLUG_SN, status_request_frame("A17X8"))
        after = decode(await next_message(client))
        assert after.msg_type == "0405"
        assert live.sim.mqtt.publishers[PLUG_SN].realtime_until is None
        assert live.sim.recorder.mqtt.devices[PLUG_SN]["messages"] == 6


async def test_plug_values_follow_the_scene() -> None:
    site_id = _scene_site("sb2_plus_plugs")
    async with served_mqtt("sb2_plus_plugs") as live, live.client() as client:
        await live.poller.api.session.login()
        await client.subscribe(data_filter("A17X8", PLUG_SN))
        await command(live, client, "A17X8", PLUG_SN, status_request_frame("A17X8"))
        decoded = decode(await next_message(client))
        scene = await live.poller.api.get_scene_info(site_id)
    plug = next(p for p in scene["smart_plug_info"]["smartplug_list"] if p["device_sn"] == PLUG_SN)
    assert decoded.values["load_w"] == pytest.approx(float(plug["current_power"]))


@pytest.mark.parametrize(
    ("scenario", "pn"), [("sb2_ac_usetime_backup", "A17X7"), ("sb3_shelly_dynamic", "SHEMP3")]
)
async def test_meter_values_follow_the_scene(scenario: str, pn: str) -> None:
    site_id = _scene_site(scenario)
    async with served_mqtt(scenario) as live, live.client() as client:
        sn = next(sn for sn, p in live.sim.mqtt.publishers.items() if p.pn == pn)
        await live.poller.api.session.login()
        await client.subscribe(data_filter(pn, sn))
        live.sim.clock.advance(600)
        await command(live, client, pn, sn, status_request_frame(pn))
        decoded = decode(await next_message(client))
        scene = await live.poller.api.get_scene_info(site_id)
    grid = scene["grid_info"]
    assert decoded.values["grid_import_w"] == int(grid["grid_to_home_power"])
    assert decoded.values["feed_in_w"] == int(grid["photovoltaic_to_grid_power"])


async def test_other_commands_get_their_bare_reply() -> None:
    """A setting command (here a made-up ``0068`` light mode) is acknowledged with ``0868``."""
    async with served_mqtt("sb2_plus_plugs") as live, live.client() as client:
        await client.subscribe(data_filter("A17C3", PLUS_SN))
        frame = build_frame(
            "0068",
            [RawField(0xA1, -1, b"\x22"), RawField(0xA2, 1, b"\x01")],
            device=False,
        )
        await command(live, client, "A17C3", PLUS_SN, frame)
        reply = decode(await next_message(client))
    assert reply.msg_type == "0868"
    assert reply.unmapped == {"a1": "32"}
