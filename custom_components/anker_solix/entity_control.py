"""The base of every control entity: owner-only creation, one write path, translated refusals.

A control description says how to read its value from the snapshot (`value_fn`), whether the
device supports it (`supported_fn`) and which library op changes it (`write_fn(poller, key,
value)`). Writes go through `helpers.async_run_write`, which translates refusals, publishes the
updated caches to every entity at once and plans at most one confirming poll.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN, LOGGER
from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry, SolixCoordinator
from .entity import SolixEntity, SolixEntityDescription
from .entity_setup import async_setup_dynamic_entities
from .helpers import async_run_write
from .sensor_common import field
from .solixapi import SolixPoller, device_is_owned, site_is_owned

type WriteFn = Callable[[SolixPoller, str, Any], Awaitable[Any] | None]

SOLARBANK = ("solarbank",)
SITE_PRICE = ("site_price",)


@dataclass(frozen=True, kw_only=True)
class SolixControlDescription(SolixEntityDescription):
    """What every control adds to the entity description."""

    value_fn: Callable[[SolixContext], Any]
    """The control's value in the snapshot (None: unavailable)."""
    supported_fn: Callable[[SolixContext], bool]
    """Whether the device, model and firmware of the context offer the control."""
    write_fn: WriteFn | None = None
    """The library op that changes the value: ``write_fn(poller, context key, value)``."""
    owner_only: bool = True
    """Only owners get the control (members see the value as a sensor)."""
    confirm: bool = True
    """Plan one confirming poll after the write (False: the op read its result back)."""
    needs_value: bool = True
    """Unavailable while the value is unknown (False: local choices that may start empty)."""


def is_owner(ctx: SolixContext) -> bool:
    """Whether the account may change the context (the library's one ownership rule).

    Systems: site admin. Devices: device admin of a site it administers. Account and vehicles:
    always (they are the account's own).
    """
    if ctx.kind is ContextKind.SITE:
        return site_is_owned(ctx.entry)
    if ctx.kind is ContextKind.DEVICE:
        return device_is_owned(ctx.entry or {}, ctx.site)
    return True


def control_exists(ctx: SolixContext, description: SolixControlDescription) -> bool:
    """Whether a control is created: owner (unless local only), then the device supports it."""
    if ctx.entry is None:
        return False
    if description.owner_only and not is_owner(ctx):
        return False
    if description.exists_fn is not None and not description.exists_fn(ctx):
        return False
    return description.supported_fn(ctx)


def descriptions_of[D: SolixControlDescription](
    table: tuple[D, ...],
) -> Callable[[SolixContext], tuple[D, ...]]:
    """The descriptions of a table that match a context's kind."""

    def for_context(ctx: SolixContext) -> tuple[D, ...]:
        return tuple(d for d in table if d.kind is ctx.kind)

    return for_context


@callback
def async_setup_controls[D: SolixControlDescription](
    entry: SolixConfigEntry,
    async_add_entities: AddEntitiesCallback,
    table: tuple[D, ...],
    factory: Callable[[SolixCoordinator, SolixContext, D], Entity],
) -> None:
    """Add a platform's controls for every context now and for every new context after a poll."""
    async_setup_dynamic_entities(
        entry, async_add_entities, descriptions_of(table), control_exists, factory
    )


def device_entry(ctx: SolixContext) -> Mapping[str, Any]:
    """The context's entry (empty mapping when missing)."""
    return ctx.entry or {}


def is_type(ctx: SolixContext, device_type: str) -> bool:
    """Whether a device context has the given type."""
    return bool(device_entry(ctx).get("type") == device_type)


def generation(ctx: SolixContext) -> int:
    """The Solarbank generation of a device context (0 for other devices)."""
    value = device_entry(ctx).get("generation")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def has_key(path: str) -> Callable[[SolixContext], bool]:
    """A support test: the cache entry carries the dotted path (its value may be None)."""

    def test(ctx: SolixContext) -> bool:
        parent, _, last = path.rpartition(".")
        holder = field(ctx.entry, parent) if parent else ctx.entry
        return isinstance(holder, Mapping) and last in holder

    return test


def has_backup_window(ctx: SolixContext) -> bool:
    """AC Solarbanks (Solarbank 2 AC, Solarbank 3): the device has a backup (AC charge) window."""
    return generation(ctx) >= 2 and has_key("preset_backup_option")(ctx)


def preset_control_on_site(ctx: SolixContext) -> bool:
    """Whether an owned Solarbank of the context's system has the system output preset number.

    Then the number shows the system's output preset (in every usage mode), and the system's
    read-only "System output preset" sensor would repeat it.
    """
    site = ctx.site
    return site is not None and any(
        device.get("type") == "solarbank"
        and "preset_system_output_power" in device
        and device_is_owned(device, site)
        for device in ctx.site_devices()
    )


def shares_output(ctx: SolixContext) -> bool:
    """Whether the context's system has several Solarbanks (each has its own output share).

    With one Solarbank its output preset is the system's, so a device sensor would repeat it.
    """
    return sum(1 for device in ctx.site_devices() if device.get("type") == "solarbank") > 1


def has_use_time(ctx: SolixContext) -> bool:
    """AC Solarbanks with a time-of-use plan (tariff and tariff price)."""
    return has_backup_window(ctx) and bool(field(ctx.entry, "schedule.use_time"))


def invalid_value(reason: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal raised before any request."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=reason,
        translation_placeholders=placeholders,
    )


async def call_op(op: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a library op inside a coroutine and await its result when it is awaitable.

    Customizations may be synchronous; calling them here lets `async_run_write` translate a
    refusal they raise like that of any asynchronous op.
    """
    result = op(*args, **kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


class SolixControlEntity(SolixEntity):
    """A control of one context: available while its value is known, writes via the library."""

    entity_description: SolixControlDescription
    _local_write = False
    """The write only changes local customizations (allowed while cloud polling is off)."""

    def _control_value(self) -> Any:
        """The control's value in the current snapshot (None when the context vanished)."""
        ctx = self.context
        return None if ctx.entry is None else self.entity_description.value_fn(ctx)

    @property
    def available(self) -> bool:
        """Available with the context present and a known value.

        While cloud polling is off, a control stays available with its last value whatever the
        stale-data option says: Home Assistant skips unavailable entities of an action without
        a word, so only an available control can refuse a change with `cloud_polling_off`.
        """
        if self.coordinator.polling_paused:
            if self.coordinator.data is None or self.context.entry is None:
                return False
        elif not super().available:
            return False
        return not self.entity_description.needs_value or self._control_value() is not None

    async def _async_write(self, value: Any) -> None:
        """Run the description's library op through the one write path."""
        write_fn = self.entity_description.write_fn
        if write_fn is None:
            return
        poller = self.coordinator.poller
        await async_run_write(
            self.coordinator,
            call_op(write_fn, poller, self._key, value),
            confirm=self.entity_description.confirm,
            local=self._local_write,
        )

    async def _async_apply_restored(self, value: Any) -> None:
        """Apply a restored local value to the cache (no confirming poll); failures are logged."""
        write_fn = self.entity_description.write_fn
        if write_fn is None:
            return
        try:
            await async_run_write(
                self.coordinator,
                call_op(write_fn, self.coordinator.poller, self._key, value),
                confirm=False,
                local=True,
            )
        except HomeAssistantError as err:
            LOGGER.debug("Restored value of %s not applied: %s", self.entity_id, err)
