"""Every scenario's owned, mapped devices speak MQTT; the new PPS and expansion scenarios."""

from __future__ import annotations

import json

import pytest

from custom_components.anker_solix.solixapi import (
    layouts_for,
    parse_message,
    realtime_trigger_frame,
    status_request_frame,
)
from tests.conftest import SCENARIOS
from tests.mqtt.simbroker import data_filter, next_message, served_mqtt
from tests.mqtt.test_sim_devices import command, decode

pytestmark = pytest.mark.usefixtures("socket_enabled")

SCENARIO_NAMES = sorted(path.name for path in SCENARIOS.iterdir() if path.is_dir())


def _owned_mapped(name: str) -> dict[str, str]:
    """serial → product code of the scenario's own devices that have a field map."""
    data = json.loads((SCENARIOS / name / "bind_devices.json").read_text())["data"]["data"]
    return {
        item["device_sn"]: item["product_code"]
        for item in data
        if layouts_for(item["product_code"]) and not item.get("is_passive")
    }


def _mqtt_values(name: str) -> dict[str, dict[str, object]]:
    meta = json.loads((SCENARIOS / name / "scenario.json").read_text())
    devices: dict[str, dict[str, object]] = meta["mqtt"]["devices"]
    return devices


@pytest.mark.parametrize("name", SCENARIO_NAMES)
async def test_owned_mapped_devices_answer_a_status_request(name: str) -> None:
    expected = _owned_mapped(name)
    async with served_mqtt(name) as live:
        publishers = {sn: p.pn for sn, p in live.sim.mqtt.publishers.items()}
        assert publishers == expected
        if not expected:
            return
        async with live.client() as client:
            for sn, pn in expected.items():
                await client.subscribe(data_filter(pn, sn))
            for sn, pn in expected.items():
                await command(live, client, pn, sn, status_request_frame(pn))
            answered: set[str] = set()
            while answered != set(expected):
                message = await next_message(client)
                inbound = parse_message(str(message.topic), bytes(message.payload))
                assert inbound is not None
                answered.add(inbound.sn)
                if inbound.json_data is not None:  # X1: JSON in "trans" (§3.1)
                    continue
                decoded = decode(message)
                assert decoded.checksum_ok
                assert decoded.layout_id is not None


async def test_attached_portable_power_station_publishes_its_values() -> None:
    name = "sb2_pps_attached"
    ((sn, values),) = _mqtt_values(name).items()
    async with served_mqtt(name) as live, live.client() as client:
        await client.subscribe(data_filter("A1761", sn))
        await command(live, client, "A1761", sn, status_request_frame("A1761"))
        decoded = decode(await next_message(client))
    assert decoded.msg_type == "0405"
    for key in ("main_soc_pct", "ac_out_w", "usbc1_w", "out_total_w", "temp_c"):
        assert decoded.values[key] == values[key]


async def test_solarbank_3_expansions_come_with_the_realtime_trigger() -> None:
    name = "sb3_expansions"
    ((sn, values),) = _mqtt_values(name).items()
    async with served_mqtt(name) as live, live.client() as client:
        await client.subscribe(data_filter("A17C5", sn))
        await command(live, client, "A17C5", sn, realtime_trigger_frame("A17C5", 30))
        seen = {}
        while "040a" not in seen:
            decoded = decode(await next_message(client))
            seen[decoded.msg_type] = decoded
    expansions = seen["040a"].values
    assert expansions["expansion_count"] == 3
    for index in (1, 2, 3):
        for key in ("soc_pct", "soh_pct", "temp_c", "serial"):
            assert expansions[f"exp{index}_{key}"] == values[f"exp{index}_{key}"]
    assert "exp4_soc_pct" not in expansions


async def test_scenario_capture_is_replayed_on_the_clock() -> None:
    name = "pps_c1000_standalone"
    capture = next((SCENARIOS / name).glob("mqtt_msg_*.ndjson"))
    first = json.loads(capture.read_text().splitlines()[1])
    async with served_mqtt(name) as live, live.client() as client:
        sn = capture.stem.split("_")[2]
        await client.subscribe(data_filter("A1761", sn))
        live.sim.clock.advance(3)
        message = await next_message(client)
        start = live.sim.clock.start_ts
    body = json.loads(message.payload)
    assert body["payload"] == first["payload"]
    assert body["head"]["timestamp"] == int(start + 3)
    assert live.sim.recorder.mqtt.topics[str(message.topic)]["messages"] >= 1
