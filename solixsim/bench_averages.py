"""`bench --averages`: the cost of the Power Panel / X1 5-minute averages over simulated hours.

Two runs on the same scenario and start, both on the simulator's intraday statistics that advance
with its clock (:mod:`solixsim.energy.statistics_day`):

* ``reference``: the reference integration's logic (cloud protocol §7.6): a check at most every
  5 minutes, timed just after the cloud publishes a slot (its learned offset), reads the
  ``hes`` day answer and, when it holds a new sample, ``solar``, ``home`` and ``grid``;
* ``library``: our client polled by our `PollScheduler`, as the integration runs it;
* ``library_mqtt``: the same with live data on: our `MqttSession` on the simulator's TLS broker
  (status request on connect and every 60 s), the scheduler told which systems send live data;
  while they do, no averages are read (the live values stand for them, issue 13). The broker
  and the client exchange messages in real time, so the clock moves in ``MQTT_STEP`` steps with
  a short real pause (about 4 real minutes per 6 clock hours).

Counted are the ``dateType: day`` requests of the statistics endpoint (the energy tier's
``week`` requests are apart), their bytes (request and response body) and how many distinct
samples (valid times) the client had, with the mean age of the shown sample.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import aiohttp

from custom_components.anker_solix.solixapi import (
    MqttSession,
    PollScheduler,
    SolixApi,
    SolixPoller,
)

from .bench_live import PACE, QUICK_SLEEP, live_devices
from .client import client_session
from .clock import SimClock
from .energy.statistics_day import PUBLISH_DELAY, SLOT_SECONDS
from .recorder import RequestRecord
from .routes.statistics import PREFIXES
from .simulator import CloudSimulator

HOUR: Final = 3600.0
REFERENCE_LAG: Final = 5.0
"""Seconds after a slot is published at which the reference's learned offset checks."""
SAMPLE_EVERY: Final = 60.0
LIVE_FRESH: Final = 180.0
"""A live message at most this old stands for the averages (the scheduler's own limit)."""
MQTT_STEP: Final = 10.0
"""Clock seconds per step of the run with live data."""


def _day_requests(records: list[RequestRecord]) -> list[RequestRecord]:
    return [
        r
        for r in records
        if r.path in PREFIXES and isinstance(r.body, dict) and r.body.get("dateType") == "day"
    ]


def _site(sim: CloudSimulator) -> tuple[str, str]:
    """(site id, family) of the scenario's first Power Panel / X1 statistics."""
    for name in sorted(sim.store.names()):
        for prefix in ("charging_energy", "hes_energy"):
            head = f"{prefix}_hes_today_"
            if name.startswith(head):
                return name.removeprefix(head), prefix
    raise ValueError("the scenario has no Power Panel / X1 day statistics")


def _last_valid(data: dict[str, Any]) -> str | None:
    last = None
    for level in data.get("chargeLevel") or []:
        if isinstance(level, dict) and str(level.get("value")) not in ("0", ""):
            last = str(level.get("time"))
    return last


async def _reference_check(
    sim: CloudSimulator, read: Callable[..., Any], site_id: str, previous: str | None
) -> str | None:
    """One check of the reference: ``hes``, and the other three when it has a new sample."""
    day = sim.times.format_local(sim.clock.now())[:10]
    battery = await read(site_id, "hes", "day", day, day)
    valid = _last_valid(battery)
    start = sim.times.parse_local(f"{day} {valid}:00") if valid else None
    sample = None if start is None else sim.times.format_local(start + SLOT_SECONDS)[:16]
    if sample is None or sample == previous:
        return previous
    for source in ("solar", "home", "grid"):
        await read(site_id, source, "day", day, day)
    return sample


