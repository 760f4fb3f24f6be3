"""Base entity, cache contexts and device info of the hierarchy account → system → device."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddEntitiesCallback, async_get_current_platform
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import (
    ATTRIBUTION,
    DEFAULT_EXCLUDE,
    DEFAULT_STALE_DATA,
    DOMAIN,
    OPT_EXCLUDE,
    OPT_STALE_DATA,
    STALE_UNAVAILABLE,
)
from .coordinator import SolixConfigEntry, SolixCoordinator

MANUFACTURER = "Anker"
SITE_MODELS = {
    "solarbank": "Solarbank system",
    "hes": "Home energy system",
    "powerpanel": "Power panel system",
    "pps": "Power station system",
    "solarbank_pps": "Solarbank power station system",
    "ev_charger": "EV charger system",
    "virtual": "Standalone inverter",
}


class ContextKind(StrEnum):
    """Which cache entry an entity reads."""

    ACCOUNT = "account"
    SITE = "site"
    DEVICE = "device"
    VEHICLE = "vehicle"


@dataclass(frozen=True)
class SolixContext:
    """One cache entry (account, site, device or vehicle) inside a coordinator snapshot."""

    kind: ContextKind
    key: str
    data: Mapping[str, Any]
    user_id: str
    """The account's user id (the config entry's unique id)."""
    coordinator: SolixCoordinator | None = None
    """The coordinator, for values it keeps outside the snapshot (last error, session)."""

    @property
    def entry(self) -> Mapping[str, Any] | None:
        """The cache entry itself, None once it vanished from the snapshot."""
        if self.kind is ContextKind.ACCOUNT:
            return self.account
        if self.kind is ContextKind.VEHICLE:
            found = (self.account.get("vehicles") or {}).get(self.key)
        else:
            found = (self.data.get(f"{self.kind}s") or {}).get(self.key)
        return found if isinstance(found, Mapping) else None

    @property
    def account(self) -> Mapping[str, Any]:
        """The account cache."""
        account = self.data.get("account")
        return account if isinstance(account, Mapping) else {}

    @property
    def site(self) -> Mapping[str, Any] | None:
        """The site of a site or device context."""
        entry = self.entry
        if entry is None or self.kind in (ContextKind.ACCOUNT, ContextKind.VEHICLE):
            return None
        if self.kind is ContextKind.SITE:
            return entry
        found = (self.data.get("sites") or {}).get(entry.get("site_id") or "")
        return found if isinstance(found, Mapping) else None

    def site_devices(self) -> list[Mapping[str, Any]]:
        """The devices of this context's site (empty without a site)."""
        site = self.site
        if site is None:
            return []
        site_id = site.get("site_id")
        return [
            device
            for device in (self.data.get("devices") or {}).values()
            if isinstance(device, Mapping) and device.get("site_id") == site_id
        ]

    def is_stale(self) -> bool:
        """Whether the cloud marks this entry's live values as not current (§5.8, §5.6).

        Sites: ``data_valid`` false. Devices: their own or their site's ``data_valid`` false, or
        the cloud status offline (passive devices such as the power dock report no status of
        their own).
        """
        entry = self.entry
        if entry is None:
            return True
        site = self.site
        if site is not None and site.get("data_valid") is False:
            return True
        if self.kind is not ContextKind.DEVICE:
            return False
        if entry.get("data_valid") is False:
            return True
        return not entry.get("is_passive") and str(entry.get("status")) == "0"


def iter_contexts(coordinator: SolixCoordinator, user_id: str) -> Iterator[SolixContext]:
    """Every context of the coordinator's snapshot, parents before children (registry order)."""
    data: Mapping[str, Any] = coordinator.data or {}
    yield SolixContext(ContextKind.ACCOUNT, user_id, data, user_id, coordinator)
    for site_id in sorted(data.get("sites") or {}):
        yield SolixContext(ContextKind.SITE, site_id, data, user_id, coordinator)
    devices: Mapping[str, Any] = data.get("devices") or {}
    for serial in sorted(devices, key=lambda sn: (is_sub_device(devices[sn]), sn)):
        yield SolixContext(ContextKind.DEVICE, serial, data, user_id, coordinator)
    account = data.get("account") or {}
    for vehicle_id in sorted(account.get("vehicles") or {}):
        yield SolixContext(ContextKind.VEHICLE, vehicle_id, data, user_id, coordinator)


def is_sub_device(device: Mapping[str, Any]) -> bool:
    """Whether a device hangs below a main device (HES modules, §5.1)."""
    main_sn = device.get("main_sn")
    return bool(main_sn) and main_sn != device.get("device_sn")


