"""Input we will not apply is refused (translated, nothing sent); nothing is coerced silently.

The Solarbank 2 AC scenario at its base time (2025-03-12 10:06 UTC): the backup window
09:30-12:30 UTC is switched on and running, the usage mode (time of use) therefore shows backup.
"""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.solixapi import Endpoint, SolixValidationError, control
from tests.actions.conftest import Loaded, load
from tests.integration.conftest import SimCloud

SB2_AC = "5XFBDC1JWED7U4AX"
BACKUP = "modify_solix_backup_charge"
BASE_BACKUP = {
    "ranges": [{"start_time": 1741771800, "end_time": 1741782600}],
    "switch": True,
}
USAGE_MODE = "select.garage_ac_usage_mode"
BACKUP_SWITCH = "switch.garage_ac_backup_charge"
BACKUP_START = "datetime.garage_ac_backup_charge_from_date"
BACKUP_END = "datetime.garage_ac_backup_charge_until_date"
CAPACITY = "number.garage_ac_battery_capacity"
POLLING = "switch.sol_de_cloud_polling"
GET_PARAM = Endpoint.GET_SITE_DEVICE_PARAM

pytestmark = pytest.mark.parametrize("scenario", ["sb2_ac_usetime_backup"])


def utc(hhmm: str) -> str:
    """A time of the scenario's day (UTC)."""
    return f"2025-03-12T{hhmm}:00+00:00"


async def _refused(loaded: Loaded, call: Any, *, key: str) -> ServiceValidationError:
    """Await a call that must be refused with the translated ``key`` and send nothing."""
    before = loaded.requests()
    with pytest.raises(ServiceValidationError) as caught:
        await call
    assert caught.value.translation_domain == DOMAIN
    assert caught.value.translation_key == key
    assert loaded.requests() == before, "a refused call sent a request"
    return caught.value


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _entity_call(
    hass: HomeAssistant, domain: str, service: str, entity_id: str, **data: Any
) -> None:
    await hass.services.async_call(domain, service, {"entity_id": entity_id, **data}, blocking=True)


@pytest.mark.parametrize("field", ["backup_start", "backup_end"])
@pytest.mark.parametrize(
    "value", ["2024-13-45", "2024-01-01 25:00", "25:00", "2025-02-30T10:00:00", "0000-01-01"]
)
async def test_impossible_dates_and_times_name_the_field(
    hass: HomeAssistant, cloud: SimCloud, field: str, value: str
) -> None:
    """Impossible dates and times: `invalid_datetime` naming the field (no bare ValueError)."""
    loaded = await load(hass, cloud)
    error = await _refused(
        loaded, loaded.call(BACKUP, SB2_AC, **{field: value}), key="invalid_datetime"
    )
    assert error.translation_placeholders == {"field": field, "value": value}
    assert loaded.stored("6", SB2_AC)["manual_backup"] == BASE_BACKUP


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (
            {
                "backup_start": utc("16:00"),
                "backup_end": utc("15:00"),
            },
            "backup_end_before_start",
        ),
        ({"backup_start": utc("08:00")}, "backup_start_past"),
        ({"backup_end": utc("10:00")}, "backup_end_past"),
        (
            {
                "backup_start": utc("15:00"),
                "backup_end": utc("15:02"),
            },
            "backup_window_too_short",
        ),
        ({"backup_start": "2027-03-12T15:00:00+00:00"}, "backup_too_far_ahead"),
    ],
    ids=["reversed", "start-past", "end-past", "too-short", "far-ahead"],
)
async def test_backup_windows_are_refused_not_changed(
    hass: HomeAssistant, cloud: SimCloud, data: dict[str, str], key: str
) -> None:
    """A reversed, past or too short window is refused, the stored one stays."""
    loaded = await load(hass, cloud)
    await _refused(loaded, loaded.call(BACKUP, SB2_AC, enable_backup=True, **data), key=key)
    assert loaded.stored("6", SB2_AC)["manual_backup"] == BASE_BACKUP


