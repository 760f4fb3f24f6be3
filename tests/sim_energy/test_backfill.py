"""The library's backfill plan and runner against the simulator's history."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from custom_components.anker_solix.solixapi import Endpoint, plan_backfill, run_backfill
from tests.loopback import served
from tests.sim_energy.helpers import SB3, SB3_SITE, scenario_copy

TYPES = ["solar_production", "solarbank", "home_usage", "grid"]


def test_a_year_is_one_range_query_per_type_and_one_day_query_per_day() -> None:
    days = [date(2025, 1, 1) + timedelta(days=offset) for offset in range(365)]
    plan = plan_backfill(days, [*TYPES, "unknown"], per_day=["solar_production"])
    assert [(q.device_type, q.start, q.end) for q in plan.range_queries] == [
        (kind, days[0], days[-1]) for kind in TYPES
    ]
    assert len(plan.day_queries) == 365
    assert {q.start == q.end for q in plan.day_queries} == {True}
    # gaps (days already imported) split the ranges; a single day needs no range query of a
    # type it asks per day anyway
    gaps = plan_backfill([days[0], days[1], days[10]], TYPES, per_day=["solar_production"])
    assert [(q.device_type, q.start, q.end) for q in gaps.range_queries] == [
        *((kind, days[0], days[1]) for kind in TYPES),
        *((kind, days[10], days[10]) for kind in TYPES[1:]),
    ]
    short = plan_backfill(days, ["grid"], per_day=[], longest=100)
    assert [len(q.days) for q in short.range_queries] == [100, 100, 100, 65]


async def test_backfill_reads_the_simulated_history_and_leaves_slots(
    tmp_path: Path, socket_enabled: None
) -> None:
    async with served(str(scenario_copy(tmp_path, SB3))) as cloud:
        poller, sim = cloud.poller, cloud.sim
        session = poller.api.session
        await session.login()
        await poller.update_sites()
        today = sim.times.today()
        days = [today - timedelta(days=offset) for offset in range(30, 0, -1)]
        plan = plan_backfill(days, TYPES, per_day=["solar_production"])
        began = len(sim.recorder.records)
        progress: list[tuple[int, int]] = []
        result = await run_backfill(
            session,
            poller.api,
            SB3_SITE,
            plan,
            reserved=4,
            progress=lambda done, total: progress.append((done, total)),
        )
        assert (result.range_requests, result.day_requests, result.refused) == (4, 30, 0)
        assert progress[-1] == (34, 34)
        assert sorted(result.days) == days
        for day in days:
            truth = sim.energy.day(SB3_SITE, day)
            for key in ("solar_production", "battery_discharge", "home_usage", "battery_charge"):
                assert abs(result.days[day][key] - truth[key]) < 0.006, (day, key)
            assert abs(result.days[day]["grid_export"] - truth["grid_export"]) < 0.006
        # at most limit - reserved energy requests of the backfill in any minute
        times = [
            record.ts
            for record in sim.recorder.records[began:]
            if record.path == Endpoint.ENERGY_ANALYSIS
        ]
        busiest = max(sum(1 for t in times if start <= t < start + 60) for start in times)
        assert busiest <= 10 - 4
