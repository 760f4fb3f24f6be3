"""The poller against the cloud simulator over loopback with the real session."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from custom_components.anker_solix.solixapi.poll import SolixPoller
from tests.conftest import SCENARIOS
from tests.loopback import served

KNOWN_TYPES = {
    "solarbank",
    "combiner_box",
    "inverter",
    "smartmeter",
    "smartplug",
    "pps",
    "powerpanel",
    "hes",
    "solarbank_pps",
    "ev_charger",
    "unknown",
}


@asynccontextmanager
async def _poller(name: str) -> AsyncIterator[SolixPoller]:
    async with served(name) as loopback:
        yield loopback.poller


async def test_multisystem_site_poll_values(socket_enabled: None) -> None:
    async with _poller("sb3_multisystem_dock") as poller:
        await poller.update_sites()
        devices = poller.devices
        # Hand-computed from the scenario scene (tick 0), §8.1 multisystem rules:
        # D1 pv 1150 out 450 chg 700 -> out 1150, +700; D2 pv 150 out 400 dis 250 -> -250;
        # D3 pv 380 out 380 -> 0.
        first, second, third = (
            devices["DEFX24CK8Y4ZV8FKQ"],
            devices["P4RAW5OIWDPBAENEG"],
            devices["HE6N3ZCGQHXEP4CEM"],
        )
        assert (first["charging_power"], first["output_power"]) == ("700", "1150")
        assert (second["charging_power"], second["output_power"]) == ("-250", "400")
        assert third["charging_power"] == "0"
        assert first["charging_status_desc"] == "charge_bypass"
        assert second["charging_status_desc"] == "bypass_discharge"
        assert third["charging_status_desc"] == "fully_charged"
        assert (first["battery_capacity"], first["battery_energy"]) == ("8064", "4032")
        assert (second["battery_capacity"], second["battery_energy"]) == ("5376", "4408")
        assert (third["battery_capacity"], third["battery_energy"]) == ("2688", "2688")
        assert first["solarbank_count"] == 3
        site = next(iter(poller.sites.values()))
        assert site["solarbank_info"]["total_charging_power"] == "450"
        assert site["site_type"] == "solarbank"
        assert poller.account["sites_poll_time"]


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir()))
async def test_refresh_all_on_every_scenario(name: str, socket_enabled: None) -> None:
    async with _poller(name) as poller:
        await poller.refresh_all()
        snapshot = poller.snapshot()
        json.dumps(snapshot)
        assert snapshot["account"]["type"] == "account"
        assert snapshot["sites"] or snapshot["devices"] or name == "vehicles_account"
        for serial, device in snapshot["devices"].items():
            assert device["type"] in KNOWN_TYPES, serial
            assert device["device_sn"] == serial
        for site_id, site in snapshot["sites"].items():
            assert site["type"] == "system", site_id
