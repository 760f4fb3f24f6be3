"""The sensor description and the value converters shared by the sensor tables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT,
    UnitOfEnergy,
    UnitOfMass,
    UnitOfPower,
    UnitOfTemperature,
    UnitOfTime,
)

from .context import ContextKind, SolixContext
from .entity import SolixEntityDescription
from .solixapi import parse_number

MAX_UTC_OFFSET = 14 * 3600
"""The largest UTC offset a site clock can have (seconds)."""
LAST_TIMESTAMP = 253402300799
"""Unix seconds of 9999-12-31 23:59:59 UTC, the last moment a datetime can hold."""

type SensorValue = str | int | float | datetime | None

CURRENCY = "currency"
"""Unit kind of an amount of money (the data names the currency)."""
CURRENCY_PER_KWH = "currency/kWh"
"""Unit kind of an energy price per kWh (the data names the currency)."""
CURRENCY_PER_MWH = "currency/MWh"
"""Unit kind of an energy price per MWh (the data names the currency)."""
COUNT = "count"
"""Unit kind of a unitless number with a state class (a counter)."""

DISPLAY_PRECISION: dict[str, int] = {
    UnitOfPower.WATT: 0,
    UnitOfPower.KILO_WATT: 2,
    UnitOfEnergy.WATT_HOUR: 0,
    UnitOfEnergy.KILO_WATT_HOUR: 2,
    PERCENTAGE: 0,
    SIGNAL_STRENGTH_DECIBELS_MILLIWATT: 0,
    UnitOfMass.KILOGRAMS: 1,
    UnitOfTemperature.CELSIUS: 1,
    UnitOfTime.SECONDS: 0,
    CURRENCY: 2,
    CURRENCY_PER_KWH: 4,
    CURRENCY_PER_MWH: 2,
    COUNT: 0,
}
"""Decimals shown per unit (kind): the one source of every sensor's display precision."""


@dataclass(frozen=True, kw_only=True)
class SolixSensorDescription(SensorEntityDescription, SolixEntityDescription):
    """A sensor read from one context of the snapshot."""

    value_fn: Callable[[SolixContext], SensorValue]
    unit_fn: Callable[[SolixContext], str | None] | None = None
    """The unit when the data names it (currencies); overrides native_unit_of_measurement."""
    day_fn: Callable[[SolixContext], str | None] | None = None
    """The day a daily total belongs to: within one day the total never decreases."""
    final_fn: Callable[[SolixContext], tuple[str | None, SensorValue]] | None = None
    """The previous day and its final total (``last_period``): shown once after midnight
    when higher than the last value of that day, so its last minutes are not lost."""
    unit_kind: str | None = None
    """What a ``unit_fn`` unit measures (``CURRENCY``, ``CURRENCY_PER_KWH``, ...)."""


def precision_key(description: SolixSensorDescription) -> str | None:
    """The key of a sensor's display precision in ``DISPLAY_PRECISION`` (None: not numeric).

    The fixed unit, else the kind of the unit the data names, else ``COUNT`` for a unitless
    sensor with a state class.
    """
    if description.native_unit_of_measurement is not None:
        return str(description.native_unit_of_measurement)
    if description.unit_kind is not None:
        return description.unit_kind
    return COUNT if description.state_class is not None else None


def with_display_precision(description: SolixSensorDescription) -> SolixSensorDescription:
    """The description with the display precision of its unit from ``DISPLAY_PRECISION``.

    Raises :class:`KeyError` for a numeric sensor whose unit the table lacks, so a new unit
    cannot ship without a precision.
    """
    key = precision_key(description)
    if key is None:
        return description
    return replace(description, suggested_display_precision=DISPLAY_PRECISION[key])


def field(entry: Mapping[str, Any] | None, path: str) -> Any:
    """The value at a dotted path of a cache entry (None when any level is missing)."""
    value: Any = entry
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def number_at(path: str) -> Callable[[SolixContext], int | float | None]:
    """A reader of the number at a dotted path of the context's entry."""

    def read(ctx: SolixContext) -> int | float | None:
        return number(field(ctx.entry, path))

    return read


def number(value: object) -> int | float | None:
    """A cloud number (often a string, sometimes with a unit suffix such as ``200W``).

    Read by the library's one parser: NaN, ±inf, overflowing values (``"1e999"``), booleans
    and containers read as None. Whole numbers written without a decimal point stay ints.
    """
    parsed = parse_number(value)
    if parsed is None:
        return None
    if isinstance(value, int | float):
        return value
    return int(parsed) if parsed.is_integer() and "." not in str(value) else parsed


def fraction_percent(value: object) -> int | float | None:
    """A 0–1 fraction as percent (``"0.64"`` → 64)."""
    parsed = number(value)
    return None if parsed is None else round(parsed * 100, 1)


def enum_value(value: object, options: list[str]) -> str | None:
    """An enumeration state: the value when it is a known option, else ``unknown``."""
    if value is None:
        return None
    return str(value) if str(value) in options else "unknown"


