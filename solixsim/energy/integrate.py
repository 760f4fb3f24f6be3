"""Energy of a site integrated from the power values the simulator serves over its clock.

The scene of tick ``k`` holds from ``base + k·cadence`` for one cadence. Power is sampled every
``SAMPLE_SECONDS`` (every tick for 300 s sites, every fifth tick for 60 s SB1 sites) and held
until the next sample, so a day costs at most 288 scene evaluations. Energy of any interval is
the exact overlap of these steps with the interval; completed 20-minute slots are memoised.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from solixsim.clock import SimClock
from solixsim.daylight import Daylight
from solixsim.energy.flows import Record, add, scene_power
from solixsim.hooks import preset_context, scene_at_tick, site_cadence_seconds
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

SAMPLE_SECONDS = 300
SLOT_SECONDS = 1200
_WH_PER_KWH = 1000.0
_SECONDS_PER_HOUR = 3600.0
_MAX_MEMO = 200_000


@dataclass
class SiteIntegrator:
    """Integrates the served power of one site."""

    store: ScenarioStore
    times: SiteTimes
    clock: SimClock
    site_id: str
    _power: dict[int, Record] = field(default_factory=dict)
    _slots: dict[float, Record] = field(default_factory=dict)

    def _scene(self) -> dict[str, Any] | None:
        envelope = self.store.get(f"scene_{self.site_id}")
        data = envelope.get("data") if envelope is not None else None
        return data if isinstance(data, dict) else None

    @property
    def available(self) -> bool:
        """True when the site has a scene to integrate."""
        return self._scene() is not None

    def _step(self) -> tuple[float, int, int]:
        """Base time, cadence and ticks per sample of the site."""
        scene = self._scene() or {}
        cadence = site_cadence_seconds(scene)
        return self.times.base(self.site_id), cadence, max(1, SAMPLE_SECONDS // cadence)

    def power_at_tick(self, tick: int) -> Record:
        """The power flows (W) of a tick as the scene serves them."""
        cached = self._power.get(tick)
        if cached is not None:
            return cached
        scene = self._scene()
        if scene is None:
            return {}
        base = self.times.base(self.site_id)
        presets = preset_context(self.store, self.site_id, base)
        daylight = Daylight(base, self.times.zone)
        record = scene_power(scene_at_tick(scene, tick, self.site_id, "", presets, daylight))
        if len(self._power) > _MAX_MEMO:
            self._power.clear()
        self._power[tick] = record
        return record

    def integrate(self, start: float, end: float) -> Record:
        """Energy (kWh) between two clock times (no memo)."""
        total: Record = {}
        if end <= start:
            return total
        base, cadence, stride = self._step()
        span = cadence * stride
        group = math.floor((start - base) / span)
        while True:
            step_start = base + group * span
            if step_start >= end:
                return total
            overlap = min(end, step_start + span) - max(start, step_start)
            if overlap > 0:
                power = self.power_at_tick(group * stride)
                add(total, power, overlap / _SECONDS_PER_HOUR / _WH_PER_KWH)
            group += 1

    def slot(self, slot_start: float, now: float) -> Record:
        """Energy of the 20-minute slot starting at ``slot_start`` up to ``now``."""
        slot_end = slot_start + SLOT_SECONDS
        if now >= slot_end:
            memo = self._slots.get(slot_start)
            if memo is None:
                memo = self.integrate(slot_start, slot_end)
                if len(self._slots) > _MAX_MEMO:
                    self._slots.clear()
                self._slots[slot_start] = memo
            return memo
        return self.integrate(slot_start, min(now, slot_end))

    def energy(self, start: float, end: float, now: float) -> Record:
        """Energy from ``start`` to ``min(end, now)``; ``start`` must begin a slot grid."""
        total: Record = {}
        cursor = start
        while cursor < min(end, now):
            add(total, self.slot(cursor, now))
            cursor += SLOT_SECONDS
        return total
