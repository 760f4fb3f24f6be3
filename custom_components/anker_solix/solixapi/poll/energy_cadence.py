"""Energy cadence: a site's daily energy is read when its values can have changed (§7).

The energy tier runs every ``energy_interval`` (900 s), but a site's daily totals stand still
for hours (no solar and a resting battery at night). Each site keeps the digest of its last
``energy_details.today``: a read that changed it keeps the site on every energy poll, an
unchanged one waits ``UNCHANGED_STEP`` and every further unchanged one twice as long, up to
``LONGEST``. A new energy day (site-local, §7.2) makes the site due at once, so the day's values
start over on time; a full read (refresh) reads every site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .context import PollContext
from .detail_groups import digest

UNCHANGED_STEP = 1800.0
"""Wait (s) after the first read whose values equal the last read's."""
LONGEST = 3600.0
"""Longest wait (s) between two energy reads of a site whose values do not change."""
DUE_TOLERANCE = 30.0
"""A site counts as due this many seconds early (energy polls are not exactly on time)."""


@dataclass
class _EnergySite:
    day: str
    last: float
    digest: str
    wait: float = 0.0


@dataclass
class EnergyCadence:
    """When each site's energy is read, learned from its answers; pure logic on a clock."""

    clock: Callable[[], float]
    full: bool = False
    """Read every site in the next energy poll (:meth:`SolixPoller.read_all_details`)."""
    sites: dict[str, _EnergySite] = field(default_factory=dict)
    reads: int = 0
    skipped: int = 0

    def due(self, site_id: str, day: str) -> bool:
        """Whether the energy of ``site_id`` is read in this energy poll (``day``: its energy
        day now)."""
        state = self.sites.get(site_id)
        if self.full or state is None or state.day != day:
            return True
        due = self.clock() >= state.last + state.wait - DUE_TOLERANCE
        self.skipped += int(not due)
        return due

    def seen(self, site_id: str, day: str, today: Any) -> None:
        """The site's energy was read: ``today`` is its ``energy_details.today`` now."""
        value = digest(today)
        state = self.sites.get(site_id)
        if state is None or state.day != day or state.digest != value:
            wait = 0.0
        else:
            wait = min(LONGEST, max(UNCHANGED_STEP, state.wait * 2))
        self.sites[site_id] = _EnergySite(day, self.clock(), value, wait)
        self.reads += 1

    def forget(self, site_ids: set[str]) -> None:
        """Drop sites that no longer exist."""
        for site_id in [sid for sid in self.sites if sid not in site_ids]:
            del self.sites[site_id]

    def as_dict(self) -> dict[str, int]:
        """Site reads and energy polls that left a site out (statistics)."""
        return {"reads": self.reads, "skipped": self.skipped}


ENERGY_MARK = ("energy_cadence",)


def energy_cadence(ctx: PollContext) -> EnergyCadence:
    """The poll context's energy cadence (created on first use, kept in ``ctx.marks``)."""
    cadence = ctx.marks.get(ENERGY_MARK)
    if not isinstance(cadence, EnergyCadence):
        cadence = ctx.marks[ENERGY_MARK] = EnergyCadence(ctx.now)
    return cadence
