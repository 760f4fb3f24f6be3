"""`backfill`: what a history import of N past days costs against a scenario.

Our client logs in to the simulator (manual clock shared with the session, so every wait of
the rate limiter advances it instantly), reads the sites and devices, then runs the library's
backfill plan (`plan_backfill` + `run_backfill`) for the N days before today of every site:
range queries for the series `power[]` carries, one query per day where only interval totals
hold the value (battery charge; smart plugs). Printed per site: planned and sent requests by
kind, the simulated time the import took under the per-endpoint limit, with slots left to
live polling, and a check of the imported values against the simulator's own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import (
    SessionOptions,
    SolixApi,
    SolixPoller,
    SolixSession,
    plan_backfill,
    run_backfill,
)

from .cli_args import clock_start, scenario_missing
from .clock import SimClock
from .simulator import CloudSimulator

ENDPOINT_LIMIT = 10
REQUEST_DELAY = 0.3
_COMPARED = ("solar_production", "battery_discharge", "home_usage", "battery_charge")


def device_types(poller: SolixPoller, site_id: str) -> tuple[list[str], list[str]]:
    """(range device types, per-day device types) a site's devices call for (§7.2)."""
    devices = [d for d in poller.devices.values() if d.get("site_id") == site_id]
    kinds = {str(device.get("type")) for device in devices}
    newer = any((d.get("generation") or 0) >= 2 for d in devices if d.get("type") == "solarbank")
    ranged = ["solar_production"]
    if "solarbank" in kinds:
        ranged.append("solarbank")
    if newer or "smartmeter" in kinds or "smartplug" in kinds:
        ranged.append("home_usage")
    if "smartmeter" in kinds:
        ranged.append("grid")
    per_day = ["solar_production"] if "solarbank" in kinds else []
    if "smartplug" in kinds:
        per_day.append("home_usage")
    return ranged, per_day


def _mismatches(sim: CloudSimulator, site_id: str, days: dict[date, dict[str, float]]) -> int:
    """Imported day values that differ from the simulator's own by more than rounding."""
    wrong = 0
    for day, values in days.items():
        truth = sim.energy.day(site_id, day)
        for key in _COMPARED:
            if key in values and abs(values[key] - truth[key]) > 0.006:
                wrong += 1
    return wrong


async def run_import(scenario: Path, days: int, start: float | None) -> dict[str, Any]:
    """Backfill every site of ``scenario`` for ``days`` days; the figures per site."""
    sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(start or 0.0))
    if start is None:
        sim.clock.set(sim.times.base(""))
    meta = sim.store.meta
    result: dict[str, Any] = {"scenario": scenario.name, "days": days, "sites": {}}
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        options = SessionOptions(
            request_delay=REQUEST_DELAY, timeout=10.0, endpoint_limit=ENDPOINT_LIMIT
        )
        session = SolixSession(
            websession,
            meta.email,
            meta.password,
            meta.country,
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=options,
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=meta.utc_offset_minutes * 60,
        )
        api = SolixApi(session)
        poller = SolixPoller(api)
        await session.login()
        await poller.update_sites()
        await poller.update_device_details()
        today = sim.times.today()
        wanted = [today - timedelta(days=offset) for offset in range(days, 0, -1)]
        for site_id in poller.sites:
            ranged, per_day = device_types(poller, site_id)
            if not sim.energy.has_model("solar_production", site_id):
                continue
            plan = plan_backfill(wanted, ranged, per_day=per_day)
            began = sim.clock.now()
            done = await run_backfill(session, api, site_id, plan)
            result["sites"][site_id[:8]] = {
                "range_types": ranged,
                "per_day_types": per_day,
                "range_requests": done.range_requests,
                "per_day_requests": done.day_requests,
                "refused": done.refused,
                "simulated_minutes": round((sim.clock.now() - began) / 60, 1),
                "days_with_values": len(done.days),
                "mismatches": _mismatches(sim, site_id, done.days),
            }
    result["endpoint_limit_per_minute"] = ENDPOINT_LIMIT
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the `backfill` subcommand."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument("--days", type=int, default=365, help="days to import (default 365)")
    parser.add_argument(
        "--clock",
        help="start time, ISO 8601 or Unix seconds (naive = site-local); default: the "
        "scenario's export time",
    )


def run(args: argparse.Namespace) -> int:
    """Print the backfill figures of `args.scenario` as JSON."""
    if scenario_missing(args):
        return 2
    if not 1 <= args.days <= 366:
        print("--days must be between 1 and 366", file=sys.stderr)
        return 2
    result = asyncio.run(run_import(args.scenario, args.days, clock_start(args)))
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0
