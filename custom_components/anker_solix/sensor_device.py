"""Sensors every physical device may have: status, Wi-Fi, label, battery size (firmware: update)."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    EntityCategory,
    UnitOfEnergy,
)

from .context import ContextKind, SolixContext
from .sensor_common import SolixSensorDescription, enum_value, field, number
from .solixapi import DEVICE_STATUS, UNKNOWN

STATUS_OPTIONS = [*DEVICE_STATUS.values(), UNKNOWN]


def _status(ctx: SolixContext) -> str | None:
    """Cloud status of a device, for HES devices the status of their running info."""
    entry = ctx.entry or {}
    if "status" in entry:
        return enum_value(entry.get("status_desc"), STATUS_OPTIONS)
    return enum_value(field(entry, "hes_data.status_desc"), STATUS_OPTIONS)


DEVICE_SENSORS: tuple[SolixSensorDescription, ...] = (
    SolixSensorDescription(
        key="status",
        translation_key="status",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=STATUS_OPTIONS,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=_status,
    ),
    SolixSensorDescription(
        key="wifi_signal",
        translation_key="wifi_signal",
        kind=ContextKind.DEVICE,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        check_invalid=True,
        value_fn=lambda ctx: number(field(ctx.entry, "wifi_signal")),
    ),
    SolixSensorDescription(
        key="rssi",
        translation_key="rssi",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.SIGNAL_STRENGTH,
        native_unit_of_measurement=SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        check_invalid=True,
        value_fn=lambda ctx: number(field(ctx.entry, "rssi")),
    ),
    SolixSensorDescription(
        key="tag",
        translation_key="tag",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        exclude=("device_tag",),
        value_fn=lambda ctx: field(ctx.entry, "tag") or None,
    ),
    SolixSensorDescription(
        key="error_code",
        translation_key="error_code",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda ctx: number(field(ctx.entry, "err_code")),
    ),
    # Energy stored in the battery now. No state class: a stored amount is no energy flow, and
    # its long-term statistics made the Energy dashboard offer it as battery charge/discharge.
    SolixSensorDescription(
        key="battery_energy",
        translation_key="battery_energy",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENERGY_STORAGE,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        check_invalid=True,
        value_fn=lambda ctx: number(field(ctx.entry, "battery_energy")),
    ),
)
