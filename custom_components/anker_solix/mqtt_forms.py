"""How a device setting looks in Home Assistant when its command value is not a plain number.

`FORMS` (form name → `MqttForm`) gives the platform, the reading of the reported value and the
command value of what the user entered; rows of `mqtt_controls.MQTT_CONTROLS` name their form:

* ``duration_min`` — a 3-byte duration (second, minute, hour; MQTT protocol §4.7), reported as
  ``"HH:MM:SS"``, as a number in minutes (the smart plug's delayed switching): automations say
  "switch off in 30 minutes" more often than "at a time of 00:30:00", and a number takes the
  value of a template or an input number directly.
* ``day_minute`` — minutes since midnight (u16) as a time of day (the S2000 silent schedule).
* ``day_mask`` — a day mask (bit 0 Monday … bit 6 Sunday, §4.7) as a text of day names,
  ``"Mon,Tue,Fri"`` (any case, separated by commas or spaces; empty: no day).

A value the form cannot read shows as unknown; an entry it cannot turn into a command value is
refused with a translated `ServiceValidationError` before anything is sent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any, Final

from homeassistant.const import Platform
from homeassistant.exceptions import ServiceValidationError

from .const import DOMAIN

DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Day names of a day mask, bit 0 first (§4.7)."""
_SEPARATORS: Final = re.compile(r"[\s,;]+")
MINUTES_PER_DAY: Final = 1440


def _refused(reason: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=reason, translation_placeholders=placeholders
    )


def _number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


# ---- duration in minutes ------------------------------------------------------------------
def duration_minutes(live: Any) -> float | None:
    """``"HH:MM:SS"`` → minutes (seconds as a fraction, two decimals)."""
    if not isinstance(live, str):
        return None
    parts = live.split(":")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    hours, minutes, seconds = (int(part) for part in parts)
    return round(hours * 60 + minutes + seconds / 60, 2)


def duration_text(value: Any) -> str:
    """Minutes → ``"HH:MM:SS"`` (the command's time text, §4.7)."""
    seconds = round(float(value) * 60)
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def duration_bounds(raw_max: float | None) -> tuple[float, float]:
    """The number's range in whole minutes from the command's 3-byte maximum."""
    if raw_max is None:
        return 0.0, float(MINUTES_PER_DAY - 1)
    raw = int(raw_max)
    top = duration_minutes(f"{raw >> 16 & 0xFF:02d}:{raw >> 8 & 0xFF:02d}:{raw & 0xFF:02d}")
    return 0.0, float(math.floor(top or 0))


# ---- minute of day -------------------------------------------------------------------------
def day_time(live: Any) -> time | None:
    """Minutes since midnight → time of day (1440, the end of the day, shows as 00:00)."""
    minutes = _number(live)
    if minutes is None or not 0 <= minutes <= MINUTES_PER_DAY:
        return None
    minutes %= MINUTES_PER_DAY
    return time(minutes // 60, minutes % 60)


def day_minute(value: Any) -> int:
    """A time of day → minutes since midnight (seconds dropped)."""
    if not isinstance(value, time):
        raise _refused("mqtt_time_invalid", value=str(value))
    return value.hour * 60 + value.minute


# ---- day mask ------------------------------------------------------------------------------
def day_names(live: Any) -> str | None:
    """A day mask → ``"Mon,Tue,Fri"`` (week order; empty text for no day)."""
    mask = _number(live)
    if mask is None:
        return None
    return ",".join(day for bit, day in enumerate(DAYS) if mask >> bit & 1)


def day_mask(value: Any) -> int:
    """``"mon, tue fri"`` → the day mask; unknown names are refused (translated)."""
    text = str(value).strip()
    mask = 0
    lookup = {day.lower(): bit for bit, day in enumerate(DAYS)}
    for word in filter(None, _SEPARATORS.split(text)):
        bit = lookup.get(word.lower())
        if bit is None:
            raise _refused("mqtt_days_invalid", value=text, days=",".join(DAYS))
        mask |= 1 << bit
    return mask


@dataclass(frozen=True)
class MqttForm:
    """One form of a setting: platform, reported value → entity value, entry → command value."""

    platform: Platform
    read: Callable[[Any], Any]
    """The entity's value of the reported (status) value; None when it cannot be read."""
    command: Callable[[Any], int | float | str]
    """The command value of the user's entry (raises a translated refusal)."""


FORMS: Final[dict[str, MqttForm]] = {
    "duration_min": MqttForm(Platform.NUMBER, duration_minutes, duration_text),
    "day_minute": MqttForm(Platform.TIME, day_time, day_minute),
    "day_mask": MqttForm(Platform.TEXT, day_names, day_mask),
}
