"""The ``energy_analysis`` fields (§7.1) and the quantities they carry, read and written.

``DayValues`` hold what one device type's answer says about one day: the daily value
(``~daily``), the grid's daily import (``~trend``), the interval totals by field name, the share
fields as amounts (share × solar, so days add up) and smart plug energies (``plug:<sn>``).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from custom_components.anker_solix.solixapi import number_of
from solixsim.energy.flows import (
    BATTERY_TO_HOME,
    CHARGE,
    DISCHARGE,
    GRID_TO_BATTERY,
    GRID_TO_HOME,
    HOME,
    MICRO,
    PLUG_PREFIX,
    SOLAR,
    SOLAR_TO_BATTERY,
    SOLAR_TO_GRID,
    SOLAR_TO_HOME,
    Record,
    grid_export,
    grid_import,
)

DayValues = dict[str, float]
DAILY = "~daily"
TREND = "~trend"
PLUGS_TOTAL = "plugs_total"
SOLAR_TOTAL = "solar_total"
_HALF_CENT = 0.005


def _quantity(name: str) -> Callable[[Record], float]:
    return lambda record: record.get(name, 0.0)


def _zero(_record: Record) -> float:
    return 0.0


def _plugs(record: Record) -> float:
    return sum(value for key, value in record.items() if key.startswith(PLUG_PREFIX))


# Interval total fields by the quantity they hold.
TOTALS: dict[str, Callable[[Record], float]] = {
    "charge_total": _quantity(CHARGE),
    "discharge_total": _quantity(DISCHARGE),
    "battery_discharging_total": _quantity(DISCHARGE),
    "solar_to_grid_total": _quantity(SOLAR_TO_GRID),
    "grid_to_home_total": _quantity(GRID_TO_HOME),
    "ac_out_put_total": _zero,
    "home_usage_total": _quantity(HOME),
    SOLAR_TOTAL: _quantity(SOLAR),
    "battery_to_home_total": _quantity(BATTERY_TO_HOME),
    "grid_to_battery_total": _quantity(GRID_TO_BATTERY),
    "grid_imported_total": grid_import,
    "grid_exported_total": grid_export,
    "solar_to_battery_total": _quantity(SOLAR_TO_BATTERY),
    "solar_to_home_total": _quantity(SOLAR_TO_HOME),
    "third_party_pv_to_bat": _zero,
    "third_party_pv_to_grid": _zero,
    "sop_grid_to_battery_total": _zero,
    "third_solar_to_battery_total": _zero,
}
# Share fields (fractions of the solar energy) by the quantity of their amount.
SHARES: dict[str, Callable[[Record], float]] = {
    "charging_pre": _quantity(SOLAR_TO_BATTERY),
    "electricity_pre": _quantity(SOLAR_TO_HOME),
    "others_pre": _quantity(SOLAR_TO_GRID),
}


def _negative_export(record: Record) -> float:
    return -grid_export(record)


# The daily value (``power[]``) of each device type; the grid's is the export with a minus sign.
DAILY_QUANTITY: dict[str, Callable[[Record], float]] = {
    "solar_production": _quantity(SOLAR),
    **{f"solar_production_pv{index}": _quantity(f"pv{index}") for index in range(1, 5)},
    "solar_production_microinverter": _quantity(MICRO),
    "solarbank": _quantity(DISCHARGE),
    "home_usage": _quantity(HOME),
    "grid": _negative_export,
}


def _battery_net(record: Record) -> float:
    return record.get(DISCHARGE, 0.0) - record.get(CHARGE, 0.0)


# The ``charge_trend`` of each device type: the grid's import, the Solarbank's battery power.
TREND_QUANTITY: dict[str, Callable[[Record], float]] = {
    "grid": _quantity(GRID_TO_HOME),
    "solarbank": _battery_net,
}


# The solar inputs (device type -> quantity): their daily values add up to the solar production.
CHANNEL_QUANTITY: dict[str, str] = {
    **{f"solar_production_pv{index}": f"pv{index}" for index in range(1, 5)},
    "solar_production_microinverter": MICRO,
}


def channel_value(device_type: str, record: Record) -> float:
    """A solar input's daily value, rounded so the inputs add up to the rounded solar value.

    The cloud writes two decimals; the inputs share the hundredths of the day's solar energy
    by their exact values (largest remainders first), so the breakdown never disagrees with the
    system's value by a rounding step.
    """
    raw = {kind: max(record.get(quantity, 0.0), 0.0) for kind, quantity in CHANNEL_QUANTITY.items()}
    whole = sum(raw.values())
    if whole <= 0:
        return 0.0
    cents = round(max(record.get(SOLAR, whole), 0.0) * 100)
    exact = {kind: cents * value / whole for kind, value in raw.items()}
    shares = {kind: math.floor(value) for kind, value in exact.items()}
    order = sorted(exact, key=lambda kind: (shares[kind] - exact[kind], kind))
    for kind in order[: cents - sum(shares.values())]:
        shares[kind] += 1
    return shares[device_type] / 100


def values_of(device_type: str, record: Record) -> DayValues:
    """What a device type's answer says about a day with ``record``."""
    values: DayValues = {name: rule(record) for name, rule in TOTALS.items()}
    values.update({name: rule(record) for name, rule in SHARES.items()})
    if device_type in CHANNEL_QUANTITY:
        values[DAILY] = channel_value(device_type, record)
    else:
        values[DAILY] = DAILY_QUANTITY.get(device_type, _zero)(record)
    values[TREND] = TREND_QUANTITY.get(device_type, _zero)(record)
    values[PLUGS_TOTAL] = _plugs(record)
    values.update({key: value for key, value in record.items() if key.startswith(PLUG_PREFIX)})
    return values


