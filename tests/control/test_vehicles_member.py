"""Vehicle updates and options, member refusals and cache customizations against the simulator."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.common import (
    SolixNotAllowedError,
    SolixRequestError,
    SolixValidationError,
)
from custom_components.anker_solix.solixapi.control import (
    brand_options,
    customize,
    load_options_of_vehicle,
    model_options,
    set_auto_upgrade,
    set_default_vehicle,
    set_grid_export,
    set_inverter_limit,
    set_site_price,
    set_soc_reserve,
    update_vehicle,
    variant_options,
    vehicle_variant,
    year_options,
)
from tests.control.simenv import control_env

FAMILY = "cccd5bc0-7f8b-2a3e-ff24-a69cceb184bf"
CITY = "1300bf5d-64d6-d136-4146-cfece3f2b7e9"
VEHICLE_UPDATE = "power_service/v1/app/vehicle/update_vehicle"
MEMBER_SITE = "fe92121d-00db-f5e6-7a11-0c249aac4b5d"
MEMBER_BANK = "0FADU05JOTKF9QEDS"
SB1 = "2CBMC6GFUP32YU4Y"


def _stored_vehicle(env_list: dict[str, list[dict[str, object]]], vid: str) -> dict[str, object]:
    return next(v for v in env_list["vehicle_list"] if v["vehicle_id"] == vid)


async def test_vehicle_options_cached_once(socket_enabled: None) -> None:
    async with control_env("vehicles_account") as env:
        account = env.poller.account
        assert "Volkswagen" in brand_options(account)
        mark = env.mark()
        await load_options_of_vehicle(env.poller, FAMILY)
        assert len(env.requests_since(mark)) == 3
        assert "ID.3 Pro S" in model_options(account, "Volkswagen")
        assert year_options(account, "Volkswagen", "ID.3 Pro S") == [2022, 2023, 2024, 2025]
        variants = variant_options(account, "Volkswagen", "ID.3 Pro S", 2023)
        assert variants == ["310482/77.0 kWh/11.0 kW"]
        assert vehicle_variant(account, account["vehicles"][FAMILY]) == variants[0]
        mark = env.mark()
        await load_options_of_vehicle(env.poller, FAMILY)
        assert env.requests_since(mark) == []
        env.poller.snapshot()  # the catalogue stays JSON-serialisable


async def test_vehicle_update_round_trip(socket_enabled: None) -> None:
    async with control_env("vehicles_account") as env:
        mark = env.mark()
        await update_vehicle(env.poller, FAMILY, battery_capacity=79.5, productive_year=2024)
        assert env.requests_since(mark)[-1] == VEHICLE_UPDATE
        vehicle = env.poller.account["vehicles"][FAMILY]
        assert (vehicle["battery_capacity"], vehicle["productive_year"]) == (79.5, 2024)
        stored = _stored_vehicle(env.stored("user_vehicles"), FAMILY)
        assert (stored["battery_capacity"], stored["productive_year"]) == (79.5, 2024)
        await update_vehicle(
            env.poller, FAMILY, productive_year=2023, variant="310482/77.0 kWh/11.0 kW"
        )
        assert env.poller.account["vehicles"][FAMILY]["battery_capacity"] == 77.0
        await set_default_vehicle(env.poller, CITY)
        vehicles = env.poller.account["vehicles"]
        assert (vehicles[CITY]["is_default_vehicle"], vehicles[FAMILY]["is_default_vehicle"]) == (
            True,
            False,
        )
        await env.poller.update_vehicles()
        vehicles = env.poller.account["vehicles"]
        assert vehicles[CITY]["is_default_vehicle"] is True
        assert vehicles[FAMILY]["battery_capacity"] == 77.0
        assert vehicles[FAMILY]["productive_year"] == 2023


async def test_vehicle_refusals_send_no_write(socket_enabled: None) -> None:
    async with control_env("vehicles_account") as env:
        mark = env.mark()
        cases: list[tuple[str, dict[str, object], str, str]] = [
            (FAMILY, {"vehicle_name": "Stadtflitzer"}, "vehicle_name_exists", "vehicle_name"),
            (FAMILY, {"brand": "Trabant"}, "vehicle_option_invalid", "brand"),
            (FAMILY, {"model": "Käfer"}, "vehicle_option_invalid", "model"),
            (FAMILY, {"productive_year": 1999}, "vehicle_option_invalid", "productive_year"),
            (FAMILY, {"battery_capacity": 0}, "vehicle_value_invalid", "battery_capacity"),
            (FAMILY, {"color": "red"}, "vehicle_field_invalid", "color"),
            ("unknown", {"battery_capacity": 50}, "unknown_vehicle", "vehicle_id"),
        ]
        for vehicle_id, fields, reason, field in cases:
            with pytest.raises(SolixValidationError) as err:
                await update_vehicle(env.poller, vehicle_id, **fields)
            assert (err.value.reason, err.value.field) == (reason, field)
        assert VEHICLE_UPDATE not in env.requests_since(mark)
        before = dict(env.poller.account["vehicles"][FAMILY])
        env.sim.faults.add(VEHICLE_UPDATE, code=10000)
        with pytest.raises(SolixRequestError):
            await update_vehicle(env.poller, FAMILY, battery_capacity=60)
        assert env.poller.account["vehicles"][FAMILY] == before


async def test_member_refusals_send_nothing(socket_enabled: None) -> None:
    async with control_env("member_sb3") as env:
        mark = env.mark()
        calls = [
            set_soc_reserve(env.poller, MEMBER_BANK, 5),
            set_grid_export(env.poller, MEMBER_BANK, False),
            set_inverter_limit(env.poller, MEMBER_BANK, 600),
            set_auto_upgrade(env.poller, MEMBER_BANK, True),
            set_site_price(env.poller, MEMBER_SITE, price=0.3),
        ]
        for call in calls:
            with pytest.raises(SolixNotAllowedError) as err:
                await call
            assert err.value.reason == "not_owner"
        assert env.requests_since(mark) == []


async def test_member_customizations(socket_enabled: None) -> None:
    async with control_env("member_sb3") as env:
        bank = env.poller.devices[MEMBER_BANK]
        await customize(env.poller, MEMBER_BANK, "battery_capacity", 6000)
        assert bank["battery_energy"] == str(int(6000 * float(bank["battery_soc"]) / 100))
        mark = env.mark()
        await customize(
            env.poller,
            MEMBER_SITE,
            "dynamic_price",
            {"country": "DE", "company": "Nordpool", "area": "GER"},
        )
        site = env.poller.sites[MEMBER_SITE]
        assert site["customized"]["dynamic_price"] == "DE/Nordpool/GER"
        # the provider's spot prices are read (this scenario has none to offer), nothing written
        assert env.requests_since(mark) == ["power_service/v1/dynamic_price/price_detail"]
        with pytest.raises(SolixValidationError) as err:
            await customize(env.poller, MEMBER_SITE, "dynamic_price", "Nordpool")
        assert err.value.reason == "customize_value_invalid"
        with pytest.raises(SolixValidationError) as key:
            await customize(env.poller, MEMBER_SITE, "no_such_key", 1)
        assert key.value.reason == "customize_key_invalid"
        await env.repoll()
        bank = env.poller.devices[MEMBER_BANK]
        assert bank["customized"] == {"battery_capacity": "6000"}
        assert bank["battery_energy"] == str(int(6000 * float(bank["battery_soc"]) / 100))


async def test_sb1_battery_capacity_customize(socket_enabled: None) -> None:
    async with control_env("sb1_single") as env:
        device = env.poller.devices[SB1]
        mark = env.mark()
        await customize(env.poller, SB1, "battery_capacity", 2000)
        assert env.requests_since(mark) == []
        assert device["battery_energy"] == str(int(2000 * float(device["battery_soc"]) / 100))
        with pytest.raises(SolixValidationError) as err:
            await customize(env.poller, SB1, "battery_capacity", "big")
        assert err.value.reason == "customize_number_invalid"


async def test_hes_module_capacity_customize(socket_enabled: None) -> None:
    async with control_env("x1_hes") as env:
        main = env.poller.devices["VDSC09AV03KPXZWU"]
        await customize(env.poller, "4C80NWNR9SSRKNWQ", "battery_capacity", 6000)
        assert main["battery_capacity"] == "16000"
        soc = main["average_power"]["state_of_charge"]
        assert main["battery_energy"] == str(int(16000 * float(soc) / 100))


async def test_power_panel_capacity_customize_survives_poll(socket_enabled: None) -> None:
    async with control_env("powerpanel") as env:
        panel = env.poller.devices["A2CJCODQKLGX5YM4"]
        await customize(env.poller, "A2CJCODQKLGX5YM4", "battery_capacity", 5000)
        soc = panel["average_power"]["state_of_charge"]
        assert panel["battery_energy"] == str(int(5000 * float(soc) / 100))
        # the scenario's 5-minute statistics do not move: forget the last slot so the next
        # site poll derives the averages (and the stored energy) again
        panel["average_power"]["valid_time"] = ""
        panel["battery_energy"] = None
        env.sim.clock.advance(900)
        await env.poller.update_sites()
        panel = env.poller.devices["A2CJCODQKLGX5YM4"]
        soc = panel["average_power"]["state_of_charge"]
        assert panel["battery_energy"] == str(int(5000 * float(soc) / 100))
