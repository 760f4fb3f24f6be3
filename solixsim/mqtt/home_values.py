"""Live values of a simulated Power Panel (A17B1) or X1 (A5101/2/3): the statistics day's slot now.

The cloud's 5-minute statistics of these systems (:mod:`solixsim.energy.statistics_day`) are the
one source: a device publishes the powers of the slot running at its clock time (the cloud
publishes that slot about three minutes after it ends), so the live values and the averages the
cloud serves later agree. Powers in W, the battery signed positive = charging (MQTT protocol
§5, ``battery_w``), the grid signed positive = import (``grid_w``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from solixsim.energy.statistics_day import SLOT_SECONDS, SOURCES, StatisticsDay
from solixsim.scenario import ScenarioStore
from solixsim.sitetime import SiteTimes

HOME_MODELS: Final = frozenset({"A17B1", "A5101", "A5102", "A5103"})
PREFIXES: Final = ("charging_energy", "hes_energy")
KW: Final = 1000.0


def _files(store: ScenarioStore, site_id: str) -> tuple[str, dict[str, Any]] | None:
    for prefix in PREFIXES:
        files = {
            source: data
            for source in SOURCES
            if isinstance(data := store.data(f"{prefix}_{source}_today_{site_id}"), dict)
        }
        if "hes" in files:
            return prefix, files
    return None


def home_live_values(
    store: ScenarioStore, times: SiteTimes, site_id: str, now: float
) -> dict[str, float]:
    """The live values of the site's home system at ``now`` (empty without statistics)."""
    found = _files(store, site_id)
    if found is None:
        return {}
    prefix, files = found
    local = datetime.fromtimestamp(now, tz=times.zone)
    index = (local.hour * 3600 + local.minute * 60 + local.second) // SLOT_SECONDS
    series = StatisticsDay(prefix, files).series(local.date())
    battery = -series.battery[index] * KW  # the series: positive = discharge
    solar, home, grid = (
        series.solar[index] * KW,
        series.home[index] * KW,
        series.grid[index] * KW,
    )
    charge, discharge = max(0.0, battery), max(0.0, -battery)
    solar_to_battery = min(charge, solar)
    battery_to_home = min(discharge, home)
    values = {
        "soc_pct": float(series.level[index]),
        "pv_w": solar,
        "ac_out_w": home,
        "grid_w": grid,
        "battery_w": battery,
        "battery_charge_w": charge,
        "battery_discharge_w": discharge,
        "pv_to_battery_w": solar_to_battery,
        "grid_to_battery_w": charge - solar_to_battery,
        "battery_to_home_w": battery_to_home,
        "battery_to_grid_w": discharge - battery_to_home,
        "feed_in_w": max(0.0, -grid),
    }
    return {name: round(value) for name, value in values.items()}
