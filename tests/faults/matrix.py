"""The fault matrix runner: a clean run and faulted runs of a scenario at the same clock times.

Every poll cycle runs all tiers and every detail group (`read_all_details`): two polls
`TIER_GAP` apart (details, then energy), and the clock moves `STEP` seconds per cycle, more than
the longest tier interval. The endpoints of the
matrix are what the simulator recorded in the first such cycle of the clean run, so a new
endpoint joins the matrix by itself. A faulted run arms one endpoint
per episode: two faulted cycles, then the next endpoint's episode begins, which is the
recovery cycle of the previous one; an hour of clean cycles ends the run.
"""

from __future__ import annotations

import logging
import math
import random
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import OPT_TIMEOUT
from custom_components.anker_solix.solixapi.cloud import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

from .conftest import Clouds

STEP = 1200.0
"""Seconds between two cycles: every tier is due, and a multiple of the 300 s data tick."""
TIER_GAP = 60.0
"""A cycle is two polls this far apart: the scheduler runs details and energy in separate polls."""
TICK = 300.0
"""The simulator's data cadence (s) of Solarbank 2+ sites."""
DAY_MARGIN = 1800.0
"""The run starts this long after local midnight."""
TICK_OFFSET = 120.0
"""Cycles start this far into a data tick, so the pacing of a cycle never crosses a tick."""
LOGIN = "passport/login"
CLIENT_TIMEOUT = 0.4
"""Seconds the client waits for an answer (the simulator's hang of a timeout fault is longer)."""
HANG = 2.0
FAULTED_CYCLES = 2
SETTLE_CYCLES = 3
"""Clean cycles at the end (an hour): values read at most hourly (solar forecast, spot prices)
may be fresher than the clean run's until both read them again; the last cycle must match."""
LIBRARY_LOGGER = "custom_components.anker_solix.solixapi"
EPISODE_START = "Anker cloud endpoint"
EPISODE_END = "answers again"
RUN_METRICS = ("poll", "request", "error")
"""Account values that describe the run itself (poll times, request counts, last error)."""

KINDS: dict[str, dict[str, Any]] = {
    "code_10000": {"code": 10000},
    "code_999": {"code": 999},
    "http_500": {"status": 500},
    "http_429": {"status": 429},
    "timeout": {"timeout": True, "hang_seconds": HANG},
    "truncated": {"truncate": True},
    "not_json": {"body": "<html><body>Service maintenance</body></html>"},
}
"""Every error kind of the matrix: arguments of ``sim.faults.add``."""

States = dict[str, str]


@dataclass
class Cycle:
    """What one poll cycle left behind."""

    states: States
    counts: Counter[str]
    records: list[Any]
    logs: list[logging.LogRecord]
    loaded: bool
    success: bool
    day: str
    """The energy day at the end of the cycle (account-local time minus 5 minutes)."""


@dataclass
class Run:
    """A run of cycles of one scenario."""

    cycles: list[Cycle] = field(default_factory=list)
    endpoints: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    user_id: str = ""


class LogCatcher(logging.Handler):
    """Keeps the library's log records (the integration logs through the same tree)."""

    def __init__(self) -> None:
        """Catch everything from INFO on."""
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        """The records since the last call."""
        taken, self.records = self.records, []
        return taken


def entity_states(hass: HomeAssistant, entry: MockConfigEntry) -> States:
    """State per entity unique id of the entry (what a user sees)."""
    registry = er.async_get(hass)
    states: States = {}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        if state is not None:
            states[entity.unique_id] = state.state
    return states


def endpoints_of(records: list[Any]) -> list[str]:
    """The distinct paths of a cycle's requests (login excluded), in first-call order."""
    return list(dict.fromkeys(r.path for r in records if r.path != LOGIN))


def plan_faults(endpoints: list[str]) -> list[str | None]:
    """The faulted endpoint of every cycle (None: clean); index 0 is the setup."""
    plan: list[str | None] = [None]
    for endpoint in endpoints:
        plan += [endpoint] * FAULTED_CYCLES
    return [*plan, *[None] * SETTLE_CYCLES]


