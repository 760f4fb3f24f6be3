"""Deterministic smooth factors over ticks, derived from a hash of seed, channel and knot.

No global random state: the same seed, channel and tick always give the same factor.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import lru_cache

from solixsim.daylight import Daylight


def unit_hash(seed: str, *parts: object) -> float:
    """A number in [0, 1) derived from ``seed`` and ``parts`` only."""
    text = "|".join([seed, *(str(part) for part in parts)])
    digest = hashlib.sha256(text.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


@lru_cache(maxsize=65536)
def _knot_value(seed: str, channel: str, knot: int, low: float, high: float) -> float:
    """Factor at one knot; knot 0 is anchored at 1.0 so tick 0 and its neighbours match the file."""
    if knot == 0:
        return 1.0
    return low + (high - low) * unit_hash(seed, channel, knot)


@dataclass(frozen=True)
class SmoothFactor:
    """Value noise between ``low`` and ``high`` with knots every ``spacing`` ticks (smoothstep)."""

    seed: str
    channel: str
    low: float
    high: float
    spacing: int
    daylight: Daylight | None = None
    """With a site's daylight the factor also follows the sun (0 at night, see
    :mod:`solixsim.daylight`)."""

    def at(self, tick: int) -> float:
        """The factor at ``tick`` (1.0 at tick 0)."""
        knot = math.floor(tick / self.spacing)
        fraction = (tick - knot * self.spacing) / self.spacing
        start = _knot_value(self.seed, self.channel, knot, self.low, self.high)
        end = _knot_value(self.seed, self.channel, knot + 1, self.low, self.high)
        weight = fraction * fraction * (3.0 - 2.0 * fraction)
        sun = 1.0 if self.daylight is None else self.daylight.ratio(tick)
        return (start + (end - start) * weight) * sun

    def scale(self, value: float, tick: int) -> int:
        """``value`` times the factor at ``tick``, rounded to whole watts (0 stays 0)."""
        return round(value * self.at(tick))
