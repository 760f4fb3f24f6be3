"""Example-data mode plays an export's MQTT captures into the live value store (no broker).

The `pps_c1000_standalone` folder holds a capture of its C1000 (`mqtt_msg_<sn>_0405.ndjson`):
the replay entry's live-data sensors show the recorded values, decoded by the normal receive
path. A folder without captures gets no live-data link and no live-data entities.
"""

from __future__ import annotations

import asyncio

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.mqtt_link import link_of
from custom_components.anker_solix.solixapi import (
    MqttCaptureLine,
    decode_frame_for,
    mqtt_read_capture_text,
    parse_frame,
    parse_message,
)
from tests.conftest import SCENARIOS
from tests.replay.conftest import SetupReplay

FOLDER = SCENARIOS / "pps_c1000_standalone"
C1000 = "AZ1761SOLO5M8W2D"
MAX_LOOKS = 400
OFFSET_S = 120 * 60
"""The folder's UTC offset (`scenario.json`), the local time of its capture lines."""


def first_line() -> MqttCaptureLine:
    """The first line of the folder's capture."""
    text = (FOLDER / f"mqtt_msg_{C1000}_0405.ndjson").read_text(encoding="utf-8")
    return mqtt_read_capture_text(text, OFFSET_S)[0]


def recorded_values(line: MqttCaptureLine) -> dict[str, object]:
    """The values of one capture line, decoded with our decoder."""
    inbound = parse_message(line.topic, line.envelope())
    assert inbound is not None
    assert inbound.frame is not None
    return dict(decode_frame_for(inbound.pn, inbound.sn, parse_frame(inbound.frame)).values)


async def test_captures_reach_the_live_entities(
    hass: HomeAssistant, setup_replay: SetupReplay
) -> None:
    """The capture's first message is decoded into the store; live sensors show its values."""
    entry = await setup_replay(FOLDER)
    link = link_of(entry.runtime_data.coordinator)
    assert link is not None
    for _ in range(MAX_LOOKS):
        await hass.async_block_till_done()
        if link.last_message(C1000) is not None:
            break
        await asyncio.sleep(0.05)
    assert link.last_message(C1000) is not None, "the capture was never played"
    assert link.connected
    expected = recorded_values(first_line())
    registry = er.async_get(hass)
    shown = 0
    for name, value in expected.items():
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{C1000}_live_{name}")
        if entity_id is None or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        assert link.value(C1000, name) == value
        await hass.async_block_till_done()
        state = hass.states.get(entity_id)
        assert state is not None
        if state.state not in ("unavailable", "unknown"):
            assert float(state.state) == float(value), name
            shown += 1
    assert shown >= 3


async def test_folder_without_captures_has_no_live_data(
    hass: HomeAssistant, setup_replay: SetupReplay
) -> None:
    """Without capture files an example entry has no live-data link and no live sensors."""
    entry = await setup_replay(SCENARIOS / "sb3_shelly_dynamic")
    assert link_of(entry.runtime_data.coordinator) is None
    registry = er.async_get(hass)
    live = [
        item.unique_id
        for item in er.async_entries_for_config_entry(registry, entry.entry_id)
        if "_live_" in item.unique_id
    ]
    assert live == []
