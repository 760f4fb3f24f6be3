"""`bench`: run our client and poll scheduler against a scenario for simulated hours.

The simulator serves the scenario from its own thread; the client (`SolixSession` + `SolixApi` +
`SolixPoller`) polls as the integration's coordinator does, asking the same `PollScheduler` what
to run and how long to wait. Both share one manual clock: every wait advances it instantly, so a
day of polling takes seconds. The client's CPU time is measured on its own thread
(`time.thread_time`), next to the process CPU time of client and simulator together.

With `--fixed SECONDS` the client instead polls like the reference integration's defaults
(§11): live data every SECONDS, details and energy on every 10th poll (every site, every detail
query).

A run is determined by its arguments: the clock starts at `--clock`, else at the scenario's
export time (its earliest scene `updated_time`, else `base_time` of `scenario.json`), else at
`DEFAULT_START`; the simulator is built on that clock, so sites without a data time take it as
their base time too.

Scene reads of sites without a data time (an empty or `1970-…` `updated_time`: the client
writes its poll time in) count as new only when the served values changed, and they are
reported apart (`untimed_reads`); they have no freshness delay.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import (
    PollPlan,
    PollScheduler,
    SolixApi,
    SolixPoller,
    scene_updated_time,
)

from .bench_averages import run_averages_comparison
from .bench_live import run_live_comparison
from .cli_args import clock_start, scenario_missing
from .client import client_session
from .clock import SimClock
from .recorder import RequestRecord
from .simulator import CloudSimulator

HOUR = 3600.0
SCENE_PARTS = ("solarbank_info", "grid_info", "smart_plug_info", "pps_info", "solar_list")
"""Scene parts compared for sites without a data time."""
DEFAULT_START = 1_750_000_000.0
"""Start of a bench run on a scenario with no time of its own (2025-06-15 15:06:40 UTC)."""
WINDOW = 60.0
REFERENCE_DETAILS_EVERY = 10
_SERVER_START_SECONDS = 30.0


def _scene_content(site: Mapping[str, Any]) -> str:
    """The scene values of a site cache without ``updated_time`` (and without our own keys)."""
    parts = {key: site.get(key) for key in SCENE_PARTS}
    info = parts["solarbank_info"]
    if isinstance(info, Mapping):
        parts["solarbank_info"] = {k: v for k, v in info.items() if k != "updated_time"}
    return json.dumps(parts, sort_keys=True, default=str)


@dataclass
class BenchLog:
    """What the bench saw poll by poll."""

    live_polls: int = 0
    timed_polls: int = 0
    details_polls: int = 0
    energy_polls: int = 0
    polls_with_new_data: int = 0
    scene_reads: int = 0
    scene_reads_with_new_data: int = 0
    untimed_reads: int = 0
    untimed_reads_with_new_data: int = 0
    contents: dict[str, str] = field(default_factory=dict)
    delays: list[float] = field(default_factory=list)
    thread_cpu: list[float] = field(default_factory=list)
    process_cpu: list[float] = field(default_factory=list)
    stamps: dict[str, str] = field(default_factory=dict)

    def observe(
        self,
        sites: Mapping[str, Mapping[str, Any]],
        sim: CloudSimulator,
        skip: frozenset[str] = frozenset(),
    ) -> None:
        """Count new scene stamps of the sites this poll read and their delay.

        The first poll only sets them. Only polls after the first that read at least one
        stamped scene count for the share. Sites without a data time count apart, by content.
        """
        first = self.live_polls == 0
        self.live_polls += 1
        timed = new_data = False
        for site_id, site in sites.items():
            if site_id in skip and not first:
                continue
            if site.get("data_time_valid") is False:
                self._observe_untimed(site_id, site, first)
                continue
            stamp = scene_updated_time(site)
            data_ts = sim.times.parse_local(stamp)
            if data_ts is None:
                continue
            changed = self.stamps.get(site_id) != stamp
            self.stamps[site_id] = stamp
            if first:
                continue
            timed = True
            self.scene_reads += 1
            if changed:
                new_data = True
                self.scene_reads_with_new_data += 1
                self.delays.append(sim.clock.now() - data_ts)
        self.timed_polls += int(timed)
        self.polls_with_new_data += int(new_data)

    def _observe_untimed(self, site_id: str, site: Mapping[str, Any], first: bool) -> None:
        """A scene without a data time: new only when its content changed."""
        content = _scene_content(site)
        changed = self.contents.get(site_id) != content
        self.contents[site_id] = content
        if first:
            return
        self.untimed_reads += 1
        self.untimed_reads_with_new_data += int(changed)


class ReferencePlanner:
    """Fixed polling like the reference defaults: details and energy every 10th poll."""

    def __init__(self, interval: float) -> None:
        """Poll every ``interval`` seconds."""
        self.interval = interval
        self.count = 0

    def plan(self) -> PollPlan:
        """Everything but energy on the first poll (deferred), then every 10th poll both.

        Every poll reads every site; details read every group (``full``).
        """
        due = self.count % REFERENCE_DETAILS_EVERY == 0
        return PollPlan(details=due, energy=due and self.count > 0)

    def done(self, plan: PollPlan, sites: Mapping[str, Mapping[str, Any]]) -> float:
        """Always the same gap."""
        del plan, sites
        self.count += 1
        return self.interval

    @property
    def stats(self) -> dict[str, Any]:
        """Polls done."""
        return {"polls": self.count, "fixed_interval": self.interval}


@contextmanager
def serve_in_thread(sim: CloudSimulator) -> Iterator[str]:
    """Serve the simulator from its own thread and event loop; yields the base URL."""
    ready = threading.Event()
    state: dict[str, Any] = {}

    async def serve() -> None:
        stop = asyncio.Event()
        state["loop"], state["stop"] = asyncio.get_running_loop(), stop
        try:
            async with sim.serve() as url:
                state["url"] = url
                ready.set()
                await stop.wait()
        finally:
            ready.set()

    thread = threading.Thread(target=asyncio.run, args=(serve(),), name="solixsim-bench")
    thread.start()
    try:
        if not ready.wait(_SERVER_START_SECONDS) or "url" not in state:
            raise RuntimeError("the simulator did not start")
        yield str(state["url"])
    finally:
        if "loop" in state:
            state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join()


async def _poll(
    poller: SolixPoller, plan: PollPlan, log: BenchLog, sim: CloudSimulator, full: bool
) -> None:
    """One refresh as the coordinator runs it; the live data is logged as soon as it is in.

    ``full``: the site list on every poll, every detail group and every site's energy (the
    reference's request set).
    """
    await poller.update_sites(plan.skip, read_list=full)
    log.observe(poller.sites, sim, plan.skip)
    if plan.details:
        await poller.update_device_details(full=full)
        await poller.update_site_details(full=full)
    if plan.energy:
        await poller.update_energy(full=full)


async def _drive(
    sim: CloudSimulator, url: str, hours: float, fixed: float | None
) -> tuple[BenchLog, dict[str, Any], dict[str, Any]]:
    """Poll for ``hours`` of clock time; returns the log, client and scheduler statistics."""
    clock = sim.clock
    planner: PollScheduler | ReferencePlanner = (
        PollScheduler(clock.now) if fixed is None else ReferencePlanner(fixed)
    )
    log = BenchLog()
    end = clock.now() + hours * HOUR
    async with aiohttp.ClientSession() as websession:
        session = client_session(sim, url, websession)
        poller = SolixPoller(SolixApi(session))
        while clock.now() < end:
            thread_start, process_start = time.thread_time(), time.process_time()
            plan = planner.plan()
            await _poll(poller, plan, log, sim, full=fixed is not None)
            delay = planner.done(plan, poller.sites)
            log.thread_cpu.append(time.thread_time() - thread_start)
            log.process_cpu.append(time.process_time() - process_start)
            log.details_polls += int(plan.details)
            log.energy_polls += int(plan.energy)
            await clock.sleep(delay)
        return (
            log,
            session.stats.as_dict(),
            {
                **planner.stats,
                "groups": poller.detail_groups,
                "energy_sites": poller.energy_reads,
            },
        )


def _max_in_window(records: list[RequestRecord]) -> dict[str, int]:
    """Per endpoint: the most requests within any 60 s window."""
    result: dict[str, int] = {}
    windows: dict[str, deque[float]] = {}
    for record in records:
        window = windows.setdefault(record.path, deque())
        window.append(record.ts)
        while window[0] <= record.ts - WINDOW:
            window.popleft()
        result[record.path] = max(result.get(record.path, 0), len(window))
    return dict(sorted(result.items()))


def _per_hour(records: list[RequestRecord], start: float, hours: float) -> list[dict[str, int]]:
    """Requests and bytes (in + out) per simulated hour since ``start``."""
    rows = [{"hour": hour, "requests": 0, "bytes": 0} for hour in range(math.ceil(hours))]
    for record in records:
        index = min(len(rows) - 1, int((record.ts - start) // HOUR))
        rows[index]["requests"] += 1
        rows[index]["bytes"] += record.bytes_in + record.bytes_out
    return rows


def _summary(values: list[float], scale: float, digits: int) -> dict[str, float | None]:
    """Mean and maximum of ``values`` times ``scale`` (None when empty)."""
    if not values:
        return {"mean": None, "max": None}
    return {
        "mean": round(statistics.fmean(values) * scale, digits),
        "max": round(max(values) * scale, digits),
    }


def _share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded, None without a whole."""
    return round(part / whole, 3) if whole else None


