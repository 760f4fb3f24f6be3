"""Backup (AC charge) window of Solarbank 2 AC and Solarbank 3 as two times of day.

Users think of the window as "charge from 22:00 until 06:00", so the window's start and end are
time entities in Home Assistant's time zone:

* The window belongs to a day: the day of the stored window while it has not ended yet, else
  today (the clock is the library's, so a simulated cloud drives it too).
* "Backup charge from" sets the start on that day; the end keeps its time of day.
* "Backup charge until" sets the end; the start keeps its time of day.
* An end time earlier than the start time means the next day (an overnight window, at most
  24 hours); an end equal to the start is refused (the window must end after it starts).
* The library refuses a start in the past, a window shorter than 5 minutes and an end in the
  past, with translated reasons; nothing is written then.

The window's full dates are shown by the date-and-time entities (disabled by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from homeassistant.components.time import TimeEntity, TimeEntityDescription
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.util import dt as dt_util

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry
from .entity_control import (
    SOLARBANK,
    SolixControlDescription,
    SolixControlEntity,
    async_setup_controls,
    has_backup_window,
)
from .sensor_common import epoch_time, field
from .solixapi import SolixPoller, control

PARALLEL_UPDATES = 1
START = "preset_manual_backup_start"
END = "preset_manual_backup_end"


@dataclass(frozen=True, kw_only=True)
class SolixTimeDescription(TimeEntityDescription, SolixControlDescription):
    """A time of day of one context."""


def _seconds(value: object) -> int | None:
    """Unix seconds of a cache value (None when absent, zero or implausible)."""
    moment = epoch_time(value)
    return int(moment.timestamp()) if moment is not None else None


def _zone() -> tzinfo:
    """Home Assistant's time zone (the one the user reads times in)."""
    return dt_util.get_default_time_zone()


def _local(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC).astimezone(_zone())


def _time_at(path: str) -> Callable[[SolixContext], time | None]:
    """The time of day of a window boundary in Home Assistant's time zone."""

    def read(ctx: SolixContext) -> time | None:
        ts = _seconds(field(ctx.entry, path))
        return None if ts is None else _local(ts).time().replace(second=0, microsecond=0)

    return read


def _on(day: date, value: time) -> datetime:
    """``value`` on ``day`` in Home Assistant's time zone (aware)."""
    return datetime.combine(day, value.replace(second=0, microsecond=0, tzinfo=None)).replace(
        tzinfo=_zone()
    )


def _after(start: datetime, value: time) -> datetime:
    """The end at ``value`` on the start's day, or the next day when it is earlier (overnight)."""
    end = _on(start.date(), value)
    return end + timedelta(days=1) if end < start else end


def window(
    stored_start: int | None, stored_end: int | None, now: float
) -> tuple[date, time | None, time | None]:
    """The day of the window and its stored times of day.

    The day is that of the stored start while the stored window has not ended, else today.
    """
    start = None if stored_start is None else _local(stored_start)
    end = None if stored_end is None else _local(stored_end)
    today = datetime.fromtimestamp(now, UTC).astimezone(_zone()).date()
    running = start is not None and stored_end is not None and stored_end > now
    day = start.date() if running and start is not None else today
    return (
        day,
        None if start is None else start.time(),
        None if end is None else end.time(),
    )


def _stored(poller: SolixPoller, key: str) -> tuple[int | None, int | None]:
    entry = poller.ctx.devices.get(key) or {}
    return _seconds(entry.get(START)), _seconds(entry.get(END))


async def _write_from(poller: SolixPoller, key: str, value: time) -> None:
    """Start at ``value`` on the window's day; the end keeps its time of day (after the start)."""
    stored_start, stored_end = _stored(poller, key)
    day, _, end_time = window(stored_start, stored_end, poller.ctx.now())
    start = _on(day, value)
    if end_time is None:
        await control.set_backup_charge(poller, key, start=start)
        return
    await control.set_backup_charge(poller, key, start=start, end=_after(start, end_time))


async def _write_until(poller: SolixPoller, key: str, value: time) -> None:
    """End at ``value`` after the window's start (the next day when earlier than the start)."""
    stored_start, stored_end = _stored(poller, key)
    day, start_time, _ = window(stored_start, stored_end, poller.ctx.now())
    if start_time is None:
        # No window yet: the library starts it now.
        now = datetime.fromtimestamp(poller.ctx.now(), UTC).astimezone(_zone())
        await control.set_backup_charge(poller, key, end=_after(now, value))
        return
    start = _on(day, start_time)
    end = _after(start, value)
    if stored_start is not None and int(start.timestamp()) // 60 == stored_start // 60:
        # The stored start stays: only the end is written (a running window may have begun).
        await control.set_backup_charge(poller, key, end=end)
        return
    await control.set_backup_charge(poller, key, start=start, end=end)


TIMES: tuple[SolixTimeDescription, ...] = (
    SolixTimeDescription(
        key="backup_charge_from",
        translation_key="backup_charge_from",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        needs_value=False,
        value_fn=_time_at(START),
        supported_fn=has_backup_window,
        write_fn=_write_from,
        confirm=False,
    ),
    SolixTimeDescription(
        key="backup_charge_until",
        translation_key="backup_charge_until",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        needs_value=False,
        value_fn=_time_at(END),
        supported_fn=has_backup_window,
        write_fn=_write_until,
        confirm=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the backup window times of every Solarbank with one, and the MQTT time settings."""
    async_setup_controls(entry, async_add_entities, TIMES, SolixTime)
    # The device settings over MQTT (their module builds on this one's entity class).
    from .entity_mqtt import async_setup_mqtt_controls
    from .time_mqtt import SolixMqttTime, describe_time

    async_setup_mqtt_controls(
        entry, async_add_entities, Platform.TIME, describe_time, SolixMqttTime
    )


class SolixTime(SolixControlEntity, TimeEntity):
    """A time of day of the backup window, written into the Solarbank's plan."""

    entity_description: SolixTimeDescription

    def _read_value(self) -> None:
        """Take the time of day from the snapshot."""
        self._attr_native_value = self._control_value()

    async def async_set_value(self, value: time) -> None:
        """Write the new time (the library validates the window)."""
        await self._async_write(value)
