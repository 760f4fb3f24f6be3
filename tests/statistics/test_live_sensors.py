"""Live sensors that fit the Energy dashboard (simulator over HTTP, the simulator's clock)."""

from __future__ import annotations

import copy
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from homeassistant.components.sensor import ATTR_STATE_CLASS
from homeassistant.const import ATTR_UNIT_OF_MEASUREMENT
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from custom_components.anker_solix.const import DOMAIN, OPT_HISTORY_DAYS
from custom_components.anker_solix.energy import solar_forecast
from tests.integration.conftest import SimCloud, setup_entry

ENERGY = "power_service/v1/site/energy_analysis"
NO_HISTORY = {OPT_HISTORY_DAYS: 0}


async def _poll(hass: HomeAssistant, entry: Any) -> None:
    """Two polls at the same clock time: a poll with details leaves energy to the next one."""
    for _ in range(2):
        await entry.runtime_data.coordinator.async_refresh()
        await hass.async_block_till_done()


def _entity(registry: er.EntityRegistry, platform: str, unique_id: str) -> str:
    entity_id = registry.async_get_entity_id(platform, DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    return entity_id


def _site(entry: Any) -> tuple[str, dict[str, Any]]:
    sites = entry.runtime_data.coordinator.data["sites"]
    site_id = next(iter(sites))
    return site_id, sites[site_id]


def _site_clock(cloud: SimCloud, day: date, at: time) -> float:
    zone = timezone(timedelta(minutes=cloud.sim.store.meta.utc_offset_minutes))
    return datetime.combine(day, at, zone).timestamp()


async def test_the_last_minutes_before_midnight_are_kept(
    hass: HomeAssistant, cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """After midnight the daily counter shows yesterday's final total once, then today's."""
    entry = await setup_entry(hass, cloud, options=NO_HISTORY, complete=True)
    site_id, site = _site(entry)
    day = date.fromisoformat(site["energy_details"]["today"]["date"])
    entity_id = _entity(entity_registry, "sensor", f"{site_id}_daily_home_usage")
    cloud.clock.set(_site_clock(cloud, day, time(23, 30)))
    await _poll(hass, entry)
    before_midnight = float(hass.states.get(entity_id).state)  # type: ignore[union-attr]

    seen: list[float] = []

    @callback
    def record(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == entity_id and event.data["new_state"] is not None:
            seen.append(float(event.data["new_state"].state))

    unsubscribe = hass.bus.async_listen("state_changed", record)
    # Well after midnight, whatever offset the energy day of the client uses.
    cloud.clock.set(_site_clock(cloud, day + timedelta(days=1), time(2, 0)))
    await _poll(hass, entry)
    entry.runtime_data.coordinator.async_update_listeners()  # any later update
    await hass.async_block_till_done()
    unsubscribe()

    final = round(cloud.sim.energy.day(site_id, day)["home_usage"], 2)
    assert final > before_midnight  # energy flowed in the last minutes of the day
    today = float(
        entry.runtime_data.coordinator.data["sites"][site_id]["energy_details"]["today"][
            "home_usage"
        ]
    )
    assert seen == [pytest.approx(final, abs=0.005), pytest.approx(today, abs=0.005)]


async def test_a_lowered_cloud_value_is_no_reset(
    hass: HomeAssistant, cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """A lower daily value within the same day keeps the counter; it never decreases."""
    entry = await setup_entry(hass, cloud, options=NO_HISTORY, complete=True)
    site_id, _ = _site(entry)
    entity_id = _entity(entity_registry, "sensor", f"{site_id}_daily_solar_production")
    cloud.clock.advance(1800)
    await _poll(hass, entry)
    shown = float(hass.states.get(entity_id).state)  # type: ignore[union-attr]
    assert shown > 0

    def lowered(data: Any) -> Any:
        data = copy.deepcopy(data)
        for point in data.get("power") or ():
            point["value"] = f"{float(point['value']) * 0.8:.2f}"
        return data

    cloud.sim.faults.add(ENERGY, mutate=lowered, count=10**6)
    cloud.clock.advance(1800)
    await _poll(hass, entry)
    assert (
        float(
            entry.runtime_data.coordinator.data["sites"][site_id]["energy_details"]["today"][
                "solar_production"
            ]
        )
        < shown
    )
    assert float(hass.states.get(entity_id).state) == shown  # type: ignore[union-attr]
    cloud.sim.faults.clear()
    cloud.clock.advance(1800)
    await _poll(hass, entry)
    assert float(hass.states.get(entity_id).state) >= shown  # type: ignore[union-attr]


async def test_one_grid_import_and_dashboard_units(
    hass: HomeAssistant, cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """One grid import sensor (to home + to battery); prices per kWh; stored energy no flow."""
    entry = await setup_entry(hass, cloud, options=NO_HISTORY, complete=True)
    site_id, site = _site(entry)
    today = site["energy_details"]["today"]
    grid = hass.states.get(_entity(entity_registry, "sensor", f"{site_id}_daily_grid_import"))
    assert grid is not None
    expected = float(today["grid_to_home"]) + float(today.get("grid_to_battery") or 0)
    assert float(grid.state) == pytest.approx(expected, abs=0.005)
    assert grid.attributes[ATTR_STATE_CLASS] == "total_increasing"

    price = hass.states.get(_entity(entity_registry, "number", f"{site_id}_system_price"))
    assert price is not None
    assert price.attributes[ATTR_UNIT_OF_MEASUREMENT].endswith("/kWh")

    stored = [
        hass.states.get(entry_.entity_id)
        for entry_ in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if entry_.unique_id.endswith("_battery_energy")
    ]
    assert stored
    assert all(state is not None and ATTR_STATE_CLASS not in state.attributes for state in stored)


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_solar_forecast_for_the_energy_dashboard(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Hourly Wh of the cloud's forecast (smart mode), as the energy platform reports it."""
    entry = await setup_entry(hass, cloud, options=NO_HISTORY, complete=True)
    forecast = solar_forecast(entry.runtime_data.coordinator.data)
    details = [
        site["energy_details"].get("pv_forecast_details")
        for site in entry.runtime_data.coordinator.data["sites"].values()
        if site.get("energy_details")
    ]
    forecast_details = [detail for detail in details if detail]
    assert forecast_details  # the scenario runs in smart mode
    assert forecast is not None
    hours = forecast["wh_hours"]
    zone = dt_util.get_default_time_zone()
    for point in forecast_details[0]["trend"]:
        moment = datetime.strptime(point["timestamp"], "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        assert hours[moment.isoformat()] == round(float(point["power"]))
    assert min(hours.values()) >= 0
