"""Per-site cadence learning for the poll scheduler (§6.8, §8.7, §11).

The cloud refreshes a site's scene data on its own cadence (SB1 about every 60 s, SB2 and newer
about every 300 s) and stamps it with ``solarbank_info.updated_time`` in the site's local time.
A :class:`SiteCadence` follows those stamps: it converts them to Unix time with the poller's
learned zone offset (``energy_offset_tz``), learns the period from successive distinct stamps and
tells when the next stamp is expected.
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..common.products import generation_for
from ..derive.time import TZ_STEP, parse_cloud_time

SB1_CADENCE = 60.0
"""Prior period of sites with only first-generation Solarbanks (s)."""
NEWER_CADENCE = 300.0
"""Prior period of sites with a Solarbank 2 or newer (s)."""
MIN_PERIOD = 10.0
"""Learned periods are never taken shorter than this (s)."""
MAX_PERIOD = 3600.0
"""Learned periods are never taken longer than this (s)."""
HISTORY = 8
"""Number of distinct-stamp intervals kept for learning."""
MAX_LAG = 60.0
"""Longest learned delay (s) between a data stamp and its visibility in the cloud."""
LAG_DECAY = 1.0
"""The learned lag shrinks by this much (s) on every poll that found new data at once."""
SAMPLE_DUE_KEY = "average_due"
"""Site cache key: clock time a Power Panel / X1 site looks for its next 5-minute sample."""


def prior_cadence(site: Mapping[str, Any]) -> float:
    """The expected period before anything is learned.

    300 s when a Solarbank 2 or newer is listed, else the shortest known cadence (60 s): a
    period that is too short is corrected by learning, one that is too long would not be.
    """
    info = site.get("solarbank_info")
    banks = info.get("solarbank_list") if isinstance(info, Mapping) else None
    models = [bank.get("device_pn") for bank in banks or [] if isinstance(bank, Mapping)]
    if any(generation_for(str(pn)) >= 2 for pn in models):
        return NEWER_CADENCE
    return SB1_CADENCE


def data_time(site: Mapping[str, Any], now: float) -> tuple[str, float] | None:
    """``(updated_time text, Unix time)`` of a site's scene data, None without a usable stamp.

    A scene whose stamp the poller replaced by its poll time (``data_time_valid`` False: the
    cloud sent an empty or ``1970-…`` stamp) has none.

    The site-local stamp is shifted by the poller's ``energy_offset_tz`` (§8.7); before the
    poller has learned it, the offset is estimated the same way (stamp − now, whole 30 minutes).
    """
    info = site.get("solarbank_info")
    text = info.get("updated_time") if isinstance(info, Mapping) else None
    if site.get("data_time_valid") is False:
        return None  # the poller wrote its own poll time in: no data time of the cloud
    local = parse_cloud_time(text)
    if local is None or not isinstance(text, str):
        return None
    offset = site.get("energy_offset_tz")
    if isinstance(offset, bool) or not isinstance(offset, int):
        offset = round((local - now) / TZ_STEP) * TZ_STEP
    return text, local - offset


CONTENT_KEYS = (
    "solarbank_info",
    "grid_info",
    "smart_plug_info",
    "pps_info",
    "solar_list",
    "powerpanel_list",
    "home_info",
)
"""Scene parts whose content tells a site without data times that the cloud has new data."""


def untimed_cadence(site: Mapping[str, Any]) -> float:
    """The cloud cadence of a site without data times: its system type's (SB1 60 s, else 300 s)."""
    if site.get("site_type") in ("solarbank", None) and site.get("solarbank_info"):
        return prior_cadence(site)
    return NEWER_CADENCE


def content_digest(site: Mapping[str, Any]) -> str:
    """A digest of a site's scene values without its (poll-time) ``updated_time``."""
    parts: dict[str, Any] = {key: site.get(key) for key in CONTENT_KEYS}
    info = parts["solarbank_info"]
    if isinstance(info, Mapping):
        parts["solarbank_info"] = {k: v for k, v in info.items() if k != "updated_time"}
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


