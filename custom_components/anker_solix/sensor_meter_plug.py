"""Smart meter and smart plug sensors, and the system's home consumption values."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import EntityCategory

from .context import ContextKind, SolixContext
from .sensor_common import (
    SolixSensorDescription,
    daily_energy,
    enum_value,
    field,
    number,
    power,
)
from .solixapi import GRID_STATUS, UNKNOWN

GRID_STATUS_OPTIONS = [*GRID_STATUS.values(), UNKNOWN]


def _is_type(ctx: SolixContext, device_type: str) -> bool:
    """Whether the context is a device of the given type."""
    return bool(field(ctx.entry, "type") == device_type)


def _grid_status(ctx: SolixContext) -> str | None:
    """Grid status of a smart meter, or of a HES device's running info."""
    entry = ctx.entry or {}
    if "grid_status" in entry:
        return enum_value(entry.get("grid_status_desc"), GRID_STATUS_OPTIONS)
    return enum_value(field(entry, "hes_data.grid_status_desc"), GRID_STATUS_OPTIONS)


def _site_has(ctx: SolixContext, *device_types: str) -> bool:
    """Whether the site holds a device of one of these types."""
    return any(device.get("type") in device_types for device in ctx.site_devices())


METER_PLUG_SENSORS: tuple[SolixSensorDescription, ...] = (
    power(
        "grid_import_power",
        "grid_to_home_power",
        exclude=("smartmeter",),
        check_invalid=True,
        exists_fn=lambda ctx: _is_type(ctx, "smartmeter"),
    ),
    power(
        "grid_export_power",
        "photovoltaic_to_grid_power",
        exclude=("smartmeter",),
        check_invalid=True,
        exists_fn=lambda ctx: _is_type(ctx, "smartmeter"),
    ),
    SolixSensorDescription(
        key="grid_status",
        translation_key="grid_status",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=GRID_STATUS_OPTIONS,
        entity_category=EntityCategory.DIAGNOSTIC,
        check_invalid=True,
        value_fn=_grid_status,
    ),
    power(
        "plug_power",
        "current_power",
        exclude=("smartplug",),
        check_invalid=True,
        exists_fn=lambda ctx: _is_type(ctx, "smartplug"),
    ),
    daily_energy(
        "plug_energy_today",
        "energy_today",
        final_path="energy_last_period",
        kind=ContextKind.DEVICE,
        exclude_fn=lambda ctx: ("smartplug_energy",),
    ),
    SolixSensorDescription(
        key="plug_priority",
        translation_key="plug_priority",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exists_fn=lambda ctx: _is_type(ctx, "smartplug") and "priority" in (ctx.entry or {}),
        value_fn=lambda ctx: number(field(ctx.entry, "priority")),
    ),
    power(
        "smart_plugs_power",
        "smart_plug_info.total_power",
        kind=ContextKind.SITE,
        exclude=("smartplug",),
        check_invalid=True,
        exists_fn=lambda ctx: bool(field(ctx.entry, "smart_plug_info.smartplug_list")),
    ),
    power(
        "other_loads_power",
        "other_loads_power",
        kind=ContextKind.SITE,
        exclude=("smartplug",),
        check_invalid=True,
        exists_fn=lambda ctx: bool(field(ctx.entry, "smart_plug_info.smartplug_list")),
    ),
    power(
        "home_load_power",
        "home_load_power",
        kind=ContextKind.SITE,
        check_invalid=True,
        exists_fn=lambda ctx: _site_has(ctx, "smartmeter", "smartplug"),
    ),
    power(
        "other_solar_power",
        "third_party_pv",
        kind=ContextKind.SITE,
        check_invalid=True,
        exists_fn=lambda ctx: field(ctx.entry, "feature_switch.show_third_party_pv_panel") is True,
    ),
)
