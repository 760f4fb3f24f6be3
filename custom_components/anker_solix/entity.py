"""The base entity: one context of the snapshot, stale data, availability."""

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
    OPT_STALE_DATA,
    STALE_UNAVAILABLE,
)
from .context import ContextKind, SolixContext
from .coordinator import SolixCoordinator


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
        self._read_value()

    def _read_value(self) -> None:
        """Take the state from the current snapshot (each platform knows its state field)."""
        raise NotImplementedError

    @callback
    def _handle_coordinator_update(self) -> None:
        """Read the new state, then write it."""
        self._read_value()
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
        if not super().available or self.context.entry is None:
            return False
        return not self.is_stale or self.keeps_last_value
