"""Config entry versions: every version the community wrote, ours, and one from the future."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.config_flow import SolixConfigFlow
from custom_components.anker_solix.const import (
    DEFAULT_OPTIONS,
    DOMAIN,
    OPT_DETAILS_INTERVAL,
    OPT_ENDPOINT_LIMIT,
    OPT_EXCLUDE,
    OPT_MQTT,
    OPT_REQUEST_DELAY,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    OPT_UPDATE_INTERVAL,
)
from custom_components.anker_solix.migration import LEGACY_MARK, MINOR_VERSION, VERSION
from custom_components.anker_solix.migration.entry import legacy_options
from tests.integration.conftest import SimCloud
from tests.migration.legacy import OPTIONS_38, OPTIONS_332, legacy_entry


def test_flow_versions_reach_the_migration() -> None:
    """The flow declares the versions the migration writes; above their 2.1, so it runs."""
    assert (SolixConfigFlow.VERSION, SolixConfigFlow.MINOR_VERSION) == (VERSION, MINOR_VERSION)
    assert (VERSION, MINOR_VERSION) > (2, 1)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (
            OPTIONS_332,
            {
                OPT_UPDATE_INTERVAL: 120,
                OPT_DETAILS_INTERVAL: 1200,
                OPT_REQUEST_DELAY: 0.3,
                OPT_TIMEOUT: 10,
                OPT_ENDPOINT_LIMIT: 10,
                OPT_STALE_DATA: "keep_last",
                OPT_EXCLUDE: ["smartmeter", "hes_energy"],
                OPT_MQTT: DEFAULT_OPTIONS[OPT_MQTT],
            },
        ),
        (
            OPTIONS_38,
            {
                OPT_UPDATE_INTERVAL: 60,
                OPT_DETAILS_INTERVAL: 720,
                OPT_REQUEST_DELAY: 0.5,
                OPT_TIMEOUT: 20,
                OPT_ENDPOINT_LIMIT: 12,
                OPT_STALE_DATA: "unavailable",
                OPT_EXCLUDE: ["hes", "site_price"],
                OPT_MQTT: False,
            },
        ),
        (
            # A 3.3.2 entry that 3.4+ migrated: api/test sections, no mqtt_options.
            {
                "api_options": {"scan_interval": 10.0, "dev_interval_mult": 60.0},
                "test_options": {"testmode": True, "testfolder": "x"},
                "exclude": ["mqtt_devices", "vehicle"],
                "registered_excludes": ["vehicle"],
                "unknown": 1,
            },
            {
                OPT_UPDATE_INTERVAL: 30,  # clamped into our range
                OPT_DETAILS_INTERVAL: 600,
                OPT_STALE_DATA: "unavailable",
                OPT_EXCLUDE: ["vehicle"],
                OPT_MQTT: DEFAULT_OPTIONS[OPT_MQTT],
            },
        ),
        ({}, {OPT_UPDATE_INTERVAL: 60, OPT_DETAILS_INTERVAL: 600}),
    ],
)
def test_their_options_become_ours(stored: dict[str, Any], expected: dict[str, Any]) -> None:
    """Flat and sectioned layouts, their exclusions, test mode never carried over."""
    options = legacy_options(stored)
    for key, value in expected.items():
        assert options[key] == value, key
    assert set(options) == {*DEFAULT_OPTIONS, LEGACY_MARK}
    assert options[LEGACY_MARK] is True


async def test_our_own_1x_entry_moves_to_the_new_version(hass: HomeAssistant) -> None:
    """Our 1.1 entries keep data and options; only the version changes (no take-over)."""
    data = {CONF_EMAIL: "a@b.c", CONF_PASSWORD: "p", "country": "DE", "accept_terms": True}
    entry = MockConfigEntry(
        domain=DOMAIN,
        version=1,
        minor_version=1,
        unique_id="u1",
        data=data,
        options=dict(DEFAULT_OPTIONS),
    )
    entry.add_to_hass(hass)
    assert await entry.async_migrate(hass)
    assert (entry.version, entry.minor_version) == (VERSION, MINOR_VERSION)
    assert dict(entry.data) == data
    assert dict(entry.options) == DEFAULT_OPTIONS
    assert entry.unique_id == "u1"


async def test_future_version_is_refused(hass: HomeAssistant) -> None:
    """An entry written by a newer major version stays untouched (migration error)."""
    entry = MockConfigEntry(domain=DOMAIN, version=3, minor_version=1, data={"x": 1})
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.MIGRATION_ERROR
    assert dict(entry.data) == {"x": 1}


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_entry_that_cannot_log_in_is_repaired_by_reauth(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A taken-over entry with a changed password: reauth works and adopts the account id."""
    entry = legacy_entry(cloud, version=2, minor_version=1, options=OPTIONS_38, title="x")
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, CONF_PASSWORD: "an-old-password"}
    )
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.unique_id == cloud.account["email"]  # not known before a login
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    result = await hass.config_entries.flow.async_configure(
        flows[0]["flow_id"], {CONF_PASSWORD: cloud.account["password"]}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.unique_id == cloud.account["user_id"]
    assert entry.state is ConfigEntryState.LOADED
    assert LEGACY_MARK not in entry.options  # the take-over ran with the first login
