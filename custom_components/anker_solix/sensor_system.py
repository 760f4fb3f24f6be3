"""System (site) sensors: device counts, data time, lifetime totals, prices, AI and forecast."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorStateClass
from homeassistant.const import EntityCategory, UnitOfEnergy, UnitOfMass, UnitOfPower, UnitOfTime

from .context import ContextKind, SolixContext
from .sensor_common import (
    CURRENCY,
    CURRENCY_PER_KWH,
    CURRENCY_PER_MWH,
    SolixSensorDescription,
    account_zone,
    battery_level,
    dynamic_price_unit,
    enum_value,
    field,
    fraction_percent,
    local_time,
    number,
    number_at,
    power,
    site_timezone,
)
from .solixapi import AI_EMS_RUNTIME_STATUS, DYNAMIC_PRICE_MODELS, UNKNOWN

AI_RUNTIME_OPTIONS = [*dict.fromkeys([*AI_EMS_RUNTIME_STATUS.values(), UNKNOWN])]
ENERGY_UNITS = {"wh": 0.001, "kwh": 1, "mwh": 1000}
DEVICE_LISTS = {
    "solarbank_count": ("solarbank_info.solarbank_list", "solarbank"),
    "pps_count": ("pps_info.pps_list", "pps"),
    "inverter_count": ("solar_list", "inverter"),
    "powerpanel_count": ("powerpanel_list", "powerpanel"),
    "smartmeter_count": ("grid_info.grid_list", "smartmeter"),
    "smartplug_count": ("smart_plug_info.smartplug_list", "smartplug"),
    "hes_count": ("hes_info.hes_list", "hes"),
}


def _statistic(site: Mapping[str, Any] | None, kind: str) -> Mapping[str, Any] | None:
    """One lifetime statistic of a site (type 1 energy, 2 CO2, 3 money)."""
    for item in field(site, "statistics") or ():
        if isinstance(item, Mapping) and str(item.get("type")) == kind:
            return item
    return None


def _total_energy(ctx: SolixContext) -> float | None:
    """Lifetime produced energy in kWh."""
    item = _statistic(ctx.entry, "1")
    value = number(field(item, "total"))
    factor = ENERGY_UNITS.get(str(field(item, "unit") or "kwh").lower())
    return None if value is None or factor is None else round(value * factor, 3)


def _total_co2(ctx: SolixContext) -> int | float | None:
    """Lifetime CO2 saving in kg."""
    item = _statistic(ctx.entry, "2")
    return number(field(item, "total")) if str(field(item, "unit")).lower() == "kg" else None


def data_time(ctx: SolixContext) -> datetime | None:
    """The time the cloud's live data refers to, in the site's own clock (§8.7, §7.6).

    Solarbank systems: ``solarbank_info.updated_time``; HES and Power Panel systems: the valid
    time of the newest 5-minute average.
    """
    zone = site_timezone(ctx.entry)
    if field(ctx.entry, "solarbank_info.solarbank_list"):
        return local_time(field(ctx.entry, "solarbank_info.updated_time"), zone)
    for device in ctx.site_devices():
        valid = field(device, "average_power.valid_time")
        if valid:
            return local_time(valid, zone)
    return None


def data_age(ctx: SolixContext) -> int | None:
    """Seconds from the data time to the end of the last systems poll (never negative).

    A measurement rather than a timestamp: it changes with every poll, and Home Assistant keeps
    sensors with a unit out of the logbook (a timestamp sensor would write a logbook line each
    time the cloud's data time moves, 288 a day per system).
    """
    data = data_time(ctx)
    polled = local_time(field(ctx.account, "sites_poll_time"), account_zone(ctx))
    if data is None or polled is None:
        return None
    return max(0, round((polled - data).total_seconds()))


def _has_dynamic_price_model(ctx: SolixContext) -> bool:
    """Whether a site holds a product with AI/dynamic price support (SB3, X1)."""
    return any(device.get("device_pn") in DYNAMIC_PRICE_MODELS for device in ctx.site_devices())


def _count(key: str, path: str, device_type: str) -> SolixSensorDescription:
    """How many devices of one family a site lists (created when it lists any)."""
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        kind=ContextKind.SITE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exclude=(device_type,),
        exists_fn=lambda ctx: bool(field(ctx.entry, path)),
        value_fn=lambda ctx: len(field(ctx.entry, path) or ()),
    )


SYSTEM_SENSORS: tuple[SolixSensorDescription, ...] = (
    *(_count(key, path, kind) for key, (path, kind) in DEVICE_LISTS.items()),
    SolixSensorDescription(
        key="data_timestamp",
        translation_key="data_timestamp",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        # Moves with every cloud update: each change would be a logbook line (see data_age).
        entity_registry_enabled_default=False,
        value_fn=data_time,
    ),
    SolixSensorDescription(
        key="data_age",
        translation_key="data_age",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=data_age,
    ),
    SolixSensorDescription(
        key="total_energy",
        translation_key="total_energy",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_total_energy,
    ),
    SolixSensorDescription(
        key="total_co2_saving",
        translation_key="total_co2_saving",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.WEIGHT,
        native_unit_of_measurement=UnitOfMass.KILOGRAMS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=_total_co2,
    ),
    SolixSensorDescription(
        key="total_savings",
        translation_key="total_savings",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        unit_kind=CURRENCY,
        unit_fn=lambda ctx: field(_statistic(ctx.entry, "3"), "unit") or None,
        exists_fn=lambda ctx: bool(field(_statistic(ctx.entry, "3"), "unit")),
        value_fn=lambda ctx: number(field(_statistic(ctx.entry, "3"), "total")),
    ),
    SolixSensorDescription(
        key="ai_savings",
        translation_key="ai_savings",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.MONETARY,
        state_class=SensorStateClass.TOTAL,
        exclude=("site_price",),
        unit_kind=CURRENCY,
        unit_fn=lambda ctx: field(ctx.entry, "aiems_profit.unit") or None,
        exists_fn=lambda ctx: _has_dynamic_price_model(ctx)
        and bool(field(ctx.entry, "aiems_profit.unit")),
        value_fn=lambda ctx: number(field(ctx.entry, "aiems_profit.aiems_profit_total")),
    ),
    SolixSensorDescription(
        key="ai_runtime_status",
        translation_key="ai_runtime_status",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.ENUM,
        options=AI_RUNTIME_OPTIONS,
        entity_category=EntityCategory.DIAGNOSTIC,
        exists_fn=lambda ctx: _has_dynamic_price_model(ctx)
        and field(ctx.entry, "site_details.ai_ems_runtime.status_desc") is not None,
        value_fn=lambda ctx: enum_value(
            field(ctx.entry, "site_details.ai_ems_runtime.status_desc"), AI_RUNTIME_OPTIONS
        ),
    ),
    SolixSensorDescription(
        key="dynamic_price",
        translation_key="dynamic_price",
        kind=ContextKind.SITE,
        state_class=SensorStateClass.MEASUREMENT,
        exclude=("site_price",),
        unit_kind=CURRENCY_PER_KWH,
        unit_fn=lambda ctx: dynamic_price_unit(ctx, "kWh"),
        exists_fn=lambda ctx: dynamic_price_unit(ctx, "kWh") is not None,
        value_fn=lambda ctx: number(
            field(ctx.entry, "site_details.dynamic_price_details.dynamic_price_total")
        ),
    ),
    SolixSensorDescription(
        key="spot_price",
        translation_key="spot_price",
        kind=ContextKind.SITE,
        state_class=SensorStateClass.MEASUREMENT,
        exclude=("site_price",),
        unit_kind=CURRENCY_PER_MWH,
        unit_fn=lambda ctx: dynamic_price_unit(ctx, "MWh"),
        exists_fn=lambda ctx: dynamic_price_unit(ctx, "MWh") is not None,
        value_fn=lambda ctx: number(
            field(ctx.entry, "site_details.dynamic_price_details.spot_price_mwh")
        ),
    ),
    *(
        SolixSensorDescription(
            key=key,
            translation_key=key,
            kind=ContextKind.SITE,
            device_class=SensorDeviceClass.ENERGY,
            native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
            exclude=("site_price",),
            entity_registry_enabled_default=enabled,
            value_fn=number_at(f"energy_details.pv_forecast_details.{name}"),
        )
        for key, name, enabled in (
            ("solar_forecast_today", "forecast_today", True),
            ("solar_forecast_remaining_today", "remaining_today", True),
            ("solar_forecast_tomorrow", "forecast_tomorrow", False),
        )
    ),
    *(
        SolixSensorDescription(
            key=key,
            translation_key=key,
            kind=ContextKind.SITE,
            device_class=SensorDeviceClass.POWER,
            native_unit_of_measurement=UnitOfPower.WATT,
            exclude=("site_price",),
            entity_registry_enabled_default=enabled,
            value_fn=number_at(f"energy_details.pv_forecast_details.{name}"),
        )
        for key, name, enabled in (
            ("solar_forecast_this_hour", "trend_this_hour", True),
            ("solar_forecast_next_hour", "trend_next_hour", False),
        )
    ),
    # Standalone inverters and power stations inside a system.
    power(
        "inverter_power",
        "generate_power",
        exclude=("inverter",),
        check_invalid=True,
    ),
    power(
        "pps_battery_power",
        "pps_info.total_charging_power",
        kind=ContextKind.SITE,
        exclude=("pps",),
        exists_fn=lambda ctx: bool(field(ctx.entry, "pps_info.pps_list")),
    ),
    power(
        "pps_output_power",
        "pps_info.total_output_power",
        kind=ContextKind.SITE,
        exclude=("pps",),
        exists_fn=lambda ctx: bool(field(ctx.entry, "pps_info.pps_list")),
    ),
    battery_level(
        "pps_battery_soc",
        kind=ContextKind.SITE,
        exclude=("pps",),
        exists_fn=lambda ctx: bool(field(ctx.entry, "pps_info.pps_list")),
        value_fn=lambda ctx: fraction_percent(field(ctx.entry, "pps_info.total_battery_power")),
    ),
)
