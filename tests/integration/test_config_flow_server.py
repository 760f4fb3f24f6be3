"""Config flow: the collapsed custom cloud server section (developers point it at the simulator)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from unittest.mock import patch

import pytest
import voluptuous as vol
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.anker_solix import flow_schemas
from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
    CONF_PRESET_KEY,
    CONF_SERVER_PUBLIC_KEY,
    CONF_SERVER_URL,
    DOMAIN,
)
from custom_components.anker_solix.flow_schemas import (
    SECTION_CUSTOM_SERVER,
    flatten_form_input,
)
from tests.integration.conftest import SimCloud, setup_entry
from tests.integration.test_config_flow import (
    LOGIN,
    reconfigure_input,
    start_user_flow,
    submit,
    user_input,
)


def server_section(result: Mapping[str, Any]) -> section:
    """The custom server section of a shown form."""
    value = result["data_schema"].schema[SECTION_CUSTOM_SERVER]
    assert isinstance(value, section)
    return value


def suggested_values(schema: vol.Schema) -> dict[str, Any]:
    """The suggested values the form shows, by field name."""
    return {
        str(key): key.description["suggested_value"]
        for key in schema.schema
        if isinstance(key, vol.Marker) and key.description
    }


async def test_user_form_has_a_collapsed_server_section(hass: HomeAssistant) -> None:
    """Every user sees the same form; the custom server waits collapsed and optional."""
    result = await start_user_flow(hass)
    assert {str(key) for key in result["data_schema"].schema} == {
        CONF_EMAIL,
        CONF_PASSWORD,
        CONF_COUNTRY,
        CONF_ACCEPT_TERMS,
        SECTION_CUSTOM_SERVER,
    }
    server = server_section(result)
    assert server.options == {"collapsed": True}
    assert [str(key) for key in server.schema.schema] == [
        CONF_SERVER_URL,
        CONF_SERVER_PUBLIC_KEY,
        CONF_PRESET_KEY,
    ]
    assert server.schema({}) == {}


async def test_frontend_api_adds_the_simulator_account(
    hass: HomeAssistant, cloud: SimCloud, hass_client: ClientSessionGenerator
) -> None:
    """The flow API of the frontend shows the section and creates an entry on the simulator."""
    assert await async_setup_component(hass, "config", {})
    client = await hass_client()
    response = await client.post("/api/config/config_entries/flow", json={"handler": DOMAIN})
    assert response.status == 200
    menu = await response.json()
    assert menu["type"] == FlowResultType.MENU
    response = await client.post(
        f"/api/config/config_entries/flow/{menu['flow_id']}", json={"next_step_id": "account"}
    )
    assert response.status == 200
    form = await response.json()
    shown = {field["name"]: field for field in form["data_schema"]}
    assert shown[SECTION_CUSTOM_SERVER]["type"] == "expandable"
    assert shown[SECTION_CUSTOM_SERVER]["expanded"] is False
    assert [field["name"] for field in shown[SECTION_CUSTOM_SERVER]["schema"]] == [
        CONF_SERVER_URL,
        CONF_SERVER_PUBLIC_KEY,
        CONF_PRESET_KEY,
    ]

    response = await client.post(
        f"/api/config/config_entries/flow/{form['flow_id']}", json=user_input(cloud)
    )
    assert response.status == 200
    created = await response.json()
    assert created["type"] == FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    [entry] = hass.config_entries.async_entries(DOMAIN)
    assert dict(entry.data) == cloud.entry_data()
    assert entry.unique_id == cloud.account["user_id"]


@pytest.mark.parametrize("missing", [CONF_SERVER_URL, CONF_SERVER_PUBLIC_KEY])
async def test_half_a_custom_server_is_refused_without_a_request(
    hass: HomeAssistant, cloud: SimCloud, missing: str
) -> None:
    """A URL without its key (or the reverse) is an error before anything is sent."""
    result = await start_user_flow(hass)
    result = await submit(hass, result["flow_id"], user_input(cloud, **{missing: ""}))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "invalid_server"}
    assert cloud.paths() == []
    # The form keeps what was typed in the section.
    kept = suggested_values(server_section(result).schema)
    assert missing not in kept
    assert len(kept) == 1


def capture_login_check_data(checked: list[dict[str, Any]]) -> Any:
    """Patch the session factory of the login check: record its data, send nothing."""

    def refuse(_hass: HomeAssistant, data: Mapping[str, Any], *_args: Any, **_kw: Any) -> None:
        checked.append(dict(data))
        raise ValueError("not sent")

    return patch.object(flow_schemas, "build_session", refuse)


async def test_empty_section_means_the_real_anker_cloud(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Left alone, the section adds no server keys: the login check gets plain credentials."""
    checked: list[dict[str, Any]] = []
    result = await start_user_flow(hass)
    with capture_login_check_data(checked):
        await submit(hass, result["flow_id"], {**user_input(cloud), SECTION_CUSTOM_SERVER: {}})
    assert checked == [
        {
            CONF_EMAIL: cloud.account["email"],
            CONF_PASSWORD: cloud.account["password"],
            CONF_COUNTRY: cloud.account["country"],
            CONF_ACCEPT_TERMS: True,
        }
    ]
    assert cloud.paths() == []


def test_flatten_form_input_trims_only_the_server() -> None:
    """Server values are trimmed and blank ones dropped; the password stays as typed."""
    values = {
        CONF_EMAIL: "someone@example.com",
        CONF_PASSWORD: " secret ",
        CONF_COUNTRY: "DE",
        SECTION_CUSTOM_SERVER: {
            CONF_SERVER_URL: " http://127.0.0.1:8765 ",
            CONF_SERVER_PUBLIC_KEY: " ",
        },
    }
    assert flatten_form_input(values) == {
        CONF_EMAIL: "someone@example.com",
        CONF_PASSWORD: " secret ",
        CONF_COUNTRY: "DE",
        CONF_SERVER_URL: "http://127.0.0.1:8765",
    }


async def test_reconfigure_shows_and_changes_the_custom_server(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Reconfigure suggests the stored server; an emptied section drops it, a full one keeps it."""
    entry = await setup_entry(hass, cloud)
    result = dict(await entry.start_reconfigure_flow(hass))
    assert result["step_id"] == "reconfigure"
    assert suggested_values(server_section(result).schema) == {
        CONF_SERVER_URL: cloud.url,
        CONF_SERVER_PUBLIC_KEY: cloud.sim.public_key_hex,
    }
    assert CONF_PASSWORD not in suggested_values(result["data_schema"])

    checked: list[dict[str, Any]] = []
    emptied = {**reconfigure_input(cloud), SECTION_CUSTOM_SERVER: {CONF_SERVER_URL: ""}}
    with capture_login_check_data(checked):
        result = await submit(hass, result["flow_id"], emptied)
    assert result["errors"] == {"base": "invalid_server"}
    assert checked == [
        {
            CONF_EMAIL: cloud.account["email"],
            CONF_PASSWORD: cloud.account["password"],
            CONF_COUNTRY: cloud.account["country"],
            CONF_ACCEPT_TERMS: True,
        }
    ]
    assert suggested_values(server_section(result).schema) == {}

    logins = cloud.paths().count(LOGIN)
    result = await submit(hass, result["flow_id"], reconfigure_input(cloud))
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert entry.data == cloud.entry_data()
    assert cloud.paths().count(LOGIN) == logins + 1
