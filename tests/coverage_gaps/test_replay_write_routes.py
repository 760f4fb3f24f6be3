"""Every write a replay knows changes what the next read of the same replay answers.

The replays run on scenario folders (our export format) in memory; the folder never changes.
"""

from __future__ import annotations

import json
from typing import Any

from custom_components.anker_solix.solixapi import SolixApi
from custom_components.anker_solix.solixapi.replay import ReplaySession
from tests.conftest import SCENARIOS

VEHICLES = SCENARIOS / "vehicles_account"
SITE = "d2eee334-710a-0ca0-c470-ddd812a1e640"
SOLARBANK = "96F9Z566SOJRWRM9"
FAMILY_CAR = "cccd5bc0-7f8b-2a3e-ff24-a69cceb184bf"
CITY_CAR = "1300bf5d-64d6-d136-4146-cfece3f2b7e9"
INVERTER_FOLDER = SCENARIOS / "mi80_standalone"
INVERTER = "RCKDUF2Y6SQ2"


def replay(folder: Any = VEHICLES) -> tuple[ReplaySession, SolixApi]:
    """A replay of a scenario folder and the API on it."""
    session = ReplaySession(folder)
    return session, SolixApi(session)


def selected(options: list[dict[str, Any]]) -> list[int]:
    """Ids of the selected options."""
    return [option["id"] for option in options if option.get("is_selected") == 1]


async def test_station_settings_select_the_soc_option_and_switch() -> None:
    """Type 18 keeps the stored options and marks the chosen one; the 0 W switch follows."""
    _, api = replay()
    before = await api.get_device_param(SITE, "18")
    assert before is not None
    assert selected(before["soc_list"]) == [1]
    await api.set_device_param(SITE, "18", {"id": 2, "switch_0w": 1})
    after = await api.get_device_param(SITE, "18")
    assert after is not None
    assert selected(after["soc_list"]) == [2]
    assert after["switch_0w"] == 1
    assert after["enable_0w"] == before["enable_0w"]


async def test_other_parameter_types_are_replaced_and_bad_text_counts_as_empty() -> None:
    """A type other than 6/18 stores what was sent; a non-JSON text is stored as sent."""
    session, api = replay()
    await api.set_device_param(SITE, "12", {"a": 1})
    assert await api.get_device_param(SITE, "12") == {"a": 1}
    await session.request(
        "POST",
        "power_service/v1/site/set_site_device_param",
        {"site_id": SITE, "param_type": "12", "cmd": 17, "param_data": "{not json"},
    )
    data = await session.request(
        "POST",
        "power_service/v1/site/get_site_device_param",
        {"site_id": SITE, "param_type": "12"},
    )
    assert data["data"]["param_data"] == "{not json"


async def test_power_cutoff_selects_the_option() -> None:
    """``set_power_cutoff`` moves the selection to the chosen id."""
    _, api = replay()
    assert selected((await api.get_power_cutoff(SITE, SOLARBANK))["power_cutoff_data"]) == [1]
    await api.set_power_cutoff(SOLARBANK, 2)
    assert selected((await api.get_power_cutoff(SITE, SOLARBANK))["power_cutoff_data"]) == [2]


async def test_device_attributes_reach_the_attributes_limits_and_scene() -> None:
    """The AC limit is read back under its read name, limits show in the site's power limits,
    the 0 W switch in the scene."""
    _, api = replay()
    await api.set_device_attrs(
        SOLARBANK, {"ac_power_limit": 1200, "power_limit": 600, "switch_0w": 1}
    )
    attrs = await api.get_device_attrs(SOLARBANK, ["ac_input_limit", "power_limit", "switch_0w"])
    assert attrs["attributes"] == {"ac_input_limit": 1200, "power_limit": 600, "switch_0w": 1}
    device = (await api.get_power_limit(SITE))["device_info"][0]
    assert (device["power_limit"], device["ac_input_limit"]) == (600, 1200)
    assert (await api.get_scene_info(SITE))["switch_0w"] == 1


