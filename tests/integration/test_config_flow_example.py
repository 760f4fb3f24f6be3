"""Example-data mode as a new user meets it: entry title, duplicates, names, counters, time."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util

from custom_components.anker_solix.const import CONF_EXAMPLE, DOMAIN
from custom_components.anker_solix.session_factory import EXAMPLES_DIR
from custom_components.anker_solix.solixapi import ReplaySession, SolixApi
from tests.conftest import REPO
from tests.integration.conftest import SimCloud, setup_entry

TRANSLATIONS = REPO / "custom_components" / "anker_solix" / "translations"
DAY = 86400
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def undated(value: Any) -> Any:
    """``value`` with every string that starts with a date replaced by ``"<date>"``."""
    if isinstance(value, str):
        return "<date>" if DATE.match(value) else value
    if isinstance(value, dict):
        return {key: undated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [undated(item) for item in value]
    return value


def translations(language: str) -> dict[str, Any]:
    """One language file of the integration."""
    return dict(json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")))


async def add_example(hass: HomeAssistant, name: str) -> dict[str, Any]:
    """Run the user menu's example step with a bundled example."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"next_step_id": "example"}
    )
    assert result["step_id"] == "example"
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {CONF_EXAMPLE: name})
    await hass.async_block_till_done()
    return dict(result)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Example: Solarbank 2 AC with smart meter, time-of-use tariff and AC charging"),
        ("de", "Beispiel: Solarbank 2 AC mit Smart Meter, Zeittarif und AC-Laden"),
    ],
)
async def test_example_entry_has_a_readable_title(
    hass: HomeAssistant, language: str, title: str
) -> None:
    """The entry is titled with the example's translated name, not its folder key."""
    hass.config.language = language
    result = await add_example(hass, "sb2_ac_usetime_backup")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == title


@pytest.mark.parametrize("scenario", ["sb3_shelly_dynamic"])
async def test_example_shown_by_another_entry_is_refused(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """An example whose systems an account entry shows aborts; no entry, no repair issue."""
    account = await setup_entry(hass, cloud)
    result = await add_example(hass, "sb3_shelly_dynamic")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert hass.config_entries.async_entries(DOMAIN) == [account]
    assert not [
        issue for (domain, _), issue in ir.async_get(hass).issues.items() if domain == DOMAIN
    ]
    for language, word in (
        ("en", "example"),
        ("de", "beispiel"),
        ("fr", "exemple"),
        ("es", "ejemplo"),
        ("pl", "przykład"),
        ("nl", "voorbeeld"),
        ("it", "esempio"),
    ):
        assert word in translations(language)["config"]["abort"]["already_configured"].lower()

    # Another example shares nothing with that account: it is added and loads beside it,
    # its account under its own name (no "_2" ids, no two "Unread messages" of one name).
    result = await add_example(hass, "sb2_ac_usetime_backup")
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].state is ConfigEntryState.LOADED
    registry = er.async_get(hass)
    unread = sorted(
        (entry.entity_id, entry.config_entry_id)
        for entry in registry.entities.values()
        if entry.unique_id.endswith("_unread_messages")
    )
    assert unread == sorted(
        [
            ("binary_sensor.example_account_unread_messages", result["result"].entry_id),
            ("binary_sensor.sol_de_unread_messages", account.entry_id),
        ]
    )
    ids = {entry.entity_id for entry in registry.entities.values()}
    example_ids = {
        entry.entity_id
        for entry in registry.entities.values()
        if entry.config_entry_id == result["result"].entry_id
    }
    assert {
        entity_id
        for entity_id in example_ids
        if entity_id.endswith("_2") and entity_id.removesuffix("_2") in ids
    } == set()


async def test_example_entry_looks_finished(
    hass: HomeAssistant, device_registry: dr.DeviceRegistry, entity_registry: er.EntityRegistry
) -> None:
    """Account named "Example account", clean entity ids, one unread flag, no cloud counter,
    and a data time of the last day rather than of the export's year."""
    result = await add_example(hass, "sb2_ac_usetime_backup")
    entry = result["result"]
    assert entry.state is ConfigEntryState.LOADED
    names = {
        device.name for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    }
    assert "Example account" in names
    assert not [name for name in names if name and "***" in name]
    entities = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    assert entities
    unread = [e.entity_id for e in entities if e.unique_id.endswith("_unread_messages")]
    assert unread == ["binary_sensor.example_account_unread_messages"]
    # A replay sends nothing to the cloud: there is no cloud request counter to read.
    assert [e for e in entities if e.unique_id.endswith("_requests_last_hour")] == []

    # The data age (the data time is disabled by default: it would fill the logbook).
    [data_age] = [e for e in entities if e.unique_id.endswith("_data_age")]
    state = hass.states.get(data_age.entity_id)
    assert state is not None
    assert 0 <= float(state.state) < timedelta(days=1).total_seconds()


async def test_replay_moves_whole_days_only() -> None:
    """Presented at a later moment, the replay keeps the time of day and moves dates by days."""
    folder = EXAMPLES_DIR / "sb2_ac_usetime_backup"
    recorded = ReplaySession(folder)
    assert recorded.base_time is not None
    later = recorded.base_time + 400 * DAY + 3 * 3600
    shifted = ReplaySession(folder, present_at=later)
    assert shifted.day_shift == 400
    assert 0 <= shifted.clock() - (recorded.base_time + 400 * DAY) < 60

    site_id = recorded.store.site_ids()[0]
    before = await SolixApi(recorded).get_scene_info(site_id)
    after = await SolixApi(shifted).get_scene_info(site_id)
    time_before = dt_util.parse_datetime(before["solarbank_info"]["updated_time"])
    time_after = dt_util.parse_datetime(after["solarbank_info"]["updated_time"])
    assert time_before is not None
    assert time_after is not None
    assert time_after - time_before == timedelta(days=400)
    # Everything but the dates is the recording.
    assert undated(after) == undated(before)
    assert await SolixApi(shifted).get_site_list() == await SolixApi(recorded).get_site_list()


async def test_reconfigure_of_an_example_explains_itself(hass: HomeAssistant) -> None:
    """Home Assistant offers Reconfigure for every entry; an example's ends with a clear text."""
    result = await add_example(hass, "sb3_shelly_dynamic")
    entry = result["result"]
    result = dict(
        await hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
        )
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "replay_not_reconfigurable"
    assert entry.state is ConfigEntryState.LOADED
    for language, words in (
        ("en", ("no account", "new entry")),
        ("de", ("kein konto", "neuen eintrag")),
        ("fr", ("ni compte", "nouvelle entrée")),
        ("es", ("no tienen cuenta", "entrada nueva")),
        ("pl", ("nie mają konta", "nowy wpis")),
        ("nl", ("geen account", "nieuw item")),
        ("it", ("non hanno account", "nuova voce")),
    ):
        text = translations(language)["config"]["abort"]["replay_not_reconfigurable"].lower()
        assert all(word in text for word in words), language
