"""The base entity: one context of the snapshot, stale data, availability, unreadable values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import (
    ATTRIBUTION,
    DEFAULT_STALE_DATA,
    DOMAIN,
    LOGGER,
    OPT_STALE_DATA,
    STALE_UNAVAILABLE,
)
from .context import ContextKind, SolixContext
from .coordinator import SolixCoordinator
from .solixapi import log_label


class InvalidStateError(ValueError):
    """A value the cloud sent that is no valid state for the entity (NaN, text for a number)."""


@dataclass(frozen=True, kw_only=True)
class SolixEntityDescription(EntityDescription):
    """What every description of our platforms carries besides Home Assistant's fields."""

    kind: ContextKind
    exists_fn: Callable[[SolixContext], bool] | None = None
    """Whether the entity is created for a context; None: whenever the value is not None."""
    exclude: tuple[str, ...] = ()
    """Exclusion items (device types or categories, OPT_EXCLUDE) that drop the entity."""
    exclude_fn: Callable[[SolixContext], tuple[str, ...]] | None = None
    """Further exclusion items that depend on the context (such as the site's energy family)."""
    check_invalid: bool = False
    """The value is stale while the cloud marks the data invalid or the device offline."""
    always_available: bool = False
    """Available even while the cloud cannot be reached (account diagnostics)."""


class SolixEntity(CoordinatorEntity[SolixCoordinator]):
    """An entity that reads one context of the coordinator's snapshot."""

    _attr_has_entity_name = True
    _attr_attribution = ATTRIBUTION
    entity_description: SolixEntityDescription
    _value_problem: str | None = None
    """Why the last read failed (an episode: logged when it starts and when it ends)."""
    _state_refused = False
    """Home Assistant refused the last state written; unavailable until the next good read."""

    def __init__(
        self, coordinator: SolixCoordinator, ctx: SolixContext, description: SolixEntityDescription
    ) -> None:
        """Bind the entity to a context key and a description."""
        super().__init__(coordinator)
        self.entity_description = description
        self._kind = ctx.kind
        self._key = ctx.key
        self._user_id = ctx.user_id
        self._attr_unique_id = f"{ctx.key}_{description.key}"
        self._attr_device_info = DeviceInfo(identifiers={(DOMAIN, ctx.key)})
        self._read_safely()

    def _read_value(self) -> None:
        """Take the state from the current snapshot (each platform knows its state field).

        Raises (e.g. :class:`InvalidStateError`) before changing the state when the value cannot
        be read or is no valid state; :meth:`_read_safely` turns that into unavailability.
        """
        raise NotImplementedError

    def _read_safely(self) -> None:
        """Read the state; a failure makes only this entity unavailable (or keep its value)."""
        try:
            self._read_value()
        except Exception as err:
            self._value_failed(err)
            return
        self._state_refused = False
        if self._value_problem is not None:
            LOGGER.debug(
                "%s of %s has a valid value again", self.entity_description.key, self._log_owner
            )
            self._value_problem = None

    def _value_failed(self, err: Exception) -> None:
        """Start (or continue) an episode of unreadable values; logged once per episode."""
        if self._value_problem is None:
            LOGGER.warning(
                "%s of %s has no valid value (%s: %s); it %s until the cloud sends one",
                self.entity_description.key,
                self._log_owner,
                type(err).__name__,
                str(err)[:120],
                "keeps its last value" if self.keeps_last_value else "is unavailable",
            )
        self._value_problem = f"{type(err).__name__}: {err}"

    @property
    def _log_owner(self) -> str:
        """The context key as a log label (ids do not appear in logs)."""
        return log_label(self._key)

    @callback
    def _handle_coordinator_update(self) -> None:
        """Read the new state, then write it; never raises (other entities still update)."""
        self._read_safely()
        try:
            super()._handle_coordinator_update()
        except Exception as err:
            self._value_failed(err)
            self._state_refused = True
            super()._handle_coordinator_update()

    @property
    def context(self) -> SolixContext:
        """The entity's context in the current snapshot."""
        data = self.coordinator.data or {}
        return SolixContext(self._kind, self._key, data, self._user_id, self.coordinator)

    @property
    def keeps_last_value(self) -> bool:
        """Whether stale values keep the last good value instead of going unavailable."""
        options = self.coordinator.config_entry.options if self.coordinator.config_entry else {}
        return bool(options.get(OPT_STALE_DATA, DEFAULT_STALE_DATA) != STALE_UNAVAILABLE)

    @property
    def is_stale(self) -> bool:
        """Whether the value of this entity is currently stale (always while polling is off)."""
        if self.coordinator.polling_paused:
            return True
        return self.entity_description.check_invalid and self.context.is_stale()

    @property
    def available(self) -> bool:
        """Available with a current snapshot holding the context and fresh (or kept) values."""
        if self.entity_description.always_available:
            return self.coordinator.data is not None
        if not super().available or self._state_refused or self.context.entry is None:
            return False
        if self._value_problem is not None and not self.keeps_last_value:
            return False
        return not self.is_stale or self.keeps_last_value
