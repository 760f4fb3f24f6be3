"""Consistent display (one precision table) and a quiet logbook over a day without real change."""

from __future__ import annotations

import pytest
from homeassistant.components.logbook.helpers import is_sensor_continuous
from homeassistant.components.sensor import NON_NUMERIC_DEVICE_CLASSES
from homeassistant.const import EVENT_STATE_CHANGED, Platform
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix import sensor_common
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.context import ContextKind, SolixContext
from custom_components.anker_solix.sensor import SENSORS, sensors_for
from custom_components.anker_solix.sensor_account_vehicle import ACCOUNT_VEHICLE_SENSORS
from custom_components.anker_solix.sensor_common import (
    DISPLAY_PRECISION,
    SolixSensorDescription,
    precision_key,
)
from custom_components.anker_solix.sensor_device import DEVICE_SENSORS
from custom_components.anker_solix.sensor_energy import ENERGY_SENSORS
from custom_components.anker_solix.sensor_hes_panel import HES_PANEL_SENSORS
from custom_components.anker_solix.sensor_meter_plug import METER_PLUG_SENSORS
from custom_components.anker_solix.sensor_solarbank import SOLARBANK_SENSORS
from custom_components.anker_solix.sensor_system import SYSTEM_SENSORS
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud

TABLES = {
    "device": DEVICE_SENSORS,
    "solarbank": SOLARBANK_SENSORS,
    "meter_plug": METER_PLUG_SENSORS,
    "hes_panel": HES_PANEL_SENSORS,
    "system": SYSTEM_SENSORS,
    "energy": ENERGY_SENSORS,
    "account_vehicle": ACCOUNT_VEHICLE_SENSORS,
}
DAY = 24 * 3600
POLL = 300


def _numeric(description: SolixSensorDescription) -> bool:
    """Whether Home Assistant shows the sensor as a number (unit, state class or class)."""
    if description.device_class in NON_NUMERIC_DEVICE_CLASSES:
        return False
    return bool(
        description.native_unit_of_measurement
        or description.unit_fn
        or description.state_class
        or description.device_class
    )


def _fitting_descriptions() -> tuple[SolixSensorDescription, ...]:
    """The per-accessory descriptions of a Solarbank with one fitting."""
    data = {
        "devices": {"sb": {"device_sn": "sb", "fittings": {"f1": {"device_name": "Switch"}}}},
    }
    return sensors_for(SolixContext(ContextKind.DEVICE, "sb", data, "user"))


def test_every_numeric_sensor_takes_its_precision_from_the_one_table() -> None:
    """Power 0 decimals, energy 2, SOC 0, prices 2/4 ...: all from DISPLAY_PRECISION."""
    numeric = [d for d in (*SENSORS, *_fitting_descriptions()) if _numeric(d)]
    assert len(numeric) > 50
    for description in numeric:
        key = precision_key(description)
        assert key in DISPLAY_PRECISION, description.key
        assert description.suggested_display_precision == DISPLAY_PRECISION[key], description.key
    for description in SENSORS:
        if not _numeric(description):
            assert description.suggested_display_precision is None, description.key
    # No table guesses a precision of its own: the table decides.
    for name, table in TABLES.items():
        own = [d.key for d in table if d.suggested_display_precision is not None]
        assert own == [], name
    assert [DISPLAY_PRECISION[u] for u in ("W", "kWh", "%", "currency/kWh", "currency")] == [
        0,
        2,
        0,
        4,
        2,
    ]


def test_a_numeric_unit_without_precision_cannot_ship() -> None:
    """A description with a unit the table lacks is refused when the platform is built."""
    description = SolixSensorDescription(
        key="x", kind=ContextKind.DEVICE, native_unit_of_measurement="lx", value_fn=lambda _: 1
    )
    with pytest.raises(KeyError):
        sensor_common.with_display_precision(description)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", ["x1_hes"])
async def test_registry_holds_the_display_precision(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """What the frontend formats with: 6790.0 W shows as 6790 W, 68 % without decimals."""
    await load_platform(Platform.SENSOR)
    expected = {
        "sensor.x1_keller_average_solar_power": 0,
        "sensor.x1_keller_state_of_charge": 0,
        "sensor.x1_keller_battery_energy": 0,
        "sensor.haus_lindenweg_data_age": 0,
    }
    for entity_id, precision in expected.items():
        entry = entity_registry.async_get(entity_id)
        assert entry is not None, entity_id
        assert entry.options["sensor"]["suggested_display_precision"] == precision, entity_id


def _entity_id(registry: er.EntityRegistry, unique_id: str) -> str:
    found = registry.async_get_entity_id("sensor", DOMAIN, unique_id)
    assert found is not None, unique_id
    return found


@pytest.mark.parametrize("scenario", ["sb2_ac_usetime_backup"])
async def test_a_day_of_polls_writes_no_logbook_lines_for_data_time_usage_mode_last_error(
    hass: HomeAssistant,
    cloud: SimCloud,
    load_platform: LoadPlatform,
    entity_registry: er.EntityRegistry,
) -> None:
    """288 polls over a day (the cloud's backup window ends in it): no logbook line.

    Counted as Home Assistant's logbook counts: a state change (not an attribute update) of an
    entity that is no continuous sensor (no unit, no state class).
    """
    entry = await load_platform(Platform.SENSOR)
    coordinator = entry.runtime_data.coordinator
    site_id = next(iter(coordinator.data["sites"]))
    watched = {
        _entity_id(entity_registry, f"{site_id}_data_age"),
        _entity_id(entity_registry, f"{site_id}_usage_mode"),
        _entity_id(entity_registry, f"{entry.unique_id}_last_error"),
    }
    data_time = entity_registry.async_get(_entity_id(entity_registry, f"{site_id}_data_timestamp"))
    assert data_time is not None
    assert data_time.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    usage_mode = _entity_id(entity_registry, f"{site_id}_usage_mode")
    last_error = _entity_id(entity_registry, f"{entry.unique_id}_last_error")
    assert hass.states.get(usage_mode).state == "use_time"
    assert hass.states.get(last_error).state == "none"

    lines: list[str] = []
    writes: dict[str, int] = dict.fromkeys(watched, 0)

    @callback
    def count(event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        old, new = event.data["old_state"], event.data["new_state"]
        if entity_id in writes:
            writes[entity_id] += 1
        if old is None or new is None or old.state == new.state:
            return
        if not is_sensor_continuous(hass, entity_registry, entity_id):
            lines.append(f"{entity_id}: {old.state} -> {new.state}")

    unsubscribe = hass.bus.async_listen(EVENT_STATE_CHANGED, count)
    scene_modes = set()
    for _ in range(DAY // POLL):
        cloud.clock.advance(POLL)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        scene_modes.add(coordinator.data["sites"][site_id].get("scene_mode"))
    unsubscribe()

    assert coordinator.last_update_success
    assert scene_modes >= {4, 5}  # the effective mode did flip with the backup window
    assert writes[_entity_id(entity_registry, f"{site_id}_data_age")] > 100  # polled all day
    assert [line for line in lines if line.split(":")[0] in watched] == []
    assert hass.states.get(usage_mode).state == "use_time"
    assert hass.states.get(last_error).state == "none"
