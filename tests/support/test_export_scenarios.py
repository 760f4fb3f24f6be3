"""Export of every scenario: leak-free, a valid scenario that serves the same client caches."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from solixsim import CloudSimulator, SimClock
from solixsim.export_command import export_scenario
from solixsim.snapshot import take_snapshot
from tests.conftest import SCENARIOS
from tests.support.helpers import comparable, leaks, personal_values, remap

ALL_SCENARIOS = sorted(
    path.name for path in SCENARIOS.iterdir() if (path / "site_list.json").is_file()
)


def base_time(scenario: str) -> float:
    """The scenario's base time (tick 0: values exactly as in its files)."""
    sim = CloudSimulator.from_scenario(SCENARIOS / scenario, clock=SimClock.manual(0))
    return sim.times.base("")


@pytest.mark.parametrize("scenario", ALL_SCENARIOS)
async def test_export_is_leak_free_and_replays_the_same_caches(
    scenario: str, tmp_path: Path, socket_enabled: None
) -> None:
    """No id, serial, e-mail, MAC, SSID, token or site name of the source survives in any file
    (content or name) or in the zip; served by the simulator, the export gives the client the
    same caches as the source (ids mapped)."""
    start = base_time(scenario)
    out = tmp_path / "export"
    result, anonymizer = await export_scenario(SCENARIOS / scenario, out, clock_ts=start, seed=5)

    values = personal_values(scenario)
    assert values
    assert leaks(out, values) == []
    with zipfile.ZipFile(result.zip_path) as archive:
        names = archive.namelist()
        text = "\n".join(names + [archive.read(name).decode() for name in names])
    assert [value for value in values if value in text] == []
    assert result.zip_path.name.startswith("export_")
    assert result.zip_path.is_file()
    assert {"site_list.json", "bind_devices.json", "export.log", "api_sites.json"} <= {
        Path(name).name for name in names
    }
    for name in ("api_account", "api_sites", "api_devices"):
        assert isinstance(json.loads((out / f"{name}.json").read_text(encoding="utf-8")), dict)
    account = json.loads((out / "api_account.json").read_text(encoding="utf-8"))
    assert account["email"].startswith("anonymous-")

    source = comparable(remap(await take_snapshot(SCENARIOS / scenario, start), anonymizer))
    replayed = comparable(await take_snapshot(out, start))
    assert _daily_values_only(replayed) == _daily_values_only(source)


# Values of a past day that an export holds as its own daily entries (``power[]``); the other
# totals of a past day exist only for the exported interval of 7 days (with the simulator's
# history) and a replay splits them over the days by their daily values.
_DAILY_KEYS = ("date", "solar_production", "home_usage", "battery_discharge")


def _daily_values_only(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot with ``energy_details.last_period`` reduced to the daily values."""
    sites = {}
    for site_id, site in snapshot["sites"].items():
        details = site.get("energy_details")
        last = details.get("last_period") if isinstance(details, dict) else None
        if isinstance(last, dict):
            kept = {key: value for key, value in last.items() if key.startswith(_DAILY_KEYS)}
            site = {**site, "energy_details": {**details, "last_period": kept}}
        sites[site_id] = site
    return {**snapshot, "sites": sites}


async def test_export_files_keep_the_source_file_names(
    tmp_path: Path, socket_enabled: None
) -> None:
    """Every response file of the source comes back under its (mapped) §9.1 name."""
    scenario = "sb1_dual_zero_switch"
    result, anonymizer = await export_scenario(
        SCENARIOS / scenario, tmp_path / "out", clock_ts=base_time(scenario), seed=1
    )
    source_names = {
        anonymizer.redact_text(path.stem)
        for path in (SCENARIOS / scenario).glob("*.json")
        if path.name != "scenario.json"
    }
    assert source_names <= set(result.files)
