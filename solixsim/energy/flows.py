"""Energy quantities of a site and how power values split into them.

A record maps quantity names to energy (kWh for days and slots; the same split works on W).
Physical inputs are solar, battery charge and discharge, grid-to-battery and home; the split
makes the balance exact: ``solar + discharge + grid_import = home + charge + grid_export``.
"""

from __future__ import annotations

from typing import Any

from solixsim.dynamics_values import parse_number

Record = dict[str, float]

SOLAR = "solar"
CHARGE = "charge"
DISCHARGE = "discharge"
HOME = "home"
SOLAR_TO_HOME = "solar_to_home"
SOLAR_TO_BATTERY = "solar_to_battery"
SOLAR_TO_GRID = "solar_to_grid"
BATTERY_TO_HOME = "battery_to_home"
GRID_TO_HOME = "grid_to_home"
GRID_TO_BATTERY = "grid_to_battery"
MICRO = "micro"
CHANNELS = ("pv1", "pv2", "pv3", "pv4")
PLUG_PREFIX = "plug:"
# Scene fields of the site's MPPT channels (solarbank_info) by quantity.
_CHANNEL_FIELDS = {f"pv{index}": f"solar_power_{index}" for index in range(1, 5)}


def split(
    solar: float, charge: float, discharge: float, grid_battery: float, home: float
) -> Record:
    """The flows of one moment or interval; every input is clamped to be non-negative.

    Grid-to-battery is part of the charge; the battery only feeds the home; solar goes to the
    battery first, then the home, the rest to the grid; the grid covers what the home still needs.
    """
    solar, home = max(solar, 0.0), max(home, 0.0)
    charge = max(charge, 0.0)
    grid_battery = min(max(grid_battery, 0.0), charge)
    solar_battery = min(charge - grid_battery, solar)
    charge = solar_battery + grid_battery
    battery_home = min(max(discharge, 0.0), home)
    spare = solar - solar_battery
    solar_home = min(spare, home - battery_home)
    return {
        SOLAR: solar,
        CHARGE: charge,
        DISCHARGE: battery_home,
        HOME: home,
        SOLAR_TO_BATTERY: solar_battery,
        SOLAR_TO_HOME: solar_home,
        SOLAR_TO_GRID: spare - solar_home,
        BATTERY_TO_HOME: battery_home,
        GRID_TO_HOME: home - battery_home - solar_home,
        GRID_TO_BATTERY: grid_battery,
    }


def grid_import(record: Record) -> float:
    """Energy taken from the grid (home and battery)."""
    return record.get(GRID_TO_HOME, 0.0) + record.get(GRID_TO_BATTERY, 0.0)


def grid_export(record: Record) -> float:
    """Energy fed into the grid."""
    return record.get(SOLAR_TO_GRID, 0.0)


def balance_error(record: Record) -> float:
    """``solar + discharge + import - home - charge - export`` (0 for a consistent record)."""
    supply = record.get(SOLAR, 0.0) + record.get(DISCHARGE, 0.0) + grid_import(record)
    use = record.get(HOME, 0.0) + record.get(CHARGE, 0.0) + grid_export(record)
    return supply - use


def add(target: Record, other: Record, factor: float = 1.0) -> None:
    """``target += factor × other`` per quantity."""
    for key, value in other.items():
        target[key] = target.get(key, 0.0) + factor * value


def scaled(record: Record, factor: float) -> Record:
    """Every quantity times ``factor`` (keeps the balance)."""
    return {key: value * factor for key, value in record.items()}


def _number(container: Any, key: str) -> float:
    value = parse_number(container.get(key)) if isinstance(container, dict) else None
    return value or 0.0


def scene_power(scene: dict[str, Any]) -> Record:
    """Power flows (W) of a scene as served: solarbank totals, house demand and smart plugs.

    Without a house demand value the Solarbank output feeds the home (no grid exchange).
    """
    solarbank = scene.get("solarbank_info")
    solarbank = solarbank if isinstance(solarbank, dict) else {}
    solar = _number(solarbank, "total_photovoltaic_power")
    charge = _number(solarbank, "total_charging_power")
    discharge = _number(solarbank, "battery_discharge_power")
    grid_battery = _number(solarbank, "grid_to_battery_power")
    home = parse_number(scene.get("home_load_power"))
    if home is None or home <= 0:
        home = max(solar + grid_battery - charge + discharge, 0.0)
    record = split(solar, charge, discharge, grid_battery, home)
    for channel, field in _CHANNEL_FIELDS.items():
        record[channel] = _number(solarbank, field)
    record[MICRO] = _number(solarbank, "micro_inverter_power")
    plugs = scene.get("smart_plug_info")
    for plug in (plugs.get("smartplug_list") or []) if isinstance(plugs, dict) else []:
        if isinstance(plug, dict) and plug.get("device_sn"):
            record[f"{PLUG_PREFIX}{plug['device_sn']}"] = _number(plug, "current_power")
    return record
