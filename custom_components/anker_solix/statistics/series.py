"""Which cloud value becomes which long-term statistic (one table, no if-chains).

Every series is an external statistic ``anker_solix:<system or plug>_<key>`` in kWh with a sum
(the Energy dashboard reads the change of the sum per hour). The name is translated from
``selector.statistic_series.options.<key>`` and prefixed with the system's (or plug's) name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.sensor_common import grid_import
from custom_components.anker_solix.solixapi import parse_number


class Profile(StrEnum):
    """The intraday shape a series follows (a day curve, else a fixed profile)."""

    SOLAR = "solar"
    """Solar power curve; without one a daylight bell (06:00–20:00 local)."""
    HOME = "home"
    """Home usage curve; without one evenly over the day."""


@dataclass(frozen=True, kw_only=True)
class Series:
    """One statistic of a system: where its daily kWh come from and how a day is shaped."""

    key: str
    """Statistic id suffix, translation option and the key of the daily values."""
    profile: Profile
    live_key: str
    """The ``energy_details.today`` key of the live daily sensor the statistic agrees with."""


SITE_SERIES: tuple[Series, ...] = (
    Series(key="solar_production", profile=Profile.SOLAR, live_key="solar_production"),
    Series(key="battery_charge", profile=Profile.SOLAR, live_key="battery_charge"),
    Series(key="battery_discharge", profile=Profile.HOME, live_key="battery_discharge"),
    Series(key="grid_import", profile=Profile.HOME, live_key="grid_import"),
    Series(key="grid_export", profile=Profile.SOLAR, live_key="solar_to_grid"),
    Series(key="home_usage", profile=Profile.HOME, live_key="home_usage"),
)
PLUG_SERIES = Series(key="plug_energy", profile=Profile.HOME, live_key="energy_today")
"""Consumption of one smart plug (the key of its daily values is ``plug:<serial>``)."""
CHANNEL_SERIES: tuple[Series, ...] = tuple(
    Series(key=channel, profile=Profile.SOLAR, live_key=channel)
    for channel in (
        *(f"solar_production_pv{index}" for index in range(1, 5)),
        "solar_production_microinverter",
    )
)
"""Solar production per input of the system's Solarbank(s): the breakdown the cloud holds
(§7.1 ``solar_production_pv1`` … ``_pv4``, ``_microinverter``); they add up to the system's
solar production. Only the inputs the Solarbanks have (``energy_channels``)."""

SERIES_BY_KEY = {series.key: series for series in (*SITE_SERIES, *CHANNEL_SERIES, PLUG_SERIES)}
PLUG_PREFIX = "plug:"
UNIT = "kWh"
_NOT_ID = re.compile(r"[^a-z0-9]+")


def plug_value_key(serial: str) -> str:
    """The key of a smart plug's daily value."""
    return f"{PLUG_PREFIX}{serial}"


def series_of(value_key: str) -> Series:
    """The series a daily value key belongs to."""
    return PLUG_SERIES if value_key.startswith(PLUG_PREFIX) else SERIES_BY_KEY[value_key]


def statistic_id(owner: str, series_key: str) -> str:
    """A stable statistic id of a system's (or plug's) series: lower case, digits, underscores.

    Derived from the cloud's site id or serial only, so it survives reloads, restarts and
    renames.
    """
    slug = _NOT_ID.sub("_", owner.lower()).strip("_") or "system"
    return f"{DOMAIN}:{slug}_{series_key}"


def live_values(today: Mapping[str, Any]) -> dict[str, float]:
    """The daily values of a system's ``energy_details.today`` block by value key.

    Today's statistics follow the values the live daily sensors show (same poll, same value).
    """
    values: dict[str, float] = {}
    for series in (*SITE_SERIES, *CHANNEL_SERIES):
        value = (
            grid_import(today)
            if series.key == "grid_import"
            else parse_number(today.get(series.live_key))
        )
        if value is not None:
            values[series.key] = abs(value)
    for item in today.get("smartplug_list") or ():
        if isinstance(item, Mapping) and item.get("device_sn"):
            energy = parse_number(item.get("energy"))
            if energy is not None:
                values[plug_value_key(str(item["device_sn"]))] = energy
    return values
