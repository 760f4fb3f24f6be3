"""Setup, unload and removal of an entry; repair issues; staggered first polls."""

from __future__ import annotations

from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

import custom_components.anker_solix as integration
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.coordinator import STAGGER_SPAN, stagger_offset
from custom_components.anker_solix.repairs import issue_id
from custom_components.anker_solix.solixapi import Endpoint
from custom_components.anker_solix.tokenstore import token_storage_key
from tests.integration.conftest import SimCloud, setup_entry

LOGIN = "passport/login"


async def test_setup_unload_and_remove(
    hass: HomeAssistant, cloud: SimCloud, hass_storage: dict[str, Any]
) -> None:
    """A loaded entry has typed runtime data; removal forgets the stored login."""
    entry = await setup_entry(hass, cloud)
    runtime = entry.runtime_data
    assert runtime.coordinator.data["sites"].keys() == set(cloud.store.site_ids())
    assert runtime.session.user_id == cloud.account["user_id"]
    assert runtime.session.server_url == cloud.url
    key = token_storage_key(cloud.account["user_id"])
    assert hass_storage[key]["data"]["user_id"] == cloud.account["user_id"]

    assert await hass.config_entries.async_unload(entry.entry_id)
    assert entry.state is ConfigEntryState.NOT_LOADED
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def test_stored_token_is_reused_after_restart(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A reload logs in no more: the token from Home Assistant's storage is still valid."""
    entry = await setup_entry(hass, cloud)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert cloud.paths().count(LOGIN) == 1


async def test_connection_error_at_setup_retries(hass: HomeAssistant, cloud: SimCloud) -> None:
    """An unreachable cloud at setup means "not ready" (Home Assistant retries)."""
    cloud.faults.add(LOGIN, status=503, count=3)
    entry = await setup_entry(hass, cloud, expect_loaded=False)
    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_login_locked_at_setup(
    hass: HomeAssistant, cloud: SimCloud, issue_registry: ir.IssueRegistry
) -> None:
    """Code 100053 stops the setup with a translated error and a repair issue."""
    cloud.faults.add(LOGIN, code=100053)
    entry = await setup_entry(hass, cloud, expect_loaded=False)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "24 hours" in entry.reason
    issue = issue_registry.async_get_issue(DOMAIN, issue_id("login_locked", entry.entry_id))
    assert issue is not None
    assert issue.translation_placeholders == {"hours": "24"}
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)

    await hass.config_entries.async_remove(entry.entry_id)
    assert issue_registry.async_get_issue(DOMAIN, issue.issue_id) is None


async def test_systems_of_another_entry_stop_the_setup(
    hass: HomeAssistant,
    cloud: SimCloud,
    device_registry: dr.DeviceRegistry,
    issue_registry: ir.IssueRegistry,
) -> None:
    """A system another entry registered already: setup error plus a repair issue."""
    other = MockConfigEntry(domain=DOMAIN, title="other@example.com", unique_id="other-user")
    other.add_to_hass(hass)
    device_registry.async_get_or_create(
        config_entry_id=other.entry_id, identifiers={(DOMAIN, cloud.store.site_ids()[0])}
    )
    entry = await setup_entry(hass, cloud, expect_loaded=False)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    issue = issue_registry.async_get_issue(DOMAIN, issue_id("duplicate_devices", entry.entry_id))
    assert issue is not None
    assert issue.translation_placeholders == {
        "title": cloud.account["email"],
        "other": "other@example.com",
    }


async def test_account_without_systems_reports_the_region(
    hass: HomeAssistant, cloud: SimCloud, issue_registry: ir.IssueRegistry
) -> None:
    """Logged in but no systems: the entry loads and a wrong-region issue explains it."""
    cloud.faults.add(Endpoint.GET_SITE_LIST, retype={"site_list": []})
    cloud.faults.add(Endpoint.GET_RELATE_AND_BIND_DEVICES, retype={"data": []})
    entry = await setup_entry(hass, cloud)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id("wrong_region", entry.entry_id))
    assert issue is not None
    assert issue.translation_placeholders == {"title": entry.title, "country": "DE"}

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, issue.issue_id) is None


def test_stagger_offset_is_stable_and_bounded() -> None:
    """The poll offset depends on the entry id only and stays below the span."""
    offsets = {stagger_offset(f"entry{i}") for i in range(50)}
    assert stagger_offset("abc") == stagger_offset("abc")
    assert all(0 <= offset < STAGGER_SPAN for offset in offsets)
    assert len(offsets) > 10


async def test_first_polls_of_two_entries_are_spaced(hass: HomeAssistant) -> None:
    """The second entry waits until a full second after the first entry's first poll."""
    with patch.object(integration.asyncio, "sleep", AsyncMock()) as sleep:
        await integration._async_wait_for_start_slot(hass)
        sleep.assert_not_called()
        await integration._async_wait_for_start_slot(hass)
    (wait,) = sleep.call_args.args
    assert 0 < wait <= integration.START_SPACING