def context_type(ctx: SolixContext) -> str:
    """The exclusion type of a context: device type, ``vehicle``, ``system`` or ``account``."""
    if ctx.kind is ContextKind.DEVICE:
        return str((ctx.entry or {}).get("type") or "")
    return {"account": "account", "site": "system", "vehicle": "vehicle"}[ctx.kind]


def parent_identifier(ctx: SolixContext) -> tuple[str, str] | None:
    """The registry identifier of a context's parent (CONTRIBUTING.md hierarchy).

    Account: none. Systems and vehicles: the account. Devices: their main device (HES
    modules), else their system, else (bound devices outside any system) the account.
    """
    if ctx.kind is ContextKind.ACCOUNT:
        return None
    entry = ctx.entry or {}
    if ctx.kind is ContextKind.DEVICE:
        if is_sub_device(entry):
            return (DOMAIN, str(entry["main_sn"]))
        if ctx.site is not None:
            return (DOMAIN, str(ctx.site.get("site_id")))
    return (DOMAIN, ctx.user_id)


def device_info(ctx: SolixContext) -> DeviceInfo:
    """Device registry data of a context without its parent (see `parent_identifier`)."""
    entry = ctx.entry or {}
    if ctx.kind is ContextKind.ACCOUNT:
        nickname = entry.get("nickname") or "Anker"
        country = entry.get("country")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=f"{nickname} ({country})" if country else str(nickname),
            manufacturer=MANUFACTURER,
            model="Account",
            entry_type=DeviceEntryType.SERVICE,
        )
    if ctx.kind is ContextKind.VEHICLE:
        year = entry.get("productive_year")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=str(entry.get("vehicle_name") or ctx.key),
            manufacturer=str(entry.get("brand") or MANUFACTURER),
            model=str(entry.get("model") or "Vehicle"),
            hw_version=str(year) if year else None,
        )
    if ctx.kind is ContextKind.SITE:
        info = entry.get("site_info") or {}
        site_type = str(entry.get("site_type") or "")
        return DeviceInfo(
            identifiers={(DOMAIN, ctx.key)},
            name=str(info.get("site_name") or ctx.key),
            manufacturer=MANUFACTURER,
            model=SITE_MODELS.get(site_type, "System"),
            model_id=f"power_site_type {entry.get('power_site_type')}",
        )
    product = entry.get("name") or entry.get("device_pn") or ctx.key
    return DeviceInfo(
        identifiers={(DOMAIN, ctx.key)},
        name=str(entry.get("alias") or product),
        manufacturer=MANUFACTURER,
        model=str(product),
        model_id=entry.get("device_pn") or None,
        serial_number=ctx.key,
        sw_version=entry.get("sw_version") or None,
    )


@callback
def async_register_device(
    registry: dr.DeviceRegistry, entry_id: str, ctx: SolixContext, device_ids: dict[str, str]
) -> None:
    """Create or update a context's device and link it to its parent.

    ``device_ids`` maps the keys of the devices registered so far (parents come first) to
    their registry ids. The parent is linked by registry id, which works on every supported
    release (the ``via_device`` identifier form is deprecated from Home Assistant 2026.8 on).
    """
    device = registry.async_get_or_create(config_entry_id=entry_id, **device_info(ctx))
    device_ids[ctx.key] = device.id
    parent = parent_identifier(ctx)
    via_device_id = device_ids.get(parent[1]) if parent is not None else None
    if device.via_device_id != via_device_id:
        registry.async_update_device(device.id, via_device_id=via_device_id)


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
    recorded in the runtime data (for the registry cleanup).
    """
    coordinator = entry.runtime_data.coordinator
    dropped = entry.runtime_data.excluded_entities
    platform = async_get_current_platform().domain
    user_id = str(entry.unique_id)
    known: set[str] = set()
    registered: dict[str, tuple[DeviceInfo, tuple[str, str] | None]] = {}
    device_ids: dict[str, str] = {}
    registry = dr.async_get(coordinator.hass)

    @callback
    def add_new() -> None:
        if not coordinator.data:
            return
        excluded = excluded_items(entry)
        new: list[Entity] = []
        for ctx in iter_contexts(coordinator, user_id):
            if ctx.entry is None:
                continue
            registration = (device_info(ctx), parent_identifier(ctx))
            if context_type(ctx) not in excluded and registered.get(ctx.key) != registration:
                async_register_device(registry, entry.entry_id, ctx, device_ids)
                registered[ctx.key] = registration
            for description in descriptions_for(ctx):
                unique_id = f"{ctx.key}_{description.key}"
                if is_excluded(ctx, description, excluded):
                    dropped.add((platform, unique_id))
                    continue
                if unique_id in known:
                    continue
                if exists(ctx, description):
                    known.add(unique_id)
                    new.append(factory(coordinator, ctx, description))
        if new:
            async_add_entities(new)

    add_new()
    entry.async_on_unload(coordinator.async_add_listener(add_new))