def account_zone(ctx: SolixContext) -> timezone:
    """The zone the client writes account times in (the session's UTC offset)."""
    if ctx.coordinator is None:
        return UTC
    return timezone(timedelta(seconds=ctx.coordinator.session.utc_offset_seconds))


def site_timezone(site: Mapping[str, Any] | None) -> timezone | None:
    """The site's UTC offset from the client's time-offset bookkeeping (§8.7)."""
    offset = (site or {}).get("energy_offset_tz")
    if not isinstance(offset, int | float):
        return None
    seconds = parse_number(offset, -MAX_UTC_OFFSET, MAX_UTC_OFFSET)
    return None if seconds is None else timezone(timedelta(seconds=int(seconds)))


def local_time(text: object, zone: timezone | None) -> datetime | None:
    """An aware datetime of a cloud local time ``YYYY-MM-DD HH:MM[:SS]`` in ``zone``."""
    if not isinstance(text, str) or zone is None:
        return None
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            moment = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return None if moment.year <= 1970 else moment.replace(tzinfo=zone)
    return None


def epoch_time(value: object) -> datetime | None:
    """An aware datetime of Unix seconds."""
    parsed = parse_number(value, 0, LAST_TIMESTAMP)
    return datetime.fromtimestamp(parsed, UTC) if parsed else None


def today(ctx: SolixContext) -> str | None:
    """The day of the site's ``energy_details.today`` block."""
    day = field(ctx.site, "energy_details.today.date")
    return day if isinstance(day, str) else None


def last_period(ctx: SolixContext) -> str | None:
    """The day of the site's ``energy_details.last_period`` block (yesterday)."""
    day = field(ctx.site, "energy_details.last_period.date")
    return day if isinstance(day, str) else None


GRID_IMPORT_PARTS = ("grid_to_home", "grid_to_battery")
"""What a system without a grid import total draws from the grid during a day."""


def grid_import(block: object) -> float | None:
    """A day's grid import (kWh) of an energy block: the cloud's total, else its parts added.

    HES and Power Panel systems have ``grid_import``; Solarbank systems report grid to home
    and grid to battery, which the Energy dashboard needs as one value.
    """
    total = number(field(block if isinstance(block, Mapping) else None, "grid_import"))
    if total is not None:
        return total
    parts = [
        number(field(block if isinstance(block, Mapping) else None, key))
        for key in GRID_IMPORT_PARTS
    ]
    if all(part is None for part in parts):
        return None
    return round(sum(part or 0 for part in parts), 3)


def power(
    key: str,
    path: str,
    kind: ContextKind = ContextKind.DEVICE,
    **kwargs: Any,
) -> SolixSensorDescription:
    """A power measurement in W read from a dotted path."""
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        kind=kind,
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=number_at(path),
        **kwargs,
    )


def battery_level(
    key: str, value_fn: Callable[[SolixContext], SensorValue], **kwargs: Any
) -> SolixSensorDescription:
    """A battery state of charge in %."""
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=value_fn,
        **kwargs,
    )


def daily_energy(
    key: str,
    path: str,
    exclude_fn: Callable[[SolixContext], tuple[str, ...]],
    final_path: str | None = None,
    **kwargs: Any,
) -> SolixSensorDescription:
    """Today's energy total in kWh that restarts every day (total increasing).

    ``final_path``: where yesterday's final total of the same value is (``last_period``).
    """
    if final_path is not None and "final_fn" not in kwargs:
        kwargs["final_fn"] = lambda ctx: (last_period(ctx), number(field(ctx.entry, final_path)))
    return SolixSensorDescription(
        key=key,
        translation_key=key,
        kind=kwargs.pop("kind", ContextKind.SITE),
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL_INCREASING,
        exclude_fn=exclude_fn,
        day_fn=today,
        value_fn=kwargs.pop("value_fn", number_at(path)),
        **kwargs,
    )


def dynamic_price_unit(ctx: SolixContext, per: str = "kWh") -> str | None:
    """The dynamic price unit: the data's currency per kWh (or MWh); None without a currency."""
    currency = field(ctx.entry, "site_details.dynamic_price_details.spot_price_unit")
    return f"{currency}/{per}" if currency else None


def energy_price_unit(currency: object) -> str | None:
    """An energy price's unit: the data's currency per kWh (None without a currency).

    The Energy dashboard takes price entities only with a unit of currency per energy unit;
    the cloud names just the currency (``€``) for the site and tariff prices.
    """
    text = unit_text(currency)
    if text is None or text.endswith("/kWh"):
        return text
    return f"{text}/kWh"


MAX_UNIT_LENGTH = 16


def unit_text(unit: object) -> str | None:
    """A unit read from the cloud data as a unit Home Assistant accepts: a short text, else None.

    Units such as the site's currency come from the data; a malformed answer (a list, a number,
    a long text) must not reach the entity's ``unit_of_measurement``.
    """
    if isinstance(unit, str) and 0 < len(unit) <= MAX_UNIT_LENGTH:
        return unit
    return None
