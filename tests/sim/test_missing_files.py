"""Files a scenario lacks: the simulator answers what the real cloud serves (replay.defaults).

Every bundled scenario is copied, its optional endpoint files are removed, and the simulator must
still answer code 0 with the cloud's shape; our poller then refreshes every tier without a failed
request or data problem. ``missing_files = "fail"`` (opt-in) gives the bare error codes again.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from custom_components.anker_solix.solixapi import SolixApi, SolixError, SolixPoller, SolixSession
from solixsim import CloudSimulator, SimClock
from solixsim.client import client_session

SCENARIOS = Path(__file__).parents[2] / "scenarios"
LIBRARY_LOGGER = "custom_components.anker_solix.solixapi"
FALLBACK_TS = 1_750_000_000.0
CODE_FAILED = 10000


@dataclass(frozen=True)
class Optional:
    """An optional export file: its endpoint, request body and the shape of its answer."""

    endpoint: str
    body: Callable[[str], dict[str, Any]]
    keys: tuple[str, ...]
    method: str = "POST"


# File name prefix (before the site id or serial) → endpoint of the file.
OPTIONAL: dict[str, Optional] = {
    "message_unread": Optional(
        "power_service/v1/get_message_unread",
        lambda _id: {},
        ("has_unread_msg", "system_msg", "device_msg"),
        "GET",
    ),
    "co2_ranking_": Optional(
        "power_service/v1/site/co2_ranking",
        lambda site: {"site_id": site},
        ("ranking", "co2", "tree", "level"),
    ),
    "price_": Optional(
        "power_service/v1/site/get_site_price",
        lambda site: {"site_id": site},
        ("site_id", "price", "site_price_unit", "price_type"),
    ),
    "power_limit_": Optional(
        "power_service/v1/site/get_power_limit",
        lambda site: {"site_id": site},
        ("legal_power_limit", "device_info", "parallel_type", "power_limit_option"),
    ),
    "ai_ems_status_": Optional(
        "power_service/v1/ai_ems/get_status",
        lambda site: {"site_id": site},
        ("status", "result", "left_time"),
    ),
    "solar_info_": Optional(
        "power_service/v1/app/compatible/get_compatible_solar_info",
        lambda sn: {"solarbank_sn": sn},
        ("solar_brand", "solar_model", "solar_sn", "solar_model_name"),
    ),
    "device_load_": Optional(
        "power_service/v1/app/device/get_device_home_load",
        lambda sn: {"device_sn": sn},
        ("home_load_data", "current_home_load", "parallel_home_load"),
    ),
    "device_parm_4_": Optional(
        "power_service/v1/site/get_site_device_param",
        lambda site: {"site_id": site, "param_type": "4"},
        ("param_data",),
    ),
    "device_pv_total_statistics_": Optional(
        "charging_pv_svc/getPvTotalStatistics",
        lambda sn: {"sn": sn},
        ("energy", "powerConfig", "saveMoneyUnit"),
    ),
    "device_pv_price_": Optional(
        "charging_pv_svc/selectUserTieredElecPrice",
        lambda sn: {"sn": sn},
        ("currencyUnit", "tieredElecPrices"),
    ),
    "user_vehicle_details_": Optional(
        "power_service/v1/app/vehicle/get_vehicle_detail",
        lambda vehicle: {"vehicle_id": vehicle},
        ("vehicle_id", "vehicle_name", "brand", "model"),
    ),
}


def _site_detail(key: str) -> Callable[[dict[str, Any], str], bool]:
    return lambda snap, site: snap["sites"][site]["site_details"].get(key) is not None


# What the poller keeps of a default, by file prefix (its caches show the default arrived).
POLLED: dict[str, Callable[[dict[str, Any], str], bool]] = {
    "message_unread": lambda snap, _id: snap["account"].get("has_unread_msg") is False,
    "co2_ranking_": _site_detail("co2_ranking"),
    "price_": lambda snap, site: snap["sites"][site]["site_details"].get("price_type") == "fixed",
    "power_limit_": lambda snap, site: (
        snap["sites"][site]["site_details"].get("legal_power_limit") in (800, 3600)
    ),
    "ai_ems_status_": lambda snap, site: (
        snap["sites"][site]["site_details"]["ai_ems_runtime"]["status"] == 1
    ),
    "solar_info_": lambda snap, sn: bool(snap["devices"][sn]["solar_info"]["solar_brand"]),
    "device_load_": lambda snap, sn: bool(snap["devices"][sn].get("set_system_output_power")),
}
# Files whose endpoint answers from another optional file and go with it.
_COMPANIONS = ("device_pv_statistics_today_", "device_pv_statistics_")


def _scenario_names() -> list[str]:
    return sorted(path.name for path in SCENARIOS.iterdir() if (path / "site_list.json").is_file())


def _optional_files(folder: Path) -> list[tuple[str, str, Optional]]:
    """(file stem, id, endpoint) of every optional file of a scenario."""
    found: list[tuple[str, str, Optional]] = []
    for file in sorted(folder.glob("*.json")):
        for prefix, optional in OPTIONAL.items():
            if file.stem == prefix or (prefix.endswith("_") and file.stem.startswith(prefix)):
                found.append((file.stem, file.stem.removeprefix(prefix), optional))
                break
    return found


def _stripped_copy(source: Path, target: Path) -> list[tuple[str, str, Optional]]:
    """Copy a scenario without its optional files (and their companions); the removed files."""
    shutil.copytree(source, target)
    removed = _optional_files(target)
    for stem, _id, _optional in removed:
        (target / f"{stem}.json").unlink()
    for prefix in _COMPANIONS:
        for file in target.glob(f"{prefix}*.json"):
            file.unlink()
    return removed


async def _answer(session: SolixSession, optional: Optional, ident: str) -> dict[str, Any]:
    """The envelope of one request; an error code as ``{"code": code}``."""
    try:
        return await session.request(optional.method, optional.endpoint, optional.body(ident))
    except SolixError as err:
        return {"code": err.code}


def _start(sim: CloudSimulator) -> None:
    offset = sim.store.meta.utc_offset_minutes
    sim.clock.set(sim.store.base_time(offset) or FALLBACK_TS)


@pytest.mark.parametrize("name", _scenario_names())
async def test_scenario_without_optional_files_refreshes_cleanly(
    name: str, tmp_path: Path, socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """Stripped of its optional files, a scenario still gives a full refresh with no failure."""
    folder = tmp_path / name
    removed = _stripped_copy(SCENARIOS / name, folder)
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(FALLBACK_TS))
    _start(sim)
    caplog.set_level(logging.WARNING, logger=LIBRARY_LOGGER)
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = client_session(sim, url, websession)
        poller = SolixPoller(SolixApi(session))
        await poller.update_sites()
        await poller.update_device_details()
        await poller.update_site_details()
        await poller.update_energy()
        snapshot = poller.snapshot()
        for stem, ident, _optional in removed:
            prefix = stem.removesuffix(ident)
            if prefix in POLLED:
                assert POLLED[prefix](snapshot, ident), (stem, "not in the poller's caches")
        failed = [
            (record.path, record.status, record.code)
            for record in sim.recorder.records
            if record.status != 200 or record.code != 0
        ]
        assert failed == []
        problems = [r.getMessage() for r in caplog.records if r.name.startswith(LIBRARY_LOGGER)]
        assert problems == []

        # Each removed file is answered with the cloud's shape (defaults) …
        for _stem, ident, optional in removed:
            answer = await _answer(session, optional, ident)
            assert answer["code"] == 0, (optional.endpoint, answer)
            assert set(optional.keys) <= set(answer["data"]), (optional.endpoint, answer)
        # … and with the opt-in "fail" mode like a scenario without defaults.
        sim.missing_files = "fail"
        for _stem, ident, optional in removed:
            answer = await _answer(session, optional, ident)
            if optional.endpoint.endswith("get_site_device_param"):
                assert answer["data"] == {"param_data": ""}
            else:
                assert answer["code"] == CODE_FAILED, (optional.endpoint, answer)
