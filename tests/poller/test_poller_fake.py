"""Poller behaviour on an in-memory fake session: virtual site, drift, members, errors."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from custom_components.anker_solix.solixapi.cloud import Endpoint, SolixApi
from custom_components.anker_solix.solixapi.common import (
    SolixAuthError,
    SolixPermissionError,
    SolixServerError,
    log_label,
)
from custom_components.anker_solix.solixapi.poll import SolixPoller

from .fake_session import FakeSession

LOGGER_NAME = "custom_components.anker_solix.solixapi"
INVERTER = "INVX7Q2M4K9P"
NOW = datetime(2025, 4, 23, 12, 0, tzinfo=UTC).timestamp()


def _poller(responses: dict[str, Any], now: float = NOW) -> tuple[SolixPoller, FakeSession]:
    session = FakeSession(responses, now)
    return SolixPoller(SolixApi(session)), session  # type: ignore[arg-type]


def _standalone_responses() -> dict[str, Any]:
    return {
        Endpoint.GET_SITE_LIST: {"site_list": []},
        Endpoint.GET_RELATE_AND_BIND_DEVICES: {
            "data": [
                {
                    "device_sn": INVERTER,
                    "product_code": "A5143",
                    "device_name": "MI80 Microinverter(BLE)",
                    "alias_name": "Balcony inverter",
                    "ms_device_type": 1,
                    "device_sw_version": "v0.0.1",
                    "wifi_online": False,
                    "rssi": "-64",
                }
            ]
        },
        Endpoint.PV_GET_PV_STATUS: {"pvStatuses": [{"sn": INVERTER, "power": 302, "status": 1}]},
        Endpoint.PV_GET_PV_TOTAL_STATISTICS: {
            "energy": 76.61,
            "energyUnit": "kWh",
            "reductionCo2": 77,
            "reductionCo2Unit": "kg",
            "saveMoney": 30.6,
            "saveMoneyUnit": "€",
            "powerConfig": "800W",
        },
        Endpoint.PV_SELECT_USER_TIERED_ELEC_PRICE: {
            "currencyUnit": "€",
            "tieredElecPrices": [{"from": "00:00", "to": "23:59", "price": 0.4}],
        },
        Endpoint.PV_STATISTICS_PV: {"energy": [{"energy": "2.58"}, {"energy": 0.33}]},
    }


async def test_standalone_inverter_gets_virtual_site() -> None:
    poller, session = _poller(_standalone_responses())
    await poller.refresh_all()
    snapshot = poller.snapshot()
    site = snapshot["sites"][f"virtual-{INVERTER}"]
    assert site["site_type"] == "virtual"
    assert site["power_site_type"] == 0
    assert site["site_info"]["site_name"] == "Standalone inverter"
    assert site["solar_list"] == [{"device_pn": "A5143", "device_sn": INVERTER}]
    assert site["solar_info"] == {"micro_inverter_power_limit": "800W"}
    assert site["statistics"] == [
        {"type": "1", "total": "76.61", "unit": "kwh"},
        {"type": "2", "total": "77", "unit": "kg"},
        {"type": "3", "total": "30.6", "unit": "€"},
    ]
    assert site["site_details"] == {"price": 0.4, "site_price_unit": "€"}
    assert site["energy_details"]["last_period"] == {
        "date": "2025-04-22",
        "solar_production": "2.58",
    }
    assert site["energy_details"]["today"] == {"date": "2025-04-23", "solar_production": "0.33"}
    device = snapshot["devices"][INVERTER]
    assert device["site_id"] == f"virtual-{INVERTER}"
    assert (device["type"], device["name"], device["alias"]) == (
        "inverter",
        "MI80 Microinverter(BLE)",
        "Balcony inverter",
    )
    assert (device["generate_power"], device["status_desc"]) == ("302", "online")
    assert device["preset_inverter_limit"] == "800"
    assert device["wifi_signal"] == "60"  # (-64 + 85) * 100 / 35 = 60
    # statisticsPv asked for yesterday..today in one call
    stats_calls = [body for _, ep, body in session.calls if ep == Endpoint.PV_STATISTICS_PV]
    assert stats_calls == [
        {"sn": INVERTER, "type": "week", "start": "2025-04-22", "end": "2025-04-23", "version": "1"}
    ]
    assert list(snapshot) == ["account", "devices", "sites"]
    assert snapshot["account"]["type"] == "account"


def _member_scene(battery_power: Any) -> dict[str, Any]:
    return {
        "site_id": "site-1",
        "power_site_type": 5,
        "retain_load": "300W",
        "scene_mode": 3,
        "home_load_power": "0",
        "solarbank_info": {
            "solarbank_list": [
                {
                    "device_pn": "A17C1",
                    "device_sn": "SB2SERIAL0001",
                    "device_name": "Roof bank",
                    "battery_power": battery_power,
                    "charging_status": "0",
                    "status": "1",
                    "photovoltaic_power": "400",
                    "output_power": "150",
                    "bat_charge_power": "250",
                    "bat_discharge_power": "0",
                    "set_load_power": "",
                    "sub_package_num": 1,
                }
            ],
            "total_charging_power": "250",
            "total_photovoltaic_power": "400",
            "total_output_power": "150.00",
            "total_battery_power": "0.55",
            "is_display_data": True,
            "updated_time": "2025-04-23 13:57:00",
        },
    }


def _member_responses(battery_power: Any) -> dict[str, Any]:
    return {
        Endpoint.GET_SITE_LIST: {
            "site_list": [
                {"site_id": "site-1", "site_name": "Shared", "ms_type": 2, "power_site_type": 5}
            ]
        },
        Endpoint.GET_SCEN_INFO: _member_scene(battery_power),
        Endpoint.PRODUCT_CATEGORIES: [
            {
                "name": "Balcony",
                "products": [{"product_code": "A17C1", "name": "Solarbank 2 E1600 Pro"}],
            }
        ],
        Endpoint.GET_RELATE_AND_BIND_DEVICES: {"data": []},
    }


async def test_member_site_values_and_no_owner_only_calls() -> None:
    poller, session = _poller(_member_responses("55"))
    await poller.refresh_all()
    device = poller.devices["SB2SERIAL0001"]
    assert device["name"] == "Solarbank 2 E1600 Pro"  # from the product catalogue
    assert device["alias"] == "Roof bank"
    assert device["is_admin"] is False
    assert device["battery_soc"] == "55"
    assert device["charging_power"] == "250"
    assert device["charging_status_desc"] == "charge_bypass"
    assert device["battery_capacity"] == "3200"  # 1600 * (1 + 1)
    assert device["battery_energy"] == "1760"  # 3200 * 55 / 100
    assert device["set_output_power"] == "300"  # retain_load / 1 bank
    site = poller.sites["site-1"]
    assert site["site_admin"] is False
    # updated 13:57 site time at 12:00 UTC: 7020 s - 120 s
    assert site["energy_offset_seconds"] == 6900
    assert site["energy_offset_tz"] == 7200
    owner_only = {
        Endpoint.GET_SITE_DEVICE_PARAM,
        Endpoint.GET_POWER_CUTOFF,
        Endpoint.GET_WIFI_INFO_LIST,
        Endpoint.GET_SITE_PRICE,
        Endpoint.GET_POWER_LIMIT,
        Endpoint.GET_DEVICE_HOME_LOAD,
        Endpoint.GET_RELATE_DEVICE_FITTINGS,
        Endpoint.GET_DEVICE_ATTRS,
        Endpoint.GET_AUTO_UPGRADE,
    }
    assert owner_only.isdisjoint(session.endpoints())


@pytest.mark.parametrize("drifted", [55, None, "MISSING"])
async def test_drifted_field_is_none_and_logged_once(
    drifted: Any, caplog: pytest.LogCaptureFixture
) -> None:
    responses = _member_responses(drifted)
    if drifted == "MISSING":
        del responses[Endpoint.GET_SCEN_INFO]["solarbank_info"]["solarbank_list"][0][
            "battery_power"
        ]
    poller, _ = _poller(responses)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await poller.update_sites()
        await poller.update_sites()
    device = poller.devices["SB2SERIAL0001"]
    assert device["battery_soc"] is None
    assert device["battery_energy"] is None
    assert device["charging_power"] == "250"  # unaffected values stay
    records = [
        r for r in caplog.records if r.name == LOGGER_NAME and "battery_power" in r.getMessage()
    ]
    assert len(records) == 1
    # Logs end up in bug reports: the serial is replaced by a stable label.
    assert "SB2SERIAL0001" not in records[0].getMessage()
    assert log_label("SB2SERIAL0001") in records[0].getMessage()


async def test_list_not_a_list_and_optional_errors_do_not_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    responses = _member_responses("55")
    responses[Endpoint.GET_SCEN_INFO]["solarbank_info"]["solarbank_list"] = {"oops": 1}
    responses[Endpoint.PRODUCT_CATEGORIES] = SolixServerError("down", code=503)
    responses[Endpoint.GET_RELATE_AND_BIND_DEVICES] = SolixPermissionError("no", code=160003)
    poller, _ = _poller(responses)
    with caplog.at_level(logging.WARNING, logger=LOGGER_NAME):
        await poller.refresh_all()
        await poller.refresh_all()
    assert poller.devices == {}
    assert poller.sites["site-1"]["site_type"] == "solarbank"
    messages = [r.getMessage() for r in caplog.records if r.name == LOGGER_NAME]
    assert sum("solarbank_list" in m for m in messages) == 1
    assert sum("product_categories" in m for m in messages) == 1


async def test_auth_error_of_site_list_propagates() -> None:
    poller, _ = _poller({Endpoint.GET_SITE_LIST: SolixAuthError("kicked", code=26084)})
    with pytest.raises(SolixAuthError):
        await poller.update_sites()


async def test_unknown_device_kept_with_unknown_type_and_vanished_removed() -> None:
    responses = _member_responses("55")
    scene = responses[Endpoint.GET_SCEN_INFO]
    scene["grid_info"] = {
        "grid_list": [{"device_pn": "ZZ999", "device_sn": "NEWMETER01", "status": "1"}]
    }
    poller, _ = _poller(responses)
    await poller.update_sites()
    assert poller.devices["NEWMETER01"]["type"] == "unknown"
    assert poller.devices["NEWMETER01"]["status_desc"] == "online"
    scene["grid_info"] = {"grid_list": []}
    await poller.update_sites()
    assert "NEWMETER01" not in poller.devices
    assert "SB2SERIAL0001" in poller.devices


async def test_invalid_updated_time_replaced_by_now_when_data_valid() -> None:
    responses = _member_responses("55")
    info = responses[Endpoint.GET_SCEN_INFO]["solarbank_info"]
    info["updated_time"] = "1970-01-01 00:00:00"
    poller, _ = _poller(responses)
    await poller.update_sites()
    site = poller.sites["site-1"]
    assert site["solarbank_info"]["updated_time"] == "2025-04-23 12:00:00"
    assert "energy_offset_seconds" not in site