async def run(
    hass: HomeAssistant,
    clouds: Clouds,
    scenario: str,
    *,
    kind: str | None,
    options: Mapping[str, Any],
    endpoints: list[str] | None = None,
    only: list[str] | None = None,
) -> Run:
    """Set an entry up on a fresh simulator and run the cycles of the plan.

    Without ``endpoints`` (the clean run) the matrix endpoints are taken from cycle 1 and every
    cycle is clean. ``only`` limits the faulted endpoints (the plan stays the same).
    """
    random.seed(17)  # the session's retry waits
    cloud = await clouds.start(scenario)
    start = day_start(cloud)
    cloud.clock.set(start)
    catcher = LogCatcher()
    logger = logging.getLogger(LIBRARY_LOGGER.rsplit(".", 1)[0])
    logger.addHandler(catcher)
    result = Run()
    try:
        entry = await setup_entry(
            hass, cloud, options={OPT_TIMEOUT: CLIENT_TIMEOUT, **options}, complete=True
        )
        coordinator = entry.runtime_data.coordinator
        result.user_id = str(entry.unique_id)
        result.cycles.append(_cycle(hass, entry, cloud, 0, catcher))
        index = 1
        plan: list[str | None] = [None, None] if endpoints is None else plan_faults(endpoints)
        while index < len(plan):
            fault = plan[index]
            cloud.faults.clear()
            if fault is not None and kind is not None and (only is None or fault in only):
                cloud.faults.add(fault, count=100_000, **KINDS[kind])
            mark = len(cloud.recorder.records)
            # every detail group in every cycle (their own cadences would leave cells out)
            coordinator.poller.read_all_details()
            for second in (0.0, TIER_GAP):  # details, then energy (never both in one poll)
                cloud.clock.set(start + index * STEP + second)
                await coordinator.async_refresh()
                await hass.async_block_till_done()
            result.cycles.append(_cycle(hass, entry, cloud, mark, catcher))
            if endpoints is None and index == 1:
                endpoints = endpoints_of(result.cycles[1].records)
                result.endpoints = endpoints
                plan = plan_faults(endpoints)
            index += 1
        cloud.faults.clear()
        result.data = coordinator.data
        result.endpoints = list(endpoints or [])
        await hass.config_entries.async_remove(entry.entry_id)
        await hass.async_block_till_done()
    finally:
        logger.removeHandler(catcher)
    return result


def _cycle(
    hass: HomeAssistant, entry: MockConfigEntry, cloud: SimCloud, mark: int, catcher: LogCatcher
) -> Cycle:
    records = cloud.recorder.records[mark:]
    return Cycle(
        states=entity_states(hass, entry),
        # status 0: a hung request the client gave up on; the simulator records it when the
        # connection closes, which may fall into the next cycle
        counts=Counter(r.path for r in records if r.path != LOGIN and r.status != 0),
        records=records,
        logs=catcher.take(),
        loaded=entry.state is ConfigEntryState.LOADED,
        success=entry.runtime_data.coordinator.last_update_success,
        day=energy_day(cloud),
    )


def day_start(cloud: SimCloud) -> float:
    """Clock time of the first cycle: early on the scenario's local day, `TICK_OFFSET` into a
    data tick, so that the whole run (about 11 hours) stays within one energy day (a faulted
    run may run a few minutes late: the 429 replay waits a minute)."""
    base = cloud.clock.now()
    offset = cloud.sim.store.meta.utc_offset_minutes * 60
    local = datetime.fromtimestamp(base + offset, UTC)
    midnight = base - (local.hour * 3600 + local.minute * 60 + local.second)
    ticks = math.ceil((midnight + DAY_MARGIN - base) / TICK)
    return base + ticks * TICK + TICK_OFFSET


