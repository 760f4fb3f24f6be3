"""The history backfill against the simulator when the cloud refuses a query type or answers
with malformed points, and the smart plugs' daily totals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from custom_components.anker_solix.solixapi import plan_backfill, run_backfill
from tests.loopback import served
from tests.sim_energy.helpers import ANALYSIS, SB3, SB3_SITE, scenario_copy

PLUS = "sb2_plus_plugs"
PLUS_SITE = "24614b6c-ddaf-04a6-2cc1-f9141b7eeff7"


def with_bad_points(data: dict[str, Any]) -> dict[str, Any]:
    """Every point list with a non-object point in front and a point whose time is no date
    (and whose position is past the queried days) at the end."""
    for key, points in list(data.items()):
        if isinstance(points, list) and points and isinstance(points[0], dict):
            data[key] = ["noise", *points, {"time": "someday", "value": "9"}]
    return data


async def test_refused_type_counts_and_malformed_points_are_skipped(tmp_path: Path) -> None:
    """The first query is refused (no data of that type), the second carries garbage points:
    the run completes and every other day value is read."""
    async with served(str(scenario_copy(tmp_path, SB3))) as cloud:
        poller, sim = cloud.poller, cloud.sim
        session = poller.api.session
        await session.login()
        await poller.update_sites()
        today = sim.times.today()
        days = [today - timedelta(days=offset) for offset in range(5, 0, -1)]
        plan = plan_backfill(days, ["grid", "solarbank"], per_day=[])
        sim.faults.add(ANALYSIS, code=10000, count=1)
        sim.faults.add(ANALYSIS, mutate=with_bad_points, count=1)
        result = await run_backfill(session, poller.api, SB3_SITE, plan, reserved=4)
        assert (result.range_requests, result.refused) == (2, 1)
        assert sorted(result.days) == days
        for day in days:
            truth = sim.energy.day(SB3_SITE, day)
            assert "grid_export" not in result.days[day]
            assert abs(result.days[day]["battery_discharge"] - truth["battery_discharge"]) < 0.006


async def test_smart_plug_totals_per_day(tmp_path: Path) -> None:
    """A per-day home usage query gives each plug's total under ``plug:<serial>``."""
    async with served(str(scenario_copy(tmp_path, PLUS))) as cloud:
        poller, sim = cloud.poller, cloud.sim
        session = poller.api.session
        await session.login()
        await poller.update_sites()
        day = sim.times.today() - timedelta(days=1)
        plan = plan_backfill([day], ["home_usage"], per_day=["home_usage"])
        result = await run_backfill(session, poller.api, PLUS_SITE, plan, reserved=4)
        plugs = {key: value for key, value in result.days[day].items() if key.startswith("plug:")}
        assert plugs
        assert all(value >= 0 for value in plugs.values())
