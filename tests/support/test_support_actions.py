"""Support actions: api_request (admins only, valid endpoints, caches unchanged), info actions."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud, setup_entry

SITE_LIST = "power_service/v1/site/get_site_list"
SCENE = "power_service/v1/site/get_scen_info"


async def call(
    hass: HomeAssistant, action: str, data: dict[str, Any], user: User | None = None
) -> Any:
    """Call a support action and return its response."""
    context = Context(user_id=user.id) if user else None
    return await hass.services.async_call(
        DOMAIN, action, data, blocking=True, return_response=True, context=context
    )


async def test_api_request_answers_admins_and_keeps_the_caches(
    hass: HomeAssistant, cloud: SimCloud, hass_admin_user: User
) -> None:
    """An admin gets request and full envelope; the coordinator data stays as it was."""
    entry = await setup_entry(hass, cloud, complete=True)
    before = copy.deepcopy(entry.runtime_data.coordinator.data)
    site_id = next(iter(before["sites"]))
    count = len(cloud.paths())
    result = await call(
        hass,
        "api_request",
        {
            "config_entry_id": entry.entry_id,
            "method": "post",
            "endpoint": f"/{SCENE}",
            "payload": {"site_id": site_id},
        },
        hass_admin_user,
    )
    assert result["request"]["method"] == "POST"
    assert result["request"]["endpoint"] == SCENE
    assert result["request"]["payload"] == {"site_id": site_id}
    assert result["response"]["code"] == 0
    assert "solarbank_info" in result["response"]["data"]
    assert cloud.paths()[count:] == [SCENE]
    assert entry.runtime_data.coordinator.data == before


async def test_api_request_reports_cloud_errors_in_the_response(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A cloud error is returned as `error` with code and message (no exception)."""
    entry = await setup_entry(hass, cloud)
    result = await call(
        hass,
        "api_request",
        {"config_entry_id": entry.entry_id, "method": "post", "endpoint": SCENE, "payload": {}},
    )
    assert set(result) == {"request", "error"}
    assert isinstance(result["error"]["code"], int)


async def test_api_request_refuses_non_admins(
    hass: HomeAssistant, cloud: SimCloud, hass_read_only_user: User
) -> None:
    """A non-admin user is refused with a translated error before any request."""
    entry = await setup_entry(hass, cloud)
    count = len(cloud.paths())
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "api_request",
            {"config_entry_id": entry.entry_id, "method": "post", "endpoint": SITE_LIST},
            hass_read_only_user,
        )
    assert err.value.translation_key == "admin_required"
    assert len(cloud.paths()) == count


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example.com/power_service/v1/site/get_site_list",
        "power_service/v1/../../passport/login",
        "passport/login",
        "power_service/v1/site/get_site_list?x=1",
        "",
    ],
)
async def test_api_request_refuses_bad_endpoints(
    hass: HomeAssistant, cloud: SimCloud, hass_admin_user: User, endpoint: str
) -> None:
    """Endpoints with a host, `..`, query or of no known service are refused, naming the field."""
    entry = await setup_entry(hass, cloud)
    count = len(cloud.paths())
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "api_request",
            {"config_entry_id": entry.entry_id, "method": "get", "endpoint": endpoint},
            hass_admin_user,
        )
    assert err.value.translation_key == "invalid_endpoint"
    assert err.value.translation_placeholders["field"] == "endpoint"
    assert len(cloud.paths()) == count


async def test_api_request_refuses_an_unknown_entry(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A config entry id that is not a loaded Anker Solix entry is refused."""
    await setup_entry(hass, cloud)
    with pytest.raises(ServiceValidationError) as err:
        await call(
            hass,
            "api_request",
            {"config_entry_id": "nope", "method": "post", "endpoint": SITE_LIST},
        )
    assert err.value.translation_key == "entry_not_loaded"


def device_of(hass: HomeAssistant, identifier: str) -> str:
    """Device registry id of the device with our identifier (a lookup valid on every release)."""
    registry = dr.async_get(hass)
    found = [
        device.id
        for entry in hass.config_entries.async_entries(DOMAIN)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id)
        if (DOMAIN, identifier) in device.identifiers
    ]
    assert len(found) == 1
    return found[0]


async def test_get_system_info_cached_and_fresh(hass: HomeAssistant, cloud: SimCloud) -> None:
    """`{"site_id", "system_info"}` from the cache; `include_fresh` adds the scene info."""
    entry = await setup_entry(hass, cloud, complete=True)
    data = entry.runtime_data.coordinator.data
    before = copy.deepcopy(data)
    site_id = next(iter(data["sites"]))
    target = {"device_id": device_of(hass, site_id)}
    result = await call(hass, "get_system_info", target)
    assert result == {"site_id": site_id, "system_info": data["sites"][site_id]}
    count = len(cloud.paths())
    fresh = await call(hass, "get_system_info", {**target, "include_fresh": True})
    assert fresh["system_info"] == data["sites"][site_id]
    assert "solarbank_info" in fresh["scene_info"]
    assert cloud.paths()[count:] == [SCENE]
    assert entry.runtime_data.coordinator.data == before


async def test_get_device_info_cached_and_fresh(hass: HomeAssistant, cloud: SimCloud) -> None:
    """`{"device_sn", "device_info"}`; `include_fresh` adds bind entry and firmware."""
    entry = await setup_entry(hass, cloud, complete=True)
    data = entry.runtime_data.coordinator.data
    serial = next(sn for sn, dev in data["devices"].items() if dev.get("type") == "solarbank")
    target = {"device_id": device_of(hass, serial)}
    result = await call(hass, "get_device_info", target)
    assert result == {"device_sn": serial, "device_info": data["devices"][serial]}
    fresh = await call(hass, "get_device_info", {**target, "include_fresh": True})
    assert fresh["bind_device"]["device_sn"] == serial
    assert fresh["firmware"]["device_sn"] == serial


async def test_info_actions_refuse_wrong_targets(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A device as system, a system as device, or no target: translated refusals."""
    entry = await setup_entry(hass, cloud)
    data = entry.runtime_data.coordinator.data
    site_id = next(iter(data["sites"]))
    serial = next(iter(data["devices"]))
    cases = [
        ("get_system_info", {"device_id": device_of(hass, serial)}, "info_not_system"),
        ("get_device_info", {"device_id": device_of(hass, site_id)}, "info_not_device"),
        ("get_device_info", {}, "info_target_missing"),
    ]
    for action, target, reason in cases:
        with pytest.raises(ServiceValidationError) as err:
            await call(hass, action, target)
        assert err.value.translation_key == reason
