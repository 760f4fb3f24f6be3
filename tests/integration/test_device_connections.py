"""Devices carry the MAC addresses the cloud reports as registry connections."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.context import ContextKind, SolixContext
from custom_components.anker_solix.device import device_connections
from tests.integration.conftest import SimCloud, setup_entry

SB1 = "2CBMC6GFUP32YU4Y"


def registry_device(registry: dr.DeviceRegistry, entry_id: str, key: str) -> dr.DeviceEntry:
    """The registry device of one of our keys (serial, site id)."""
    for device in dr.async_entries_for_config_entry(registry, entry_id):
        if (DOMAIN, key) in device.identifiers:
            return device
    raise AssertionError(key)


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_a_device_with_a_bluetooth_mac_is_connected_by_it(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """The Solarbank's Bluetooth and Wi-Fi MACs (bound devices) become connections in the
    registry's format; systems and the account have none."""
    entry = await setup_entry(hass, cloud)
    device = registry_device(device_registry, entry.entry_id, SB1)
    assert device.connections == {
        (dr.CONNECTION_BLUETOOTH, "07:36:7a:83:00:b2"),
        (dr.CONNECTION_NETWORK_MAC, "ca:33:0c:e4:26:c4"),
    }
    others = [
        d for d in dr.async_entries_for_config_entry(device_registry, entry.entry_id) if d != device
    ]
    assert others
    for other in others:
        assert other.connections == set()


def context(devices: dict[str, dict[str, Any]], key: str) -> SolixContext:
    """A device context of a snapshot holding only `devices`."""
    return SolixContext(ContextKind.DEVICE, key, {"devices": devices}, "user")


def test_wifi_and_bluetooth_macs_are_normalized_and_bad_ones_dropped() -> None:
    """Colons, dashes and case do not matter; empty, short, non-hex and all-zero values are
    no MAC."""
    devices = {"A": {"wifi_mac": "CA-33-0C-E4-26-C4", "bt_ble_mac": "07367a8300b2"}}
    assert device_connections(context(devices, "A")) == {
        (dr.CONNECTION_NETWORK_MAC, "ca:33:0c:e4:26:c4"),
        (dr.CONNECTION_BLUETOOTH, "07:36:7a:83:00:b2"),
    }
    for bad in ("", "12345", "ZZ367A8300B2", "000000000000", None, 42):
        devices = {"A": {"wifi_mac": bad}}
        assert device_connections(context(devices, "A")) == set()


def test_a_mac_two_devices_report_is_left_out() -> None:
    """Two devices with the same MAC would be merged into one registry device: neither gets it."""
    devices = {
        "A": {"bt_ble_mac": "07367A8300B2", "wifi_mac": "CA330CE426C4"},
        "B": {"bt_ble_mac": "07:36:7A:83:00:B2"},
    }
    assert device_connections(context(devices, "A")) == {
        (dr.CONNECTION_NETWORK_MAC, "ca:33:0c:e4:26:c4")
    }
    assert device_connections(context(devices, "B")) == set()
