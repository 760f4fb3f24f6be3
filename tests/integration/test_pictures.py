"""Device pictures: the option puts our own artwork on each context's main sensor, served by us."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from xml.etree import ElementTree

import pytest
from aiohttp import web
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.anker_solix.const import CONF_EXAMPLE, DOMAIN, OPT_PICTURES
from custom_components.anker_solix.device_pictures import PICTURES_URL, async_register_pictures
from tests.integration.conftest import SimCloud, setup_entry
from tests.integration.test_options import configure_options, options_input
from tests.replay.test_config_flow_replay import start_example_flow, submit

EXPECTED_PICTURE: dict[str, str] = {
    "A17C0": "solarbank1",
    "A17C1": "solarbank2",
    "A17C2": "solarbank2",
    "A17C3": "solarbank2",
    "A17C5": "solarbank3",
    "A5143": "inverter",
    "A17X7": "smartmeter",
    "AE1R0": "smartmeter",
    "SHEMP3": "smartmeter",
    "A17X8": "smartplug",
    "AE100": "powerdock",
    "A17B1": "powerpanel",
    "A5101": "hes",
    "A5102": "hes",
    "A5103": "hes",
    "A5220": "hes",
    "A5341": "hes",
    "A1761": "pps",
    "A1790": "pps",
    "A5191": "ev_charger",
}
"""The picture each product code must show (written out here, independent of device_pictures.py)."""
MAIN_KEYS = (
    "battery_soc",
    "live_soc_pct",
    "inverter_power",
    "plug_power",
    "grid_import_power",
    "power",
    "status",
    "wifi_signal",
)
"""A device's picture goes to the first of these sensors it has."""


def context_keys(entry: Any) -> set[str]:
    """The keys of the account, its systems, devices and vehicles in the entry's snapshot."""
    data = entry.runtime_data.coordinator.data
    vehicles = data["account"].get("vehicles") or {}
    return {entry.unique_id, *data["sites"], *data["devices"], *vehicles}


def pictures_by_context(hass: HomeAssistant, entry: Any) -> dict[str, list[tuple[str, str]]]:
    """Context key → [(sensor key, picture URL)] of every entity of the entry showing one of our
    pictures."""
    contexts = context_keys(entry)
    registry = er.async_get(hass)
    shown: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        picture = state.attributes.get("entity_picture") if state else None
        if picture is None or not picture.startswith(f"{PICTURES_URL}/"):
            continue  # (update entities show Home Assistant's brand icon of the integration)
        assert entity.domain == "sensor"
        [context] = [key for key in contexts if entity.unique_id.startswith(f"{key}_")]
        shown[context].append((entity.unique_id.removeprefix(f"{context}_"), picture))
    return dict(shown)


def expected_device_pictures(hass: HomeAssistant, entry: Any) -> dict[str, str]:
    """Serial → expected picture URL of every device with a known picture and at least one of
    the candidate sensors (X1 battery modules have no sensors at all)."""
    registry = er.async_get(hass)
    devices = entry.runtime_data.coordinator.data["devices"]
    return {
        serial: f"{PICTURES_URL}/{EXPECTED_PICTURE[device['device_pn']]}.svg"
        for serial, device in devices.items()
        if device.get("device_pn") in EXPECTED_PICTURE
        and any(
            registry.async_get_entity_id("sensor", DOMAIN, f"{serial}_{key}") for key in MAIN_KEYS
        )
    }


