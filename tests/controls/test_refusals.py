"""Refused input (translated, nothing sent), refresh buttons, local customizations, members."""

from __future__ import annotations

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, State
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import mock_restore_cache_with_extra_data

from tests.controls.roundtrip import BIND, Case, call
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud, setup_entry

PRESET = "number.solarbank_pro_dach_system_output_preset"


@pytest.mark.parametrize(
    ("scenario", "case"),
    [
        (
            "sb1_single",
            Case(
                "sb1_single",
                Platform.SELECT,
                "select.solarbank_balkon_soc_reserve",
                "select.select_option",
                {"option": "7"},
            ),
        ),
        (
            "sb2_pro_meter_manual",
            Case(
                "sb2_pro_meter_manual",
                Platform.NUMBER,
                PRESET,
                "number.set_value",
                {"value": 5000},
            ),
        ),
    ],
    ids=["select-not-an-option", "number-out-of-range"],
)
async def test_invalid_value_is_refused_without_request(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud, case: Case
) -> None:
    """Home Assistant's translated refusal; the cloud sees nothing, the state stays."""
    await load_platform(case.platform)
    state = hass.states.get(case.entity_id).state
    before = len(cloud.recorder.records)
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, case)
    assert caught.value.translation_key
    assert len(cloud.recorder.records) == before
    assert hass.states.get(case.entity_id).state == state


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_second_increase_within_cool_down_is_refused(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """An output preset increase right after another is refused (translated, no request)."""
    await load_platform(Platform.NUMBER)
    case = Case("sb2_pro_meter_manual", Platform.NUMBER, PRESET, "number.set_value")
    await call(hass, case, value=300)
    assert hass.states.get(PRESET).state == "300"
    before = len(cloud.recorder.records)
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, case, value=350)
    assert caught.value.translation_key == "increase_blocked"
    assert caught.value.translation_domain == "anker_solix"
    assert len(cloud.recorder.records) == before
    assert hass.states.get(PRESET).state == "300"
    # Decreases are always allowed.
    await call(hass, case, value=200)
    assert hass.states.get(PRESET).state == "200"


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_refresh_button_reads_details_once_a_minute(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """A press re-reads the details; a second press within a minute is refused."""
    await load_platform(Platform.BUTTON)
    case = Case(
        "sb2_plus_plugs", Platform.BUTTON, "button.solarbank_plus_refresh_now", "button.press"
    )
    binds = cloud.paths().count(BIND)
    await call(hass, case)
    assert cloud.paths().count(BIND) == binds + 1
    before = len(cloud.recorder.records)
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, case)
    assert caught.value.translation_key == "refresh_too_soon"
    assert len(cloud.recorder.records) == before
    cloud.clock.advance(61)
    await call(hass, case)
    assert cloud.paths().count(BIND) == binds + 2


@pytest.mark.parametrize("scenario", ["vehicles_account"])
async def test_refresh_vehicles_reads_only_vehicles(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """The account button re-reads the vehicle list, not the devices."""
    await load_platform(Platform.BUTTON)
    case = Case(
        "vehicles_account", Platform.BUTTON, "button.sol_de_refresh_vehicles", "button.press"
    )
    before = len(cloud.recorder.records)
    await call(hass, case)
    sent = cloud.paths()[before:]
    assert "power_service/v1/app/vehicle/get_vehicle_list" in sent
    assert BIND not in sent


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_dynamic_price_vat_is_local(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """The VAT customization changes the price calculation without any request."""
    await load_platform(Platform.NUMBER)
    entry_vat = "number.balcony_vat_on_dynamic_prices"
    before = len(cloud.recorder.records)
    case = Case("sb3_shelly_dynamic", Platform.NUMBER, entry_vat, "number.set_value")
    await call(hass, case, value=7)
    assert hass.states.get(entry_vat).state == "7"
    assert len(cloud.recorder.records) == before


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_smartmeter"])
async def test_battery_capacity_is_restored_into_the_cache(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """A customized capacity survives a restart (same calculated capacity): no request."""
    entity_id = "number.sb2_pro_battery_capacity"
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(entity_id, "5000", {"calculated": 4800}),
                {
                    "native_value": 5000,
                    "native_min_value": 1,
                    "native_max_value": 100000,
                    "native_step": 1,
                    "native_unit_of_measurement": "Wh",
                },
            )
        ],
    )
    entry = await load_platform(Platform.NUMBER)
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == "5000"
    devices = entry.runtime_data.poller.devices
    serial = next(sn for sn, d in devices.items() if d.get("type") == "solarbank")
    assert devices[serial]["customized"]["battery_capacity"] == "5000"


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_members_get_no_cloud_controls(
    hass: HomeAssistant, cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """A member sees values only: no cloud switch, select or datetime; local controls only."""
    entry = await setup_entry(hass, cloud, complete=True)
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    controls: dict[str, set[str]] = {}
    for item in entries:
        if item.domain in ("switch", "select", "number", "button", "datetime"):
            key = item.unique_id.split("_", 1)[1]
            controls.setdefault(item.domain, set()).add(key)
    assert controls == {
        "number": {"battery_capacity"},
        "button": {"refresh_device"},
        "switch": {"allow_refresh"},
    }
