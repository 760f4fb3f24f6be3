"""Options flow: intervals and transport apply live; exclusions reload and clean the registry."""

from __future__ import annotations

import json
import re
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, section
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import (
    DEFAULT_OPTIONS,
    DOMAIN,
    OPT_DETAILS_INTERVAL,
    OPT_ENDPOINT_LIMIT,
    OPT_ENERGY_INTERVAL,
    OPT_EXCLUDE,
    OPT_HISTORY_DAYS,
    OPT_MQTT,
    OPT_MQTT_STATUS_INTERVAL,
    OPT_PICTURES,
    OPT_REQUEST_DELAY,
    OPT_STALE_DATA,
    OPT_TIMEOUT,
    OPT_UPDATE_INTERVAL,
    STALE_KEEP_LAST,
)
from custom_components.anker_solix.options_flow import SECTION_ADVANCED
from tests.conftest import REPO
from tests.integration.conftest import SimCloud, setup_entry

TRANSLATIONS = REPO / "custom_components" / "anker_solix" / "translations"


def translations(language: str) -> dict[str, Any]:
    """One language file of the integration."""
    return dict(json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")))


ADVANCED = (
    OPT_DETAILS_INTERVAL,
    OPT_ENERGY_INTERVAL,
    OPT_REQUEST_DELAY,
    OPT_TIMEOUT,
    OPT_ENDPOINT_LIMIT,
    OPT_HISTORY_DAYS,
)
"""The transport settings (and the history import's days) of the collapsed advanced section."""


def options_input(**changes: Any) -> dict[str, Any]:
    """A full options form input with `changes` (numbers as the selectors send them).

    `changes` name the stored (flat) keys; the transport settings go into their section.
    """
    values: dict[str, Any] = {
        OPT_UPDATE_INTERVAL: 300.0,
        OPT_DETAILS_INTERVAL: 600.0,
        OPT_ENERGY_INTERVAL: 900.0,
        OPT_REQUEST_DELAY: 0.3,
        OPT_TIMEOUT: 10.0,
        OPT_ENDPOINT_LIMIT: 10.0,
        OPT_HISTORY_DAYS: 365.0,
        OPT_EXCLUDE: [],
        OPT_STALE_DATA: "unavailable",
    }
    values.update(changes)
    form = {key: value for key, value in values.items() if key not in ADVANCED}
    form[SECTION_ADVANCED] = {key: values[key] for key in ADVANCED}
    return form


async def configure_options(
    hass: HomeAssistant, entry_id: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Open the options flow, check its form and submit `values`."""
    result = await hass.config_entries.options.async_init(entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    result = await hass.config_entries.options.async_configure(result["flow_id"], values)
    await hass.async_block_till_done()
    return dict(result)


async def test_interval_and_transport_options_apply_without_reload(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """New intervals reach the scheduler and new transport settings the session, live."""
    entry = await setup_entry(hass, cloud)
    runtime = entry.runtime_data
    with patch.object(
        runtime.coordinator.scheduler,
        "update_options",
        wraps=runtime.coordinator.scheduler.update_options,
    ) as update_options:
        result = await configure_options(
            hass,
            entry.entry_id,
            options_input(
                **{
                    OPT_UPDATE_INTERVAL: 120.0,
                    OPT_DETAILS_INTERVAL: 1200.0,
                    OPT_ENERGY_INTERVAL: 1800.0,
                    OPT_REQUEST_DELAY: 1.0,
                    OPT_TIMEOUT: 20.0,
                    OPT_ENDPOINT_LIMIT: 5.0,
                    OPT_STALE_DATA: STALE_KEEP_LAST,
                }
            ),
        )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[OPT_UPDATE_INTERVAL] == 120
    assert isinstance(entry.options[OPT_UPDATE_INTERVAL], int)
    assert entry.options[OPT_STALE_DATA] == STALE_KEEP_LAST
    assert entry.runtime_data is runtime  # no reload
    update_options.assert_called_once_with(
        max_interval=120.0, details_interval=1200.0, energy_interval=1800.0
    )
    assert runtime.session.options.request_delay == 1.0
    assert runtime.session.options.timeout == 20.0
    assert runtime.session.options.endpoint_limit == 5


async def test_options_form_shows_current_values(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The form suggests the stored options."""
    entry = await setup_entry(hass, cloud, options={OPT_UPDATE_INTERVAL: 600})
    result = await hass.config_entries.options.async_init(entry.entry_id)
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested[OPT_UPDATE_INTERVAL] == 600
    assert suggested[OPT_STALE_DATA] == DEFAULT_OPTIONS[OPT_STALE_DATA]
    advanced = result["data_schema"].schema[SECTION_ADVANCED].schema.schema
    assert {
        str(key): key.description["suggested_value"] for key in advanced if key.description
    } == {key: DEFAULT_OPTIONS[key] for key in ADVANCED}


async def test_transport_settings_are_in_a_collapsed_section(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Everyday options up front; the five transport settings in the collapsed section."""
    entry = await setup_entry(hass, cloud)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    fields = {str(key): value for key, value in result["data_schema"].schema.items()}
    assert list(fields) == [
        OPT_UPDATE_INTERVAL,
        OPT_STALE_DATA,
        OPT_EXCLUDE,
        OPT_MQTT,
        OPT_MQTT_STATUS_INTERVAL,
        OPT_PICTURES,
        SECTION_ADVANCED,
    ]
    advanced = fields[SECTION_ADVANCED]
    assert isinstance(advanced, section)
    assert advanced.options["collapsed"] is True
    assert [str(key) for key in advanced.schema.schema] == list(ADVANCED)
    strings = translations("en")["options"]["step"]["init"]
    assert set(strings["data"]) == {
        OPT_UPDATE_INTERVAL,
        OPT_STALE_DATA,
        OPT_EXCLUDE,
        OPT_MQTT,
        OPT_MQTT_STATUS_INTERVAL,
        OPT_PICTURES,
    }
    assert set(strings["sections"][SECTION_ADVANCED]["data"]) == set(ADVANCED)


@pytest.mark.parametrize(
    ("change", "field", "error", "text"),
    [
        (
            {OPT_UPDATE_INTERVAL: 5.0},
            OPT_UPDATE_INTERVAL,
            "update_interval_range",
            "Choose a longest update interval from 30 to 3600 seconds.",
        ),
        (
            {OPT_TIMEOUT: 90.0},
            SECTION_ADVANCED,
            "timeout_range",
            "Choose a request timeout from 5 to 60 seconds.",
        ),
        (
            {OPT_REQUEST_DELAY: -0.5},
            SECTION_ADVANCED,
            "request_delay_range",
            "Choose a delay between requests from 0 to 5 seconds.",
        ),
        (
            {OPT_MQTT_STATUS_INTERVAL: 5.0},
            OPT_MQTT_STATUS_INTERVAL,
            "mqtt_status_interval_range",
            "Choose a status request interval from 30 to 3600 seconds.",
        ),
    ],
)
async def test_out_of_range_values_get_a_translated_error(
    hass: HomeAssistant,
    cloud: SimCloud,
    change: dict[str, float],
    field: str,
    error: str,
    text: str,
) -> None:
    """A value outside its range is refused with a specific error naming the allowed range.

    Errors of fields inside a section are shown on the section (Home Assistant's forms).
    """
    entry = await setup_entry(hass, cloud)
    before = dict(entry.options)
    result = await configure_options(hass, entry.entry_id, options_input(**change))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {field: error}
    message = translations("en")["options"]["error"][error]
    assert message.format(**result["description_placeholders"]) == text
    for language in sorted(path.stem for path in TRANSLATIONS.glob("*.json")):
        other = translations(language)["options"]["error"][error]
        assert set(re.findall(r"{(\w+)}", other)) == set(re.findall(r"{(\w+)}", message))
    assert dict(entry.options) == before
    # The form keeps what was typed, so the user corrects one value and saves.
    fixed = options_input(**{key: float(str(DEFAULT_OPTIONS[key])) for key in change})
    result = await hass.config_entries.options.async_configure(result["flow_id"], fixed)
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_options_are_stored_flat(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The section is flattened on save: the stored keys stay those of existing entries."""
    entry = await setup_entry(hass, cloud)
    result = await configure_options(
        hass, entry.entry_id, options_input(**{OPT_TIMEOUT: 20.0, OPT_ENDPOINT_LIMIT: 0.0})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert set(entry.options) == set(DEFAULT_OPTIONS)
    assert (entry.options[OPT_TIMEOUT], entry.options[OPT_ENDPOINT_LIMIT]) == (20, 0)
    assert SECTION_ADVANCED not in entry.options


async def test_exclusion_reloads_and_removes_entities(
    hass: HomeAssistant,
    cloud: SimCloud,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """Excluding smart plugs reloads; their entities and devices go, customizations stay."""
    entry = await setup_entry(hass, cloud)
    devices = entry.runtime_data.coordinator.data["devices"]
    plugs = {sn for sn, device in devices.items() if device.get("type") == "smartplug"}
    solarbank = next(sn for sn, device in devices.items() if device.get("type") == "solarbank")
    assert plugs
    entries = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    plug_entities = [e for e in entries if e.unique_id.split("_")[0] in plugs]
    kept = next(e for e in entries if e.unique_id.startswith(f"{solarbank}_"))
    assert plug_entities
    entity_registry.async_update_entity(kept.entity_id, name="My battery")
    runtime = entry.runtime_data

    result = await configure_options(
        hass, entry.entry_id, options_input(**{OPT_EXCLUDE: ["smartplug"]})
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.state is ConfigEntryState.LOADED
    assert entry.runtime_data is not runtime  # reloaded
    for plug_entity in plug_entities:
        assert entity_registry.async_get(plug_entity.entity_id) is None
    assert entity_registry.async_get(kept.entity_id).name == "My battery"
    identifiers = {
        value
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
        for domain, value in device.identifiers
        if domain == DOMAIN
    }
    assert not plugs & identifiers
    assert solarbank in identifiers


async def test_category_exclusion_removes_only_its_entities(
    hass: HomeAssistant, cloud: SimCloud, entity_registry: er.EntityRegistry
) -> None:
    """Excluding a category removes its entities; every remaining enabled entity is loaded.

    The Energy dashboard's daily totals are loaded right after the reload without a value (the
    energy tier follows with the next poll, which fills them).
    """
    entry = await setup_entry(hass, cloud, complete=True)
    before = {
        e.entity_id for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    await configure_options(
        hass, entry.entry_id, options_input(**{OPT_EXCLUDE: ["smartplug_energy"]})
    )
    assert "sensor.stadtwohnung_solar_production_today" in before
    waiting = hass.states.get("sensor.stadtwohnung_solar_production_today")
    assert waiting is not None
    assert not waiting.attributes.get("restored")
    assert waiting.state == "unknown"
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    remaining = er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    removed = before - {e.entity_id for e in remaining}
    assert removed
    assert all("energy" in entity_id for entity_id in removed)
    for entity in remaining:
        if not entity.disabled_by:
            state = hass.states.get(entity.entity_id)
            assert state is not None
            assert not state.attributes.get("restored")
