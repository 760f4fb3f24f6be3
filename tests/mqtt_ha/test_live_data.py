"""Live data end to end: the simulator's TLS broker, our MQTT session, Home Assistant entities.

Every test runs the real stack: Home Assistant's harness, our client over HTTP to the simulator
on loopback and over MQTT with client certificates to the simulator's broker. Devices publish on
the simulator's clock; the tests move that clock and wait for the broker's messages to arrive.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir

from custom_components.anker_solix.const import DOMAIN, OPT_MQTT, OPT_MQTT_STATUS_INTERVAL
from custom_components.anker_solix.diagnostics import async_get_config_entry_diagnostics
from custom_components.anker_solix.repairs import ISSUE_MQTT_REFUSED, issue_id
from tests.integration.conftest import SimCloud, setup_entry
from tests.integration.test_options import configure_options, options_input
from tests.mqtt_ha.conftest import entity_id, link, wait_for

SB3 = "CM64DY5TZN8S3OS1Y"
"""The Solarbank 3 of the `sb3_shelly_dynamic` scenario."""
CREDENTIALS = "app/devicemanage/get_user_mqtt_info"


def state(hass: HomeAssistant, entity: str) -> str:
    """The state text of an entity (fails when it has none)."""
    found = hass.states.get(entity)
    assert found is not None, entity
    return found.state


def number_state(hass: HomeAssistant, entity: str) -> float | None:
    """The state of a numeric entity as a number (None while it has none)."""
    try:
        return float(state(hass, entity))
    except ValueError:
        return None


async def connected_entry(hass: HomeAssistant, cloud: SimCloud) -> Any:
    """A loaded entry whose live-data session is connected and got the device's first message."""
    entry = await setup_entry(hass, cloud)
    live = link(entry)
    await wait_for(hass, lambda: live.connected, "the session connects")
    await wait_for(hass, lambda: live.last_message(SB3) is not None, "a first message arrives")
    return entry


