"""The Energy dashboard's solar forecast: per loaded entry from the simulator's forecast; none
for unknown or foreign entries; malformed forecast points are skipped."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.energy import async_get_solar_forecast, solar_forecast
from tests.integration.conftest import SimCloud, cloud, setup_entry

__all__ = ["cloud"]


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_forecast_of_a_loaded_entry(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A loaded entry gives its hourly Wh; an unknown id and another domain's entry give none."""
    entry = await setup_entry(hass, cloud, complete=True)
    forecast = await async_get_solar_forecast(hass, entry.entry_id)
    assert forecast is not None
    hours = forecast["wh_hours"]
    assert hours
    assert all(isinstance(value, int) and value >= 0 for value in hours.values())
    assert list(hours) == sorted(hours)
    assert await async_get_solar_forecast(hass, "no-such-entry") is None
    other = MockConfigEntry(domain="demo")
    other.add_to_hass(hass)
    assert await async_get_solar_forecast(hass, other.entry_id) is None


def test_malformed_forecasts_are_skipped() -> None:
    """An unknown unit, non-object points and unreadable times give nothing; kW are scaled."""
    sites = {
        "unit": {"energy_details": {"pv_forecast_details": {"trend_unit": "MW", "trend": []}}},
        "none": {"energy_details": {"pv_forecast_details": None}},
        "plain": "not a site",
        "good": {
            "energy_details": {
                "pv_forecast_details": {
                    "trend_unit": "kW",
                    "trend": [
                        "12:00",
                        {"timestamp": "tomorrow noon", "power": "1"},
                        {"timestamp": "2025-06-04 12:00", "power": "0.5"},
                    ],
                }
            }
        },
    }
    result = solar_forecast({"sites": sites})
    assert result is not None
    assert list(result["wh_hours"].values()) == [500]
    assert solar_forecast({"sites": {"unit": sites["unit"]}}) is None
    assert solar_forecast(None) is None