def energy_day(cloud: SimCloud) -> str:
    """The energy day of the simulator's clock (§7.2: local time minus 5 minutes)."""
    offset = cloud.sim.store.meta.utc_offset_minutes * 60 - 300
    return datetime.fromtimestamp(cloud.clock.now() + offset, UTC).strftime("%Y-%m-%d")


def context_keys(data: Mapping[str, Any], user_id: str) -> list[str]:
    """Every context key of a snapshot, longest first (unique ids start with one of them)."""
    keys = {user_id, *(data.get("sites") or {}), *(data.get("devices") or {})}
    keys |= set((data.get("account") or {}).get("vehicles") or {})
    return sorted(keys, key=len, reverse=True)


def context_of(unique_id: str, keys: list[str]) -> str:
    """The context key of an entity unique id."""
    return next((key for key in keys if unique_id.startswith(f"{key}_")), "")


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def fed_contexts(records: list[Any], path: str, data: Mapping[str, Any], user_id: str) -> set[str]:
    """The contexts an endpoint feeds: the sites and devices its requests name (a site with
    its devices, a device with its sub-devices and its site), else the account and vehicles."""
    sites: Mapping[str, Any] = data.get("sites") or {}
    devices: Mapping[str, Any] = data.get("devices") or {}
    fed: set[str] = set()
    for record in records:
        if record.path != path:
            continue
        named = set(_strings(record.body))
        for site_id in named & set(sites):
            fed.add(site_id)
            fed |= {sn for sn, dev in devices.items() if dev.get("site_id") == site_id}
        for serial in named & set(devices):
            fed.add(serial)
            fed |= {sn for sn, dev in devices.items() if dev.get("main_sn") == serial}
            fed.add(str(devices[serial].get("site_id")))
    if not fed:
        fed = {user_id, *((data.get("account") or {}).get("vehicles") or {})}
    return fed


FRESHNESS_METRICS = ("_data_age",)
"""Values that say how old the data is: while a source fails, or a poll is slowed by a failing
request, they grow (that is their point); they never get younger than in the clean run."""


def grew(value: str | None, expected: str | None) -> bool:
    """Whether a numeric state is at least the clean run's (the data got older, not newer)."""
    try:
        return float(value or "nan") >= float(expected or "nan")
    except ValueError:
        return False


def is_run_metric(unique_id: str, user_id: str) -> bool:
    """Account values that differ between any two runs (poll times, request counts)."""
    return unique_id.startswith(f"{user_id}_") and any(m in unique_id for m in RUN_METRICS)


