"""Platform setup: entities for every context, added as new contexts and values appear."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback, async_get_current_platform

from .const import (
    DEFAULT_EXCLUDE,
    DOMAIN,
    OPT_EXCLUDE,
)
from .context import SolixContext, context_type, iter_contexts
from .coordinator import SolixConfigEntry, SolixCoordinator
from .device import async_register_device, device_info, parent_identifier
from .entity import SolixEntityDescription


def excluded_items(entry: SolixConfigEntry) -> frozenset[str]:
    """The exclusion option as a set."""
    return frozenset(entry.options.get(OPT_EXCLUDE, DEFAULT_EXCLUDE) or ())


def is_excluded[D: SolixEntityDescription](
    ctx: SolixContext, description: D, excluded: frozenset[str]
) -> bool:
    """Whether the exclusion option drops this description for this context."""
    if context_type(ctx) in excluded or excluded.intersection(description.exclude):
        return True
    return description.exclude_fn is not None and bool(
        excluded.intersection(description.exclude_fn(ctx))
    )


@callback
def async_setup_dynamic_entities[D: SolixEntityDescription](
    entry: SolixConfigEntry,
    async_add_entities: AddEntitiesCallback,
    descriptions_for: Callable[[SolixContext], Iterable[D]],
    exists: Callable[[SolixContext, D], bool],
    factory: Callable[[SolixCoordinator, SolixContext, D], Entity],
) -> None:
    """Add entities now and after every poll: for new contexts and for new values of known ones.

    An entity is created on the first poll whose data holds its value (such as the energy
    totals, which the scheduler fetches on the poll after setup's first). Devices are registered
    parent first, so the hierarchy holds even for devices that get no entity on this platform,
    and firmware changes reach the device registry. The entities the exclusions drop are
    recorded in the runtime data (for the registry cleanup). A device the registry cleanup
    removed (after its grace period) that appears again is registered again with its entities.
    """
    coordinator = entry.runtime_data.coordinator
    dropped = entry.runtime_data.excluded_entities
    platform = async_get_current_platform().domain
    user_id = str(entry.unique_id)
    known: set[str] = set()
    registered: dict[str, tuple[DeviceInfo, tuple[str, str] | None]] = {}
    device_ids: dict[str, str] = {}
    registry = dr.async_get(coordinator.hass)
    entities = er.async_get(coordinator.hass)

    @callback
    def add_new() -> None:
        if not coordinator.data:
            return
        excluded = excluded_items(entry)
        new: list[Entity] = []
        for ctx in iter_contexts(coordinator, user_id):
            if ctx.entry is None:
                continue
            if ctx.key in device_ids and registry.async_get(device_ids[ctx.key]) is None:
                registered.pop(ctx.key, None)  # the cleanup removed the device: register again
            registration = (device_info(ctx), parent_identifier(ctx))
            if context_type(ctx) not in excluded and registered.get(ctx.key) != registration:
                async_register_device(registry, entry.entry_id, ctx, device_ids)
                registered[ctx.key] = registration
            for description in descriptions_for(ctx):
                unique_id = f"{ctx.key}_{description.key}"
                if is_excluded(ctx, description, excluded):
                    dropped.add((platform, unique_id))
                    continue
                if unique_id in known and entities.async_get_entity_id(platform, DOMAIN, unique_id):
                    continue  # (an entity the cleanup removed with its device is created again)
                if exists(ctx, description):
                    known.add(unique_id)
                    new.append(factory(coordinator, ctx, description))
        if new:
            async_add_entities(new)

    add_new()
    entry.async_on_unload(coordinator.async_add_listener(add_new))
