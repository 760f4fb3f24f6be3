"""Config flow: every error of the user step, then success; region choice; reauth; reconfigure."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DEFAULT_OPTIONS,
    DOMAIN,
)
from custom_components.anker_solix.flow_schemas import SECTION_CUSTOM_SERVER, SERVER_KEYS
from custom_components.anker_solix.solixapi import Endpoint, SolixApi
from custom_components.anker_solix.tokenstore import token_storage_key
from tests.integration.conftest import SimCloud, setup_entry

LOGIN = "passport/login"
SITE_LIST = Endpoint.GET_SITE_LIST
BIND_DEVICES = Endpoint.GET_RELATE_AND_BIND_DEVICES


def user_input(cloud: SimCloud, **overrides: Any) -> dict[str, Any]:
    """The user step's input for the scenario account, the simulator in the server section."""
    values = cloud.entry_data(**overrides)
    server = {key: values.pop(key) for key in SERVER_KEYS if key in values}
    return {**values, SECTION_CUSTOM_SERVER: server}


def reconfigure_input(cloud: SimCloud, **overrides: Any) -> dict[str, Any]:
    """The reconfigure step's input: the user step's without the terms."""
    values = user_input(cloud, **overrides)
    del values[CONF_ACCEPT_TERMS]
    return values


