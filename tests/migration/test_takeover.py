"""Installing us over the community integration: a 3.3.2 user and a 3.8 user (German ids).

Their registry (entry, devices, rows with the user's settings) is written first; then our entry
setup runs against the simulator. Every row with an equivalent keeps its entity id and settings
under our unique id, devices keep their registry ids, names and areas, nothing new gets a ``_2``
id, the rows without equivalent are listed in the repair issue, and a second start changes
nothing.
"""

from __future__ import annotations

import re
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import mock_restore_cache_with_extra_data

from custom_components.anker_solix.const import (
    CONF_ACCEPT_TERMS,
    CONF_COUNTRY,
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
from custom_components.anker_solix.migration import LEGACY_MARK
from custom_components.anker_solix.migration.repairs import entities_issue_id
from tests.integration.conftest import SimCloud
from tests.migration.legacy import (
    OPTIONS_38,
    OPTIONS_332,
    LegacyRow,
    add_device,
    add_rows,
    area,
    label,
    legacy_entry,
    registry_view,
)

SB1_SITE = "42aac864-2bdd-2635-e7dc-ad731a666e2f"
SB1 = "2CBMC6GFUP32YU4Y"
"""Scenario sb1_single: the system "Balkon West" with the Solarbank "Solarbank Balkon"."""
SB2_SITE = "24614b6c-ddaf-04a6-2cc1-f9141b7eeff7"
SB2 = "961JPFEHEZLL1HAC"
PLUG = "6YTH9GZBGSSGTRXH"
"""Scenario sb2_plus_plugs: the system "Stadtwohnung", its Solarbank 2 and the fridge plug."""


async def _start(hass: HomeAssistant, entry_id: str) -> None:
    """Set the entry up (first start), run the deferred energy poll, wait."""
    assert await hass.config_entries.async_setup(entry_id)
    await hass.async_block_till_done()
    entry = hass.config_entries.async_get_entry(entry_id)
    assert entry is not None
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _restart(hass: HomeAssistant, entry_id: str) -> None:
    """Unload and set up again (a second start of Home Assistant for the entry)."""
    assert await hass.config_entries.async_unload(entry_id)
    await hass.async_block_till_done()
    await _start(hass, entry_id)


def _new_clashes(hass: HomeAssistant, before: set[str]) -> list[str]:
    """Entity ids our setup created with a clash suffix against a row of theirs: ``<id>_<n>``
    while their row holds ``<id>``. (Two sensors of ours on a smart plug, ``power`` and
    ``plug_power``, clash with each other on any install; not a take-over matter.)"""
    ids = set(er.async_get(hass).entities)
    return [
        entity_id
        for entity_id in ids - before
        if (match := re.fullmatch(r"(.+)_\d+", entity_id)) and match[1] in before
    ]


def _issue_entities(hass: HomeAssistant, entry_id: str) -> set[str]:
    """The entity ids the take-over issue lists (and its fix flow would remove)."""
    issue = ir.async_get(hass).async_get_issue(DOMAIN, entities_issue_id(entry_id))
    assert issue is not None
    assert issue.is_fixable
    return set(str(issue.data["entity_ids"]).split(","))  # type: ignore[index]


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_user_of_332_keeps_everything(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A 3.3.2 entry (1.1, flat options, English ids) becomes ours with its registry."""
    account = cloud.account
    entry = legacy_entry(
        cloud, version=1, minor_version=1, options=OPTIONS_332, title=account["nick_name"]
    )
    entry.add_to_hass(hass)
    garage, living = area(hass, "Garage"), area(hass, "Wohnzimmer")
    energy = label(hass, "Energy")
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    site = add_device(hass, entry, SB1_SITE, "System Balkon West", "Solarbank Site", acc)
    bank = add_device(
        hass,
        entry,
        SB1,
        "Solarbank Balkon",
        "Solarbank E1600",
        site,
        name_by_user="Mein Speicher",
        area_id=garage,
    )
    devices = {account["email"].lower(): acc, SB1_SITE: site, SB1.lower(): bank}
    user, integration = er.RegistryEntryDisabler.USER, er.RegistryEntryDisabler.INTEGRATION
    rows = [
        LegacyRow(
            "sensor",
            account["email"],
            "sites_poll_time",
            "sol_de_last_data_poll",
            {"disabled_by": integration},
        ),
        LegacyRow("switch", account["email"], "allow_refresh", "sol_de_api_usage"),
        LegacyRow("binary_sensor", account["email"], "has_unread_msg", "sol_de_messages"),
        LegacyRow("sensor", SB1_SITE, "total_output_energy", "system_balkon_west_yield_total"),
        LegacyRow(
            "sensor",
            SB1_SITE,
            "daily_solar_production",
            "system_balkon_west_daily_solar_yield",
            {"labels": {energy}},
        ),
        LegacyRow(
            "sensor", SB1_SITE, "solarbank_charging_power", "system_balkon_west_sb_charging_power"
        ),
        LegacyRow(
            "sensor", SB1_SITE, "solarbank_state_of_charge", "system_balkon_west_sb_state_of_charge"
        ),
        LegacyRow(
            "binary_sensor", SB1_SITE, "site_admin", "system_balkon_west_system_administration"
        ),
        LegacyRow("sensor", SB1, "charging_power", "solarbank_balkon_charging_power"),
        LegacyRow("sensor", SB1, "state_of_charge", "solarbank_balkon_state_of_charge"),
        LegacyRow("sensor", SB1, "input_power", "solarbank_balkon_solar_power"),
        LegacyRow(
            "sensor",
            SB1,
            "output_power",
            "solarbank_balkon_output_power",
            {"name": "Zum Wechselrichter", "area_id": living},
        ),
        LegacyRow("sensor", SB1, "set_output_power", "solarbank_balkon_home_preset"),
        LegacyRow("sensor", SB1, "sw_version", "solarbank_balkon_firmware"),
        LegacyRow("binary_sensor", account["email"], "use_files", "sol_de_use_files"),
        LegacyRow("binary_sensor", SB1, "ota_update", "solarbank_balkon_firmware_update"),
        LegacyRow(
            "binary_sensor",
            SB1,
            "wifi_connection",
            "solarbank_balkon_wifi_connection",
            {"disabled_by": user},
        ),
        LegacyRow(
            "switch",
            SB1,
            "preset_allow_export",
            "solarbank_balkon_allow_power_export",
            {"hidden_by": er.RegistryEntryHider.USER},
        ),
        LegacyRow("number", SB1, "battery_capacity", "solarbank_balkon_battery_capacity"),
        LegacyRow(
            "select", SB1, "power_cutoff", "solarbank_balkon_soc_reserve", {"labels": {energy}}
        ),
    ]
    theirs = add_rows(hass, entry, devices, rows)
    mock_restore_cache_with_extra_data(
        hass,
        [
            (
                State(
                    "number.solarbank_balkon_battery_capacity",
                    "unknown",
                    {"customized": 1800, "calculated": 1600},
                ),
                None,
            )
        ],
    )
    before = set(er.async_get(hass).entities)

    await _start(hass, entry.entry_id)

    assert entry.state is ConfigEntryState.LOADED
    assert (entry.version, entry.minor_version) == (2, 2)
    assert entry.unique_id == account["user_id"]
    assert entry.title == account["nick_name"]  # a 3.3.2 title stays (cannot tell it apart)
    assert dict(entry.data) == {
        CONF_EMAIL: account["email"],
        CONF_PASSWORD: account["password"],
        CONF_COUNTRY: account["country"],
        CONF_ACCEPT_TERMS: True,
        "server_url": cloud.url,
        "server_public_key": cloud.sim.public_key_hex,
    }
    assert entry.options[OPT_UPDATE_INTERVAL] == 120
    assert entry.options[OPT_DETAILS_INTERVAL] == 1200
    assert entry.options[OPT_STALE_DATA] == "keep_last"
    assert entry.options[OPT_EXCLUDE] == ["smartmeter", "hes_energy"]
    assert LEGACY_MARK not in entry.options
    registry = er.async_get(hass)
    expected = {
        "sensor:sites_poll_time": f"{account['user_id']}_sites_poll_time",
        "switch:allow_refresh": f"{account['user_id']}_allow_refresh",
        "binary_sensor:has_unread_msg": f"{account['user_id']}_unread_messages",
        "sensor:total_output_energy": f"{SB1_SITE}_total_energy",
        "sensor:daily_solar_production": f"{SB1_SITE}_daily_solar_production",
        "sensor:solarbank_charging_power": f"{SB1_SITE}_solarbank_battery_power",
        "sensor:solarbank_state_of_charge": f"{SB1_SITE}_solarbank_battery_soc",
        "binary_sensor:site_admin": f"{SB1_SITE}_site_admin",
        "sensor:charging_power": f"{SB1}_battery_power",
        "sensor:state_of_charge": f"{SB1}_battery_soc",
        "sensor:input_power": f"{SB1}_solar_power",
        "sensor:output_power": f"{SB1}_output_power",
        "binary_sensor:wifi_connection": f"{SB1}_wifi_connection",
        "switch:preset_allow_export": f"{SB1}_preset_allow_export",
        "number:battery_capacity": f"{SB1}_battery_capacity",
        "select:power_cutoff": f"{SB1}_power_cutoff",
    }
    for name, old in theirs.items():
        platform, key, _ctx = name.split(":")
        now = registry.async_get(old.entity_id)
        assert now is not None, old.entity_id
        if f"{platform}:{key}" not in expected:
            assert now.unique_id == old.unique_id  # kept for the repair issue, untouched
            continue
        assert now.unique_id == expected[f"{platform}:{key}"], old.entity_id
        assert (now.id, now.name, now.area_id, now.labels, now.disabled_by, now.hidden_by) == (
            old.id,
            old.name,
            old.area_id,
            old.labels,
            old.disabled_by,
            old.hidden_by,
        )
        assert now.device_id == old.device_id
    # The rows play: a value of ours under their entity id.
    state = hass.states.get("sensor.solarbank_balkon_state_of_charge")
    assert state is not None
    assert state.state not in ("unknown", "unavailable")
    assert state.attributes["unit_of_measurement"] == "%"
    # Their local battery capacity (kept in `customized` while the state was unknown) is ours.
    capacity = hass.states.get("number.solarbank_balkon_battery_capacity")
    assert capacity is not None
    assert float(capacity.state) == 1800
    # Devices: same registry rows, the account re-keyed, the user's name and area kept.
    device_registry = dr.async_get(hass)
    assert device_registry.async_get(acc.id).identifiers == {(DOMAIN, account["user_id"])}  # type: ignore[union-attr]
    kept = device_registry.async_get(bank.id)
    assert kept is not None
    assert (kept.name_by_user, kept.area_id) == ("Mein Speicher", garage)
    assert len(dr.async_entries_for_config_entry(device_registry, entry.entry_id)) == 3
    assert _new_clashes(hass, before) == []
    # No equivalent: their test-mode sensor, their home preset sensor (our number shows it
    # here), their firmware sensor and update-available sensor (ours is an update entity).
    assert _issue_entities(hass, entry.entry_id) == {
        "binary_sensor.sol_de_use_files",
        "sensor.solarbank_balkon_home_preset",
        "sensor.solarbank_balkon_firmware",
        "binary_sensor.solarbank_balkon_firmware_update",
    }

    view = registry_view(hass, entry.entry_id)
    await _restart(hass, entry.entry_id)
    assert registry_view(hass, entry.entry_id) == view
    assert (entry.unique_id, dict(entry.options)) == (account["user_id"], dict(entry.options))


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_user_of_38_keeps_everything(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A 3.8 entry (2.1, sections, German ids, a `_2` pair from their 3.4 rename)."""
    account = cloud.account
    entry = legacy_entry(
        cloud,
        version=2,
        minor_version=1,
        options=OPTIONS_38,
        title=account["nick_name"],
        nickname=True,
    )
    entry.add_to_hass(hass)
    kitchen = area(hass, "Küche")
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    site = add_device(hass, entry, SB2_SITE, "System Stadtwohnung", "Solarbank Site", acc)
    bank = add_device(
        hass,
        entry,
        SB2,
        "Solarbank Plus",
        "Solarbank 2 E1600 Plus",
        site,
        name_by_user="Speicher Dach",
    )
    plug = add_device(hass, entry, PLUG, "Kühlschrank", "Smart Plug", site, area_id=kitchen)
    devices = {account["email"].lower(): acc, SB2_SITE: site, SB2.lower(): bank, PLUG.lower(): plug}
    rows = [
        LegacyRow("switch", account["email"], "allow_refresh", "sol_de_api_nutzung"),
        LegacyRow("sensor", account["email"], "mqtt_statistic", "sol_de_mqtt_statistik"),
        LegacyRow(
            "sensor",
            SB2_SITE,
            "daily_solar_production",
            "system_stadtwohnung_taglicher_solarertrag",
        ),
        LegacyRow(
            "sensor",
            SB2_SITE,
            "solarbank_battery_power_signed",
            "system_stadtwohnung_sb_akkuleistung",
        ),
        # 3.3.2's row, then 3.4's rename of the same sensor: it got the `_2` id.
        LegacyRow("sensor", SB2, "charging_power", "solarbank_plus_akkuleistung"),
        LegacyRow("sensor", SB2, "battery_power_signed", "solarbank_plus_akkuleistung"),
        LegacyRow("sensor", SB2, "sw_version", "solarbank_plus_firmware"),
        LegacyRow("update", SB2, "sw_version", "solarbank_plus_firmware"),
        LegacyRow("switch", SB2, "mqtt_overlay", "solarbank_plus_mqtt_overlay"),
        LegacyRow("select", SB2, "preset_usage_mode", "solarbank_plus_nutzungsmodus"),
        LegacyRow("sensor", PLUG, "current_power", "kuhlschrank_leistung"),
        LegacyRow(
            "sensor",
            PLUG,
            "energy_today",
            "kuhlschrank_tagliche_energie",
            {"name": "Kühlschrank heute"},
        ),
    ]
    theirs = add_rows(hass, entry, devices, rows)
    assert theirs[f"sensor:battery_power_signed:{SB2.lower()}"].entity_id.endswith("_2")
    before = set(er.async_get(hass).entities)

    await _start(hass, entry.entry_id)

    assert entry.state is ConfigEntryState.LOADED
    assert entry.unique_id == account["user_id"]
    assert entry.title == account["email"]  # their automatic title (the nickname) becomes ours
    options = entry.options
    assert (options[OPT_UPDATE_INTERVAL], options[OPT_DETAILS_INTERVAL]) == (60, 720)
    assert (options[OPT_REQUEST_DELAY], options[OPT_TIMEOUT], options[OPT_ENDPOINT_LIMIT]) == (
        0.5,
        20,
        12,
    )
    assert options[OPT_MQTT] is False
    assert options[OPT_EXCLUDE] == ["hes", "site_price"]  # their newer kinds have no meaning here
    assert not {"api_options", "mqtt_options", "registered_excludes"} & set(options)
    registry = er.async_get(hass)

    def row(platform: str, key: str, context: str) -> er.RegistryEntry:
        found = registry.async_get(theirs[f"{platform}:{key}:{context.lower()}"].entity_id)
        assert found is not None
        return found

    assert row("switch", "allow_refresh", account["email"]).unique_id == (
        f"{account['user_id']}_allow_refresh"
    )
    assert row("sensor", "daily_solar_production", SB2_SITE).entity_id == (
        "sensor.system_stadtwohnung_taglicher_solarertrag"
    )
    # The duplicate pair: equal (no) history, so the row that kept the original id wins.
    assert row("sensor", "charging_power", SB2).unique_id == f"{SB2}_battery_power"
    assert row("sensor", "charging_power", SB2).entity_id == "sensor.solarbank_plus_akkuleistung"
    assert (
        row("sensor", "battery_power_signed", SB2).unique_id
        == f"{SB2.lower()}_battery_power_signed"
    )
    assert row("update", "sw_version", SB2).unique_id == f"{SB2}_firmware"
    assert row("update", "sw_version", SB2).entity_id == "update.solarbank_plus_firmware"
    assert row("select", "preset_usage_mode", SB2).unique_id == f"{SB2}_preset_usage_mode"
    plug_power = row("sensor", "current_power", PLUG)
    assert (plug_power.unique_id, plug_power.entity_id) == (
        f"{PLUG}_plug_power",
        "sensor.kuhlschrank_leistung",
    )
    energy = row("sensor", "energy_today", PLUG)
    assert (energy.unique_id, energy.name) == (f"{PLUG}_plug_energy_today", "Kühlschrank heute")
    state = hass.states.get("sensor.kuhlschrank_tagliche_energie")
    assert state is not None
    assert state.attributes["friendly_name"] == "Kühlschrank heute"
    device_registry = dr.async_get(hass)
    assert device_registry.async_get(plug.id).area_id == kitchen  # type: ignore[union-attr]
    assert device_registry.async_get(bank.id).name_by_user == "Speicher Dach"  # type: ignore[union-attr]
    assert _new_clashes(hass, before) == []
    assert _issue_entities(hass, entry.entry_id) == {
        "sensor.sol_de_mqtt_statistik",
        "sensor.solarbank_plus_akkuleistung_2",
        "sensor.solarbank_plus_firmware",
        "switch.solarbank_plus_mqtt_overlay",
    }

    view = registry_view(hass, entry.entry_id)
    await _restart(hass, entry.entry_id)
    assert registry_view(hass, entry.entry_id) == view


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_fix_flow_removes_listed_rows(hass: HomeAssistant, cloud: SimCloud) -> None:
    """The repair issue's fix removes exactly the listed rows; taken-over rows stay."""
    account = cloud.account
    entry = legacy_entry(cloud, version=2, minor_version=1, options={}, title="x")
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    bank = add_device(hass, entry, SB1, "Solarbank Balkon", "Solarbank E1600", acc)
    add_rows(
        hass,
        entry,
        {account["email"].lower(): acc, SB1.lower(): bank},
        [
            LegacyRow("binary_sensor", account["email"], "use_files", "sol_de_use_files"),
            LegacyRow("sensor", SB1, "state_of_charge", "solarbank_balkon_state_of_charge"),
        ],
    )
    await _start(hass, entry.entry_id)
    issue_id = entities_issue_id(entry.entry_id)
    from custom_components.anker_solix.repairs import async_create_fix_flow

    issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    flow = await async_create_fix_flow(hass, issue_id, dict(issue.data or {}))
    flow.hass = hass
    form: Any = await flow.async_step_init()
    assert form["step_id"] == "confirm"
    done: Any = await flow.async_step_confirm({})
    assert done["type"] == "create_entry"
    registry = er.async_get(hass)
    assert registry.async_get("binary_sensor.sol_de_use_files") is None
    assert registry.async_get("sensor.solarbank_balkon_state_of_charge") is not None


DUAL_SB1 = "Q70DW3AG4FBNPIQF"
FITTING = "M4PPLI9NUNYE"
"""Scenario sb1_dual_zero_switch: a Solarbank 1 with an accessory (their nested context)."""


@pytest.mark.parametrize("scenario", ["sb1_dual_zero_switch"])
async def test_accessory_row_and_their_issue(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Their per-accessory sensor (``<sn>_<accessory sn>_fittings``) becomes ours; their own
    persistent shared-devices issue (no entry suffix) is removed."""
    account = cloud.account
    ir.async_create_issue(
        hass,
        DOMAIN,
        "duplicate_devices",
        is_fixable=False,
        is_persistent=True,
        severity=ir.IssueSeverity.ERROR,
        translation_key="duplicate_devices",
    )
    entry = legacy_entry(cloud, version=1, minor_version=1, options=OPTIONS_332, title="x")
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    bank = add_device(hass, entry, DUAL_SB1, "Solarbank", "Solarbank E1600", acc)
    rows = add_rows(
        hass,
        entry,
        {account["email"].lower(): acc, f"{DUAL_SB1}_{FITTING}".lower(): bank},
        [LegacyRow("sensor", f"{DUAL_SB1}_{FITTING}", "fittings", "solarbank_zubehor")],
    )
    assert rows[f"sensor:fittings:{DUAL_SB1.lower()}_{FITTING.lower()}"].unique_id == (
        f"{DUAL_SB1}_{FITTING}_fittings".lower()
    )
    await _start(hass, entry.entry_id)
    row = er.async_get(hass).async_get("sensor.solarbank_zubehor")
    assert row is not None
    assert row.unique_id == f"{DUAL_SB1}_fitting_{FITTING}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, "duplicate_devices") is None
    state = hass.states.get("sensor.solarbank_zubehor")
    assert state is not None
    assert state.state not in ("unknown", "unavailable")


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_issue_follows_rows_the_user_removed(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A row removed by hand leaves the issue's list at the next start; none left: no issue."""
    account = cloud.account
    entry = legacy_entry(cloud, version=2, minor_version=1, options={}, title="x")
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    add_rows(
        hass,
        entry,
        {account["email"].lower(): acc},
        [
            LegacyRow("binary_sensor", account["email"], "use_files", "sol_de_use_files"),
            LegacyRow("sensor", account["email"], "mqtt_statistic", "sol_de_mqtt"),
        ],
    )
    await _start(hass, entry.entry_id)
    assert _issue_entities(hass, entry.entry_id) == {
        "binary_sensor.sol_de_use_files",
        "sensor.sol_de_mqtt",
    }
    er.async_get(hass).async_remove("sensor.sol_de_mqtt")
    await _restart(hass, entry.entry_id)
    assert _issue_entities(hass, entry.entry_id) == {"binary_sensor.sol_de_use_files"}
    er.async_get(hass).async_remove("binary_sensor.sol_de_use_files")
    await _restart(hass, entry.entry_id)
    issue = ir.async_get(hass).async_get_issue(DOMAIN, entities_issue_id(entry.entry_id))
    assert issue is None


@pytest.mark.parametrize("scenario", ["sb1_single"])
async def test_failed_take_over_keeps_the_entry_loading(
    hass: HomeAssistant, cloud: SimCloud, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected error in the registry step is logged; the entry loads and tries again."""
    entry = legacy_entry(cloud, version=2, minor_version=1, options={}, title="x")
    entry.add_to_hass(hass)
    with patch(
        "custom_components.anker_solix.migration.async_rekey_registry",
        side_effect=RuntimeError("boom"),
    ):
        await _start(hass, entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    assert entry.options[LEGACY_MARK] is True
    assert "Taking over the registry rows" in caplog.text
    await _restart(hass, entry.entry_id)
    assert LEGACY_MARK not in entry.options
