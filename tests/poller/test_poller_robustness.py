"""Poller robustness on shapes seen in real exports (synthetic data, written by hand)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.cloud import Endpoint, SolixApi
from custom_components.anker_solix.solixapi.poll import SolixPoller

from .fake_session import FakeSession

NOW = datetime(2025, 4, 23, 12, 0, tzinfo=UTC).timestamp()
SITE = "site-robust"
INVERTER = "INVQ4X8N2M7K"


def _poller(responses: dict[str, Any]) -> SolixPoller:
    return SolixPoller(SolixApi(FakeSession(responses, NOW)))  # type: ignore[arg-type]


def _site_list(power_site_type: int) -> dict[str, Any]:
    return {"site_list": [{"site_id": SITE, "ms_type": 1, "power_site_type": power_site_type}]}


@pytest.mark.parametrize("ms_device_type", ["absent", None])
async def test_bound_inverter_without_ms_device_type_is_owned(ms_device_type: Any) -> None:
    """The bind list holds only own devices: a standalone MI80 gets its virtual site."""
    item: dict[str, Any] = {
        "device_sn": INVERTER,
        "product_code": "A5143",
        "device_name": "MI80 Microinverter(BLE)",
        "alias_name": "Garage inverter",
    }
    if ms_device_type != "absent":
        item["ms_device_type"] = ms_device_type
    poller = _poller(
        {
            Endpoint.GET_SITE_LIST: {"site_list": []},
            Endpoint.GET_RELATE_AND_BIND_DEVICES: {"data": [item]},
            Endpoint.PV_GET_PV_STATUS: {"pvStatuses": [{"sn": INVERTER, "power": 41, "status": 1}]},
        }
    )
    await poller.update_sites()
    await poller.update_device_details()
    device = poller.devices[INVERTER]
    assert device["is_admin"] is True
    assert device["site_id"] == f"virtual-{INVERTER}"
    assert poller.sites[f"virtual-{INVERTER}"]["site_type"] == "virtual"
    assert (device["generate_power"], device["status_desc"]) == ("41", "online")


async def test_power_stations_get_the_model_capacity() -> None:
    """§5.7: the product code sets the default battery_capacity (§5.2 table)."""
    scene = {
        "site_id": SITE,
        "pps_info": {
            "pps_list": [
                {"device_pn": "A1790", "device_sn": "PPSF3800SERIAL1", "status": "1"},
                {"device_pn": "A1761", "device_sn": "PPSC1000SERIAL1", "status": "1"},
                {"device_pn": "A17B9", "device_sn": "PPSUNKNOWNSER01", "status": "1"},
            ]
        },
    }
    poller = _poller({Endpoint.GET_SITE_LIST: _site_list(1), Endpoint.GET_SCEN_INFO: scene})
    await poller.update_sites()
    assert poller.devices["PPSF3800SERIAL1"]["battery_capacity"] == "3840"
    assert poller.devices["PPSC1000SERIAL1"]["battery_capacity"] == "1056"
    assert "battery_capacity" not in poller.devices["PPSUNKNOWNSER01"]


def _sb1(serial: str, wireless_type: str) -> dict[str, Any]:
    return {
        "device_pn": "A17C0",
        "device_sn": serial,
        "device_name": serial.lower(),
        "battery_power": "50",
        "charging_status": "2",
        "status": "1",
        "photovoltaic_power": "0",
        "output_power": "120",
        "set_load_power": "",
        "wireless_type": wireless_type,
    }


async def test_wifi_items_without_serial_match_by_wireless_type() -> None:
    """§4.2.6: two SB1 with wireless_type "1" share item 0; the meter ("2") takes item 1."""
    scene = {
        "site_id": SITE,
        "retain_load": "240W",
        "solarbank_info": {
            "solarbank_list": [_sb1("SB1FIRSTSERIAL1", "1"), _sb1("SB1SECONDSERIAL", "1")],
            "total_charging_power": "-240",
            "total_photovoltaic_power": "0",
            "total_output_power": "240",
            "is_display_data": True,
            "updated_time": "2025-04-23 13:58:00",
        },
        "grid_info": {
            "grid_list": [
                {"device_pn": "A17X7", "device_sn": "METERSERIAL01", "wireless_type": "2"}
            ],
            "grid_status": 0,
        },
    }
    wifi = {
        "wifi_info_list": [
            {"wifi_name": "wifi-network-1", "wifi_signal": "56"},
            {"wifi_name": "wifi-network-2", "wifi_signal": "66"},
        ]
    }
    poller = _poller(
        {
            Endpoint.GET_SITE_LIST: _site_list(2),
            Endpoint.GET_SCEN_INFO: scene,
            Endpoint.GET_WIFI_INFO_LIST: wifi,
        }
    )
    await poller.update_sites()
    await poller.update_device_details()
    first, second = poller.devices["SB1FIRSTSERIAL1"], poller.devices["SB1SECONDSERIAL"]
    meter = poller.devices["METERSERIAL01"]
    assert (first["wifi_name"], first["wifi_signal"]) == ("wifi-network-1", "56")
    assert (second["wifi_name"], second["wifi_signal"]) == ("wifi-network-1", "56")
    assert (meter["wifi_name"], meter["wifi_signal"]) == ("wifi-network-2", "66")


async def test_energy_channels_follow_the_model_when_pv_power_is_null() -> None:
    """§7.2 + §5.2: an SB2 Plus (2 MPPT) without ``pv_power`` gets the pv1 and pv2 channels."""
    bank = {
        "device_pn": "A17C3",
        "device_sn": "SB2PLUSSERIAL01",
        "battery_power": "80",
        "charging_status": "0",
        "status": "1",
        "photovoltaic_power": "300",
        "output_power": "200",
        "pv_power": None,
    }
    scene = {
        "site_id": SITE,
        "solarbank_info": {
            "solarbank_list": [bank],
            "is_display_data": True,
            "updated_time": "2025-04-23 13:58:00",
        },
    }
    session = FakeSession(
        {
            Endpoint.GET_SITE_LIST: _site_list(10),
            Endpoint.GET_SCEN_INFO: scene,
            Endpoint.ENERGY_ANALYSIS: {"power": [{"time": "2025-04-23", "value": "0.85"}]},
        },
        NOW,
    )
    poller = SolixPoller(SolixApi(session))  # type: ignore[arg-type]
    await poller.update_sites()
    await poller.update_energy()
    today = poller.sites[SITE]["energy_details"]["today"]
    assert today["date"] == "2025-04-23"  # 14:00 site time
    assert (today["solar_production_pv1"], today["solar_production_pv2"]) == ("0.85", "0.85")
    asked = {
        body["device_type"]
        for _, endpoint, body in session.calls
        if endpoint == Endpoint.ENERGY_ANALYSIS and body["start_time"] == "2025-04-23"
    }
    assert asked == {
        "solarbank",
        "home_usage",
        "solar_production",
        "solar_production_pv1",
        "solar_production_pv2",
    }