@dataclass
class UntimedSite:
    """A site without data times: read on its type's cadence, new data told by its content."""

    period: float
    digest: str | None = None
    last_read: float | None = None
    sample_due: float | None = None
    """When a Power Panel / X1 site looks for its next 5-minute sample (``average_due``)."""
    polls: int = 0
    polls_with_new_data: int = 0

    def observe(self, digest: str, poll_start: float) -> bool:
        """Take the content read by the poll that started at ``poll_start``; True if it changed."""
        self.polls += 1
        self.last_read = poll_start
        if digest == self.digest:
            return False
        first = self.digest is None
        self.digest = digest
        self.polls_with_new_data += int(not first)
        return not first

    def next_due(self) -> float | None:
        """One cadence after the last read (None before the first)."""
        return None if self.last_read is None else self.last_read + self.period

    def due_after(self, read: float, period: float) -> float:
        """The next read after ``read``: when its next 5-minute sample is looked for, if that
        comes within one cadence, else one cadence later (the scene is still read then)."""
        if self.sample_due is not None and read < self.sample_due <= read + period:
            return self.sample_due
        return read + period

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable figures of this site."""
        return {
            "cadence": round(self.period, 1),
            "learned": False,
            "data_time": False,
            "polls": self.polls,
            "polls_with_new_data": self.polls_with_new_data,
        }


def learn_period(intervals: deque[float]) -> float:
    """The cadence behind intervals between distinct stamps (missed updates give multiples).

    The shortest interval is the first guess; each interval divided by its whole multiple of
    that guess is one estimate of the period, and the median of those is the result.
    """
    shortest = max(MIN_PERIOD, min(intervals))
    estimates = [gap / max(1, round(gap / shortest)) for gap in intervals]
    return min(MAX_PERIOD, max(MIN_PERIOD, statistics.median(estimates)))


@dataclass
class SiteCadence:
    """What the scheduler knows about one site with usable data stamps."""

    period: float
    learned: bool = False
    stamp: str | None = None
    data_ts: float | None = None
    misses: int = 0
    missed_at: float | None = None
    lag: float = 0.0
    polls: int = 0
    polls_with_new_data: int = 0
    intervals: deque[float] = field(default_factory=lambda: deque(maxlen=HISTORY))

    def observe(self, stamp: str, data_ts: float, poll_start: float, margin: float) -> bool:
        """Take the stamp seen by the poll that started at ``poll_start``; True if it is new.

        A poll that started after the expected data time and still saw the old stamp counts
        as a miss (the retry then backs off). When a retry finds a stamp that the missed poll
        should already have seen, the cloud shows data later than its stamp (or the clocks
        differ): that lag is learned and added to ``margin``; it shrinks again while polls
        find new data at once.
        """
        self.polls += 1
        if stamp == self.stamp:
            if self.data_ts is not None and poll_start >= self.data_ts + self.period:
                self.misses += 1
                self.missed_at = poll_start
            return False
        if self.missed_at is not None and self.missed_at >= data_ts:
            self.lag = min(MAX_LAG, max(self.lag, poll_start - data_ts - margin))
        elif self.data_ts is not None:
            self.lag = max(0.0, self.lag - LAG_DECAY)
        if self.data_ts is not None and data_ts > self.data_ts:
            self.intervals.append(data_ts - self.data_ts)
            self.period = learn_period(self.intervals)
            self.learned = True
        self.stamp = stamp
        self.data_ts = data_ts
        self.misses = 0
        self.missed_at = None
        self.polls_with_new_data += 1
        return True

    def next_due(self, now: float, margin: float, retry_step: float) -> float:
        """When to poll for this site's next data.

        Normally ``margin`` plus the learned lag after the expected next stamp. After one miss
        the poll is retried after ``retry_step``; after more misses it waits for the next
        expected stamp but at least a doubling step (so a site that stopped updating is polled
        ever less often).
        """
        if self.data_ts is None:
            return now
        expected = self.data_ts + self.period
        margin += self.lag
        if self.misses == 0:
            return expected + margin
        if self.misses == 1:
            return now + retry_step
        cycles = math.ceil((now - margin - self.data_ts) / self.period)
        aligned = self.data_ts + max(1, cycles) * self.period + margin
        backoff = now + retry_step * 2.0 ** min(self.misses - 1, 10)
        return max(aligned, backoff)

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable figures of this site."""
        return {
            "cadence": round(self.period, 1),
            "learned": self.learned,
            "updated_time": self.stamp,
            "polls": self.polls,
            "polls_with_new_data": self.polls_with_new_data,
            "misses": self.misses,
            "lag": round(self.lag, 1),
        }
