"""Detail groups: each group of detail queries is read at the cadence its data changes (§11.2).

The details tier runs every ``details_interval`` (600 s), but most of its answers (firmware,
Wi-Fi, fittings, auto-upgrade, power limits, prices, schedules) do not change between two reads.
Each group has a ``base`` interval; every read whose answer equals the last one doubles the
group's interval up to ``longest``, a changed answer sets it back to ``base``. Intervals are
kept per group and scope (account, site or serial).

A group is read at the next details poll regardless of its interval when

* one of its ``writes`` endpoints was called since it was last read (our own change, counted
  by the session's request statistics; a write endpoint no group names makes every writable
  group due), or
* a full read was asked for (the user's refresh button, :meth:`DetailGroups.read_all`).

The site list (``site_list``) is a group too: unchanged answers make it ever rarer (10 min to
1 h), so a new or removed system shows up within about an hour; the poller reads it earlier when
a scene or the bind list names a device not seen before. The bind list (``bind``) is scoped by
every device serial the site list and the scenes name: a new or removed device makes it due at
once, otherwise it follows its answers like the other groups.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..cloud import Endpoint
from .context import PollContext

DUE_TOLERANCE = 30.0
"""A group counts as due this many seconds early (details polls are not exactly on time)."""
WRITE_WORDS = ("/set_", "/add_", "/delete_", "/update")
"""Path parts that mark an endpoint as a write."""
MINUTE = 60.0
HOUR = 3600.0


@dataclass(frozen=True)
class GroupSpec:
    """Cadence of one group: ``base`` after a change, doubling up to ``longest``."""

    base: float
    longest: float
    writes: tuple[str, ...] = ()


VEHICLE_WRITES = (
    Endpoint.ADD_VEHICLE,
    Endpoint.UPDATE_VEHICLE,
    Endpoint.DELETE_VEHICLE,
    Endpoint.SET_CHARGING_VEHICLE,
    Endpoint.SET_DEFAULT_VEHICLE,
)

GROUPS: dict[str, GroupSpec] = {
    "site_list": GroupSpec(10 * MINUTE, HOUR),
    "bind": GroupSpec(10 * MINUTE, HOUR),
    "messages": GroupSpec(10 * MINUTE, HOUR),
    "wifi": GroupSpec(10 * MINUTE, HOUR),
    "schedule": GroupSpec(
        10 * MINUTE, HOUR, (Endpoint.SET_DEVICE_HOME_LOAD, Endpoint.SET_SITE_DEVICE_PARAM)
    ),
    "ai_status": GroupSpec(10 * MINUTE, HOUR),
    "running_info": GroupSpec(10 * MINUTE, 30 * MINUTE),
    "power_limit": GroupSpec(30 * MINUTE, 6 * HOUR, (Endpoint.SET_DEVICE_ATTRS,)),
    "attributes": GroupSpec(30 * MINUTE, 6 * HOUR, (Endpoint.SET_DEVICE_ATTRS,)),
    "cutoff": GroupSpec(30 * MINUTE, 6 * HOUR, (Endpoint.SET_POWER_CUTOFF,)),
    "price": GroupSpec(
        30 * MINUTE,
        12 * HOUR,
        (Endpoint.UPDATE_SITE_PRICE, Endpoint.PV_UPDATE_USER_TIERED_ELEC_PRICE),
    ),
    "co2": GroupSpec(HOUR, 6 * HOUR),
    "firmware": GroupSpec(HOUR, 6 * HOUR),
    "auto_upgrade": GroupSpec(HOUR, 12 * HOUR, (Endpoint.SET_AUTO_UPGRADE,)),
    "vehicles": GroupSpec(HOUR, 12 * HOUR, VEHICLE_WRITES),
    "fittings": GroupSpec(HOUR, 24 * HOUR),
    "hes_devices": GroupSpec(HOUR, 24 * HOUR),
}
"""Every detail group and its cadence (s)."""


def digest(data: object) -> str:
    """A short digest of an answer (JSON with sorted keys)."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def is_write(endpoint: str) -> bool:
    """Whether an endpoint path changes data in the cloud."""
    return any(word in endpoint for word in WRITE_WORDS)


