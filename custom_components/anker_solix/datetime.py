"""Start and end of the backup (AC charge) window with their dates (disabled by default).

The window is set with the time entities ("Backup charge from" / "until", `time.py`); these
date-and-time entities keep the unique ids of earlier releases, show the full window with its
dates and accept a window on another day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from homeassistant.components.datetime import DateTimeEntity, DateTimeEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

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


@dataclass(frozen=True, kw_only=True)
class SolixDateTimeDescription(DateTimeEntityDescription, SolixControlDescription):
    """A date and time of one context."""


def _moment(path: str) -> Callable[[SolixContext], datetime | None]:
    """Unix seconds at a path as an aware datetime (None when absent or zero)."""

    def read(ctx: SolixContext) -> datetime | None:
        return epoch_time(field(ctx.entry, path))

    return read


async def _write_start(poller: SolixPoller, key: str, value: datetime) -> None:
    await control.set_backup_charge(poller, key, start=value)


async def _write_end(poller: SolixPoller, key: str, value: datetime) -> None:
    await control.set_backup_charge(poller, key, end=value)


DATETIMES: tuple[SolixDateTimeDescription, ...] = (
    SolixDateTimeDescription(
        key="preset_manual_backup_start",
        translation_key="preset_manual_backup_start",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        entity_registry_enabled_default=False,
        value_fn=_moment("preset_manual_backup_start"),
        supported_fn=has_backup_window,
        write_fn=_write_start,
        confirm=False,
    ),
    SolixDateTimeDescription(
        key="preset_manual_backup_end",
        translation_key="preset_manual_backup_end",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        entity_registry_enabled_default=False,
        value_fn=_moment("preset_manual_backup_end"),
        supported_fn=has_backup_window,
        write_fn=_write_end,
        confirm=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the backup window entities of every Solarbank with one."""
    async_setup_controls(entry, async_add_entities, DATETIMES, SolixDateTime)


class SolixDateTime(SolixControlEntity, DateTimeEntity):
    """A point in time the library writes into the Solarbank's plan."""

    entity_description: SolixDateTimeDescription

    def _read_value(self) -> None:
        """Take the moment from the snapshot."""
        self._attr_native_value = self._control_value()

    async def async_set_value(self, value: datetime) -> None:
        """Write the new moment (the library validates the window)."""
        await self._async_write(value)