def check_run(clean: Run, faulted: Run, kind: str, only: list[str] | None = None) -> list[str]:
    """Compare a faulted run with the clean run; return the violations found (empty: fine)."""
    problems: list[str] = []
    plan = plan_faults(clean.endpoints)
    keys = context_keys(clean.data, clean.user_id)
    warned: dict[str, set[str]] = {}
    episode_start: States = clean.cycles[0].states
    episode_day = clean.cycles[0].day
    last_fed: set[str] = set()
    failed_paths: set[str] = set()  # endpoints failed so far: they may catch up later
    # requests per endpoint so far, faulted run minus clean run (other endpoints than the faulted)
    drift: Counter[str] = Counter()
    for index in range(1, len(plan)):
        fault = plan[index]
        if only is not None and fault not in only:
            fault = None
        ref, got = clean.cycles[index], faulted.cycles[index]
        where = f"{kind} cycle {index} ({fault or 'clean'})"
        if not got.loaded or not got.success:
            problems.append(f"{where}: entry loaded={got.loaded}, last poll ok={got.success}")
        if fault is not None and plan[index - 1] != fault:
            episode_start = faulted.cycles[index - 1].states
            episode_day = faulted.cycles[index - 1].day
        # a new (energy) day during the episode: the failing endpoint's values start empty
        allowed = {STATE_UNAVAILABLE} | ({STATE_UNKNOWN} if got.day != episode_day else set())
        fed = fed_contexts(got.records, fault, clean.data, clean.user_id) if fault else set()
        if fault is not None:
            last_fed = fed
        settling = fault is None and index < len(plan) - 1
        for uid, expected in ref.states.items():
            if is_run_metric(uid, clean.user_id):
                continue
            value = got.states.get(uid)
            if value == expected:
                continue
            kept = value == episode_start.get(uid)
            if context_of(uid, keys) in fed and (value in allowed or kept):
                continue
            if uid.endswith(FRESHNESS_METRICS) and grew(value, expected):
                continue  # slower polls (timeouts, retries) age every system's data
            if settling and context_of(uid, keys) in last_fed and value != STATE_UNAVAILABLE:
                continue
            problems.append(f"{where}: {uid} is {value!r}, clean run {expected!r}")
        if fault is not None:
            failed_paths.add(fault)
        for path in set(ref.counts) | set(got.counts):
            if path in failed_paths:
                # at most the one replay of §3.5 per request, no storm; a recovered endpoint
                # may catch up later (yesterday's energy that failed is asked again when its
                # tier is next due, which may be cycles after the episode)
                if got.counts[path] > 2 * ref.counts[path]:
                    problems.append(
                        f"{where}: {got.counts[path]} requests to the faulted endpoint, "
                        f"clean run {ref.counts[path]}"
                    )
            elif got.counts[path] != ref.counts[path]:
                # a failing request's retry wait may move one poll of a tier across the cycle
                # boundary: allowed while the run's count stays within one of the clean run's
                drift[path] += got.counts[path] - ref.counts[path]
                if path == Endpoint.GET_SITE_LIST and fault is not None:
                    # a live poll whose every request failed asks the site list once to tell
                    # an outage (a system with one live endpoint, e.g. a standalone inverter)
                    drift[path] -= max(0, min(1, got.counts[path] - ref.counts[path]))
                if abs(drift[path]) > 1:
                    problems.append(
                        f"{where}: {got.counts[path]} requests to {path}, "
                        f"clean run {ref.counts[path]}"
                    )
        asked = bool(fault) and (
            got.counts[str(fault)] > 0
            or any(f"endpoint {fault})" in r.getMessage() for r in got.logs)
        )
        problems += _check_logs(where, got.logs, fault, plan[index - 1], warned, asked=asked)
    return problems


def _check_logs(
    where: str,
    logs: list[logging.LogRecord],
    fault: str | None,
    previous: str | None,
    warned: dict[str, set[str]],
    *,
    asked: bool,
) -> list[str]:
    """One warning per endpoint call per episode, one info line when it answers again."""
    problems: list[str] = []
    messages = [r.getMessage() for r in logs]
    for text in messages:
        if "derivation failed" in text or "Traceback" in text:
            problems.append(f"{where}: logged {text!r}")
    starts = [
        r.getMessage()
        for r in logs
        if r.levelno == logging.WARNING and r.getMessage().startswith(EPISODE_START)
    ]
    ends = [
        r.getMessage() for r in logs if r.levelno == logging.INFO and EPISODE_END in r.getMessage()
    ]
    if previous is not None and previous != fault:
        # the episode of `previous` ended: each warned call says once that it answers again
        closed = warned.pop(previous, set())
        if len(ends) < len(closed):
            problems.append(f"{where}: {len(closed)} warnings, {len(ends)} recovery lines")
    if fault is None:
        if starts:
            problems.append(f"{where}: warnings in a clean cycle: {starts}")
        return problems
    seen = warned.setdefault(fault, set())
    first = previous != fault
    for text in starts:
        call = text.split(" (")[0]  # "Anker cloud endpoint <label> failed for <owner>"
        if call in seen:
            problems.append(f"{where}: repeated warning {text!r}")
        seen.add(call)
    if first and not asked:
        problems.append(f"{where}: the faulted endpoint was not asked (matrix cell not exercised)")
    if first and asked and not starts:
        problems.append(f"{where}: no warning for the failing endpoint")
    return problems
