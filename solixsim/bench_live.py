"""`bench --mqtt`: what live data (MQTT) costs and gains, with the option off and on.

One run polls the cloud like the integration's coordinator (`PollScheduler`) for simulated hours;
with MQTT on, our `MqttSession` also runs against the simulator's TLS broker at the default
policy (status request on connect and every 60 s per device, no real-time trigger), and the
scheduler is told which systems' devices send live data (`PollScheduler.note_live`): their
scene is then read every 15 minutes instead of on its cloud cadence. Every
`STEP` seconds of clock time the battery power a user would see is sampled for each Solarbank:
the cloud's `charging_power` (current at its scene's data time) or, with MQTT, the fresher of the
two by the library's overlay rule; its age is clock time minus the time its value was current.

The broker and the client exchange messages in real time, so the manual clock moves on in steps
with a short real pause (`PACE`) after each: an hour of clock time takes about half a minute.
"""

from __future__ import annotations

import asyncio
import statistics
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import aiohttp

from custom_components.anker_solix.solixapi import (
    MqttDevice,
    MqttSession,
    PollScheduler,
    SolixApi,
    SolixPoller,
    device_is_owned,
    mqtt_value_specs,
    scene_updated_time,
)

from .client import client_session
from .clock import SimClock
from .simulator import CloudSimulator

HOUR: Final = 3600.0
STEP: Final = 5.0
"""Clock seconds between two samples of the shown battery power."""
PACE: Final = 0.06
"""Real seconds the broker and the client get after each step (the simulator looks every 50 ms)."""
QUICK_SLEEP: Final = 0.02
"""Longest real wait of the MQTT session's own loops (its clock is the manual one, which moves
`STEP` seconds per `PACE`: a real-time wait of the session would be far too long)."""
SHOWN_KEY: Final = "charging_power"
CREDENTIALS: Final = "app/devicemanage/get_user_mqtt_info"
SCENE: Final = "power_service/v1/site/get_scen_info"


def live_devices(poller: SolixPoller) -> list[MqttDevice]:
    """The account's own, mapped, not passive devices (as the integration selects them)."""
    found = []
    for sn, device in poller.devices.items():
        pn = str(device.get("device_pn") or "")
        site = poller.sites.get(str(device.get("site_id") or ""))
        if device.get("is_passive") or not mqtt_value_specs(pn):
            continue
        if device_is_owned(device, site):
            found.append(MqttDevice(sn, pn))
    return found


def _cloud_time(sim: CloudSimulator, poller: SolixPoller, sn: str) -> float | None:
    """When the cloud's values of a device's system were current (its scene's data time)."""
    site = poller.sites.get(str(poller.devices[sn].get("site_id") or ""))
    if not isinstance(site, Mapping):
        return None
    return sim.times.parse_local(scene_updated_time(site))


def _sample(
    sim: CloudSimulator, poller: SolixPoller, session: MqttSession | None, ages: list[float]
) -> None:
    """The age of the battery power shown for every Solarbank right now."""
    now = sim.clock.now()
    for sn, device in poller.devices.items():
        if device.get("type") != "solarbank" or device.get(SHOWN_KEY) is None:
            continue
        cloud_time = _cloud_time(sim, poller, sn)
        shown_time = cloud_time
        if session is not None:
            shown = session.overlay.freshest(sn, SHOWN_KEY, device.get(SHOWN_KEY), cloud_time, now)
            shown_time = shown.time
        if shown_time is not None:
            ages.append(max(0.0, now - shown_time))


def _note_live(planner: PollScheduler, poller: SolixPoller, session: MqttSession) -> None:
    """Tell the scheduler which systems' devices sent live data (their latest message)."""
    for sn, device in poller.devices.items():
        at = session.store.last_message(sn)
        site_id = str(device.get("site_id") or "")
        if at is not None and site_id in poller.sites:
            planner.note_live(site_id, at)


async def _drive(sim: CloudSimulator, url: str, hours: float, mqtt: bool) -> dict[str, Any]:
    """Poll (and listen) for `hours` of clock time; the figures of the run."""
    clock = sim.clock
    start = clock.now()
    end = start + hours * HOUR
    planner = PollScheduler(clock.now)
    ages: list[float] = []
    async with aiohttp.ClientSession() as websession:
        solix = client_session(sim, url, websession)
        api = SolixApi(solix)
        poller = SolixPoller(api)
        session: MqttSession | None = None
        next_poll = start
        try:
            while clock.now() < end:
                if clock.now() >= next_poll:
                    if session is not None:
                        _note_live(planner, poller, session)
                    plan = planner.plan()
                    await poller.update_sites(plan.skip)
                    if plan.details:
                        await poller.update_device_details()
                        await poller.update_site_details()
                    if plan.energy:
                        await poller.update_energy()
                    if session is not None:
                        _note_live(planner, poller, session)
                    next_poll = clock.now() + planner.done(plan, poller.sites)
                    if mqtt and session is None:
                        session = MqttSession(
                            api,
                            client_id_suffix="bench",
                            clock=clock.now,
                            sleep=lambda seconds: asyncio.sleep(min(seconds, QUICK_SLEEP)),
                            idle_wait=QUICK_SLEEP,
                        )
                        session.set_devices(live_devices(poller))
                        await session.start()
                _sample(sim, poller, session, ages)
                clock.advance(STEP)
                if mqtt:
                    await asyncio.sleep(PACE)
            received = session.stats.received.total if session is not None else None
            sent = session.stats.sent.total if session is not None else None
        finally:
            if session is not None:
                await session.stop()
    records = list(sim.recorder.records)
    return {
        "mqtt": mqtt,
        "hours": hours,
        "http_requests_per_hour": round(len(records) / hours, 1),
        "http_kbytes_per_hour": round(
            sum(r.bytes_in + r.bytes_out for r in records) / hours / 1000, 1
        ),
        "credential_requests": sum(1 for r in records if r.path == CREDENTIALS),
        "scene_reads_per_hour": round(sum(1 for r in records if r.path == SCENE) / hours, 1),
        "mqtt_messages_per_hour": round(received.messages / hours, 1) if received else 0.0,
        "mqtt_kbytes_per_hour": round(received.bytes / hours / 1000, 1) if received else 0.0,
        "mqtt_commands_per_hour": round(sent.messages / hours, 1) if sent else 0.0,
        "battery_power_age_seconds": {
            "mean": round(statistics.fmean(ages), 1) if ages else None,
            "max": round(max(ages), 1) if ages else None,
            "samples": len(ages),
        },
    }


async def run_live_bench(scenario: Path, hours: float, start: float, mqtt: bool) -> dict[str, Any]:
    """One run of `scenario` from clock time `start` with MQTT on or off."""
    sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(start), mqtt=mqtt)
    async with sim.serve() as url:
        return await _drive(sim, url, hours, mqtt)


async def run_live_comparison(scenario: Path, hours: float, start: float) -> dict[str, Any]:
    """The figures with live data off and on, from the same start."""
    return {
        "scenario": scenario.name,
        "mqtt_off": await run_live_bench(scenario, hours, start, mqtt=False),
        "mqtt_on": await run_live_bench(scenario, hours, start, mqtt=True),
    }
