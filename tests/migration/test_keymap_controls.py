"""Their MQTT settings become our MQTT controls (issue 15): same entity ids where the device gets
the control; live sensors of settings that now have a control leave the registry; members get
neither controls nor rows left behind.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import DEFAULT_OPTIONS, DOMAIN, OPT_MQTT
from custom_components.anker_solix.migration.keymap import (
    CONTROLS_WITHOUT_THEIRS,
    KEY_MAP,
    UNMAPPED_SETTINGS,
)
from custom_components.anker_solix.migration.legacy_keys import LEGACY_KEYS
from custom_components.anker_solix.migration.repairs import entities_issue_id
from custom_components.anker_solix.mqtt_controls import PLATFORMS, model_controls
from custom_components.anker_solix.solixapi import MQTT_MODEL_LAYOUTS
from tests.integration.conftest import SimCloud
from tests.migration.legacy import OPTIONS_38, LegacyRow, add_device, add_rows, legacy_entry
from tests.mqtt_ha.conftest import link, live_cloud, wait_for

__all__ = ["live_cloud"]

SETTING_PLATFORMS = {str(p) for p in PLATFORMS}
PPS = "AZ1761SOLO5M8W2D"
"""Scenario pps_c1000_standalone: a PowerHouse C1000 (A1761) of the account, owned."""


def _control_keys() -> set[tuple[str, str]]:
    """(platform, key) of our MQTT controls over every model."""
    return {(str(c.platform), c.key) for pn in MQTT_MODEL_LAYOUTS for c in model_controls(pn)}


def test_every_setting_of_theirs_is_mapped_or_has_a_reason() -> None:
    """Their device switches, selects and numbers: each one mapped or listed with a reason."""
    theirs = {
        (row.platform, row.kind, row.key)
        for row in LEGACY_KEYS
        if row.platform in SETTING_PLATFORMS and row.kind == "device"
    }
    mapped = {key for key in KEY_MAP if key in theirs}
    assert set(UNMAPPED_SETTINGS) <= theirs
    assert mapped.isdisjoint(UNMAPPED_SETTINGS)
    assert mapped | set(UNMAPPED_SETTINGS) == theirs
    assert all(reason.strip() for reason in UNMAPPED_SETTINGS.values())


def test_their_mqtt_settings_land_on_controls_of_the_same_platform() -> None:
    """Every live target of a setting row is a control some model offers on that platform, and
    every control of ours has at least one setting of theirs pointing at it."""
    controls = _control_keys()
    live_targets = {
        (target.platform, target.key)
        for (platform, _kind, _key), targets in KEY_MAP.items()
        if platform in SETTING_PLATFORMS
        for target in targets
        if target.key.startswith("live_")
    }
    assert live_targets <= controls
    # Our controls without a row of theirs: only those listed (the smart plug's timer).
    ours = {key for _platform, key in controls}
    assert ours >= CONTROLS_WITHOUT_THEIRS
    assert ours - CONTROLS_WITHOUT_THEIRS == {key for _platform, key in live_targets}
    # Their 3.5+ names, as the reference names them.
    assert KEY_MAP[("switch", "device", "ac_output_power_switch")][0].key == "live_ac_out_on"
    assert KEY_MAP[("select", "device", "max_soc")][0].key == "live_soc_max_pct"
    assert KEY_MAP[("number", "device", "sb_backup_soc")][0].key == "live_soc_backup_pct"
    assert ("select", "device", "backup_soc") in UNMAPPED_SETTINGS  # ours is a number


def _their_rows(account: dict[str, Any]) -> list[LegacyRow]:
    """A 3.8 user's rows of the C1000 (MQTT on): settings, one without equivalent."""
    rows = [
        ("switch", "ac_output_power_switch", "c1000_ac_ausgang"),
        ("switch", "dc_output_power_switch", "c1000_dc_ausgang"),
        ("switch", "display_switch", "c1000_display"),
        ("switch", "ac_fast_charge_switch", "c1000_schnellladen"),
        ("select", "light_mode", "c1000_led_modus"),
        ("select", "display_mode", "c1000_display_modus"),
        ("select", "display_timeout", "c1000_display_timeout"),
        ("select", "device_timeout", "c1000_geraete_timeout"),
        ("select", "temp_unit", "c1000_temperatureinheit"),
        ("select", "ac_output_mode", "c1000_ac_modus"),
        ("select", "dc_12v_output_mode", "c1000_dc_12v_modus"),
        ("number", "ac_output_timeout", "c1000_ac_timeout"),
        ("number", "dc_output_timeout", "c1000_dc_timeout"),
        ("number", "preset_ac_input_limit", "c1000_ac_eingangslimit"),
        # no equivalent: LED switch (meaning not verified); SB backup SoC on a C1000: no control
        ("switch", "light_switch", "c1000_led"),
        ("number", "sb_backup_soc", "c1000_backup_soc"),
    ]
    return [LegacyRow(platform, PPS, key, object_id) for platform, key, object_id in rows]