@dataclass
class _Scope:
    interval: float
    last: float | None = None
    digest: str | None = None


@dataclass
class DetailGroups:
    """When each group (per scope) is due, learned from its answers; pure logic on a clock."""

    clock: Callable[[], float]
    full: bool = False
    """Read every group now (the refresh button); cleared by :meth:`finish`."""
    scopes: dict[tuple[str, str], _Scope] = field(default_factory=dict)
    written: dict[str, float] = field(default_factory=dict)
    """Group → time of our last write to it."""
    counts: dict[str, int] | None = None
    reads: dict[str, int] = field(default_factory=dict)
    """Reads per group (statistics)."""

    def note_requests(self, counts: Mapping[str, int]) -> None:
        """Compare the session's request counts per endpoint: writes since the last call."""
        previous, self.counts = self.counts, dict(counts)
        if previous is None:
            return
        now = self.clock()
        for endpoint, count in counts.items():
            if count <= previous.get(endpoint, 0) or not is_write(endpoint):
                continue
            named = [name for name, spec in GROUPS.items() if endpoint in spec.writes]
            targets = named or [name for name, spec in GROUPS.items() if spec.writes]
            for name in targets:
                self.written[name] = now

    def due(self, group: str, scope: str) -> bool:
        """Whether ``group`` of ``scope`` is read in this details poll."""
        state = self.scopes.get((group, scope))
        if self.full or state is None or state.last is None:
            return True
        if self.written.get(group, float("-inf")) >= state.last:
            return True
        return self.clock() >= state.last + state.interval - DUE_TOLERANCE

    def seen(self, group: str, scope: str, answer: object | None) -> None:
        """An answer of ``group`` of ``scope`` came in: learn whether it changed.

        None (the read failed or its endpoint is backing off) counts like an unchanged
        answer, so a refused endpoint is asked no more often than one that answers.
        """
        spec = GROUPS[group]
        key = (group, scope)
        state = self.scopes.setdefault(key, _Scope(spec.base))
        value = None if answer is None else digest(answer)
        if value is not None and value != state.digest:
            state.interval = spec.base
            state.digest = value
        elif state.last is not None:
            state.interval = min(spec.longest, state.interval * 2)
        state.last = self.clock()
        self.reads[group] = self.reads.get(group, 0) + 1

    def finish(self) -> None:
        """End of a details poll: a full read is done."""
        self.full = False

    def as_dict(self) -> dict[str, Any]:
        """Reads per group and its longest current interval (no scopes: they hold serials)."""
        longest: dict[str, int] = {}
        for (group, _scope), state in self.scopes.items():
            longest[group] = max(longest.get(group, 0), round(state.interval))
        return {
            "reads": dict(sorted(self.reads.items())),
            "intervals": dict(sorted(longest.items())),
        }


GROUPS_MARK = ("detail_groups",)


def detail_groups(ctx: PollContext) -> DetailGroups:
    """The poll context's detail groups (created on first use, kept in ``ctx.marks``)."""
    groups = ctx.marks.get(GROUPS_MARK)
    if not isinstance(groups, DetailGroups):
        groups = ctx.marks[GROUPS_MARK] = DetailGroups(ctx.now)
    return groups


def start_details(ctx: PollContext, *, full: bool) -> DetailGroups:
    """Begin a details step: take note of our writes since the last one, and of a full read."""
    groups = detail_groups(ctx)
    stats = getattr(ctx.api.session, "stats", None)
    endpoints = getattr(stats, "endpoints", None)
    if isinstance(endpoints, Mapping):
        groups.note_requests(
            {str(path): int(getattr(count, "requests", 0)) for path, count in endpoints.items()}
        )
    groups.full = groups.full or full
    return groups
