"""Action calls as the community's scripts send them run unchanged; bad values are refused.

Their scripts pass every field flat, optional ones as ``None``/``none``/blank (their
``|default(none)`` templates), ``load_type`` and appliance loads up to 4800 W on the schedule
actions, ``include_cache``/``include_mqtt_cache``/``include_mqtt`` on the support actions, and
target the account's "Api Usage" switch instead of naming the config entry.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from tests.actions.conftest import Loaded, load
from tests.integration.conftest import SimCloud

SB2_PRO = "LMXGZ1W1C003XF18"
"""Scenario sb2_pro_meter_manual: a Solarbank 2 Pro in manual mode."""
SET_PARAM = "power_service/v1/site/set_site_device_param"


def _writes(loaded: Loaded) -> int:
    return sum(1 for record in loaded.cloud.recorder.records if record.path == SET_PARAM)


def _account_switch(hass: HomeAssistant) -> str:
    """The entity id of the account's cloud polling switch (their "Api Usage")."""
    registry = er.async_get(hass)
    return next(
        entity.entity_id
        for entity in registry.entities.values()
        if entity.platform == DOMAIN and entity.unique_id.endswith("_allow_refresh")
    )


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_their_sb2_script_runs(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Their SB2+ script: load_type supply, 4000 W allowed by the action, SB1 fields as none."""
    loaded = await load(hass, cloud)
    await loaded.call(
        "set_solarbank_schedule",
        SB2_PRO,
        start_time="06:00:00",
        end_time="20:00:00",
        appliance_load=300,
        plan="custom_rate_plan",
        week_days=["sat", "sun"],
        load_type="supply",
        device_load="None",
        allow_export="none",
        discharge_priority=None,
        charge_priority_limit="  ",
    )
    stored = loaded.stored("6", SB2_PRO)
    weekend = next(e for e in stored["custom_rate_plan"] if 0 in e["week"])
    assert weekend["ranges"] == [{"start_time": "06:00", "end_time": "20:00", "power": 300}]
    await loaded.call(
        "update_solarbank_schedule",
        SB2_PRO,
        start_time="08:00",
        end_time="09:00",
        appliance_load=300,
        load_type=0,
        plan="None",
    )


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"load_type": "ac_charge"}, "load_type_not_supported"),
        ({"load_type": 1}, "load_type_not_supported"),
        ({"load_type": "boost"}, "invalid_choice"),
        ({"appliance_load": 4801}, "invalid_number"),
    ],
)
async def test_their_values_we_cannot_apply_are_refused(
    hass: HomeAssistant, cloud: SimCloud, fields: dict[str, Any], key: str
) -> None:
    """Refused with a translated reason, nothing written (not coerced to something else)."""
    loaded = await load(hass, cloud)
    before = _writes(loaded)
    with pytest.raises(ServiceValidationError) as err:
        await loaded.call(
            "set_solarbank_schedule",
            SB2_PRO,
            start_time="06:00",
            end_time="07:00",
            **{"appliance_load": 200, **fields},
        )
    assert err.value.translation_key == key
    assert _writes(loaded) == before


@pytest.mark.parametrize("scenario", ["sb2_pro_meter_manual"])
async def test_support_actions_take_their_fields_and_targets(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Their info flags are accepted; api_request and export target the account switch."""
    loaded = await load(hass, cloud)
    info = await loaded.call(
        "get_device_info", SB2_PRO, response=True, include_mqtt_cache=False, include_cache=True
    )
    assert info["device_sn"] == SB2_PRO
    switch = _account_switch(hass)
    answer = await hass.services.async_call(
        DOMAIN,
        "api_request",
        {"method": "post", "endpoint": "power_service/v1/site/get_site_list", "payload": {}},
        target={"entity_id": switch},
        blocking=True,
        return_response=True,
    )
    assert "response" in answer  # type: ignore[operator]
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "api_request",
            {"method": "post", "endpoint": "power_service/v1/site/get_site_list"},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == "entry_target_missing"
    exported = await hass.services.async_call(
        DOMAIN,
        "export_systems",
        {"include_mqtt": True},
        target={"entity_id": switch},
        blocking=True,
        return_response=True,
    )
    assert ".zip" in str(exported["export_filename"])  # type: ignore[index]