async def test_no_pictures_by_default(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Without the option no entity has a picture (dashboards keep their icons)."""
    entry = await setup_entry(hass, cloud)
    assert OPT_PICTURES in entry.options
    assert entry.options[OPT_PICTURES] is False
    assert pictures_by_context(hass, entry) == {}


@pytest.mark.parametrize(
    "scenario",
    [
        "sb1_single",
        "sb2_plus_plugs",
        "sb2_pro_meter_smartmeter",
        "sb3_multisystem_dock",
        "mi80_standalone",
        "powerpanel",
        "x1_hes",
        "pps_c1000_standalone",
        "vehicles_account",
    ],
)
async def test_each_context_shows_its_family_picture_once(
    hass: HomeAssistant, cloud: SimCloud, hass_client: ClientSessionGenerator
) -> None:
    """With the option on, every device of a known family, every system, the account and each
    vehicle show their picture on exactly one sensor, and the integration serves each picture."""
    entry = await setup_entry(hass, cloud, options={OPT_PICTURES: True})
    data = entry.runtime_data.coordinator.data
    shown = pictures_by_context(hass, entry)
    assert all(len(pictures) == 1 for pictures in shown.values()), shown

    expected_devices = expected_device_pictures(hass, entry)
    assert expected_devices, "the scenario has no device with a picture"
    for serial, url in expected_devices.items():
        assert serial in shown, f"no picture for {data['devices'][serial]['device_pn']}"
        [(key, picture)] = shown[serial]
        assert picture == url
        if data["devices"][serial].get("battery_soc") not in (None, ""):
            assert key == "battery_soc"
    unknown = set(data["devices"]) - set(expected_devices)
    assert not unknown & set(shown)  # accessories and unknown products show none
    for site_id in data["sites"]:
        assert [picture for _, picture in shown[site_id]] == [f"{PICTURES_URL}/system.svg"]
    assert shown[entry.unique_id] == [("requests_last_hour", f"{PICTURES_URL}/account.svg")]
    for vehicle_id in data["account"].get("vehicles") or {}:
        assert [picture for _, picture in shown[vehicle_id]] == [f"{PICTURES_URL}/vehicle.svg"]

    client = await hass_client()
    for url in {picture for pictures in shown.values() for _, picture in pictures}:
        response = await client.get(url)
        assert response.status == 200, url
        assert response.content_type == "image/svg+xml"
        root = ElementTree.fromstring(await response.read())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


async def test_option_applies_live_and_only_pictures_are_served(
    hass: HomeAssistant, cloud: SimCloud, hass_client: ClientSessionGenerator
) -> None:
    """Switching the option shows and drops the pictures without a reload; the static path
    serves the picture folder only, and it is registered once per Home Assistant."""
    entry = await setup_entry(hass, cloud)
    runtime = entry.runtime_data
    assert pictures_by_context(hass, entry) == {}

    await configure_options(hass, entry.entry_id, options_input(**{OPT_PICTURES: True}))
    assert entry.options[OPT_PICTURES] is True
    assert entry.runtime_data is runtime  # applied live
    shown = pictures_by_context(hass, entry)
    assert set(expected_device_pictures(hass, entry)) <= set(shown)

    await configure_options(hass, entry.entry_id, options_input(**{OPT_PICTURES: False}))
    assert entry.options[OPT_PICTURES] is False
    assert entry.runtime_data is runtime
    assert pictures_by_context(hass, entry) == {}

    client = await hass_client()
    assert (await client.get(f"{PICTURES_URL}/account.svg")).status == 200
    assert (await client.get(f"{PICTURES_URL}/missing.svg")).status == 404
    for outside in ("", "/", "/../manifest.json", "/%2e%2e/manifest.json", "/..%2Fconst.py"):
        response = await client.get(f"{PICTURES_URL}{outside}")
        assert response.status in (400, 403, 404), outside

    await async_register_pictures(hass)  # a second call (another entry) adds nothing
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    folders = [
        resource
        for resource in hass.http.app.router.resources()
        if isinstance(resource, web.StaticResource) and resource.canonical == PICTURES_URL
    ]
    assert len(folders) == 1


async def test_disabled_main_sensor_passes_the_picture_on(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A user who disables the state-of-charge sensor sees the picture on the next candidate."""
    entry = await setup_entry(hass, cloud, options={OPT_PICTURES: True})
    data = entry.runtime_data.coordinator.data
    serial = next(
        sn for sn, device in data["devices"].items() if device.get("device_pn") == "A17C3"
    )
    assert pictures_by_context(hass, entry)[serial][0][0] == "battery_soc"
    registry = er.async_get(hass)
    soc = registry.async_get_entity_id("sensor", DOMAIN, f"{serial}_battery_soc")
    assert soc is not None
    registry.async_update_entity(soc, disabled_by=er.RegistryEntryDisabler.USER)
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    [(key, picture)] = pictures_by_context(hass, entry)[serial]
    assert key == "status"
    assert picture == f"{PICTURES_URL}/solarbank2.svg"


async def test_example_account_shows_its_picture_on_the_last_error(hass: HomeAssistant) -> None:
    """An example entry (replay) counts no cloud requests, so its account's picture goes to the
    next candidate, the last error; its system and devices show theirs as usual."""
    result = await start_example_flow(hass)
    result = await submit(hass, result["flow_id"], {CONF_EXAMPLE: "sb2_ac_usetime_backup"})
    await hass.async_block_till_done()
    [entry] = hass.config_entries.async_entries(DOMAIN)
    await configure_options(hass, entry.entry_id, options_input(**{OPT_PICTURES: True}))

    shown = pictures_by_context(hass, entry)
    assert entry.unique_id is not None
    assert shown[entry.unique_id] == [("last_error", f"{PICTURES_URL}/account.svg")]
    data = entry.runtime_data.coordinator.data
    for site_id in data["sites"]:
        assert [picture for _, picture in shown[site_id]] == [f"{PICTURES_URL}/system.svg"]
    devices = {
        serial: [picture for _, picture in pictures]
        for serial, pictures in shown.items()
        if serial in data["devices"]
    }
    expected = expected_device_pictures(hass, entry)
    assert len(expected) == 2  # the Solarbank 2 AC and the smart meter
    assert devices == {serial: [url] for serial, url in expected.items()}
