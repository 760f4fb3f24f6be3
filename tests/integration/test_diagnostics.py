"""Diagnostics: a snapshot, and no personal value of any scenario anywhere in the output."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from tests.integration.conftest import SimCloud, scenario_names, setup_entry
from tests.scenario_values import values_under_keys

PERSONAL_KEY = re.compile(
    r"^(site_id|siteId|user_id|owner_user_id|member_id|vehicle_id|station_id|email|sn|"
    r".*_sn|.*Sn|wifi_name|ssid|wifi_mac|bt_ble_mac|bt_ble_id|mac_addr)$"
)


def personal_values(scenario: str) -> set[str]:
    """Every id, serial, e-mail, SSID and MAC in the scenario's files (embedded JSON too)."""
    return values_under_keys(scenario, PERSONAL_KEY)


def assert_no_personal_value(output: Any, values: set[str]) -> None:
    """None of `values` appears in the JSON text of `output`."""
    text = json.dumps(output)
    leaked = sorted(value for value in values if value in text)
    assert leaked == []


async def test_entry_diagnostics_snapshot(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    cloud: SimCloud,
    snapshot: SnapshotAssertion,
) -> None:
    """The entry diagnostics of the default scenario after setup and the energy poll after it
    (ports of the simulator left out)."""
    entry = await setup_entry(hass, cloud, complete=True)
    result = await get_diagnostics_for_config_entry(hass, hass_client, entry)
    assert result["entry"]["data"]["email"] == "**REDACTED**"
    assert result["entry"]["unique_id"] == "**REDACTED_USER_1**"
    assert result["requests"]["total"]["requests"] > 10
    assert result["scheduler"]["polls"] == 2
    assert all(key.startswith("**REDACTED_SITE_") for key in result["data"]["sites"])
    assert all(key.startswith("**REDACTED_DEVICE_") for key in result["data"]["devices"])
    assert result == snapshot(exclude=props("server_url", "server"))


@pytest.mark.parametrize("scenario", scenario_names())
async def test_no_personal_value_in_any_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Entry and device diagnostics hide every id, serial and e-mail of each scenario."""
    values = personal_values(cloud.scenario) | {cloud.account["email"], cloud.account["user_id"]}
    assert values
    entry = await setup_entry(hass, cloud, complete=True)
    assert_no_personal_value(
        await get_diagnostics_for_config_entry(hass, hass_client, entry), values
    )
    devices = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert devices
    for device in devices:
        result = await get_diagnostics_for_device(hass, hass_client, entry, device)
        assert_no_personal_value(result, values)
        assert {"registry", "coordinator"} < set(result), device.identifiers