async def test_published_values_reach_entities(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """A status answer's values become entities; a later message with new values updates them."""
    entry = await connected_entry(hass, live_cloud)
    live = link(entry)
    home_load = entity_id(hass, "sensor", f"{SB3}_live_home_load_w")
    received = live.value(SB3, "home_load_w")
    assert received is not None
    await wait_for(
        hass,
        lambda: number_state(hass, home_load) == pytest.approx(float(received)),
        "the home load entity shows the received value",
    )
    # The cloud's battery power entity shows the live value (same quantity: no second entity).
    assert er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{SB3}_live_battery_w") is None
    battery = entity_id(hass, "sensor", f"{SB3}_battery_power")
    stamp = entity_id(hass, "sensor", f"{SB3}_live_data_time")
    first_stamp = state(hass, stamp)

    # Later: the device answers the next status request with the moved values.
    before = live.last_message(SB3)
    live_cloud.clock.advance(600)
    await wait_for(
        hass, lambda: (live.last_message(SB3) or 0) > (before or 0), "a newer message arrives"
    )
    await wait_for(hass, lambda: state(hass, stamp) != first_stamp, "the timestamp moves on")
    live_power = live.value(SB3, "battery_w")
    assert live_power is not None
    # The cloud was not asked since setup: its value is older and differs from the live one.
    cloud_power = entry.runtime_data.poller.devices[SB3]["charging_power"]
    assert float(cloud_power) != pytest.approx(float(live_power))
    await wait_for(
        hass,
        lambda: number_state(hass, battery) == pytest.approx(float(live_power)),
        "the battery power entity shows the live value",
    )
    # No HTTP request was made for any of it beyond the credential fetch.
    assert live_cloud.paths().count(CREDENTIALS) == 1


async def test_entities_exist_from_the_map_before_any_message(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """The live entities come from the model map at setup, even while the device is silent."""
    live_cloud.sim.mqtt.add_fault("silent", sn=SB3, count=None)
    entry = await setup_entry(hass, live_cloud)
    await wait_for(hass, lambda: link(entry).connected, "the session connects")
    registry = er.async_get(hass)
    unique_ids = {e.unique_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)}
    assert {f"{SB3}_live_temp_c", f"{SB3}_live_data_time", f"{SB3}_live_expx_temp_c"} & unique_ids
    assert f"{SB3}_live_temp_c" in unique_ids
    assert state(hass, entity_id(hass, "sensor", f"{SB3}_live_temp_c")) == "unknown"
    # Values the map marks unverified or as placeholders get no entity.
    assert not any("undecoded" in uid for uid in unique_ids)


async def test_refused_subscription_shows_repair_and_keeps_cloud_values(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """The broker refuses the device: a repair issue appears, the cloud values stay."""
    live_cloud.sim.mqtt.add_fault("refuse", sn=SB3, count=None)
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    await wait_for(hass, lambda: SB3 in live.refused, "the subscription is refused")
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(ISSUE_MQTT_REFUSED, entry.entry_id))
    assert issue is not None
    assert issue.translation_placeholders == {"count": "1"}
    cloud_soc = entry.runtime_data.poller.devices[SB3]["battery_soc"]
    soc = entity_id(hass, "sensor", f"{SB3}_battery_soc")
    assert number_state(hass, soc) == pytest.approx(float(cloud_soc))
    assert live.last_message(SB3) is None


async def test_broker_outage_and_recovery(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """The broker goes down: the connection sensor turns off, polling goes on; then it recovers."""
    entry = await connected_entry(hass, live_cloud)
    connected = entity_id(hass, "binary_sensor", f"{entry.unique_id}_mqtt_connected")
    assert state(hass, connected) == STATE_ON
    await live_cloud.sim.mqtt.set_broker_up(False)
    await wait_for(hass, lambda: state(hass, connected) == STATE_OFF, "disconnection is shown")
    coordinator = entry.runtime_data.coordinator
    live_cloud.clock.advance(300)
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    await live_cloud.sim.mqtt.set_broker_up(True)
    await wait_for(hass, lambda: state(hass, connected) == STATE_ON, "the session reconnects")


async def test_silent_device_falls_back_to_cloud_values(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """A device that stops publishing: once its live value is too old the cloud value shows."""
    entry = await connected_entry(hass, live_cloud)
    live = link(entry)
    coordinator = entry.runtime_data.coordinator
    battery = entity_id(hass, "sensor", f"{SB3}_battery_power")
    live_cloud.sim.mqtt.add_fault("silent", sn=SB3, count=None)
    last_live = live.value(SB3, "battery_w")
    live_cloud.clock.advance(live.session.max_age(SB3) + 301)  # type: ignore[union-attr]
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert live.value(SB3, "battery_w") == last_live  # nothing new arrived
    cloud_power = entry.runtime_data.poller.devices[SB3]["charging_power"]
    assert float(cloud_power) != pytest.approx(float(str(last_live)))
    assert number_state(hass, battery) == pytest.approx(float(cloud_power))


async def test_realtime_trigger_ends_after_its_duration(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """The action asks for 30 s of real-time data; afterwards the device publishes on its own
    cadence again and nothing renews the trigger."""
    entry = await connected_entry(hass, live_cloud)
    live = link(entry)
    session = live.session
    assert session is not None
    device = next(
        d.id
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, SB3) in d.identifiers
    )
    await hass.services.async_call(
        DOMAIN, "start_live_updates", {"device_id": device, "duration": 30}, blocking=True
    )
    publisher = live_cloud.sim.mqtt.publishers[SB3]
    assert session.realtime_until(SB3) is not None
    await wait_for(hass, lambda: publisher.realtime_until is not None, "the device got it")
    live_cloud.clock.advance(31)
    await wait_for(hass, lambda: session.realtime_until(SB3) is None, "the window ends")
    live_cloud.clock.advance(5)
    await hass.async_block_till_done()
    assert publisher.realtime_until is None or publisher.realtime_until <= live_cloud.clock.now()


@pytest.mark.parametrize("duration", [0, 601, 2.5, "soon"])
async def test_action_refuses_bad_durations(
    hass: HomeAssistant, live_cloud: SimCloud, duration: Any
) -> None:
    """A duration outside 1–600 whole seconds is refused, translated, and nothing is sent."""
    entry = await connected_entry(hass, live_cloud)
    sent = live_cloud.sim.mqtt.stats.as_dict()
    device = next(
        d.id
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, SB3) in d.identifiers
    )
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN, "start_live_updates", {"device_id": device, "duration": duration}, blocking=True
        )
    assert err.value.translation_key == "live_duration_invalid"
    assert live_cloud.sim.mqtt.publishers[SB3].realtime_until is None
    assert link(entry).session.realtime_until(SB3) is None  # type: ignore[union-attr]
    del sent


async def test_option_off_stops_the_session_without_reload(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Switching live data off stops the session and its entities; on starts it again."""
    entry = await connected_entry(hass, live_cloud)
    runtime = entry.runtime_data
    temperature = entity_id(hass, "sensor", f"{SB3}_live_temp_c")
    result = await configure_options(hass, entry.entry_id, options_input(**{OPT_MQTT: False}))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.runtime_data is runtime  # no reload
    assert link(entry).session is None
    assert state(hass, temperature) == STATE_UNAVAILABLE
    connected = entity_id(hass, "binary_sensor", f"{entry.unique_id}_mqtt_connected")
    assert state(hass, connected) == STATE_OFF
    result = await configure_options(hass, entry.entry_id, options_input(**{OPT_MQTT: True}))
    assert entry.runtime_data is runtime
    await wait_for(hass, lambda: state(hass, connected) == STATE_ON, "the session is back")


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_members_get_no_live_data(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """A member account owns no device: no session, no credential request, no live entities."""
    entry = await setup_entry(hass, live_cloud)
    assert link(entry).devices == {}
    assert link(entry).session is None
    assert CREDENTIALS not in live_cloud.paths()
    unique_ids = [
        e.unique_id for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    ]
    assert not any("_live_" in uid or uid.endswith("_mqtt_connected") for uid in unique_ids)


async def test_button_refuses_while_the_broker_is_down(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Start live updates without a connection: a translated refusal, nothing is sent."""
    entry = await connected_entry(hass, live_cloud)
    connected = entity_id(hass, "binary_sensor", f"{entry.unique_id}_mqtt_connected")
    await live_cloud.sim.mqtt.set_broker_up(False)
    await wait_for(hass, lambda: state(hass, connected) == STATE_OFF, "disconnection is shown")
    button = entity_id(hass, "button", f"{SB3}_start_live_updates")
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    assert err.value.translation_key == "mqtt_not_connected"
    assert link(entry).session.realtime_until(SB3) is None  # type: ignore[union-attr]


async def test_button_starts_live_updates(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """The button asks the device for real-time data (the default 300 s)."""
    entry = await connected_entry(hass, live_cloud)
    button = entity_id(hass, "button", f"{SB3}_start_live_updates")
    await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    until = link(entry).session.realtime_until(SB3)  # type: ignore[union-attr]
    assert until == pytest.approx(live_cloud.clock.now() + 300)
    publisher = live_cloud.sim.mqtt.publishers[SB3]
    await wait_for(hass, lambda: publisher.realtime_until is not None, "the device got it")


async def test_diagnostics_show_live_state_without_secrets(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Diagnostics carry the live state; no certificate, key, client id, serial or user id."""
    entry = await connected_entry(hass, live_cloud)
    result = await async_get_config_entry_diagnostics(hass, entry)
    mqtt = result["mqtt"]
    assert mqtt["connected"] is True
    assert mqtt["session"]["stats"]
    values = next(v["values"] for v in mqtt["values"].values() if "home_load_w" in v["values"])
    assert values["serial"]["value"] == "**REDACTED**"
    assert values["home_load_w"]["value"] == link(entry).value(SB3, "home_load_w")
    text = json.dumps(result)
    for secret in ("BEGIN", "PRIVATE KEY", SB3, str(entry.unique_id), "ha-"):
        assert secret not in text, secret


async def test_status_interval_option_applies_without_reload(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """A new status-request interval reaches the running session; no reload, no reconnect."""
    entry = await connected_entry(hass, live_cloud)
    runtime = entry.runtime_data
    session = link(entry).session
    assert session is not None
    assert session.policy.status_interval == 60
    result = await configure_options(
        hass, entry.entry_id, options_input(**{OPT_MQTT_STATUS_INTERVAL: 300.0})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[OPT_MQTT_STATUS_INTERVAL] == 300
    assert entry.runtime_data is runtime
    assert link(entry).session is session
    assert session.policy.status_interval == 300
    assert session.connected


async def test_unload_stops_the_session(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """Unloading the entry stops the session's task and disconnects; nothing keeps running."""
    entry = await connected_entry(hass, live_cloud)
    live = link(entry)
    session = live.session
    assert session is not None
    assert session.running
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert live.session is None
    assert not session.running
    assert not session.connected
