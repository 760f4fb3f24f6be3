"""System price numbers (site price, dynamic price fee and VAT) and vehicle attribute numbers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from homeassistant.components.number import NumberDeviceClass, NumberMode
from homeassistant.const import PERCENTAGE, UnitOfEnergy, UnitOfPower

from .context import ContextKind, SolixContext
from .entity_control import SITE_PRICE, has_key
from .number_common import SolixNumberDescription
from .sensor_common import dynamic_price_unit, energy_price_unit, field, number_at
from .solixapi import SolixPoller, customize, set_site_price, update_vehicle


async def _write_price(poller: SolixPoller, key: str, value: float) -> None:
    await set_site_price(poller, key, price=value)


def _customizer(name: str) -> Callable[[SolixPoller, str, float], Awaitable[None]]:
    """A local customization of a site value (recomputes the dynamic prices)."""

    async def write(poller: SolixPoller, key: str, value: float) -> None:
        await customize(poller, key, name, value)

    return write


def _vehicle_updater(name: str) -> Callable[[SolixPoller, str, float], Awaitable[None]]:
    async def write(poller: SolixPoller, key: str, value: float) -> None:
        await update_vehicle(poller, key, **{name: round(value, 1)})

    return write


def _dynamic(name: str) -> Callable[[SolixContext], float | int | None]:
    """A value of the site's dynamic price details (customized values already applied)."""
    return number_at(f"site_details.dynamic_price_details.{name}")


def _vehicle_number(
    key: str,
    device_class: NumberDeviceClass,
    unit: str,
    maximum: float,
) -> SolixNumberDescription:
    return SolixNumberDescription(
        key=key,
        translation_key=f"vehicle_{key}",
        kind=ContextKind.VEHICLE,
        device_class=device_class,
        native_unit_of_measurement=unit,
        mode=NumberMode.BOX,
        native_min_value=1,
        native_max_value=maximum,
        native_step=0.1,
        value_fn=number_at(key),
        supported_fn=has_key(key),
        write_fn=_vehicle_updater(key),
    )


SYSTEM_NUMBERS: tuple[SolixNumberDescription, ...] = (
    SolixNumberDescription(
        key="system_price",
        translation_key="system_price",
        kind=ContextKind.SITE,
        mode=NumberMode.BOX,
        native_min_value=0,
        native_max_value=1000,
        native_step=0.01,
        exclude=SITE_PRICE,
        unit_fn=lambda ctx: energy_price_unit(field(ctx.entry, "site_details.site_price_unit")),
        value_fn=number_at("site_details.price"),
        supported_fn=has_key("site_details.price"),
        write_fn=_write_price,
    ),
    SolixNumberDescription(
        key="dynamic_price_fee",
        translation_key="dynamic_price_fee",
        kind=ContextKind.SITE,
        mode=NumberMode.BOX,
        native_min_value=0,
        native_max_value=100,
        native_step=0.0001,
        exclude=SITE_PRICE,
        owner_only=False,
        restore=True,
        unit_fn=dynamic_price_unit,
        value_fn=_dynamic("dynamic_price_fee"),
        supported_fn=lambda ctx: _dynamic("dynamic_price_fee")(ctx) is not None,
        write_fn=_customizer("dynamic_price_fee"),
        confirm=False,
    ),
    SolixNumberDescription(
        key="dynamic_price_vat",
        translation_key="dynamic_price_vat",
        kind=ContextKind.SITE,
        native_unit_of_measurement=PERCENTAGE,
        mode=NumberMode.BOX,
        native_min_value=0,
        native_max_value=100,
        native_step=0.01,
        exclude=SITE_PRICE,
        owner_only=False,
        restore=True,
        value_fn=_dynamic("dynamic_price_vat"),
        supported_fn=lambda ctx: _dynamic("dynamic_price_vat")(ctx) is not None,
        write_fn=_customizer("dynamic_price_vat"),
        confirm=False,
    ),
    _vehicle_number(
        "battery_capacity", NumberDeviceClass.ENERGY_STORAGE, UnitOfEnergy.KILO_WATT_HOUR, 1000
    ),
    _vehicle_number("ac_max_charging_power", NumberDeviceClass.POWER, UnitOfPower.KILO_WATT, 1000),
    _vehicle_number(
        "energy_consumption_per_100km",
        NumberDeviceClass.ENERGY_DISTANCE,
        "kWh/100km",
        100,
    ),
)
