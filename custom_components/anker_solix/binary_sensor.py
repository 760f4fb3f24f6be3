"""Binary sensors of accounts, systems, devices and vehicles, built from description tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (  # type: ignore[attr-defined,unused-ignore]
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .context import ContextKind, SolixContext
from .coordinator import SolixConfigEntry
from .entity import SolixEntity, SolixEntityDescription
from .entity_setup import async_setup_dynamic_entities
from .mqtt_link import link_of
from .sensor_common import field

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class SolixBinarySensorDescription(BinarySensorEntityDescription, SolixEntityDescription):
    """A binary sensor read from one context of the snapshot."""

    value_fn: Callable[[SolixContext], bool | None]


def flag(path: str) -> Callable[[SolixContext], bool | None]:
    """A boolean cache value (None when absent or not a boolean)."""

    def read(ctx: SolixContext) -> bool | None:
        value = field(ctx.entry, path)
        return value if isinstance(value, bool) else None

    return read


def _wifi(ctx: SolixContext) -> bool | None:
    """Wi-Fi state; standalone inverters always report offline, so they get none (§8.10)."""
    return None if field(ctx.entry, "type") == "inverter" else flag("wifi_online")(ctx)


def _site_flag(
    key: str, device_class: BinarySensorDeviceClass | None
) -> SolixBinarySensorDescription:
    """A diagnostic flag of the system's ``feature_switch``."""
    return SolixBinarySensorDescription(
        key=key,
        translation_key=key,
        kind=ContextKind.SITE,
        device_class=device_class,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=flag(f"feature_switch.{key}"),
    )


BINARY_SENSORS: tuple[SolixBinarySensorDescription, ...] = (
    SolixBinarySensorDescription(
        key="wifi_connection",
        translation_key="wifi_connection",
        kind=ContextKind.DEVICE,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_wifi,
    ),
    SolixBinarySensorDescription(
        key="wired_connection",
        translation_key="wired_connection",
        kind=ContextKind.DEVICE,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=lambda ctx: field(ctx.entry, "is_support_wired") is True,
        value_fn=flag("wired_connected"),
    ),
    SolixBinarySensorDescription(
        key="auto_upgrade",
        translation_key="auto_upgrade",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exclude=("device_auto_upgrade",),
        value_fn=flag("auto_upgrade"),
    ),
    SolixBinarySensorDescription(
        key="ai_ems_enabled",
        translation_key="ai_ems_enabled",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=flag("schedule.ai_ems.enable"),
    ),
    SolixBinarySensorDescription(
        key="ai_controlled",
        translation_key="ai_controlled",
        kind=ContextKind.DEVICE,
        check_invalid=True,
        exists_fn=lambda ctx: field(ctx.entry, "type") == "smartplug"
        and flag("auto_switch")(ctx) is not None,
        value_fn=flag("auto_switch"),
    ),
    SolixBinarySensorDescription(
        key="site_admin",
        translation_key="site_admin",
        kind=ContextKind.SITE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=flag("site_admin"),
    ),
    _site_flag("heating", BinarySensorDeviceClass.HEAT),
    _site_flag("micro_inverter_power_exceed", BinarySensorDeviceClass.PROBLEM),
    _site_flag("offgrid_with_micro_inverter_alert", BinarySensorDeviceClass.PROBLEM),
    SolixBinarySensorDescription(
        key="cloud_connection",
        translation_key="cloud_connection",
        kind=ContextKind.SITE,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: flag("hes_info.connected")(ctx)
        if field(ctx.entry, "hes_info") is not None
        else flag("connected")(ctx),
    ),
    SolixBinarySensorDescription(
        key="unread_messages",
        translation_key="unread_messages",
        kind=ContextKind.ACCOUNT,
        value_fn=flag("has_unread_msg"),
    ),
    SolixBinarySensorDescription(
        key="smart_charging",
        translation_key="smart_charging",
        kind=ContextKind.VEHICLE,
        value_fn=flag("is_smart_charging"),
    ),
    SolixBinarySensorDescription(
        key="enode_connection",
        translation_key="enode_connection",
        kind=ContextKind.VEHICLE,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=flag("is_connected_to_enodeapi"),
    ),
    SolixBinarySensorDescription(
        key="mqtt_connected",
        translation_key="mqtt_connected",
        kind=ContextKind.ACCOUNT,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        always_available=True,
        exists_fn=lambda ctx: (link := link_of(ctx.coordinator)) is not None
        and link.account_eligible(),
        value_fn=lambda ctx: (link := link_of(ctx.coordinator)) is not None and link.connected,
    ),
)


def binary_sensors_for(ctx: SolixContext) -> tuple[SolixBinarySensorDescription, ...]:
    """The descriptions of a context's kind."""
    return tuple(d for d in BINARY_SENSORS if d.kind is ctx.kind)


def binary_sensor_exists(ctx: SolixContext, description: SolixBinarySensorDescription) -> bool:
    """Whether a binary sensor applies: its own test, else whether the cache holds a value."""
    if description.exists_fn is not None:
        return description.exists_fn(ctx)
    return description.value_fn(ctx) is not None


async def async_setup_entry(
    hass: HomeAssistant, entry: SolixConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add the binary sensors of every context now and of every new context after a poll."""
    async_setup_dynamic_entities(
        entry, async_add_entities, binary_sensors_for, binary_sensor_exists, SolixBinarySensor
    )


class SolixBinarySensor(SolixEntity, BinarySensorEntity):
    """A binary sensor whose state a description reads from the snapshot."""

    entity_description: SolixBinarySensorDescription

    def _read_value(self) -> None:
        """Take the state from the snapshot unless it is stale (then the last one stays)."""
        ctx = self.context
        if ctx.entry is not None and not self.is_stale:
            self._attr_is_on = self.entity_description.value_fn(ctx)
