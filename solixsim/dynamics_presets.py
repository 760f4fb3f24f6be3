"""Solarbank output that follows written presets from the next data tick (protocol §6.7, §6.8).

After a logged preset write (:mod:`solixsim.writes.preset_log`) a Solarbank's output demand is
no longer its file output but the preset of the tick's site-local time:

* SB1-only sites: the active type-4 slot (``appliance_loads[0].power``; ``turn_on`` false and the
  single-slot bug give 0 W); dual systems split it equally, or take ``device_power_loads`` in
  advanced mode (``power_setting_mode`` 2).
* Solarbank 2 and newer: the ``custom_rate_plan`` slot in manual mode, the ``blend_plan`` base load
  plus the smart plugs' power in smart plug mode, split equally over the units. Other modes and a
  running backup window keep the file demand; cascaded SB1 units keep theirs too.

PV and battery limit the output as before (``balance``); the battery stops discharging at the
device's reserve (SB1 ``output_cutoff_data``, SB2+ the selected station reserve, never below 5 %;
a start SOC below it is kept). The SOC walks on from the SOC of the tick before the write shows;
a later write walks on from the SOC the earlier one reached. Like the file walk, every walk is
anchored once a day, so a tick costs at most two days of steps. All values are pure functions of
the scene, the write log and the tick.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from custom_components.anker_solix.solixapi import (
    MODE_MANUAL,
    MODE_SMARTPLUGS,
    Sb1Context,
    sb1_presets,
    sb2_presets,
)
from solixsim.dynamics_battery import (
    SOC_MIN,
    BatteryInputs,
    DeviceState,
    flows_at,
    soc_at,
    step_soc,
    ticks_per_day,
)
from solixsim.dynamics_home import HomeFactors
from solixsim.dynamics_noise import SmoothFactor
from solixsim.dynamics_solarbank import SB1_MODEL, DeviceWalker, is_movable
from solixsim.dynamics_values import parse_number, split_proportional

__all__ = ["PresetContext", "PresetWrite", "preset_walker"]

ADVANCED_POWER_MODE = 2
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class PresetWrite:
    """One logged preset write: clock time and the stored schedules right after it."""

    ts: float
    sb1_schedule: str
    """Compact JSON of the stored type-4 schedule ("" when none)."""
    sb2_schedule: str
    """Compact JSON of the stored type-6 schedule ("" when none)."""
    sb1_zero_output: bool = False
    """The §6.8 single-slot bug hit the SB1 schedule (0 W output until the next SB1 write)."""


@dataclass(frozen=True)
class PresetContext:
    """What the scene of a site needs to follow its preset writes."""

    writes: tuple[PresetWrite, ...]
    base_ts: float
    """Clock time of tick 0 (the scene file)."""
    utc_offset_minutes: int
    station_reserve: int | None = None
    """Selected SOC reserve of the station settings (SB2+), if any."""


@dataclass(frozen=True)
class _Share:
    """How one device takes part in the site's system preset."""

    device_sn: str
    index: int
    count: int
    sb1: bool


@dataclass(frozen=True)
class _Level:
    """The walk of one device under one write (and, for its start SOC, the writes before it)."""

    file: BatteryInputs
    share: _Share
    writes: tuple[tuple[int, PresetWrite], ...]
    """(first tick, write) of every write still in effect, in time order."""
    depth: int
    base_ts: float
    utc_offset_minutes: int
    reserve: float
    load: SmoothFactor
    plugs: tuple[tuple[str, float], ...]
    """File power of the online smart plugs (smart plug mode adds their power at the tick)."""

    @property
    def first(self) -> int:
        """First tick this level drives."""
        return self.writes[self.depth][0]

    @property
    def write(self) -> PresetWrite:
        """The write of this level."""
        return self.writes[self.depth][1]


@lru_cache(maxsize=64)
def _schedule(text: str) -> dict[str, Any]:
    """A logged schedule as a dict ({} for ""); callers never change it."""
    decoded = json.loads(text) if text else {}
    return decoded if isinstance(decoded, dict) else {}


def _plug_power(level: _Level, tick: int) -> int:
    """The smart plugs' power at ``tick`` (as the home dynamics move it)."""
    factors = HomeFactors(load=level.load, pv=level.load)
    return sum(factors.plug(sn).scale(power, tick) for sn, power in level.plugs)


def _sb1_demand(level: _Level, local: datetime) -> int | None:
    """Output of one SB1 of an SB1-only site under the type-4 schedule."""
    share = level.share
    if level.write.sb1_zero_output:
        return 0
    context = Sb1Context(device_sn=share.device_sn, device_count=share.count)
    presets = sb1_presets(_schedule(level.write.sb1_schedule), context, local)
    effective = presets["effective_output_power"]
    if effective is None:
        return None
    system = int(effective)
    own = presets["effective_device_output_power"]
    if share.count > 1 and presets.get("preset_power_mode") == ADVANCED_POWER_MODE and own:
        return int(own)
    return split_proportional([1] * share.count, system)[share.index]


def _sb2_demand(level: _Level, tick: int, local: datetime, ts: float) -> int | None:
    """Output of one Solarbank 2+ unit under the type-6 schedule (None: not preset driven)."""
    presets = sb2_presets(_schedule(level.write.sb2_schedule), local, ts)
    mode, system = presets["preset_usage_mode"], presets["preset_system_output_power"]
    if not isinstance(system, int) or mode not in (MODE_MANUAL, MODE_SMARTPLUGS):
        return None
    if mode == MODE_SMARTPLUGS:
        system += _plug_power(level, tick)
    return split_proportional([1] * level.share.count, system)[level.share.index]


