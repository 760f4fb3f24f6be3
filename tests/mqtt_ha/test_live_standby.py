"""The standby mark: a device that goes silent keeps its last live values, marked as such.

Its "Live data state" sensor turns from `live` to `standby` and every live value sensor of the
device carries `live_data: standby` while keeping the last value; the next message ends it.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from custom_components.anker_solix.sensor_mqtt import ATTR_LIVE_DATA
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, link, wait_for

SB3 = "CM64DY5TZN8S3OS1Y"
"""The Solarbank 3 of the `sb3_shelly_dynamic` scenario."""


def shown(hass: HomeAssistant, entity: str) -> tuple[str, dict[str, object]]:
    """State and attributes of an entity."""
    found = hass.states.get(entity)
    assert found is not None, entity
    return found.state, dict(found.attributes)


async def test_silent_device_is_marked_standby_and_keeps_its_values(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Silent beyond its allowance: `standby`, last values kept and marked; a message ends it."""
    entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    await wait_for(hass, lambda: live.last_message(SB3) is not None, "a first message arrives")
    mark = entity_id(hass, "sensor", f"{SB3}_live_data_state")
    home_load = entity_id(hass, "sensor", f"{SB3}_live_home_load_w")
    await wait_for(hass, lambda: shown(hass, mark)[0] == "live", "the device is live")
    value_before, attributes = shown(hass, home_load)
    assert ATTR_LIVE_DATA not in attributes

    live_cloud.sim.mqtt.add_fault("silent", sn=SB3, count=None)
    session = live.session
    assert session is not None
    live_cloud.clock.advance(session.max_age(SB3) + 1)
    await wait_for(hass, lambda: live.standby(SB3), "the session marks the device standby")
    await wait_for(hass, lambda: shown(hass, mark)[0] == "standby", "the mark is shown")
    value, attributes = shown(hass, home_load)
    assert value == value_before  # the last state stays
    assert attributes[ATTR_LIVE_DATA] == "standby"

    live_cloud.sim.mqtt.clear_faults()
    before = live.last_message(SB3) or 0
    live_cloud.clock.advance(session.max_age(SB3))  # the next status request falls due
    await wait_for(hass, lambda: (live.last_message(SB3) or 0) > before, "the device answers")
    await wait_for(hass, lambda: shown(hass, mark)[0] == "live", "the mark ends")
    assert ATTR_LIVE_DATA not in shown(hass, home_load)[1]
