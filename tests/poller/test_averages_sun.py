"""Power Panel / X1 averages read no solar answer while the sun is down, and lose no value."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SCENARIOS as FOLDERS
from tests.loopback import Loopback, base_time, served

from .test_polite_averages import SITES, STATISTICS, _average, _grid_point

SCENARIOS = {
    # scenario: (hours after the base time of a start before sunrise, site-local date then)
    "powerpanel": (17.5, "2025-02-12"),  # base 2025-02-11 10:30 → 04:00 the next morning
    "x1_hes": (13.5, "2025-06-19"),  # base 2025-06-18 11:00 → 00:30 the next morning
}


def _day_reads(loopback: Loopback, path: str) -> list[tuple[str, str]]:
    """(source, day) of every ``day`` statistics request so far."""
    return [
        (str(record.body.get("sourceType")), str(record.body.get("start")))
        for record in loopback.sim.recorder.records
        if record.path == path and record.body.get("dateType") == "day"
    ]


def _slot_start(valid_time: str) -> str:
    """``HH:MM`` of the slot that ends at ``valid_time`` (``YYYY-MM-DD HH:MM:SS``)."""
    minutes = (int(valid_time[11:13]) * 60 + int(valid_time[14:16]) - 5) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


async def _cloud_solar(loopback: Loopback, scenario: str, day: str) -> dict[str, float]:
    """The cloud's own solar point of every published slot of ``day``."""
    api = loopback.poller.ctx.api
    read = api.get_power_panel_energy if scenario == "powerpanel" else api.get_hes_energy
    data: dict[str, Any] = await read(SITES[scenario], "solar", "day", day, day)
    return {p["time"]: float(p["powerInfos"][0]["value"]) for p in data["power"]}


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_no_solar_answer_before_sunrise_and_every_sample_right(
    scenario: str, socket_enabled: None
) -> None:
    """Live polls every 120 s for 6 hours from before sunrise on advancing statistics.

    Before the sun is up only ``hes`` and ``home`` are read per sample (plus yesterday's solar
    day answer once, for its solar hours); an hour before yesterday's first solar point the
    ``solar`` answer comes back. Every sample shown has the cloud's own solar point (0 while
    the answer was left out) and its grid by balance equals the cloud's grid point.
    """
    hours, today = SCENARIOS[scenario]
    start, _ = base_time(FOLDERS / scenario)
    async with served(scenario, at=start + hours * 3600) as loopback:
        poller, clock, path = loopback.poller, loopback.sim.clock, STATISTICS[scenario]
        shown: dict[str, tuple[str, str, bool]] = {}  # valid time -> solar, grid net, read
        for _ in range(180):
            before = _day_reads(loopback, path).count(("solar", today))
            await poller.update_sites()
            average = _average(loopback)
            net = float(average["grid_import_avg"]) - float(average["grid_export_avg"])
            if average["valid_time"] not in shown and average["valid_time"][:10] == today:
                read = _day_reads(loopback, path).count(("solar", today)) > before
                shown[average["valid_time"]] = (average["solar_power_avg"], f"{net:.2f}", read)
            clock.advance(120)
        reads = _day_reads(loopback, path)
        yesterday = [day for source, day in reads if source == "solar" and day != today]
        assert len(yesterday) == 1  # the day before, once, for its solar hours
        cloud = await _cloud_solar(loopback, scenario, today)
        first_sun = min(slot for slot, value in cloud.items() if value > 0)
        skipped = [_slot_start(v) for v, (_, _, read) in sorted(shown.items()) if not read]
        assert len(skipped) >= 3  # an idle night: a sample every 30 min
        assert reads.count(("solar", today)) == len(shown) - len(skipped)
        resumed = min(
            _slot_start(v)
            for v, (_, _, read) in shown.items()
            if read and _slot_start(v) > skipped[0]
        )
        assert skipped[-1] < resumed < first_sun  # back before the first solar point
        assert any(float(solar) > 0 for solar, _, _ in shown.values())
        for valid_time, (solar, _, _) in shown.items():
            assert float(solar) == pytest.approx(cloud[_slot_start(valid_time)], abs=0.001)
        last = max(shown)
        cloud_grid = await _grid_point(loopback, scenario, last)
        assert float(shown[last][1]) == pytest.approx(cloud_grid, abs=0.011)