@pytest.mark.usefixtures("entity_registry_enabled_by_default")  # the date-and-time entities
async def test_backup_datetimes_refuse_past_and_reversed_times(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """The datetime entities refuse a past start or end and an end before the start."""
    loaded = await load(hass, cloud)
    start, end = _state(hass, BACKUP_START), _state(hass, BACKUP_END)
    await _refused(
        loaded,
        _entity_call(hass, "datetime", "set_value", BACKUP_START, datetime=utc("09:00")),
        key="backup_start_past",
    )
    await _refused(
        loaded,
        _entity_call(hass, "datetime", "set_value", BACKUP_END, datetime=utc("10:00")),
        key="backup_end_past",
    )
    assert (_state(hass, BACKUP_START), _state(hass, BACKUP_END)) == (start, end)

    await loaded.call(
        BACKUP,
        SB2_AC,
        backup_start=utc("14:00"),
        backup_end=utc("16:00"),
    )
    await _refused(
        loaded,
        _entity_call(hass, "datetime", "set_value", BACKUP_END, datetime=utc("13:00")),
        key="backup_end_before_start",
    )
    assert loaded.stored("6", SB2_AC)["manual_backup"]["ranges"] == [
        {"start_time": 1741788000, "end_time": 1741795200}
    ]
    assert _state(hass, BACKUP_END) == utc("16:00")


@pytest.mark.parametrize("option", ["use_time", "manual", "smartmeter"])
async def test_usage_mode_while_backup_runs_is_refused(
    hass: HomeAssistant, cloud: SimCloud, option: str
) -> None:
    """While the window runs the cloud shows backup: another mode is refused with the reason."""
    loaded = await load(hass, cloud)
    assert _state(hass, USAGE_MODE) == "backup"
    error = await _refused(
        loaded,
        _entity_call(hass, "select", "select_option", USAGE_MODE, option=option),
        key="usage_mode_backup_active",
    )
    assert error.translation_placeholders == {"mode": option}
    assert _state(hass, USAGE_MODE) == "backup"
    assert loaded.stored("6", SB2_AC)["mode_type"] == 5

    # Backup charge off: the mode is chosen and shown.
    await _entity_call(hass, "switch", "turn_off", BACKUP_SWITCH)
    await _entity_call(hass, "select", "select_option", USAGE_MODE, option="manual")
    assert _state(hass, USAGE_MODE) == "manual"
    assert loaded.stored("6", SB2_AC)["mode_type"] == 3


@pytest.mark.usefixtures("entity_registry_enabled_by_default")  # the date-and-time entities
async def test_controls_refuse_while_cloud_polling_is_off(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Default stale option (unavailable): controls stay available and refuse, nothing is sent."""
    loaded = await load(hass, cloud)
    await _entity_call(hass, "switch", "turn_off", POLLING)
    calls = [
        ("select", "select_option", "select.garage_ac_soc_reserve", {"option": "5"}),
        ("select", "select_option", USAGE_MODE, {"option": "backup"}),
        ("number", "set_value", "number.garage_ac_tariff_price", {"value": 0.3}),
        ("switch", "turn_off", "switch.garage_ac_grid_export", {}),
        ("switch", "turn_off", BACKUP_SWITCH, {}),
        ("datetime", "set_value", BACKUP_END, {"datetime": utc("13:00")}),
        ("button", "press", "button.garage_ac_refresh_now", {}),
    ]
    for domain, service, entity_id, data in calls:
        before = _state(hass, entity_id)
        assert before != STATE_UNAVAILABLE, entity_id
        await _refused(
            loaded,
            _entity_call(hass, domain, service, entity_id, **data),
            key="cloud_polling_off",
        )
        if domain != "button":  # Home Assistant notes a press before the button refuses
            assert _state(hass, entity_id) == before
    assert loaded.stored("6", SB2_AC)["manual_backup"] == BASE_BACKUP
    # Local customizations still work.
    await _entity_call(hass, "number", "set_value", CAPACITY, value=3000)
    assert _state(hass, CAPACITY) == "3000"


async def test_battery_capacity_has_a_plausible_range(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Up to the model with five expansions (SB2 AC: 6 × 1600 Wh); 99,999 Wh is refused."""
    loaded = await load(hass, cloud)
    state = hass.states.get(CAPACITY)
    assert state is not None
    assert (state.attributes["min"], state.attributes["max"]) == (160, 9600)
    for value in (99999, 9601, 100, 0):
        before = loaded.requests()
        with pytest.raises(ServiceValidationError) as caught:
            await _entity_call(hass, "number", "set_value", CAPACITY, value=value)
        assert caught.value.translation_key
        assert loaded.requests() == before
        assert _state(hass, CAPACITY) == "3200"
    await _entity_call(hass, "number", "set_value", CAPACITY, value=9600)
    assert _state(hass, CAPACITY) == "9600"
    # The library refuses it too (the action path of customizations).
    with pytest.raises(SolixValidationError) as refused:
        await control.customize(loaded.entry.runtime_data.poller, SB2_AC, "battery_capacity", 99999)
    assert refused.value.reason == "customize_number_invalid"
    assert refused.value.placeholders["max"] == "9600"


async def test_failed_read_back_says_written_not_confirmed(
    hass: HomeAssistant, cloud: SimCloud, freezer: FrozenDateTimeFactory
) -> None:
    """Accepted, read-back failed: "not confirmed yet", the written value shows, a poll follows."""
    loaded = await load(hass, cloud)
    coordinator = loaded.entry.runtime_data.coordinator
    cloud.faults.add(GET_PARAM, code=999, count=10, after=1)  # the fresh read passes
    with pytest.raises(HomeAssistantError) as caught:
        await _entity_call(hass, "switch", "turn_off", BACKUP_SWITCH)
    assert not isinstance(caught.value, ServiceValidationError)
    assert caught.value.translation_key == "write_not_confirmed"
    assert "did not accept" not in str(caught.value)
    assert loaded.stored("6", SB2_AC)["manual_backup"]["switch"] is False
    assert _state(hass, BACKUP_SWITCH) == "off"
    cloud.faults.clear()

    # The confirming poll reads the plan again.
    interval = coordinator.update_interval
    assert interval is not None
    reads = cloud.paths().count(GET_PARAM)
    cloud.clock.advance(interval.total_seconds())
    freezer.tick(interval)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert cloud.paths().count(GET_PARAM) > reads
    assert _state(hass, BACKUP_SWITCH) == "off"


@pytest.mark.parametrize(
    ("entity_id", "value"),
    [("number.garage_ac_tariff_price", 0.305), (CAPACITY, 3200.5)],
)
async def test_numbers_refuse_values_finer_than_their_step(
    hass: HomeAssistant, cloud: SimCloud, entity_id: str, value: float
) -> None:
    """A value the write would round (cents, whole Wh) is refused, not rounded silently."""
    loaded = await load(hass, cloud)
    before = _state(hass, entity_id)
    error = await _refused(
        loaded,
        _entity_call(hass, "number", "set_value", entity_id, value=value),
        key="value_too_precise",
    )
    assert error.translation_placeholders["value"] == f"{value:g}"
    assert _state(hass, entity_id) == before


async def test_tariff_price_with_more_than_two_decimals_is_refused(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """modify_solix_use_time keeps prices in cents: 0.123 is refused naming the field."""
    loaded = await load(hass, cloud)
    use_time = loaded.stored("6", SB2_AC)["use_time"]
    call = loaded.call(
        "modify_solix_use_time", SB2_AC, start_hour=17, end_hour=21, tariff_price=0.123
    )
    error = await _refused(loaded, call, key="value_too_precise")
    assert error.translation_placeholders["field"] == "tariff_price"
    assert loaded.stored("6", SB2_AC)["use_time"] == use_time