@pytest.mark.parametrize("scenario", ["pps_c1000_standalone"])
async def test_user_of_38_keeps_control_entity_ids(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Their C1000 setting rows become our controls under the same entity ids; a setting the
    device gets no control for stays theirs and is listed in the repair issue."""
    account = live_cloud.account
    options = {**OPTIONS_38, "mqtt_options": {"mqtt_usage": True, "trigger_timeout": 300.0}}
    entry = legacy_entry(
        live_cloud, version=2, minor_version=1, options=options, title=account["nick_name"]
    )
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    pps = add_device(hass, entry, PPS, "C1000", "PowerHouse C1000", acc)
    rows = _their_rows(account)
    theirs = add_rows(hass, entry, {account["email"].lower(): acc, PPS.lower(): pps}, rows)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    live = link(entry)
    await wait_for(hass, lambda: live.connected, "the session connects")

    registry = er.async_get(hass)
    offered = {(str(c.platform), c.key) for c in model_controls("A1761")}
    for row in rows[:-2]:
        before = theirs[f"{row.platform}:{row.key}:{PPS.lower()}"]
        target = KEY_MAP[(row.platform, "device", row.key)][0]
        assert (row.platform, target.key) in offered, row.key
        ours = registry.async_get_entity_id(row.platform, DOMAIN, f"{PPS}_{target.key}")
        assert ours == before.entity_id == f"{row.platform}.{row.object_id}", row.key
        state = hass.states.get(before.entity_id)
        assert state is not None, row.key
        assert not state.attributes.get("restored"), row.key
    await wait_for(
        hass,
        lambda: hass.states.get("switch.c1000_ac_ausgang").state in ("on", "off"),  # type: ignore[union-attr]
        "the AC output switch shows the reported value",
    )
    # Rows without an equivalent here keep their unique id and are listed for the repair.
    issue = ir.async_get(hass).async_get_issue(DOMAIN, entities_issue_id(entry.entry_id))
    assert issue is not None
    listed = set(str(issue.data["entity_ids"]).split(","))  # type: ignore[index]
    for row in rows[-2:]:
        before = theirs[f"{row.platform}:{row.key}:{PPS.lower()}"]
        assert registry.async_get(before.entity_id).unique_id == row.unique_id  # type: ignore[union-attr]
        assert before.entity_id in listed
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("scenario", ["pps_c1000_standalone"])
@pytest.mark.parametrize("live_on", [True, False])
async def test_live_sensors_of_controlled_settings_are_removed(
    hass: HomeAssistant, live_cloud: SimCloud, live_on: bool
) -> None:
    """Rows of live sensors from before the controls (``<sn>_live_<setting>``) leave the
    registry on setup (live data on or off); live sensors of other values stay."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=live_cloud.account["email"],
        unique_id=live_cloud.account["user_id"],
        data=live_cloud.entry_data(),
        options={**DEFAULT_OPTIONS, OPT_MQTT: live_on},
    )
    entry.add_to_hass(hass)
    registry = er.async_get(hass)
    stale = [f"{PPS}_live_{name}" for name in ("ac_out_on", "display_on", "light_mode")]
    kept = f"{PPS}_live_ac_out_w"
    for unique_id in (*stale, kept):
        registry.async_get_or_create("sensor", DOMAIN, unique_id, config_entry=entry)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    for unique_id in stale:
        assert registry.async_get_entity_id("sensor", DOMAIN, unique_id) is None, unique_id
    assert registry.async_get_entity_id("sensor", DOMAIN, kept) is not None
    controls = {
        e.unique_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain == Platform.SWITCH and "_live_" in e.unique_id
    }
    if live_on:
        assert {f"{PPS}_live_ac_out_on", f"{PPS}_live_display_on"} <= controls
    else:
        assert controls == set()
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()


