"""The wrong-region repair is fixable: its flow stores a country of the other server."""

from __future__ import annotations

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir

from custom_components.anker_solix.const import CONF_COUNTRY, DOMAIN
from custom_components.anker_solix.flow_schemas import other_region_countries
from custom_components.anker_solix.repairs import (
    _account_country,
    async_create_fix_flow,
    issue_id,
)
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry


async def test_the_fix_flow_reconfigures_the_country_and_the_issue_goes(
    hass: HomeAssistant, cloud: SimCloud, issue_registry: ir.IssueRegistry
) -> None:
    """An account without systems gets a fixable issue; choosing a country of the other server
    stores it, reloads the entry, and with systems there the issue is gone."""
    cloud.faults.add(Endpoint.GET_SITE_LIST, retype={"site_list": []}, count=1)
    cloud.faults.add(Endpoint.GET_RELATE_AND_BIND_DEVICES, retype={"data": []}, count=1)
    entry = await setup_entry(hass, cloud)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id("wrong_region", entry.entry_id))
    assert issue is not None
    assert issue.is_fixable
    assert issue.data == {"entry_id": entry.entry_id}

    flow = await async_create_fix_flow(hass, issue.issue_id, dict(issue.data or {}))
    flow.hass = hass
    flow.issue_id = issue.issue_id
    flow.handler = DOMAIN
    flow.flow_id = "fix"
    form = await flow.async_step_init()
    assert form["type"] is FlowResultType.FORM
    assert form["step_id"] == "country"
    assert form["description_placeholders"] == {"title": entry.title, "country": "DE"}
    # The account's own country (DE here) comes first when it belongs to the other server.
    assert _account_country(entry) == "DE"
    choices = other_region_countries("DE")
    assert "DE" not in choices
    assert "US" in choices

    done = await flow.async_step_country({CONF_COUNTRY: "US"})
    assert done["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.data[CONF_COUNTRY] == "US"
    assert entry.runtime_data.coordinator.data["sites"]  # reloaded: the server lists systems
    assert issue_registry.async_get_issue(DOMAIN, issue.issue_id) is None


@pytest.mark.parametrize("kind", ["duplicate_devices", "login_locked", "mqtt_refused"])
async def test_other_issues_stay_informational(
    hass: HomeAssistant, cloud: SimCloud, kind: str
) -> None:
    """Only the region issue has a fix flow of ours; the others tell what to do in their text."""
    from custom_components.anker_solix.repairs import create_issue

    entry = await setup_entry(hass, cloud)
    create_issue(hass, kind, entry.entry_id, {"title": entry.title})
    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id(kind, entry.entry_id))
    assert issue is not None
    assert not issue.is_fixable
    assert issue.data is None


async def test_the_fix_flow_of_a_removed_entry_aborts(hass: HomeAssistant) -> None:
    """An issue left over from an entry that no longer exists ends with a translated abort."""
    flow = await async_create_fix_flow(hass, issue_id("wrong_region", "gone"), {"entry_id": "gone"})
    flow.hass = hass
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "entry_removed"
