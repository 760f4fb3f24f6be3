"""Refusals: bad fields, wrong targets, member and cascaded systems, cloud faults during a write."""

from __future__ import annotations

from typing import Any

import pytest
import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from tests.actions.conftest import SET_PARAM, Loaded, load
from tests.integration.conftest import SimCloud

SB1_SINGLE = "2CBMC6GFUP32YU4Y"
SB2_PRO, METER = "LMXGZ1W1C003XF18", "JW6FB59P5E8W52I2"
SB2_PRO_SITE = "d34845e9-b4f5-a23d-d89c-ae59e25fe444"
SB2_AC = "5XFBDC1JWED7U4AX"
SB1_CASCADED = "SGVTMIBVCPSUKOXY"
MEMBER_SB3 = "0FADU05JOTKF9QEDS"


async def _refused(
    loaded: Loaded, action: str, serial: str | None, data: dict[str, Any]
) -> ServiceValidationError:
    """Call and return the refusal; nothing may reach the cloud."""
    before = loaded.requests()
    with pytest.raises(ServiceValidationError) as caught:
        await loaded.call(action, serial, response=action == "get_solarbank_schedule", **data)
    assert loaded.requests() == before
    return caught.value


SERIALS = {
    "sb1_single": SB1_SINGLE,
    "sb2_pro_meter_manual": SB2_PRO,
    "sb2_ac_usetime_backup": SB2_AC,
}
SET, UPDATE, CLEAR = (
    "set_solarbank_schedule",
    "update_solarbank_schedule",
    "clear_solarbank_schedule",
)
BACKUP, USE_TIME = "modify_solix_backup_charge", "modify_solix_use_time"
BAD_FIELDS = [
    ("sb1_single", SET, {"start_time": "25:00"}, "invalid_time", "start_time"),
    (
        "sb1_single",
        SET,
        {"start_time": "10:00", "end_time": "09:30"},
        "invalid_time_order",
        "end_time",
    ),
    ("sb1_single", UPDATE, {"week_days": ["mon"]}, "field_not_supported", "week_days"),
    ("sb1_single", UPDATE, {"device_load": 900}, "invalid_number", "device_load"),
    (
        "sb1_single",
        UPDATE,
        {"charge_priority_limit": "high"},
        "invalid_number",
        "charge_priority_limit",
    ),
    ("sb1_single", CLEAR, {"plan": "blend_plan"}, "field_not_supported", "plan"),
    ("sb2_pro_meter_manual", SET, {"appliance_load": 5000}, "invalid_number", "appliance_load"),
    ("sb2_pro_meter_manual", SET, {"allow_export": True}, "field_not_supported", "allow_export"),
    ("sb2_pro_meter_manual", UPDATE, {"week_days": ["funday"]}, "invalid_weekday", "week_days"),
    ("sb2_pro_meter_manual", UPDATE, {"plan": "use_time"}, "invalid_choice", "plan"),
    ("sb2_pro_meter_manual", CLEAR, {"week_days": [9]}, "invalid_weekday", "week_days"),
    (
        "sb2_ac_usetime_backup",
        BACKUP,
        {"backup_duration": "00:00"},
        "invalid_duration",
        "backup_duration",
    ),
    (
        "sb2_ac_usetime_backup",
        BACKUP,
        {"backup_start": "tomorrow"},
        "invalid_datetime",
        "backup_start",
    ),
    (
        "sb2_ac_usetime_backup",
        BACKUP,
        {"enable_backup": "perhaps"},
        "invalid_boolean",
        "enable_backup",
    ),
    ("sb2_ac_usetime_backup", BACKUP, {}, "fields_missing", "backup_start"),
    (
        "sb2_ac_usetime_backup",
        USE_TIME,
        {"start_month": "smarch", "tariff": 1},
        "invalid_month",
        "start_month",
    ),
    ("sb2_ac_usetime_backup", USE_TIME, {"tariff": 5}, "invalid_tariff", "tariff"),
    (
        "sb2_ac_usetime_backup",
        USE_TIME,
        {"start_hour": 25, "tariff": 1},
        "invalid_hour",
        "start_hour",
    ),
    (
        "sb2_ac_usetime_backup",
        USE_TIME,
        {"tariff_price": 12, "tariff": 1},
        "invalid_number",
        "tariff_price",
    ),
    (
        "sb2_ac_usetime_backup",
        USE_TIME,
        {"start_hour": 8, "end_hour": 6, "delete": 1},
        "invalid_time_order",
        "end_hour",
    ),
]