def _first_value(data: dict[str, Any], key: str) -> float | None:
    entries = data.get(key)
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        return number_of(entries[0].get("value"))
    return None


def read_day(data: dict[str, Any]) -> DayValues:
    """The values of a one-day answer (fields that are empty or missing are left out)."""
    values: DayValues = {}
    for name in TOTALS:
        number = number_of(data.get(name))
        if number is not None:
            values[name] = number
    solar = number_of(data.get(SOLAR_TOTAL)) or 0.0
    for name in SHARES:
        share = number_of(data.get(name))
        if share is not None:
            values[name] = share * solar
    for key, field in ((DAILY, "power"), (TREND, "charge_trend")):
        number = _first_value(data, field)
        if number is not None:
            values[key] = number
    plugs = data.get("smart_plug_info")
    if isinstance(plugs, dict):
        total = number_of(plugs.get("total_power"))
        if total is not None:
            values[PLUGS_TOTAL] = total
        for plug in plugs.get("smartplug_list") or []:
            energy = number_of(plug.get("total_power")) if isinstance(plug, dict) else None
            if energy is not None and plug.get("device_sn"):
                values[f"{PLUG_PREFIX}{plug['device_sn']}"] = energy
    return values


def add_values(target: DayValues, other: DayValues, factor: float = 1.0) -> None:
    """``target += factor × other`` per field."""
    for key, value in other.items():
        target[key] = target.get(key, 0.0) + factor * value


def sum_values(days: Iterable[DayValues]) -> DayValues:
    """The values of an interval: the sum of its days."""
    total: DayValues = {}
    for values in days:
        add_values(total, values)
    return total


def energy_text(value: float) -> str:
    """An energy value as the cloud writes it (two decimals, no negative zero)."""
    return "0.00" if abs(value) < _HALF_CENT else f"{value:.2f}"


def point_text(value: float) -> str:
    """A curve point as the cloud writes it (``"0"`` for no energy)."""
    return "0" if abs(value) < _HALF_CENT else f"{value:.2f}"


def _numeric(value: Any) -> bool:
    return number_of(value) is not None


def write_totals(target: dict[str, Any], values: DayValues) -> None:
    """Set every numeric total, share and smart plug field of ``target`` from ``values``."""
    for name in TOTALS:
        if _numeric(target.get(name)):
            target[name] = energy_text(values.get(name, 0.0))
    solar = values.get(SOLAR_TOTAL, 0.0)
    for name in SHARES:
        if _numeric(target.get(name)):
            share = min(1.0, max(0.0, values.get(name, 0.0) / solar)) if solar > 0 else 0.0
            target[name] = point_text(share)
    plugs = target.get("smart_plug_info")
    if isinstance(plugs, dict):
        if _numeric(plugs.get("total_power")):
            plugs["total_power"] = energy_text(values.get(PLUGS_TOTAL, 0.0))
        for plug in plugs.get("smartplug_list") or []:
            if isinstance(plug, dict) and _numeric(plug.get("total_power")):
                key = f"{PLUG_PREFIX}{plug.get('device_sn')}"
                plug["total_power"] = energy_text(values.get(key, 0.0))


def _entry(template: dict[str, Any], field: str, time: str, value: str) -> dict[str, Any]:
    """A list entry shaped like the template's first entry of ``field`` (``rods`` kept)."""
    entries = template.get(field)
    first = entries[0] if isinstance(entries, list) and entries else None
    entry = copy.deepcopy(first) if isinstance(first, dict) else {"rods": None}
    entry["time"], entry["value"] = time, value
    return entry


def week_answer(template: dict[str, Any], days: list[tuple[date, DayValues]]) -> dict[str, Any]:
    """A ``week`` answer: one ``power[]`` (and ``charge_trend``) entry per day, interval totals."""
    result = copy.deepcopy(template)
    result["power"] = [
        _entry(template, "power", day.isoformat(), energy_text(values.get(DAILY, 0.0)))
        for day, values in days
    ]
    if isinstance(template.get("charge_trend"), list):
        result["charge_trend"] = [
            _entry(template, "charge_trend", day.isoformat(), energy_text(values.get(TREND, 0.0)))
            for day, values in days
        ]
    write_totals(result, sum_values(values for _, values in days))
    return result


def day_answer(
    template: dict[str, Any],
    values: DayValues,
    curves: dict[str, list[tuple[str, float]]],
    local_time: str | None,
) -> dict[str, Any]:
    """A ``day`` answer: the curves (``power``, ``charge_trend``) given, the day's totals."""
    result = copy.deepcopy(template)
    for field, points in curves.items():
        if isinstance(template.get(field), list) or field == "power":
            result[field] = [
                _entry(template, field, label, point_text(value)) for label, value in points
            ]
    write_totals(result, values)
    if local_time is not None and result.get("local_time"):
        result["local_time"] = local_time
    return result
