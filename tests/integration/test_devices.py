"""Devices that leave the cloud leave the registry (after a grace period); manual removal only
for vanished devices."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.config import device_registry as config_device_registry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import WebSocketGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud, scenario_names, setup_entry

DETAILS_DUE = 601
"""Seconds after which the default details interval has passed (bound devices are re-read)."""


def entry_identifiers(device_registry: dr.DeviceRegistry, entry_id: str) -> dict[str, str]:
    """Our identifiers of the entry's devices, mapped to the device registry id."""
    return {
        value: device.id
        for device in dr.async_entries_for_config_entry(device_registry, entry_id)
        for domain, value in device.identifiers
        if domain == DOMAIN
    }


def remove_plug(cloud: SimCloud, serial: str) -> None:
    """Take a smart plug out of the scenario: scene info and bound devices."""
    store = cloud.store
    site_id = store.site_ids()[0]
    scene: dict[str, Any] = store.get(f"scene_{site_id}") or {}
    plugs = scene["data"]["smart_plug_info"]["smartplug_list"]
    scene["data"]["smart_plug_info"]["smartplug_list"] = [
        plug for plug in plugs if plug["device_sn"] != serial
    ]
    store.put(f"scene_{site_id}", scene)
    bound: dict[str, Any] = store.get("bind_devices") or {}
    bound["data"]["data"] = [item for item in bound["data"]["data"] if item["device_sn"] != serial]
    store.put("bind_devices", bound)


async def remove_via_websocket(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, device_id: str, entry_id: str
) -> bool:
    """Ask Home Assistant to remove the entry from a device (the device page's delete)."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_ws_client(hass)
    if hasattr(config_device_registry, "websocket_remove_device"):  # one entry per device
        command = {"type": "config/device_registry/remove", "device_id": device_id}
    else:
        command = {
            "type": "config/device_registry/remove_config_entry",
            "config_entry_id": entry_id,
            "device_id": device_id,
        }
    await client.send_json_auto_id(command)
    response = await client.receive_json()
    return bool(response["success"])


async def test_vanished_device_leaves_the_registry(
    hass: HomeAssistant,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A plug gone from the cloud stays in the registry for the grace period (then it leaves,
    see test_registry_grace.py), but from the poll that drops it the user may delete it."""
    entry = await setup_entry(hass, cloud)
    coordinator = entry.runtime_data.coordinator
    plugs = sorted(
        sn for sn, device in coordinator.data["devices"].items() if device["type"] == "smartplug"
    )
    before = entry_identifiers(device_registry, entry.entry_id)
    assert set(plugs) <= set(before)
    assert cloud.account["user_id"] in before
    # A present device cannot be removed by hand.
    assert not await remove_via_websocket(hass, hass_ws_client, before[plugs[0]], entry.entry_id)

    remove_plug(cloud, plugs[0])
    # The next poll with details re-reads the bound devices and drops the plug at once.
    for _ in range(2):
        cloud.clock.advance(DETAILS_DUE)
        await coordinator.async_refresh()
        await hass.async_block_till_done()

    assert plugs[0] not in coordinator.data["devices"]
    assert entry_identifiers(device_registry, entry.entry_id) == before
    assert await remove_via_websocket(hass, hass_ws_client, before[plugs[0]], entry.entry_id)
    after = entry_identifiers(device_registry, entry.entry_id)
    assert set(after) == set(before) - {plugs[0]}


async def test_failed_poll_removes_nothing(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """A failed poll is no evidence that devices are gone."""
    entry = await setup_entry(hass, cloud)
    before = entry_identifiers(device_registry, entry.entry_id)
    cloud.faults.add("*", status=500, count=5)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert entry_identifiers(device_registry, entry.entry_id) == before


async def test_stale_device_can_be_removed_by_hand(
    hass: HomeAssistant,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """A registry device the cloud no longer reports may be deleted by the user."""
    entry = await setup_entry(hass, cloud)
    stale = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, "GONE00000000SERIAL")}
    )
    assert await remove_via_websocket(hass, hass_ws_client, stale.id, entry.entry_id)
    assert "GONE00000000SERIAL" not in entry_identifiers(device_registry, entry.entry_id)


def device_pages(device_registry: dr.DeviceRegistry, entry_id: str) -> dict[str, dict[str, Any]]:
    """What a device page heads with, per identifier: name, maker, model (id), parent."""
    devices = dr.async_entries_for_config_entry(device_registry, entry_id)
    keys = {device.id: value for device in devices for _, value in device.identifiers}
    return {
        keys[device.id]: {
            "name": device.name,
            "manufacturer": device.manufacturer,
            "model": device.model,
            "model_id": device.model_id,
            "via": keys.get(device.via_device_id or ""),
        }
        for device in devices
    }


@pytest.mark.parametrize("scenario", scenario_names())
async def test_device_pages(
    hass: HomeAssistant,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every device of every scenario: a readable model, its real maker, no raw site type."""
    entry = await setup_entry(hass, cloud)
    pages = device_pages(device_registry, entry.entry_id)
    assert pages
    for page in pages.values():
        assert "power_site_type" not in str(page["model"])
        assert "power_site_type" not in str(page["model_id"])
    assert pages == snapshot


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_third_party_meter_names_its_maker(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """The Shelly Pro 3EM is made by Shelly; the system reads as a Solarbank 3 system."""
    entry = await setup_entry(hass, cloud)
    pages = device_pages(device_registry, entry.entry_id)
    meters = [page for page in pages.values() if page["model_id"] == "SHEMP3"]
    assert [(page["manufacturer"], page["model"]) for page in meters] == [
        ("Shelly", "Shelly Pro 3EM")
    ]
    site_id = cloud.store.site_ids()[0]
    assert pages[site_id]["model"] == "Solarbank 3 E2700 Pro system"
    assert pages[site_id]["manufacturer"] == "Anker"