@pytest.mark.parametrize(("scenario", "action", "data", "reason", "field"), BAD_FIELDS)
async def test_bad_field_is_named_and_nothing_is_sent(
    hass: HomeAssistant,
    cloud: SimCloud,
    scenario: str,
    action: str,
    data: dict[str, Any],
    reason: str,
    field: str,
) -> None:
    """A bad value is refused with a translated message that names the field; no request."""
    loaded = await load(hass, cloud)
    serial = SERIALS[scenario]
    stored = loaded.stored("4" if serial == SB1_SINGLE else "6", serial)
    error = await _refused(loaded, action, serial, data)
    assert error.translation_key == reason
    assert field in str(error)
    assert "{" not in str(error)  # every placeholder filled from the translation
    assert loaded.stored("4" if serial == SB1_SINGLE else "6", serial) == stored


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_unknown_field_is_refused_by_the_schema(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Fields an action does not have are refused before the action runs."""
    loaded = await load(hass, cloud)
    with pytest.raises(vol.Invalid):
        await loaded.call("clear_solarbank_schedule", SB2_PRO, start_time="08:00")


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_targets(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Entity targets work; the meter, the system, none or two devices are refused."""
    loaded = await load(hass, cloud)
    registry = er.async_get(hass)
    entity = next(
        item
        for item in er.async_entries_for_device(registry, loaded.device_id(SB2_PRO))
        if item.domain == "sensor"
    )
    response = await hass.services.async_call(
        DOMAIN,
        "get_solarbank_schedule",
        {},
        target={"entity_id": entity.entity_id},
        blocking=True,
        return_response=True,
    )
    assert response == {"schedule": loaded.stored("6", SB2_PRO)}

    assert (await _refused(loaded, "get_solarbank_schedule", METER, {})).translation_key == (
        "target_not_solarbank"
    )
    site = await _refused(loaded, "set_solarbank_schedule", SB2_PRO_SITE, {})
    assert site.translation_key == "target_not_solarbank"
    with pytest.raises(vol.Invalid):  # Home Assistant's schema wants a target
        await loaded.call("get_solarbank_schedule", None, response=True)
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN, "clear_solarbank_schedule", {}, target={"device_id": "none"}, blocking=True
        )
    assert caught.value.translation_key == "target_missing"
    both = [loaded.device_id(SB2_PRO), loaded.device_id(METER)]
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN, "clear_solarbank_schedule", {}, target={"device_id": both}, blocking=True
        )
    assert caught.value.translation_key == "target_ambiguous"
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN,
            "clear_solarbank_schedule",
            {},
            target={"entity_id": "sensor.does_not_exist"},
            blocking=True,
        )
    assert caught.value.translation_key == "target_unknown"

    await hass.config_entries.async_unload(loaded.entry.entry_id)
    assert loaded.entry.state is ConfigEntryState.NOT_LOADED
    unloaded = await _refused(loaded, "get_solarbank_schedule", SB2_PRO, {})
    assert unloaded.translation_key == "target_not_loaded"


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_member_account_is_refused(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A shared (member) Solarbank: neither reading nor changing the schedule, no request."""
    loaded = await load(hass, cloud)
    for action in ("get_solarbank_schedule", "update_solarbank_schedule"):
        error = await _refused(loaded, action, MEMBER_SB3, {})
        assert error.translation_key == "target_member"
        assert "{" not in str(error)


@pytest.mark.parametrize("scenario", ["sb2_cascaded_sb1"])
async def test_enforced_sb1_schedule_is_refused(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The SB1 behind an SB2 in manual mode follows the SB2: its schedule stays untouched."""
    loaded = await load(hass, cloud)
    own_schedule = loaded.stored("4", SB1_CASCADED)
    for action in (
        "set_solarbank_schedule",
        "update_solarbank_schedule",
        "clear_solarbank_schedule",
    ):
        with pytest.raises(ServiceValidationError) as caught:
            await loaded.call(action, SB1_CASCADED)
        assert caught.value.translation_key == "sb1_schedule_enforced"
        assert "{" not in str(caught.value)
    assert SET_PARAM not in loaded.cloud.paths()
    assert loaded.stored("4", SB1_CASCADED) == own_schedule


@pytest.mark.parametrize(
    ("scenario", "serial", "action", "data"),
    [
        ("sb2_pro_meter_manual", SB2_PRO, "modify_solix_backup_charge", {"enable_backup": True}),
        ("sb2_pro_meter_manual", SB2_PRO, "modify_solix_use_time", {"tariff": "peak"}),
    ],
)
async def test_missing_ac_feature_is_refused(
    hass: HomeAssistant, cloud: SimCloud, serial: str, action: str, data: dict[str, Any]
) -> None:
    """Backup charge and use time need an AC Solarbank; the refusal is translated."""
    loaded = await load(hass, cloud)
    with pytest.raises(ServiceValidationError) as caught:
        await loaded.call(action, serial, **data)
    assert caught.value.translation_key == "ac_feature_missing"
    assert "{" not in str(caught.value)
    assert SET_PARAM not in loaded.cloud.paths()


FAULTED_WRITES = [
    ("sb1_single", "4", SET, {"appliance_load": 400}),
    ("sb2_pro_meter_manual", "6", UPDATE, {"start_time": "12:00", "appliance_load": 500}),
    ("sb2_ac_usetime_backup", "6", USE_TIME, {"tariff": "peak", "start_hour": 10, "end_hour": 12}),
    ("sb2_ac_usetime_backup", "6", BACKUP, {"enable_backup": False}),
]


@pytest.mark.parametrize(("scenario", "param_type", "action", "data"), FAULTED_WRITES)
async def test_cloud_fault_keeps_the_old_plan(
    hass: HomeAssistant,
    cloud: SimCloud,
    scenario: str,
    param_type: str,
    action: str,
    data: dict[str, Any],
) -> None:
    """The cloud rejects the write: a translated error, the stored and the cached plan stay."""
    loaded = await load(hass, cloud)
    serial = SERIALS[scenario]
    before = loaded.stored(param_type, serial)
    cached = loaded.entry.runtime_data.coordinator.data["devices"][serial].get("schedule")
    cloud.faults.add(SET_PARAM, code=10000, count=1)
    with pytest.raises(HomeAssistantError) as caught:
        await loaded.call(action, serial, **data)
    assert not isinstance(caught.value, ServiceValidationError)
    assert caught.value.translation_key == "write_failed"
    assert "10000" in str(caught.value)
    assert loaded.stored(param_type, serial) == before
    assert loaded.entry.runtime_data.coordinator.data["devices"][serial].get("schedule") == cached
    response = await loaded.call("get_solarbank_schedule", serial, response=True)
    if param_type == "6":
        assert response == {"schedule": before}
    else:
        assert response["schedule"]["ranges"] == before["ranges"]
