"""PollScheduler: when to poll the cloud and which tiers each poll runs (§6.8, §8.7, §11).

Three cadences:

* **Live site data** (``poller.update_sites()``, every poll): timed to the cloud's own refresh
  cadence, learned per site from ``solarbank_info.updated_time``; a poll runs ``FRESH_MARGIN``
  after the expected next stamp, so nearly every request brings new data and a change reaches the
  caches within about half a minute of its stamp. If the stamp is not new yet, the poll is
  retried after ``RETRY_STEP`` and then backs off. Sites without usable stamps (HES, power panel,
  standalone inverter) are polled on ``FIXED_CADENCE``. Two polls are never closer than
  ``min_interval`` and never further apart than ``max_interval`` (start to start).
* **Device and site details**: at most every ``details_interval``, riding on a live poll.
* **Energy**: at most every ``energy_interval``, riding on a live poll without details.

Start-up: the first poll runs the live data and the details, but no energy. The energy tier runs
on the second poll, which comes no later than ``ENERGY_START_DELAY`` (plus the stagger of the
live polls) after the first; a regular poll due within ``MERGE_WINDOW`` after that serves
instead of an extra one. So the first poll, which Home Assistant waits for during setup, never
runs into the per-endpoint limit with the many ``energy_analysis`` requests of the energy tier,
and the energy values follow within about a minute (until an energy poll succeeded, every poll
runs the energy tier).

:meth:`PollScheduler.note_write` asks for exactly one confirming poll with details; repeated
writes move that one poll instead of adding more. The scheduler never sleeps or calls the
cloud: the caller asks :meth:`plan` at the start of a poll, reports with :meth:`done` and waits
the number of seconds it returns.

Every wait it returns is positive and bounded: at least ``MIN_WAIT`` and at most the user's
update interval (``max_interval``), whatever the clock did. A poll that took longer than planned
(HTTP 429 retries, slow answers) or a clock jump past every due time gives ``MIN_WAIT``, never 0
(Home Assistant reads a zero interval as "no polling"); a clock that jumped back gives at most
``max_interval``. Interval arguments that are zero, negative or NaN are taken as ``MIN_WAIT``
(``min_interval``) or ``min_interval`` (the others); infinite ones as ``LONGEST_INTERVAL``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .scheduler_sites import (
    SAMPLE_DUE_KEY,
    SiteCadence,
    UntimedSite,
    content_digest,
    data_time,
    prior_cadence,
    untimed_cadence,
)

FRESH_MARGIN = 15.0
"""Seconds after the expected data stamp at which the live poll runs."""
RETRY_STEP = 20.0
"""First retry step (s) when a poll found no new data yet; doubles on further misses."""
FIXED_CADENCE = 300.0
"""Live poll cadence (s) for sites without usable data stamps."""
WRITE_CONFIRM_DELAY = 30.0
"""The confirming poll after a write runs no earlier than this (s)."""
MERGE_WINDOW = 15.0
"""Sites due within this many seconds of the first one are served by the same poll."""
MARGIN_STAGGER_SPAN = 15.0
"""The stagger offset moves live polls after a data stamp by ``offset`` modulo this (s)."""
DUE_TOLERANCE = 1.0
"""A tier or confirmation counts as due this many seconds early (timer jitter of the caller)."""
MIN_WAIT = 10.0
"""Shortest wait (s) from the end of a poll to the start of the next; an overdue poll waits
this long (never 0: a zero interval would stop Home Assistant's polling)."""
LONGEST_INTERVAL = 86400.0
"""Intervals longer than this (s), infinite ones included, are taken as this."""
LIVE_SCENE_INTERVAL = 900.0
"""Scene reads (s) of a system whose devices send live data (MQTT): the scene then only serves
what the live data does not cover (site totals, cloud-only values, the data time)."""
LIVE_FRESH = 180.0
"""A system counts as live while its last live message is at most this old (s)."""
ENERGY_START_DELAY = 45.0
"""The first energy poll runs at most this long (s) after the first poll (plus the stagger of
the live polls, plus ``MERGE_WINDOW`` when a regular poll comes that soon)."""


@dataclass(frozen=True)
class PollPlan:
    """What the poll that starts now runs besides the live site data."""

    details: bool
    """Run ``poller.update_device_details()`` and ``update_site_details()``."""
    energy: bool
    """Run ``poller.update_energy()``."""
    skip: frozenset[str] = frozenset()
    """Sites whose live data is not due: ``poller.update_sites(skip=...)`` leaves them out."""
    live: frozenset[str] = frozenset()
    """Sites whose devices send live data (MQTT) now: ``poller.update_sites(live=...)`` reads
    no 5-minute averages for them (the live values stand for those, §7.6)."""


class PollScheduler:
    """Decides the time of every poll and which tiers it runs; pure logic on an injected clock."""

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        max_interval: float = 300,
        details_interval: float = 600,
        energy_interval: float = 900,
        min_interval: float = 30,
        offset: float = 0.0,
    ) -> None:
        """Create a scheduler.

        ``offset`` staggers several accounts in one Home Assistant (seconds, e.g. 0 … 29 per
        entry): live polls after a data stamp come ``offset`` modulo ``MARGIN_STAGGER_SPAN``
        later (so they stay within about 30 s of the stamp), the first fixed-cadence repeats
        after the start-up polls come ``offset`` earlier and the first details and energy
        repeats ``offset`` later.
        """
        self._clock = clock
        self._min_interval = _seconds(min_interval)
        offset = max(0.0, float(offset))
        self._offset = offset if math.isfinite(offset) else 0.0
        self._max_interval = self._details_interval = self._energy_interval = 0.0
        self.update_options(
            max_interval=max_interval,
            details_interval=details_interval,
            energy_interval=energy_interval,
        )
        self._sites: dict[str, SiteCadence] = {}
        self._untimed: dict[str, UntimedSite] = {}
        self._site_due: dict[str, float] = {}
        self._last_read: dict[str, float] = {}
        self._first_start: float | None = None
        self._poll_start: float | None = None
        self._last_start: float | None = None
        self._last_details: float | None = None
        self._last_energy: float | None = None
        self._first_energy: float | None = None
        self._regular_next: float | None = None
        self._write_at: float | None = None
        self._polls = 0
        self._polls_with_new_data = 0
        self._writes = 0
        self._untimed_sites = 0
        self._live: dict[str, float] = {}
        self._live_slowed: set[str] = set()
        """Sites whose next scene read was put off because they were live."""
        self._wake_at: float | None = None
        """The next poll only looks whether live data stopped (no site due): a wake."""
        self._wakes = 0

    def note_live(self, site_id: str, at: float | None = None) -> None:
        """Live data (MQTT) of a system's devices arrived at ``at`` (default: now; the latest
        of several devices counts).

        While it keeps arriving (``LIVE_FRESH``), the system's scene is read every
        ``LIVE_SCENE_INTERVAL`` instead of on its cloud cadence (the live data counts as a read
        for ``max_interval``); when it stops, the cloud cadence is back at the next poll.
        """
        at = self._clock() if at is None else at
        self._live[site_id] = max(at, self._live.get(site_id, at))

    def update_options(
        self, *, max_interval: float, details_interval: float, energy_interval: float
    ) -> None:
        """Apply changed options (``max_interval`` is the user's update interval)."""
        self._max_interval = _seconds(max_interval, self._min_interval)
        self._details_interval = _seconds(details_interval, self._min_interval)
        self._energy_interval = _seconds(energy_interval, self._min_interval)

    def plan(self) -> PollPlan:
        """What the poll that starts now runs (the live site data always).

        The first poll: details, no energy. Until an energy poll succeeded, every later poll
        runs energy (also together with details); after that, energy only on polls without
        details.
        """
        now = self._clock()
        self._poll_start = now
        if self._last_start is None:
            return PollPlan(details=True, energy=False)
        details = self._due(self._last_details, self._details_interval, now, self._first_start) or (
            self._write_at is not None and now >= self._write_at - DUE_TOLERANCE
        )
        energy = self._last_energy is None or (
            not details
            and self._due(self._last_energy, self._energy_interval, now, self._first_energy)
        )
        confirm = self._write_at is not None and now >= self._write_at - DUE_TOLERANCE
        live = frozenset(sid for sid in self._live if self._is_live(sid, now))
        if self._is_wake(now, confirm):
            # only a look whether live data stopped: no system due, so no cloud request (the
            # details and energy tiers ride on the next poll that reads a system)
            self._wakes += 1
            return PollPlan(details=False, energy=False, skip=frozenset(self._site_due), live=live)
        return PollPlan(details=details, energy=energy, skip=self._skipped(now, confirm), live=live)

    def _is_wake(self, now: float, confirm: bool) -> bool:
        """Whether the poll that starts now is a wake (:meth:`_choose_next`) with no system
        due: every one not due within ``MERGE_WINDOW`` or still live."""
        if confirm or self._wake_at is None or now < self._wake_at - DUE_TOLERANCE:
            return False
        if self._last_energy is None or not self._site_due:
            return False  # the start-up polls read as planned
        return len(self._not_due(now)) == len(self._site_due)

    def _skipped(self, now: float, confirm: bool) -> frozenset[str]:
        """Known sites not due within ``MERGE_WINDOW``.

        None for a write's confirmation, and none when no site is due (the start-up energy
        poll, a refresh asked from outside): every poll reads at least one system, so a total
        outage still fails the poll. A wake (:meth:`_is_wake`) is the exception.
        """
        if confirm:
            return frozenset()
        skip = self._not_due(now)
        if skip and len(skip) == len(self._site_due):
            # a live system's devices answer over MQTT: its outage shows there
            return frozenset(sid for sid in skip if self._is_live(sid, now))
        return skip

    def _not_due(self, now: float) -> frozenset[str]:
        """Known sites not due within ``MERGE_WINDOW`` (a site put off while live is due at
        once when its live data stopped)."""
        limit = now + MERGE_WINDOW + DUE_TOLERANCE
        ended = {sid for sid in self._live_slowed if not self._is_live(sid, now)}
        return frozenset(
            sid for sid, due in self._site_due.items() if due > limit and sid not in ended
        )

    def _is_live(self, site_id: str, now: float) -> bool:
        """Whether a system's devices sent live data within ``LIVE_FRESH``."""
        live = self._live.get(site_id)
        return live is not None and now - live <= LIVE_FRESH

    def done(self, plan: PollPlan, sites: Mapping[str, Mapping[str, Any]]) -> float:
        """Learn from the poller's new ``sites`` cache; returns seconds until the next poll."""
        now = self._clock()
        start = now if self._poll_start is None else self._poll_start
        self._poll_start = None
        if self._first_start is None:
            self._first_start = start
        self._last_start = start
        if plan.details:
            self._last_details = start
            if self._write_at is not None and start >= self._write_at - DUE_TOLERANCE:
                self._write_at = None
        if plan.energy:
            self._last_energy = start
            if self._first_energy is None:
                self._first_energy = start
        self._polls += 1
        if self._learn(sites, start, now, plan.skip):
            self._polls_with_new_data += 1
        startup = start in (self._first_start, self._first_energy)
        self._regular_next = self._with_energy_start(start, self._choose_next(now, start, startup))
        if self._write_at is not None:
            self._write_at = max(self._write_at, start + self._min_interval)
        return self._wait(now)

    def note_write(self) -> float:
        """A control wrote to the cloud: schedule one confirming poll (with details).

        The confirming poll runs no earlier than ``WRITE_CONFIRM_DELAY`` after the (last) write
        and keeps ``min_interval`` to the previous poll; a regular poll due shortly after that
        serves as the confirmation instead of an extra one. Returns seconds until the next poll.
        """
        now = self._clock()
        self._writes += 1
        earliest = now + WRITE_CONFIRM_DELAY
        if self._last_start is not None:
            earliest = max(earliest, self._last_start + self._min_interval)
        self._write_at = earliest
        return self._wait(now)

    @property
    def stats(self) -> dict[str, Any]:
        """Polls, polls with new data and the learned cadence per site (JSON-serialisable)."""
        return {
            "polls": self._polls,
            "polls_with_new_data": self._polls_with_new_data,
            "writes": self._writes,
            "wake_only_polls": self._wakes,
            "untimed_sites": self._untimed_sites,
            "untimed": {sid: site.as_dict() for sid, site in sorted(self._untimed.items())},
            "next_poll_in": (
                None if (due := self._next_poll()) is None else round(due - self._clock(), 1)
            ),
            "sites": {site_id: site.as_dict() for site_id, site in sorted(self._sites.items())},
        }

    @property
    def min_wait(self) -> float:
        """The shortest wait :meth:`done` and :meth:`note_write` return (``MIN_WAIT``)."""
        return MIN_WAIT

    @property
    def max_wait(self) -> float:
        """The longest wait :meth:`done` and :meth:`note_write` return (the update interval)."""
        return self._max_interval

    def _wait(self, now: float) -> float:
        """Seconds until the next poll after placing a pending confirmation.

        A regular poll due within ``WRITE_CONFIRM_DELAY`` after the earliest confirmation time
        becomes the confirmation itself (no extra poll). The result lies within ``MIN_WAIT`` …
        ``max_interval``: a poll overdue after a long poll or a clock jump comes ``MIN_WAIT``
        from now, one that a clock jumped back put far ahead comes after ``max_interval``.
        """
        regular = self._regular_next = self._bounded(self._regular_next, now)
        confirm = self._write_at = self._bounded(self._write_at, now)
        if confirm is not None and regular is not None:
            shortly_after = 0 <= regular - confirm <= WRITE_CONFIRM_DELAY
            self._write_at = regular if shortly_after else confirm
        due = self._next_poll()
        wait = self._max_interval if due is None else due - now
        if not math.isfinite(wait):
            wait = self._max_interval
        return min(self._max_interval, max(MIN_WAIT, wait))

    def _bounded(self, due: float | None, now: float) -> float | None:
        """``due`` moved into ``now + MIN_WAIT`` … ``now + max_interval`` (None stays None).

        Overdue after a long poll or a clock jump: soon, but never at once; never beyond the
        update interval from now (a clock that jumped back).
        """
        if due is None:
            return None
        if math.isnan(due):
            return now + self._max_interval
        return min(now + self._max_interval, max(now + MIN_WAIT, due))

    def _next_poll(self) -> float | None:
        """The regular poll or the pending confirmation, whichever comes first."""
        times = [due for due in (self._regular_next, self._write_at) if due is not None]
        return min(times) if times else None

    @property
    def _margin(self) -> float:
        """Seconds after an expected data stamp at which this scheduler polls (stagger incl.)."""
        return FRESH_MARGIN + self._offset % MARGIN_STAGGER_SPAN

    def _due(self, last: float | None, interval: float, now: float, first: float | None) -> bool:
        """Whether a tier last run at ``last`` is due again.

        ``first`` is the start of the tier's first run: its first repeat is shifted by offset.
        """
        if last is None:
            return True
        shift = self._offset if last == first else 0.0
        return now >= last + interval + shift - DUE_TOLERANCE

    def _with_energy_start(self, last_start: float, regular: float) -> float:
        """The next poll time, brought forward for the first energy poll while it is pending.

        The first energy poll is due ``ENERGY_START_DELAY`` plus the stagger of the live polls
        (``offset`` modulo ``MARGIN_STAGGER_SPAN``) after the first poll; a regular poll no more
        than ``MERGE_WINDOW`` after that serves.
        """
        if self._last_energy is not None or self._first_start is None:
            return regular
        delay = ENERGY_START_DELAY + self._offset % MARGIN_STAGGER_SPAN
        deadline = max(self._first_start + delay, last_start + self._min_interval)
        return regular if regular <= deadline + MERGE_WINDOW else deadline

    def _learn(
        self,
        sites: Mapping[str, Mapping[str, Any]],
        start: float,
        now: float,
        skip: frozenset[str],
    ) -> bool:
        """Update the per-site cadences from the sites this poll read; True if any had new data.

        A site with data times learns its cadence from them; one without (HES, power panel, a
        scene with an empty or ``1970-…`` stamp) is read on its system type's cloud cadence and
        counts as new when its content changed.
        """
        new_data = False
        for site_id, site in sites.items():
            if site_id in skip and site_id in self._site_due:
                continue
            self._last_read[site_id] = start
            stamped = data_time(site, now)
            if stamped is None:
                self._sites.pop(site_id, None)
                untimed = self._untimed.get(site_id)
                if untimed is None:
                    untimed = self._untimed[site_id] = UntimedSite(untimed_cadence(site))
                new_data |= untimed.observe(content_digest(site), start)
                due = site.get(SAMPLE_DUE_KEY)
                untimed.sample_due = float(due) if isinstance(due, (int, float)) else None
                continue
            self._untimed.pop(site_id, None)
            cadence = self._sites.get(site_id)
            if cadence is None:
                cadence = self._sites[site_id] = SiteCadence(period=prior_cadence(site))
            new_data |= cadence.observe(*stamped, poll_start=start, margin=self._margin)
        for table in (self._sites, self._untimed, self._last_read, self._site_due, self._live):
            for site_id in [sid for sid in table if sid not in sites]:
                del table[site_id]
        self._untimed_sites = len(self._untimed)
        return new_data

    def _choose_next(self, now: float, last_start: float, startup: bool) -> float:
        """Time of the next poll: the earliest site due (merged with close ones), clamped.

        Every site has its own due time: a timed site after its next expected stamp, an untimed
        one a type cadence after its last read (the first repeat after the start-up polls comes
        ``offset`` earlier), both at most ``max_interval`` after the site was last read.
        ``last_start`` is the start of the poll just done, ``startup`` whether it was the first
        poll or the first energy poll.
        """
        self._site_due = {}
        self._live_slowed = set()
        wakes: list[float] = []
        for site_id, site in self._sites.items():
            self._site_due[site_id] = site.next_due(now, self._margin, RETRY_STEP)
        for site_id, untimed in self._untimed.items():
            read = last_start if untimed.last_read is None else untimed.last_read
            shift = self._offset if read in (self._first_start, self._first_energy) else 0.0
            period = max(self._min_interval, min(untimed.period, self._max_interval) - shift)
            due = untimed.due_after(read, period)
            self._site_due[site_id] = max(read + self._min_interval, due)
        for site_id, due in self._site_due.items():
            last_read = self._last_read.get(site_id)
            if last_read is not None:
                self._site_due[site_id] = min(due, last_read + self._max_interval)
            if last_read is not None and self._is_live(site_id, now):
                slow = last_read + max(LIVE_SCENE_INTERVAL, self._min_interval)
                self._site_due[site_id] = max(self._site_due[site_id], slow)
                self._live_slowed.add(site_id)
                # look again when the live data would be stale: if it stopped, the site is
                # read (and its averages resumed) then, not a scene interval later
                wakes.append(self._live[site_id] + LIVE_FRESH + DUE_TOLERANCE)
        dues = list(self._site_due.values()) + wakes
        if not dues:
            fixed = min(FIXED_CADENCE, self._max_interval)
            if startup:
                fixed = max(self._min_interval, fixed - self._offset)
            dues.append(last_start + fixed)
        soonest = min(dues)
        chosen = max(due for due in dues if due <= soonest + MERGE_WINDOW)
        earliest = last_start + self._min_interval
        latest = last_start + self._max_interval
        chosen = min(latest, max(earliest, chosen))
        # only a wake: no site is due then (one due soon after serves when the poll comes)
        sites_due = min(self._site_due.values(), default=math.inf)
        self._wake_at = chosen if wakes and sites_due > chosen + MERGE_WINDOW else None
        return chosen


def _seconds(value: float, floor: float = MIN_WAIT) -> float:
    """An interval option as usable seconds: ``floor`` … ``LONGEST_INTERVAL`` (NaN: ``floor``)."""
    seconds = float(value)
    if math.isnan(seconds):
        return floor
    return min(LONGEST_INTERVAL, max(floor, seconds))
