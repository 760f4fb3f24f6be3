"""Firmware as update entities: versions and release notes from the cloud, never an install."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.update import (  # type: ignore[attr-defined,unused-ignore]
    ATTR_INSTALLED_VERSION,
    ATTR_LATEST_VERSION,
    ATTR_RELEASE_SUMMARY,
    UpdateEntityFeature,
)
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_SUPPORTED_FEATURES,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.cleanup import async_remove_replaced_sensors
from custom_components.anker_solix.const import DOMAIN
from tests.entities.conftest import LoadPlatform
from tests.entities.test_dynamics import SCENE, poll
from tests.integration.conftest import SimCloud

SB1 = "2CBMC6GFUP32YU4Y"
FIRMWARE = "update.solarbank_balkon_firmware"
OTA_CHECK = "app/ota/batch/check_update"
NOTES = "Steadier output at low solar power.\nThe 0 W switch is detected after a restart."


def offer_update(cloud: SimCloud, version: str, change_log: str) -> None:
    """Let the simulator's OTA check offer `version` for the Solarbank."""
    envelope: dict[str, Any] = cloud.sim.store.get("ota_batch") or {}
    info = envelope["data"]["update_infos"][0]
    info["need_update"] = True
    info["lastPackage"]["version"] = version
    info["change_log"] = change_log
    cloud.sim.store.put("ota_batch", envelope)


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_current_firmware_shows_no_update(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """Installed = latest: off, no release notes, no install feature."""
    await load_platform(Platform.UPDATE)
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == "v2.1.1"
    assert state.attributes[ATTR_LATEST_VERSION] == "v2.1.1"
    assert state.attributes[ATTR_SUPPORTED_FEATURES] == 0
    assert state.attributes[ATTR_RELEASE_SUMMARY] is None


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_offered_firmware_with_release_notes_cannot_be_installed_here(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """An offered version turns the entity on with the cloud's change log as release notes; the
    install action is refused (the Anker app installs firmware)."""
    offer_update(cloud, "v2.2.0", NOTES)
    # The integration's views first, then the signed-in client, then the scenario's clock.
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_ws_client(hass)
    await load_platform(Platform.UPDATE)
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_ON
    assert state.attributes[ATTR_INSTALLED_VERSION] == "v2.1.1"
    assert state.attributes[ATTR_LATEST_VERSION] == "v2.2.0"
    assert state.attributes[ATTR_RELEASE_SUMMARY] == NOTES
    features = UpdateEntityFeature(state.attributes[ATTR_SUPPORTED_FEATURES])
    assert features == UpdateEntityFeature.RELEASE_NOTES
    assert not features & UpdateEntityFeature.INSTALL

    await client.send_json({"id": 1, "type": "update/release_notes", "entity_id": FIRMWARE})
    answer = await client.receive_json()
    assert answer["success"]
    assert answer["result"] == NOTES

    with pytest.raises(HomeAssistantError):
        await hass.services.async_call(
            "update", "install", {ATTR_ENTITY_ID: FIRMWARE}, blocking=True
        )
    assert hass.states.get(FIRMWARE).state == STATE_ON  # type: ignore[union-attr]


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_a_damaged_version_makes_only_the_update_entity_unavailable(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """A 300-character version text is no version: unavailable until a real one comes back."""
    offer_update(cloud, "v" * 300, "")
    await load_platform(Platform.UPDATE)
    assert hass.states.get(FIRMWARE).state == "unavailable"  # type: ignore[union-attr]


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_an_offline_device_keeps_its_firmware(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """The firmware is no live value: an offline device still shows its versions."""
    entry = await load_platform(Platform.UPDATE)
    cloud.faults.add(SCENE, retype={"solarbank_info.solarbank_list.0.status": "0"}, count=1)
    await poll(hass, cloud, entry, 60)
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_OFF
    assert state.attributes[ATTR_INSTALLED_VERSION] == "v2.1.1"


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_without_an_answer_of_the_update_check_the_latest_version_is_unknown(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> None:
    """A refused update check (members get an empty list) leaves the latest version unknown."""
    cloud.faults.add(OTA_CHECK, code=10007, count=100)
    await load_platform(Platform.UPDATE)
    state = hass.states.get(FIRMWARE)
    assert state is not None
    assert state.state == STATE_UNKNOWN
    assert state.attributes[ATTR_INSTALLED_VERSION] == "v2.1.1"
    assert state.attributes[ATTR_LATEST_VERSION] is None


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_members_get_no_firmware_entities(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """The cloud shows members no firmware of the shared devices: no update entities."""
    entry = await load_platform(Platform.UPDATE)
    rows = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    assert [row.entity_id for row in rows if row.domain == "update"] == []


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_the_replaced_firmware_sensors_leave_the_registry(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """Rows of the firmware sensor and the update-available binary sensor of earlier releases
    are removed at start; other rows of the device stay."""
    entry = await load_platform(Platform.UPDATE)
    registry = er.async_get(hass)
    old = {
        ("sensor", f"{SB1}_firmware"),
        ("binary_sensor", f"{SB1}_firmware_update"),
    }
    kept = ("sensor", f"{SB1}_battery_energy")
    for domain, unique_id in (*old, kept):
        registry.async_get_or_create(domain, DOMAIN, unique_id, config_entry=entry)
    async_remove_replaced_sensors(hass, entry)  # what every start runs after the platforms
    for domain, unique_id in old:
        assert registry.async_get_entity_id(domain, DOMAIN, unique_id) is None
    assert registry.async_get_entity_id(kept[0], DOMAIN, kept[1]) is not None
    assert registry.async_get_entity_id("update", DOMAIN, f"{SB1}_firmware") == FIRMWARE
