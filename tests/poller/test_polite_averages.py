"""Power Panel / X1 5-minute averages: read once per new sample, three sources, grid by balance."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.loopback import Loopback, served

STATISTICS = {
    "powerpanel": "charging_energy_service/energy_statistics",
    "x1_hes": "charging_hes_svc/get_energy_statistics",
}
SITES = {
    "powerpanel": "b3d09569-eec9-4800-130d-784e71e2b7e9",
    "x1_hes": "ab82e575-d97c-55a9-59dc-202fe3014242",
}


def _day_reads(loopback: Loopback, path: str) -> list[str]:
    """Sources of the ``day`` statistics requests so far."""
    return [
        str(record.body.get("sourceType"))
        for record in loopback.sim.recorder.records
        if record.path == path and record.body.get("dateType") == "day"
    ]


def _average(loopback: Loopback) -> dict[str, Any]:
    found = [e for e in loopback.poller.devices.values() if e.get("average_power")]
    assert len(found) == 1
    return dict(found[0]["average_power"])


async def _grid_point(loopback: Loopback, scenario: str, valid_time: str) -> float:
    """The cloud's own grid value of the sample that ends at ``valid_time``."""
    site, day = SITES[scenario], valid_time[:10]
    api = loopback.poller.ctx.api
    read = api.get_power_panel_energy if scenario == "powerpanel" else api.get_hes_energy
    grid = await read(site, "grid", "day", day, day)
    slot_start = (int(valid_time[11:13]) * 60 + int(valid_time[14:16]) - 5) % 1440
    label = f"{slot_start // 60:02d}:{slot_start % 60:02d}"
    point = next(p for p in grid["power"] if p["time"] == label)
    return float(point["powerInfos"][0]["value"])


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_each_new_sample_is_read_once_with_three_sources(
    scenario: str, socket_enabled: None
) -> None:
    """Live polls every 60 s for an hour of advancing statistics (a slot every 5 minutes).

    Every published sample is read once: ``hes`` tells whether one is new, then ``solar`` and
    ``home``; ``grid`` is never asked, its value (import/export) follows from the balance and
    equals the cloud's own grid point.
    """
    async with served(scenario) as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        assert _day_reads(loopback, STATISTICS[scenario]) == ["hes", "solar", "home"]
        seen = {_average(loopback)["valid_time"]}
        for _ in range(60):
            clock.advance(60)
            await poller.update_sites()
            seen.add(_average(loopback)["valid_time"])
        reads = _day_reads(loopback, STATISTICS[scenario])
        assert "grid" not in reads
        assert len(seen) >= 11  # a new sample every 5 minutes
        assert reads.count("solar") == reads.count("home") == len(seen)
        assert reads.count("hes") <= 2 * len(seen)  # at most one miss per sample, not 60 looks
        average = _average(loopback)
        cloud_grid = await _grid_point(loopback, scenario, average["valid_time"])
        derived = float(average["grid_import_avg"]) - float(average["grid_export_avg"])
        assert derived == pytest.approx(cloud_grid, abs=0.011)


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_a_stalled_sample_is_looked_for_ever_less_often(
    scenario: str, socket_enabled: None
) -> None:
    """Two hours of live polls every 300 s on a cloud whose day statistics stop advancing.

    After the first sample only ``hes`` is asked, after 1, 2, 4, … minutes (at most every
    30 min), instead of on every poll; the shown sample stays.
    """
    async with served(scenario) as loopback:
        poller, clock, path = loopback.poller, loopback.sim.clock, STATISTICS[scenario]
        frozen: dict[str, Any] = {}

        def stall(data: Any) -> Any:
            source = str(data["power"][0]["powerInfos"][0]["type"])
            return copy.deepcopy(frozen.setdefault(source, data))

        loopback.sim.faults.add(path, mutate=stall, count=1000)
        await poller.update_sites()
        first = len(_day_reads(loopback, path))
        averages = _average(loopback)
        for _ in range(24):
            clock.advance(300)
            await poller.update_sites()
        checks = _day_reads(loopback, path)[first:]
        assert set(checks) == {"hes"}
        assert 5 <= len(checks) <= 10  # every 300 s would be 24
        assert _average(loopback)["valid_time"] == averages["valid_time"]