def _demand(level: _Level, tick: int) -> int:
    """Output demand of the device at ``tick`` (the file output when no preset drives it)."""
    ts = level.base_ts + tick * level.file.cadence
    local = datetime.fromtimestamp(ts, tz=timezone(timedelta(minutes=level.utc_offset_minutes)))
    sb1 = level.share.sb1
    demand = _sb1_demand(level, local) if sb1 else _sb2_demand(level, tick, local, ts)
    return level.file.output if demand is None else demand


def _level_inputs(level: _Level) -> BatteryInputs:
    """Battery inputs of the level (file values, its start SOC and reserve; file output)."""
    return replace(level.file, soc=_start_soc(level), reserve=level.reserve)


def _walk(level: _Level, steps: range, soc: float) -> float:
    """SOC after the given steps (1 = the level's first tick) from ``soc``."""
    before = level.first - 1
    inputs = _level_inputs(level)
    for step in steps:
        tick = before + step
        soc = step_soc(replace(inputs, output=_demand(level, tick)), tick, soc)
    return soc


@lru_cache(maxsize=_CACHE_SIZE)
def _start_soc(level: _Level) -> float:
    """SOC at the end of the tick before the level's first tick."""
    tick = level.first - 1
    if level.depth == 0:
        return soc_at(level.file, tick)
    return _soc(replace(level, depth=level.depth - 1), tick)


@lru_cache(maxsize=_CACHE_SIZE)
def _anchor(level: _Level, day: int) -> float:
    """SOC at the day anchor ``day``: the start SOC, later the day before walked from it."""
    start = _start_soc(level)
    if day == 0:
        return start
    length = ticks_per_day(level.file)
    return _walk(level, range((day - 1) * length + 1, day * length + 1), start)


def _soc(level: _Level, tick: int) -> float:
    """SOC at the end of ``tick`` (not before the level's first tick minus one)."""
    steps = tick - (level.first - 1)
    length = ticks_per_day(level.file)
    day = steps // length
    return _walk(level, range(day * length + 1, steps + 1), _anchor(level, day))


def _state(level: _Level, tick: int) -> DeviceState:
    """Flows and SOC at ``tick``; the start SOCs of the earlier levels are warmed bottom-up."""
    for depth in range(level.depth):
        _start_soc(replace(level, depth=depth))
    soc = _soc(level, tick)
    inputs = replace(_level_inputs(level), output=_demand(level, tick))
    return DeviceState(flows=flows_at(inputs, tick, soc), soc=soc)


def _in_effect(context: PresetContext, cadence: int) -> tuple[tuple[int, PresetWrite], ...]:
    """(first tick, write) of the writes in effect: a write shows from the tick after it (never
    at tick 0) and replaces the writes that would show from the same tick or later."""
    kept: list[tuple[int, PresetWrite]] = []
    for write in context.writes:
        first = max(1, math.floor((write.ts - context.base_ts) / cadence) + 1)
        kept = [item for item in kept if item[0] < first]
        kept.append((first, write))
    return tuple(kept)


def _shares(entries: list[dict[str, Any]]) -> dict[str, _Share]:
    """The preset-driven devices: all SB1 of an SB1-only site, else the Solarbank 2+ units."""
    sb1_site = all(entry.get("device_pn") == SB1_MODEL for entry in entries)
    driven = [
        str(entry.get("device_sn"))
        for entry in entries
        if is_movable(entry) and (sb1_site or entry.get("device_pn") != SB1_MODEL)
    ]
    return {sn: _Share(sn, index, len(driven), sb1_site) for index, sn in enumerate(driven)}


def _online_plugs(scene: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    """Serial and file power of the online smart plugs with a numeric power."""
    info = scene.get("smart_plug_info")
    plugs = info.get("smartplug_list") if isinstance(info, dict) else None
    found = []
    for plug in plugs or []:
        power = parse_number(plug.get("current_power")) if isinstance(plug, dict) else None
        if isinstance(plug, dict) and power is not None and plug.get("status") != "0":
            found.append((str(plug.get("device_sn", "")), power))
    return tuple(found)


def _reserve(entry: dict[str, Any], context: PresetContext) -> float:
    """Reserve SOC of a device: SB1 cut-off, else the station reserve (at least 5 %)."""
    if entry.get("device_pn") == SB1_MODEL:
        own = parse_number(entry.get("output_cutoff_data"))
    else:
        own = None if context.station_reserve is None else float(context.station_reserve)
    return max(SOC_MIN, own or 0.0)


def preset_walker(
    scene: dict[str, Any], context: PresetContext | None, cadence: int, load: SmoothFactor
) -> DeviceWalker | None:
    """The device walker of a scene ``data`` that follows its written presets (None: no writes)."""
    if context is None or not context.writes:
        return None
    writes = _in_effect(context, cadence)
    solarbank = scene.get("solarbank_info")
    listed = solarbank.get("solarbank_list") if isinstance(solarbank, dict) else None
    shares = _shares([entry for entry in listed or [] if isinstance(entry, dict)])
    plugs = _online_plugs(scene)

    def walk(entry: dict[str, Any], inputs: BatteryInputs, tick: int) -> DeviceState | None:
        share = shares.get(str(entry.get("device_sn")))
        depth = sum(1 for first, _ in writes if first <= tick) - 1
        if share is None or depth < 0:
            return None
        level = _Level(
            file=inputs,
            share=share,
            writes=writes,
            depth=depth,
            base_ts=context.base_ts,
            utc_offset_minutes=context.utc_offset_minutes,
            reserve=_reserve(entry, context),
            load=load,
            plugs=plugs,
        )
        return _state(level, tick)

    return walk
