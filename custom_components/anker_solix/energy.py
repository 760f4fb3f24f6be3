"""Energy platform: the solar forecast for the Energy dashboard's forecast option (§7.3, §8.8).

Systems in smart mode get an hourly solar forecast from the cloud
(``energy_details.pv_forecast_details``). Each hourly point is the average power of the hour
that ends at its timestamp (the convention of Forecast.Solar's ``wh_hours`` as well); today's
hours before the first forecast point come from the produced energy. The systems of one entry
are added up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .solixapi import parse_number

if TYPE_CHECKING:
    from .coordinator import SolixConfigEntry

POWER_UNITS = {"W": 1.0, "KW": 1000.0}
"""Watt factor of a forecast's ``trend_unit``; one hour at that power is that many Wh."""
TIME_FORMAT = "%Y-%m-%d %H:%M"


def _points(forecast: Mapping[str, Any]) -> dict[str, float]:
    """Wh per hour (local timestamp text) of one system: produced hours, then the forecast."""
    factor = POWER_UNITS.get(str(forecast.get("trend_unit") or "W").upper())
    if factor is None:
        return {}
    hours: dict[str, float] = {}
    for key in ("produced_hourly", "trend"):
        for point in forecast.get(key) or ():
            if not isinstance(point, Mapping):
                continue
            power = parse_number(point.get("power"))
            if power is not None and isinstance(point.get("timestamp"), str):
                hours[point["timestamp"]] = max(0.0, power) * factor
    return hours


def solar_forecast(data: Mapping[str, Any] | None) -> dict[str, dict[str, float | int]] | None:
    """The ``wh_hours`` of every system with a forecast in a snapshot (None: no forecast)."""
    zone = dt_util.get_default_time_zone()
    total: dict[str, float] = {}
    for site in ((data or {}).get("sites") or {}).values():
        details = site.get("energy_details") if isinstance(site, Mapping) else None
        forecast = details.get("pv_forecast_details") if isinstance(details, Mapping) else None
        if not isinstance(forecast, Mapping):
            continue
        for text, wh in _points(forecast).items():
            try:
                moment = datetime.strptime(text, TIME_FORMAT).replace(tzinfo=zone)
            except ValueError:
                continue
            key = moment.isoformat()
            total[key] = total.get(key, 0.0) + wh
    if not total:
        return None
    return {"wh_hours": {key: round(value) for key, value in sorted(total.items())}}


async def async_get_solar_forecast(
    hass: HomeAssistant, config_entry_id: str
) -> dict[str, dict[str, float | int]] | None:
    """The solar forecast of one Anker Solix entry (the Energy dashboard asks per entry)."""
    entry: SolixConfigEntry | None = hass.config_entries.async_get_entry(config_entry_id)
    if entry is None or entry.domain != DOMAIN or getattr(entry, "runtime_data", None) is None:
        return None
    return solar_forecast(entry.runtime_data.coordinator.data)