def export_time(sim: CloudSimulator) -> float | None:
    """The earliest valid scene ``updated_time`` of the scenario (its export moment)."""
    stamps = [
        sim.times.parse_local(scene_updated_time(sim.store.data(name)))
        for name in sim.store.names()
        if name.startswith("scene_")
    ]
    valid = [ts for ts in stamps if ts is not None]
    return min(valid) if valid else None


async def run_bench(
    scenario: Path, hours: float, clock_ts: float | None = None, fixed: float | None = None
) -> dict[str, Any]:
    """Bench a scenario for ``hours`` of simulated time and return the figures.

    The clock starts at ``clock_ts``, else at the scenario's export time, else at
    ``DEFAULT_START``: nothing depends on the wall clock.
    """
    start = clock_ts
    if start is None:
        probe = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(DEFAULT_START))
        start = export_time(probe)
        if start is None:
            start = probe.times.parse_local(probe.store.meta.base_time or "") or DEFAULT_START
    sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(start))
    wall_start = time.perf_counter()
    with serve_in_thread(sim) as url:
        log, client, scheduler = await _drive(sim, url, hours, fixed)
    records = list(sim.recorder.records)
    total_bytes = sum(record.bytes_in + record.bytes_out for record in records)
    return {
        "scenario": scenario.name,
        "hours": hours,
        "start": sim.times.format_local(start),
        "strategy": "scheduler" if fixed is None else f"fixed {fixed:g} s",
        "polls": {
            "live": log.live_polls,
            "details": log.details_polls,
            "energy": log.energy_polls,
            "with_new_data": log.polls_with_new_data,
            "share_with_new_data": _share(log.polls_with_new_data, log.timed_polls),
        },
        "scene_reads": {
            "total": log.scene_reads,
            "with_new_data": log.scene_reads_with_new_data,
            "share_with_new_data": _share(log.scene_reads_with_new_data, log.scene_reads),
        },
        "untimed_reads": {
            "total": log.untimed_reads,
            "with_new_data": log.untimed_reads_with_new_data,
            "share_with_new_data": _share(log.untimed_reads_with_new_data, log.untimed_reads),
        },
        "freshness_delay_seconds": _summary(log.delays, 1.0, 1),
        "cpu_ms_per_refresh": {
            "client": _summary(log.thread_cpu, 1000.0, 2),
            "process": _summary(log.process_cpu, 1000.0, 2),
        },
        "requests": {
            "total": len(records),
            "per_hour": round(len(records) / hours, 1),
            "kbytes_per_hour": round(total_bytes / hours / 1000, 1),
            "max_per_endpoint_in_60s": _max_in_window(records),
        },
        "endpoints": {"simulator": dict(sorted(sim.recorder.stats().items())), "client": client},
        "hours_detail": _per_hour(records, start, hours),
        "scheduler": scheduler,
        "wall_seconds": round(time.perf_counter() - wall_start, 1),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the `bench` subcommand."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument("--hours", type=float, default=24.0, help="simulated hours (default 24)")
    parser.add_argument(
        "--clock",
        help="start time for simulator and client, ISO 8601 or Unix seconds (naive = site-local);"
        " default: the scenario's export time (its earliest scene updated_time, else its"
        " base_time), else 2025-06-15 15:06:40 UTC",
    )
    parser.add_argument(
        "--fixed",
        type=float,
        metavar="SECONDS",
        help="poll like the reference defaults instead: live data every SECONDS, "
        "details and energy every 10th poll",
    )
    parser.add_argument(
        "--mqtt",
        action="store_true",
        help="live data: run with MQTT off and on (scheduler polling, the simulator's broker) and"
        " compare HTTP and MQTT traffic per hour and the mean age of the shown battery power",
    )
    parser.add_argument(
        "--averages",
        action="store_true",
        help="Power Panel / X1 5-minute averages: the reference's check logic vs our scheduler on"
        " the simulator's advancing day statistics (requests, bytes per day, samples, their age)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the bench figures of `args.scenario` as JSON."""
    if scenario_missing(args):
        return 2
    if args.hours <= 0 or (args.fixed is not None and args.fixed <= 0):
        print("--hours and --fixed must be positive", file=sys.stderr)
        return 2
    if args.mqtt or args.averages:
        start = clock_start(args)
        if start is None:
            probe = CloudSimulator.from_scenario(
                args.scenario, clock=SimClock.manual(DEFAULT_START)
            )
            start = export_time(probe) or DEFAULT_START
        compare = run_averages_comparison if args.averages else run_live_comparison
        result = asyncio.run(compare(args.scenario, args.hours, start))
    else:
        result = asyncio.run(run_bench(args.scenario, args.hours, clock_start(args), args.fixed))
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0
