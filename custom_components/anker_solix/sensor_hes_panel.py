"""Home energy system (X1) and Home Power Panel sensors: 5-minute averages, roles, counts."""

from __future__ import annotations

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import EntityCategory, UnitOfPower

from .context import ContextKind, SolixContext
from .sensor_common import SolixSensorDescription, battery_level, enum_value, field, number
from .solixapi import HES_ROLE_STATUS, UNKNOWN

ROLE_OPTIONS = [*HES_ROLE_STATUS.values(), UNKNOWN]
POWER_UNITS = {"w": 1, "kw": 1000}


def _average_category(ctx: SolixContext) -> tuple[str, ...]:
    """The exclusion category of the averages: by the device's own family."""
    return (f"{field(ctx.entry, 'type')}_avg_power",)


def _average_watts(ctx: SolixContext, name: str) -> float | None:
    """A 5-minute average power in W (the cloud reports it in ``power_unit``, usually kW)."""
    value = number(field(ctx.entry, f"average_power.{name}"))
    unit = str(field(ctx.entry, "average_power.power_unit") or "kW").lower()
    factor = POWER_UNITS.get(unit)
    if value is None or factor is None:
        return None
    return round(value * factor, 1)


def _average(key: str, name: str) -> SolixSensorDescription:
    """A 5-minute average power of a Power Panel or HES main device (§7.6)."""
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        state_class=SensorStateClass.MEASUREMENT,
        exclude_fn=_average_category,
        value_fn=lambda ctx: _average_watts(ctx, name),
    )


HES_PANEL_SENSORS: tuple[SolixSensorDescription, ...] = (
    _average("average_charge_power", "charge_power_avg"),
    _average("average_discharge_power", "discharge_power_avg"),
    _average("average_solar_power", "solar_power_avg"),
    _average("average_home_power", "home_usage_avg"),
    _average("average_grid_import_power", "grid_import_avg"),
    _average("average_grid_export_power", "grid_export_avg"),
    battery_level(
        "battery_soc",
        kind=ContextKind.DEVICE,
        exclude_fn=_average_category,
        value_fn=lambda ctx: number(field(ctx.entry, "average_power.state_of_charge")),
    ),
    SolixSensorDescription(
        key="hes_role",
        translation_key="hes_role",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=ROLE_OPTIONS,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: enum_value(
            field(ctx.entry, "hes_data.role_status_desc"), ROLE_OPTIONS
        ),
    ),
    SolixSensorDescription(
        key="battery_count",
        translation_key="battery_count",
        kind=ContextKind.SITE,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: number(field(ctx.entry, "hes_info.batCount")),
    ),
    SolixSensorDescription(
        key="parallel_devices",
        translation_key="parallel_devices",
        kind=ContextKind.SITE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        value_fn=lambda ctx: number(field(ctx.entry, "hes_info.numberOfParallelDevice")),
    ),
)