async def test_device_attributes_without_a_site_or_a_dict_change_no_site_file() -> None:
    """Attributes of a serial no site lists stay with the device; a non-dict body does nothing."""
    session, api = replay()
    limits_before = await api.get_power_limit(SITE)
    await api.set_device_attrs("NOSUCHSERIAL0000", {"power_limit": 350})
    await session.request(
        "POST",
        "power_service/v1/app/device/set_device_attrs",
        {"device_sn": SOLARBANK, "attributes": "power_limit=350"},
    )
    assert await api.get_power_limit(SITE) == limits_before
    attrs = await api.get_device_attrs(SOLARBANK, ["power_limit"])
    assert attrs["attributes"] == {}


async def test_auto_upgrade_switches() -> None:
    """Main switch and the per-device flag of the listed serial change; others stay."""
    _, api = replay()
    await api.set_auto_upgrade(False, {SOLARBANK: False, "UNLISTED": True})
    data = await api.get_auto_upgrade()
    assert data["main_switch"] is False
    assert [(d["device_sn"], d["auto_upgrade"]) for d in data["device_list"]] == [
        (SOLARBANK, False)
    ]


async def test_dynamic_price_provider_is_merged_and_cleared() -> None:
    """A provider merges into the stored one; ``None`` clears it."""
    _, api = replay()
    provider = {"country": "DE", "company": "Tibber", "area": "DE"}
    await api.update_site_price(SITE, price_type="dynamic", dynamic_price=provider)
    price = await api.get_site_price(SITE)
    assert price["price_type"] == "dynamic"
    assert {k: price["dynamic_price"][k] for k in provider} == provider
    await api.update_site_price(SITE, price_type="fixed", dynamic_price=None)
    price = await api.get_site_price(SITE)
    assert (price["price_type"], price["dynamic_price"]) == ("fixed", None)


async def test_standalone_inverter_price_and_output_limit() -> None:
    """Tier price and currency of an inverter, and its output limit in the total statistics."""
    _, api = replay(INVERTER_FOLDER)
    await api.set_pv_price(INVERTER, 0.29, "$")
    price = await api.get_pv_price(INVERTER)
    assert price["currencyUnit"] == "$"
    assert [tier["price"] for tier in price["tieredElecPrices"]] == [0.29]
    await api.set_pv_power_limit(INVERTER, 600)
    assert (await api.get_pv_total_statistics(INVERTER))["powerConfig"] == "600W"


async def test_vehicle_update_default_and_delete() -> None:
    """Renaming shows in the list and the details; the default moves; deleting the default
    makes the remaining vehicle the default."""
    _, api = replay()
    await api.update_vehicle(CITY_CAR, vehicle_name="Zweitwagen")
    listed = {v["vehicle_id"]: v for v in (await api.get_vehicle_list())["vehicle_list"]}
    assert listed[CITY_CAR]["vehicle_name"] == "Zweitwagen"
    assert (await api.get_vehicle_details(CITY_CAR))["vehicle_name"] == "Zweitwagen"

    await api.set_default_vehicle(CITY_CAR)
    defaults = {
        v["vehicle_id"]: v["is_default_vehicle"]
        for v in (await api.get_vehicle_list())["vehicle_list"]
    }
    assert defaults == {FAMILY_CAR: False, CITY_CAR: True}

    await api.delete_vehicle(CITY_CAR)
    remaining = (await api.get_vehicle_list())["vehicle_list"]
    assert [(v["vehicle_id"], v["is_default_vehicle"]) for v in remaining] == [(FAMILY_CAR, True)]
    # An unknown vehicle changes nothing.
    await api.delete_vehicle("no-such-vehicle")
    assert (await api.get_vehicle_list())["vehicle_list"] == remaining


async def test_writes_without_a_target_file_are_accepted_without_effect() -> None:
    """A write whose file the folder lacks is accepted and recorded; the reads stay."""
    session, api = replay(INVERTER_FOLDER)
    await api.set_power_cutoff(INVERTER, 1)
    await api.set_pv_price("UNKNOWNINVERTER", 0.1, "€")
    await api.delete_vehicle(FAMILY_CAR)
    assert [endpoint.rsplit("/", 1)[-1] for endpoint, _ in session.writes] == [
        "set_power_cutoff",
        "updateUserTieredElecPrice",
        "delete_vehicle",
    ]
    assert (await api.get_pv_price(INVERTER))["tieredElecPrices"][0]["price"] == 0.35
    assert json.dumps(await api.get_vehicle_list()) == json.dumps({"vehicle_list": []})
