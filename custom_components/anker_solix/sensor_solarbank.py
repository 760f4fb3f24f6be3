"""Solarbank and Power Dock sensors (device and system totals)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import EntityCategory, UnitOfPower

from .context import ContextKind, SolixContext
from .entity_control import preset_control_on_site, shares_output
from .sensor_common import (
    SolixSensorDescription,
    battery_level,
    enum_value,
    field,
    fraction_percent,
    number,
    power,
)
from .solixapi import AI_EMS_STATUS, CHARGING_STATUS, UNKNOWN, USAGE_MODES

CHARGING_STATUS_OPTIONS = [*dict.fromkeys([*CHARGING_STATUS.values(), UNKNOWN])]
USAGE_MODE_OPTIONS = [*dict.fromkeys([*USAGE_MODES.values(), UNKNOWN])]
AI_EMS_OPTIONS = [*dict.fromkeys([*AI_EMS_STATUS.values(), UNKNOWN])]
POWER_MODES = {1: "normal", 2: "advanced"}
POWER_MODE_OPTIONS = [*POWER_MODES.values(), UNKNOWN]
SOLARBANK = ("solarbank",)
BACKUP_MODE = 4
"""``scene_mode`` while an AC charge (backup) window runs, never a mode the user chooses."""


def _is_solarbank(ctx: SolixContext) -> bool:
    """Whether the context is a Solarbank device."""
    return bool(field(ctx.entry, "type") == "solarbank")


def _solarbank_site(ctx: SolixContext) -> bool:
    """Whether a site lists Solarbanks in its scene."""
    return bool(field(ctx.entry, "solarbank_info.solarbank_list"))


def _bank_power(key: str, path: str, **kwargs: Any) -> SolixSensorDescription:
    """A live Solarbank power value (stale while the cloud marks the data invalid)."""
    return power(key, path, exclude=SOLARBANK, check_invalid=True, **kwargs)


def _usage_mode(ctx: SolixContext) -> str | None:
    """The usage mode the user chose (§6.3.2).

    ``user_scene_mode``, else the schedule's ``mode_type`` of the system's Solarbank 2+, else
    ``scene_mode``. The effective ``scene_mode`` shows 4 (backup) while an AC charge window runs
    and returns to the chosen mode after it; the backup charge controls show that window, the
    usage mode does not flip with it.
    """
    site = ctx.entry
    if site is None:
        return None
    schedules = [
        field(device, "schedule.mode_type")
        for device in ctx.site_devices()
        if device.get("type") == "solarbank" and (device.get("generation") or 0) >= 2
    ]
    effective = field(site, "scene_mode")
    chosen = (field(site, "user_scene_mode"), *schedules)
    candidates = (*chosen, None if effective == BACKUP_MODE else effective)
    for mode in candidates:
        if isinstance(mode, int) and not isinstance(mode, bool) and mode in USAGE_MODES and mode:
            return USAGE_MODES[mode]
    return UNKNOWN


def _has_gen2_bank(ctx: SolixContext) -> bool:
    """Whether a site holds a Solarbank of generation 2 or later (they have usage modes)."""
    return any(
        device.get("type") == "solarbank" and (device.get("generation") or 0) >= 2
        for device in ctx.site_devices()
    )


SOLARBANK_SENSORS: tuple[SolixSensorDescription, ...] = (
    SolixSensorDescription(
        key="charging_status",
        translation_key="charging_status",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=CHARGING_STATUS_OPTIONS,
        exclude=SOLARBANK,
        check_invalid=True,
        value_fn=lambda ctx: enum_value(
            field(ctx.entry, "charging_status_desc"), CHARGING_STATUS_OPTIONS
        ),
    ),
    battery_level(
        "battery_soc",
        kind=ContextKind.DEVICE,
        exclude=SOLARBANK,
        check_invalid=True,
        exists_fn=_is_solarbank,
        value_fn=lambda ctx: number(field(ctx.entry, "battery_soc")),
    ),
    _bank_power("battery_power", "charging_power", exists_fn=_is_solarbank),
    _bank_power("solar_power", "input_power", exists_fn=_is_solarbank),
    *(_bank_power(f"solar_power_{n}", f"solar_power_{n}") for n in range(1, 5)),
    _bank_power("ac_socket_power", "ac_power"),
    _bank_power("output_power", "output_power", exists_fn=_is_solarbank),
    _bank_power("home_power", "to_home_load"),
    _bank_power("heating_power", "pei_heating_power", entity_registry_enabled_default=False),
    _bank_power("grid_to_battery_power", "grid_to_battery_power"),
    _bank_power("micro_inverter_power", "micro_inverter_power"),
    SolixSensorDescription(
        key="micro_inverter_power_limit",
        translation_key="micro_inverter_power_limit",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        exclude=SOLARBANK,
        value_fn=lambda ctx: number(field(ctx.entry, "micro_inverter_power_limit")),
    ),
    SolixSensorDescription(
        key="output_preset",
        translation_key="output_preset",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        exclude=SOLARBANK,
        # Each unit's share; with one Solarbank that is the system output preset.
        exists_fn=lambda ctx: _is_solarbank(ctx)
        and "set_output_power" in (ctx.entry or {})
        and shares_output(ctx),
        value_fn=lambda ctx: number(field(ctx.entry, "set_output_power")),
    ),
    SolixSensorDescription(
        key="power_mode",
        translation_key="power_mode",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=POWER_MODE_OPTIONS,
        exclude=SOLARBANK,
        value_fn=lambda ctx: (
            None
            if (mode := field(ctx.entry, "preset_power_mode")) is None
            else POWER_MODES.get(mode, UNKNOWN)
        ),
    ),
    SolixSensorDescription(
        key="expansion_batteries",
        translation_key="expansion_batteries",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        exclude=SOLARBANK,
        check_invalid=True,
        exists_fn=lambda ctx: (field(ctx.entry, "generation") or 0) >= 2
        and number(field(ctx.entry, "sub_package_num")) is not None,
        value_fn=lambda ctx: number(field(ctx.entry, "sub_package_num")),
    ),
    SolixSensorDescription(
        key="inverter_model",
        translation_key="inverter_model",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exclude=(*SOLARBANK, "solarbank_solar_info"),
        value_fn=lambda ctx: field(ctx.entry, "solar_info.solar_model_name") or None,
    ),
    SolixSensorDescription(
        key="ai_ems_status",
        translation_key="ai_ems_status",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.ENUM,
        options=AI_EMS_OPTIONS,
        entity_category=EntityCategory.DIAGNOSTIC,
        exclude=SOLARBANK,
        value_fn=lambda ctx: (
            None
            if (status := field(ctx.entry, "schedule.ai_ems.status")) is None
            else AI_EMS_STATUS.get(status, UNKNOWN)
        ),
    ),
    # Power Dock (AE100): the combined output and the station limits.
    power(
        "power",
        "current_power",
        exclude=("combiner_box",),
        # Smart plugs report current_power too: their own "plug_power" shows it.
        exists_fn=lambda ctx: field(ctx.entry, "type") == "combiner_box",
    ),
    SolixSensorDescription(
        key="total_power_limit",
        translation_key="total_power_limit",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: number(field(ctx.entry, "all_power_limit")),
    ),
    SolixSensorDescription(
        key="total_ac_input_limit",
        translation_key="total_ac_input_limit",
        kind=ContextKind.DEVICE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda ctx: number(field(ctx.entry, "all_ac_input_limit")),
    ),
    SolixSensorDescription(
        key="power_limit_option",
        translation_key="power_limit_option",
        kind=ContextKind.DEVICE,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        exclude=SOLARBANK,
        value_fn=lambda ctx: (
            None if (option := field(ctx.entry, "power_limit_option")) in (None, "") else option
        ),
    ),
    # System totals of the Solarbanks (corrected by the client, §8.1/§8.3).
    _bank_power(
        "solarbank_battery_power",
        "solarbank_info.total_charging_power",
        kind=ContextKind.SITE,
        exists_fn=_solarbank_site,
    ),
    _bank_power(
        "solarbank_solar_power",
        "solarbank_info.total_photovoltaic_power",
        kind=ContextKind.SITE,
        exists_fn=_solarbank_site,
    ),
    _bank_power(
        "solarbank_output_power",
        "solarbank_info.total_output_power",
        kind=ContextKind.SITE,
        exists_fn=_solarbank_site,
    ),
    battery_level(
        "solarbank_battery_soc",
        kind=ContextKind.SITE,
        exclude=SOLARBANK,
        check_invalid=True,
        exists_fn=_solarbank_site,
        value_fn=lambda ctx: fraction_percent(
            field(ctx.entry, "solarbank_info.total_battery_power")
        ),
    ),
    SolixSensorDescription(
        key="system_output_preset",
        translation_key="system_output_preset",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        exclude=SOLARBANK,
        # Owners see it in the "System output preset" number of the Solarbank.
        exists_fn=lambda ctx: _solarbank_site(ctx)
        and number(field(ctx.entry, "retain_load")) is not None
        and not preset_control_on_site(ctx),
        value_fn=lambda ctx: number(field(ctx.entry, "retain_load")),
    ),
    SolixSensorDescription(
        key="usage_mode",
        translation_key="usage_mode",
        kind=ContextKind.SITE,
        device_class=SensorDeviceClass.ENUM,
        options=USAGE_MODE_OPTIONS,
        exclude=SOLARBANK,
        exists_fn=_has_gen2_bank,
        value_fn=_usage_mode,
    ),
)


def _fitting_name(serial: str, ctx: SolixContext) -> str | None:
    """The name the user gave an accessory (fitting) of a Solarbank."""
    fitting = field(ctx.entry, "fittings") or {}
    item = fitting.get(serial) if isinstance(fitting, Mapping) else None
    if not isinstance(item, Mapping):
        return None
    return str(item.get("alias_name") or item.get("device_name") or serial)


def fitting_sensors(ctx: SolixContext) -> tuple[SolixSensorDescription, ...]:
    """One diagnostic sensor per accessory of a Solarbank (such as the 0 W output switch)."""
    fittings = field(ctx.entry, "fittings")
    if ctx.kind is not ContextKind.DEVICE or not isinstance(fittings, Mapping):
        return ()
    return tuple(
        SolixSensorDescription(
            key=f"fitting_{serial}",
            translation_key="fitting",
            translation_placeholders={
                "product": str(field(item, "device_name") or field(item, "product_code") or "")
            },
            kind=ContextKind.DEVICE,
            entity_category=EntityCategory.DIAGNOSTIC,
            exclude=(*SOLARBANK, "solarbank_fittings"),
            value_fn=partial(_fitting_name, serial),
        )
        for serial, item in sorted(fittings.items())
    )