def _reference_next(sim: CloudSimulator, now: float) -> float:
    """The reference's next check: 5 s after the next slot is published (its learned offset)."""
    midnight = sim.times.parse_local(f"{sim.times.format_local(now)[:10]} 00:00:00") or now
    local = now - midnight
    due = (local // SLOT_SECONDS + 1) * SLOT_SECONDS + PUBLISH_DELAY + REFERENCE_LAG
    if due - local > SLOT_SECONDS:
        due -= SLOT_SECONDS
    return midnight + max(local + 1.0, due)


async def _reference(sim: CloudSimulator, url: str, hours: float) -> list[tuple[float, str]]:
    """The reference's checks; returns (clock time, valid time) of every sample it had."""
    site_id, prefix = _site(sim)
    clock = sim.clock
    end = clock.now() + hours * HOUR
    seen: list[tuple[float, str]] = []
    async with aiohttp.ClientSession() as websession:
        api = SolixApi(client_session(sim, url, websession))
        read: Callable[..., Any] = (
            api.get_power_panel_energy if prefix == "charging_energy" else api.get_hes_energy
        )
        previous: str | None = None
        next_check = clock.now()
        while clock.now() < end:
            if clock.now() >= next_check:
                previous = await _reference_check(sim, read, site_id, previous)
                next_check = _reference_next(sim, clock.now())
            if previous is not None:
                seen.append((clock.now(), previous))
            await clock.sleep(min(SAMPLE_EVERY, max(1.0, next_check - clock.now())))
    return seen


def _note_live(planner: PollScheduler, poller: SolixPoller, session: MqttSession | None) -> None:
    """Tell the scheduler which systems' devices sent live data (their latest message)."""
    for sn, device in poller.devices.items():
        at = None if session is None else session.store.last_message(sn)
        site_id = str(device.get("site_id") or "")
        if at is not None and site_id in poller.sites:
            planner.note_live(site_id, at)


async def _library(
    sim: CloudSimulator, url: str, hours: float, *, mqtt: bool = False
) -> list[tuple[float, str]]:
    """Our client under our scheduler; (clock time, valid time) sampled every minute.

    With ``mqtt`` the live data of the system counts as a sample when the shown averages are
    live values: (clock time, clock time of the newest live message, site-local minutes).
    """
    clock = sim.clock
    end = clock.now() + hours * HOUR
    planner = PollScheduler(clock.now)
    seen: list[tuple[float, str]] = []
    session: MqttSession | None = None
    async with aiohttp.ClientSession() as websession:
        api = SolixApi(client_session(sim, url, websession))
        poller = SolixPoller(api)
        next_poll = clock.now()
        try:
            while clock.now() < end:
                if clock.now() >= next_poll:
                    _note_live(planner, poller, session)
                    plan = planner.plan()
                    await poller.update_sites(plan.skip, live=plan.live)
                    if plan.details:
                        await poller.update_device_details()
                        await poller.update_site_details()
                    if plan.energy:
                        await poller.update_energy()
                    next_poll = clock.now() + planner.done(plan, poller.sites)
                    if mqtt and session is None:
                        session = _start_session(api, sim)
                        session.set_devices(live_devices(poller))
                        await session.start()
                seen.extend(_shown(sim, poller, session))
                if mqtt:
                    clock.advance(MQTT_STEP)
                    await asyncio.sleep(PACE)
                else:
                    await clock.sleep(min(SAMPLE_EVERY, max(1.0, next_poll - clock.now())))
        finally:
            if session is not None:
                await session.stop()
    return seen


def _start_session(api: SolixApi, sim: CloudSimulator) -> MqttSession:
    return MqttSession(
        api,
        client_id_suffix="bench",
        clock=sim.clock.now,
        sleep=lambda seconds: asyncio.sleep(min(seconds, QUICK_SLEEP)),
        idle_wait=QUICK_SLEEP,
    )


def _shown(
    sim: CloudSimulator, poller: SolixPoller, session: MqttSession | None
) -> list[tuple[float, str]]:
    """(clock time, the shown sample's end as site-local minutes) of every main device."""
    now = sim.clock.now()
    found = []
    for sn, entry in poller.devices.items():
        valid = (entry.get("average_power") or {}).get("valid_time")
        live = session.store.last_message(sn) if session is not None else None
        if live is not None and now - live <= LIVE_FRESH:
            found.append((now, sim.times.format_local(live)[:16]))
        elif isinstance(valid, str):
            found.append((now, valid[:16]))
    return found


def _figures(sim: CloudSimulator, seen: list[tuple[float, str]], hours: float) -> dict[str, Any]:
    day = _day_requests(list(sim.recorder.records))
    total = sum(r.bytes_in + r.bytes_out for r in day)
    every = sum(r.bytes_in + r.bytes_out for r in sim.recorder.records)
    ages = []
    for ts, valid in seen:
        sample_end = sim.times.parse_local(f"{valid}:00")
        if sample_end is not None:
            ages.append(ts - sample_end)
    return {
        "requests": len(day),
        "bytes": total,
        "mbytes_per_day": round(total / hours * 24 / 1e6, 2),
        "all_http_mbytes_per_day": round(every / hours * 24 / 1e6, 2),
        "samples": len({valid for _, valid in seen}),
        "sample_age_seconds_mean": round(statistics.fmean(ages), 1) if ages else None,
    }


async def run_averages_comparison(
    scenario: Path, hours: float, start: float, *, live: bool = True
) -> dict[str, Any]:
    """Reference and library runs from clock time ``start``, the library also with live data
    on (``live``; that run depends on real-time message delivery, the others are exact)."""
    from .bench import serve_in_thread  # bench imports this module

    result: dict[str, Any] = {"scenario": scenario.name, "hours": hours}
    for name, run in (("reference", _reference), ("library", _library)):
        sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(start))
        with serve_in_thread(sim) as url:
            seen = await run(sim, url, hours)
        result[name] = _figures(sim, seen, hours)
    if live:
        sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(start), mqtt=True)
        async with sim.serve() as url:
            seen = await _library(sim, url, hours, mqtt=True)
        result["library_mqtt"] = _figures(sim, seen, hours)
    reference = result["reference"]["bytes"]
    for name in ("library", "library_mqtt")[: 1 + live]:
        share = result[name]["bytes"] / reference if reference else None
        result[f"{name}_share_of_reference_bytes"] = None if share is None else round(share, 3)
    return result