async def start_user_flow(hass: HomeAssistant) -> dict[str, Any]:
    """Start the user step and choose the Anker account in its menu."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "user"
    assert result["menu_options"] == ["account", "example"]
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "account"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "account"
    return dict(result)


async def submit(hass: HomeAssistant, flow_id: str, values: dict[str, Any]) -> dict[str, Any]:
    """Submit a step of a config flow."""
    return dict(await hass.config_entries.flow.async_configure(flow_id, values))


@pytest.mark.parametrize(
    ("arm", "overrides", "field", "error"),
    [
        (None, {CONF_ACCEPT_TERMS: False}, CONF_ACCEPT_TERMS, "terms_not_accepted"),
        (None, {CONF_PASSWORD: "wrong-password"}, "base", "invalid_auth"),
        ({"endpoint": LOGIN, "code": 100053}, {}, "base", "login_locked"),
        ({"endpoint": LOGIN, "status": 503}, {}, "base", "cannot_connect"),
        ({"endpoint": SITE_LIST, "status": 500}, {}, "base", "cannot_connect"),
        (None, {CONF_SERVER_PUBLIC_KEY: "04abcd"}, "base", "invalid_server"),
        (None, {CONF_SERVER_PUBLIC_KEY: ""}, "base", "invalid_server"),
        (None, {CONF_SERVER_URL: "  "}, "base", "invalid_server"),
    ],
)
async def test_user_step_error_then_success(
    hass: HomeAssistant,
    cloud: SimCloud,
    hass_storage: dict[str, Any],
    arm: dict[str, Any] | None,
    overrides: dict[str, Any],
    field: str,
    error: str,
) -> None:
    """Each error is shown on the form; corrected input then creates the entry."""
    result = await start_user_flow(hass)
    if arm is not None:
        cloud.faults.add(**arm)
    result = await submit(hass, result["flow_id"], user_input(cloud, **overrides))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}

    logins_before = cloud.paths().count(LOGIN)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    account = cloud.account
    assert result["title"] == account["email"]
    assert result["result"].unique_id == account["user_id"]
    assert result["data"][CONF_EMAIL] == account["email"]
    assert result["data"][CONF_SERVER_URL] == cloud.url
    assert result["options"] == DEFAULT_OPTIONS
    await hass.async_block_till_done()
    assert result["result"].state is ConfigEntryState.LOADED
    # The flow's login is stored for the entry: setup reused it (one login only).
    stored = hass_storage[token_storage_key(account["user_id"])]["data"]
    assert stored["user_id"] == account["user_id"]
    assert cloud.paths().count(LOGIN) == logins_before + 1


async def test_user_step_unexpected_error(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A failure outside the client's errors (a bug) is logged and shown as unknown."""
    result = await start_user_flow(hass)
    with patch.object(SolixApi, "get_bind_devices", side_effect=RuntimeError("bug")):
        result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["errors"] == {"base": "unknown"}
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_step_aborts_for_a_configured_account(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """The same Anker account (user id) cannot be added twice."""
    await setup_entry(hass, cloud)
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_user_step_refuses_systems_of_another_entry(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """A system already registered by another entry is named, then accepted once it is gone."""
    other = MockConfigEntry(domain=DOMAIN, title="other@example.com", unique_id="other-user")
    other.add_to_hass(hass)
    site_id = cloud.store.site_ids()[0]
    shared = device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={(DOMAIN, site_id)}
    )
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["errors"] == {"base": "duplicate_devices"}
    assert result["description_placeholders"]["other"] == "other@example.com"

    device_registry.async_remove_device(shared.id)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    assert result["type"] is FlowResultType.CREATE_ENTRY


def arm_empty_account(cloud: SimCloud) -> None:
    """The next site list and bound device list come back empty (account of another server)."""
    cloud.faults.add(SITE_LIST, retype={"site_list": []})
    cloud.faults.add(BIND_DEVICES, retype={"data": []})


async def test_no_systems_offers_the_other_region(hass: HomeAssistant, cloud: SimCloud) -> None:
    """No systems: the menu offers the other server; a failed retry shows its error."""
    result = await start_user_flow(hass)
    arm_empty_account(cloud)
    result = await submit(hass, result["flow_id"], user_input(cloud, **{CONF_COUNTRY: "DE"}))
    assert result["type"] is FlowResultType.MENU
    assert result["step_id"] == "no_systems"
    assert result["menu_options"] == ["other_region", "create_anyway"]

    result = await submit(hass, result["flow_id"], {"next_step_id": "other_region"})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "other_region"
    # The scenario account is German: no country of the com server is its home, so the first.
    assert result["data_schema"]({})[CONF_COUNTRY] == "AR"

    cloud.faults.add(LOGIN, status=503)
    result = await submit(hass, result["flow_id"], {CONF_COUNTRY: "US"})
    assert result["errors"] == {"base": "cannot_connect"}

    arm_empty_account(cloud)
    result = await submit(hass, result["flow_id"], {CONF_COUNTRY: "US"})
    assert result["step_id"] == "no_systems"
    assert result["description_placeholders"]["country"] == "US"
    # From a com country the other server is the European one again.
    result = await submit(hass, result["flow_id"], {"next_step_id": "other_region"})
    result = await submit(hass, result["flow_id"], {CONF_COUNTRY: "AT"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_COUNTRY] == "AT"


async def test_no_systems_create_anyway(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The user may add an account without systems; the entry then reports the region issue."""
    result = await start_user_flow(hass)
    arm_empty_account(cloud)
    result = await submit(hass, result["flow_id"], user_input(cloud))
    result = await submit(hass, result["flow_id"], {"next_step_id": "create_anyway"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_COUNTRY] == cloud.account["country"]


async def test_other_region_defaults_to_the_account_home_country(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """An account registered in the US but tried with a European country is offered the US."""
    result = await start_user_flow(hass)
    arm_empty_account(cloud)
    cloud.faults.add(LOGIN, retype={"country_code": "US"})
    result = await submit(hass, result["flow_id"], user_input(cloud))
    result = await submit(hass, result["flow_id"], {"next_step_id": "other_region"})
    assert result["data_schema"]({})[CONF_COUNTRY] == "US"


async def test_reauth_wrong_password_then_success(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Reauth of a loaded entry: a wrong password is refused, the same one reloads the entry."""
    entry = await setup_entry(hass, cloud)
    first_runtime = entry.runtime_data
    result = dict(await entry.start_reauth_flow(hass))
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["email"] == cloud.account["email"]
    result = await submit(hass, result["flow_id"], {CONF_PASSWORD: "wrong-password"})
    assert result["errors"] == {"base": "invalid_auth"}
    result = await submit(hass, result["flow_id"], {CONF_PASSWORD: cloud.account["password"]})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is not first_runtime  # unchanged data: reloaded by the flow


async def test_reauth_after_failed_setup(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A refused password at setup starts reauth; the new password is stored and loads."""
    entry = await setup_entry(hass, cloud, data={CONF_PASSWORD: "old"}, expect_loaded=False)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == ["reauth"]
    result = await submit(hass, flows[0]["flow_id"], {CONF_PASSWORD: cloud.account["password"]})
    assert result["reason"] == "reauth_successful"
    await hass.async_block_till_done()
    assert entry.data[CONF_PASSWORD] == cloud.account["password"]
    assert entry.state is ConfigEntryState.LOADED


async def test_reauth_refuses_another_account(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Credentials of another Anker account abort with wrong_account and change nothing."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="someone",
        unique_id="another-user-id",
        data=cloud.entry_data(**{CONF_PASSWORD: "old"}),
    )
    entry.add_to_hass(hass)
    result = dict(await entry.start_reauth_flow(hass))
    result = await submit(hass, result["flow_id"], {CONF_PASSWORD: cloud.account["password"]})
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert entry.data[CONF_PASSWORD] == "old"


async def test_reconfigure_keeps_entry_devices_and_entities(
    hass: HomeAssistant,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    """A new country reloads the same entry; devices and entity ids stay."""
    entry = await setup_entry(hass, cloud)
    devices = {d.id for d in dr.async_entries_for_config_entry(device_registry, entry.entry_id)}
    entities = {
        e.entity_id for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    assert devices
    assert entities
    result = dict(await entry.start_reconfigure_flow(hass))
    assert result["step_id"] == "reconfigure"
    values = reconfigure_input(cloud, **{CONF_PASSWORD: "wrong", CONF_COUNTRY: "AT"})
    result = await submit(hass, result["flow_id"], values)
    assert result["errors"] == {"base": "invalid_auth"}
    values[CONF_PASSWORD] = cloud.account["password"]
    result = await submit(hass, result["flow_id"], values)
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert entry.data[CONF_COUNTRY] == "AT"
    assert entry.data[CONF_SERVER_URL] == cloud.url
    assert entry.runtime_data.session.country == "AT"
    after = {d.id for d in dr.async_entries_for_config_entry(device_registry, entry.entry_id)}
    assert after == devices
    assert {
        e.entity_id for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    } == entities


async def test_reconfigure_refuses_systems_of_another_entry(
    hass: HomeAssistant, cloud: SimCloud, device_registry: dr.DeviceRegistry
) -> None:
    """Reconfigure names the other entry that handles one of the account's devices."""
    entry = await setup_entry(hass, cloud)
    other = MockConfigEntry(domain=DOMAIN, title="other@example.com", unique_id="other-user")
    other.add_to_hass(hass)
    serial = next(iter(entry.runtime_data.coordinator.data["devices"]))
    device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={(DOMAIN, serial)}
    )
    cloud.faults.add(BIND_DEVICES, retype={"data": [{"device_sn": serial}]})
    result = dict(await entry.start_reconfigure_flow(hass))
    result = await submit(hass, result["flow_id"], reconfigure_input(cloud))
    assert result["errors"] == {"base": "duplicate_devices"}
    assert result["description_placeholders"]["other"] == "other@example.com"