MEMBER_SB3 = "0FADU05JOTKF9QEDS"
MEMBER_SITE = "fe92121d-00db-f5e6-7a11-0c249aac4b5d"
"""Scenario member_sb3: a Solarbank 3 (A17C5, mapped model) shared with the account."""


@pytest.mark.parametrize("scenario", ["member_sb3"])
async def test_member_with_live_data_gets_no_controls_and_no_rows_left(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """A member with live data on: no MQTT control, and their setting rows are not moved to ids
    of ours that would never get an entity (they stay theirs, listed in the repair issue);
    every other row of the entry is a running entity."""
    account = live_cloud.account
    options = {**OPTIONS_38, "mqtt_options": {"mqtt_usage": True, "trigger_timeout": 300.0}}
    entry = legacy_entry(
        live_cloud, version=2, minor_version=1, options=options, title=account["nick_name"]
    )
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, account["email"], "sol*** (DE)", "Account")
    site = add_device(hass, entry, MEMBER_SITE, "System", "Solarbank Site", acc)
    bank = add_device(hass, entry, MEMBER_SB3, "Solarbank 3", "Solarbank 3 E2700 Pro", site)
    settings = [
        LegacyRow("switch", MEMBER_SB3, "ac_socket_switch", "solarbank_3_ac_steckdose"),
        LegacyRow("select", MEMBER_SB3, "light_mode", "solarbank_3_led_modus"),
        LegacyRow("select", MEMBER_SB3, "temp_unit", "solarbank_3_temperatureinheit"),
        LegacyRow("number", MEMBER_SB3, "sb_max_soc", "solarbank_3_soc_max"),
        LegacyRow("number", MEMBER_SB3, "sb_backup_soc", "solarbank_3_backup_soc"),
    ]
    devices = {account["email"].lower(): acc, MEMBER_SITE: site, MEMBER_SB3.lower(): bank}
    theirs = add_rows(hass, entry, devices, settings)
    # Each would be a control of the model for an owner.
    offered = {(str(c.platform), c.key) for c in model_controls("A17C5")}
    for row in settings:
        assert (row.platform, KEY_MAP[(row.platform, "device", row.key)][0].key) in offered

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.LOADED
    assert link(entry).devices == {}

    registry = er.async_get(hass)
    rows = er.async_entries_for_config_entry(registry, entry.entry_id)
    assert [
        e.entity_id for e in rows if e.domain in SETTING_PLATFORMS and "_live_" in e.unique_id
    ] == []
    assert [e.entity_id for e in rows if e.unique_id.startswith(f"{MEMBER_SB3}_live_")] == []
    issue = ir.async_get(hass).async_get_issue(DOMAIN, entities_issue_id(entry.entry_id))
    assert issue is not None
    listed = set(str(issue.data["entity_ids"]).split(","))  # type: ignore[index]
    for row in settings:
        before = theirs[f"{row.platform}:{row.key}:{MEMBER_SB3.lower()}"]
        assert registry.async_get(before.entity_id).unique_id == row.unique_id  # type: ignore[union-attr]
        assert before.entity_id in listed
    # Nothing else is left behind: every other row of the entry is a running entity of ours.
    orphans = [
        e.entity_id
        for e in rows
        if e.entity_id not in listed
        and not e.disabled_by
        and ((state := hass.states.get(e.entity_id)) is None or state.attributes.get("restored"))
    ]
    assert orphans == []
    assert live_cloud.sim.mqtt.stats.commands == {}
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
