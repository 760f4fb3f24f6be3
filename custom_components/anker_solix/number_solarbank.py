"""Solarbank numbers: output presets, SB1 charge priority, tariff price and battery capacity."""

from __future__ import annotations

from homeassistant.components.number import NumberDeviceClass, NumberMode
from homeassistant.const import PERCENTAGE, EntityCategory, UnitOfEnergy, UnitOfPower

from .context import ContextKind, SolixContext
from .entity_control import SOLARBANK, generation, has_key, has_use_time, is_type
from .number_common import SolixNumberDescription
from .sensor_common import energy_price_unit, field, number, number_at
from .solixapi import (
    Sb1Schedule,
    Sb2Schedule,
    SolixPoller,
    control,
    customize,
    sb1_limits,
    sb2_limits,
)


def _sb1_count(ctx: SolixContext) -> int:
    """SB1 units of the context's site (they share one schedule)."""
    count = sum(
        1
        for device in ctx.site_devices()
        if device.get("type") == "solarbank" and device.get("generation") == 1
    )
    return max(count, 1)


def _sb1_limits(ctx: SolixContext) -> tuple[int, int, int, int]:
    """System min/max and device min/max of an SB1 site (§6.5)."""
    limits = sb1_limits(Sb1Schedule.from_json(field(ctx.entry, "schedule")), _sb1_count(ctx))
    return limits.system_min, limits.system_max, limits.device_min, limits.device_max


def _sb2_limits(ctx: SolixContext) -> tuple[int, int]:
    """Output preset range of an SB2+ site: schedule limits relaxed to the models' maximum."""
    models = {
        str(device.get("device_pn"))
        for device in ctx.site_devices()
        if device.get("type") == "solarbank"
    }
    limits = sb2_limits(Sb2Schedule.from_json(field(ctx.entry, "schedule")), models)
    return limits.low, limits.high


def _system_min(ctx: SolixContext) -> float:
    return _sb1_limits(ctx)[0] if generation(ctx) == 1 else _sb2_limits(ctx)[0]


def _system_max(ctx: SolixContext) -> float:
    return _sb1_limits(ctx)[1] if generation(ctx) == 1 else _sb2_limits(ctx)[1]


def _is_bank(ctx: SolixContext) -> bool:
    return is_type(ctx, "solarbank")


def _system_preset(ctx: SolixContext) -> float | int | None:
    """The plan's output preset; in modes without an output plan the effective system preset.

    The control stays available in every mode: a change in a mode without an output plan (smart
    meter, use time, smart, time slots) is refused with the reason (``no_usable_plan``) instead
    of an unexplained greyed-out control.
    """
    preset = number(field(ctx.entry, "preset_system_output_power"))
    if preset is not None:
        return preset
    effective = number(field(ctx.entry, "set_system_output_power"))
    if effective is not None:
        return effective
    return number(field(ctx.site, "retain_load"))


async def _write_system_preset(poller: SolixPoller, key: str, value: float) -> None:
    await control.set_output_preset(poller, key, round(value))


async def _write_device_preset(poller: SolixPoller, key: str, value: float) -> None:
    await control.set_sb1_presets(poller, key, device_power=round(value))


async def _write_charge_priority(poller: SolixPoller, key: str, value: float) -> None:
    await control.set_sb1_presets(poller, key, charge_priority=round(value))


async def _write_tariff_price(poller: SolixPoller, key: str, value: float) -> None:
    await control.set_tariff(poller, key, price=round(value, 2))


async def _write_capacity(poller: SolixPoller, key: str, value: float) -> None:
    await customize(poller, key, "battery_capacity", round(value))


def _capacity_range(ctx: SolixContext) -> tuple[int, int]:
    """The plausible capacity of the device (model capacity with its possible expansions)."""
    return control.battery_capacity_range(dict(ctx.entry or {}))


def _capacity(ctx: SolixContext) -> float | int | None:
    """The customized capacity, else the calculated one."""
    custom = number(field(ctx.entry, "customized.battery_capacity"))
    return custom if custom is not None else number(field(ctx.entry, "battery_capacity"))


SOLARBANK_NUMBERS: tuple[SolixNumberDescription, ...] = (
    SolixNumberDescription(
        key="preset_system_output_power",
        translation_key="preset_system_output_power",
        kind=ContextKind.DEVICE,
        device_class=NumberDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        mode=NumberMode.BOX,
        native_min_value=0,
        native_max_value=800,
        native_step=10,
        exclude=SOLARBANK,
        min_fn=_system_min,
        max_fn=_system_max,
        value_fn=_system_preset,
        supported_fn=lambda ctx: _is_bank(ctx) and has_key("preset_system_output_power")(ctx),
        write_fn=_write_system_preset,
        confirm=False,
    ),
    SolixNumberDescription(
        key="preset_device_output_power",
        translation_key="preset_device_output_power",
        kind=ContextKind.DEVICE,
        device_class=NumberDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        mode=NumberMode.BOX,
        native_min_value=50,
        native_max_value=800,
        native_step=5,
        exclude=SOLARBANK,
        min_fn=lambda ctx: _sb1_limits(ctx)[2],
        max_fn=lambda ctx: _sb1_limits(ctx)[3],
        value_fn=number_at("preset_device_output_power"),
        supported_fn=lambda ctx: generation(ctx) == 1
        and has_key("preset_device_output_power")(ctx),
        write_fn=_write_device_preset,
        confirm=False,
    ),
    SolixNumberDescription(
        key="preset_charge_priority",
        translation_key="preset_charge_priority",
        kind=ContextKind.DEVICE,
        device_class=NumberDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        mode=NumberMode.SLIDER,
        native_min_value=0,
        native_max_value=100,
        native_step=5,
        exclude=SOLARBANK,
        value_fn=number_at("preset_charge_priority"),
        supported_fn=lambda ctx: generation(ctx) == 1 and has_key("preset_charge_priority")(ctx),
        write_fn=_write_charge_priority,
        confirm=False,
    ),
    SolixNumberDescription(
        key="preset_tariff_price",
        translation_key="preset_tariff_price",
        kind=ContextKind.DEVICE,
        mode=NumberMode.BOX,
        native_min_value=0,
        native_max_value=1000,
        native_step=0.01,
        exclude=SOLARBANK,
        unit_fn=lambda ctx: energy_price_unit(field(ctx.entry, "preset_tariff_currency")),
        value_fn=lambda ctx: number(field(ctx.entry, "preset_tariff_price"))
        if field(ctx.entry, "preset_tariff")
        else None,
        supported_fn=has_use_time,
        write_fn=_write_tariff_price,
        confirm=False,
    ),
    SolixNumberDescription(
        key="battery_capacity",
        translation_key="battery_capacity",
        kind=ContextKind.DEVICE,
        device_class=NumberDeviceClass.ENERGY_STORAGE,
        native_unit_of_measurement=UnitOfEnergy.WATT_HOUR,
        entity_category=EntityCategory.CONFIG,
        mode=NumberMode.BOX,
        native_min_value=1,
        native_max_value=100000,
        native_step=1,
        min_fn=lambda ctx: _capacity_range(ctx)[0],
        max_fn=lambda ctx: _capacity_range(ctx)[1],
        owner_only=False,
        restore=True,
        calculated_fn=number_at("battery_capacity"),
        value_fn=_capacity,
        supported_fn=lambda ctx: bool(number(field(ctx.entry, "battery_capacity"))),
        write_fn=_write_capacity,
        confirm=False,
    ),
)
