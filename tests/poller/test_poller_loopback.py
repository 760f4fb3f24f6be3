"""The poller against the cloud simulator over loopback with the real session."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession
from custom_components.anker_solix.solixapi.api import SolixApi
from custom_components.anker_solix.solixapi.poller import SolixPoller

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
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


def _start_ts(folder: Path) -> tuple[float, int]:
    """Scenario base time (scene ``updated_time`` or ``base_time``) and UTC offset seconds."""
    meta = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))
    offset = int(meta.get("utc_offset_minutes", 0)) * 60
    text = meta.get("base_time")
    if not text:
        for scene in sorted(folder.glob("scene_*.json")):
            info = json.loads(scene.read_text(encoding="utf-8"))["data"].get("solarbank_info")
            if info and info.get("updated_time", "")[:4] not in ("", "1970"):
                text = info["updated_time"]
                break
    local = datetime.strptime(text or "2025-06-04 12:00:00", "%Y-%m-%d %H:%M:%S")
    return (local - timedelta(seconds=offset)).replace(tzinfo=UTC).timestamp(), offset


@asynccontextmanager
async def _poller(name: str) -> AsyncIterator[SolixPoller]:
    from solixsim import CloudSimulator, SimClock

    folder = SCENARIOS / name
    start, offset = _start_ts(folder)
    meta = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))["account"]
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(start))
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            meta["email"],
            meta["password"],
            meta["country"],
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=SessionOptions(request_delay=0.3, timeout=5.0, endpoint_limit=10),
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=offset,
        )
        yield SolixPoller(SolixApi(session))


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
