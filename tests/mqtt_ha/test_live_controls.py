"""Device controls over MQTT through Home Assistant (issue 15): every row of the control table on
the simulator's TLS broker.

Per row: the device reports its current value (seeded in the simulated device), the entity shows
it; a change while cloud polling is off is refused and sends nothing; a change is applied by the
device and confirmed by its next message; a change the device ignores (fault) shows at once,
unconfirmed, and comes back with the translated "not confirmed" error once the confirmation time
has passed on the simulator's clock. Further: refused input (dynamic limit) sends nothing, one
command per device per second, members get no controls, a setting with a control gets no second
(sensor) entity.

The live-data session sleeps on the simulator's clock here (advancing it), so the one-second gap
between two commands shows as clock time in the device's command log, never as a measured real
time.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix import mqtt_controls
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.mqtt_controls import (
    MQTT_CONTROLS,
    MqttControl,
    model_controls,
    option_label,
)
from custom_components.anker_solix.solixapi import MQTT_COMMANDS, mqtt_status_value
from solixsim.mqtt.controls import APPLIED, IGNORED
from tests.conftest import REPO
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import (
    LOOK_INTERVAL,
    MAX_LOOKS,
    entity_id,
    link,
    sent_to,
    wait_for,
)

TRANSLATIONS = REPO / "custom_components" / "anker_solix" / "translations"
CONFIRM_S = 21
"""Simulator-clock seconds after which an unconfirmed command reverts (library: 20 s)."""
STATION = {"soc_min_pct": 10, "soc_max_pct": 90, "soc_backup_pct": 20}
"""SOC limits the Solarbanks report before a station row is changed."""
CHARGERS = str(Path(__file__).parent / "scenario_chargers")
"""The EV charger's test scenario (it lives with the tests, not in `scenarios/`)."""


@dataclass(frozen=True)
class Row:
    """Where a control row is exercised: scenario, model and the values to go through."""

    scenario: str
    pn: str
    first: float
    """Command value the device reports at the start."""
    second: float
    """Command value the test sets (applied, confirmed)."""
    cloud_cutoff: bool = True
    """Whether the cloud's SOC reserve select is left in place (False: the MQTT number is)."""


ROWS: dict[str, Row] = {
    "ac_out_on": Row("sb2_plus_plugs", "A17X8", 1, 0),
    "dc_out_on": Row("pps_c1000_standalone", "A1761", 0, 1),
    "ac_socket_on": Row("sb3_expansions", "A17C5", 0, 1),
    "display_on": Row("pps_c1000_standalone", "A1761", 1, 0),
    "ac_fast_charge_on": Row("pps_c1000_standalone", "A1761", 0, 1),
    "light_mode": Row("pps_c1000_standalone", "A1761", 1, 4),
    "display_brightness_level": Row("pps_c1000_standalone", "A1761", 3, 1),
    "display_off_s": Row("pps_c1000_standalone", "A1761", 60, 300),
    "auto_off_min": Row("sb3_expansions", "A17C5", 60, 120),
    "ac_out_mode": Row("pps_c1000_standalone", "A1761", 1, 0),
    "car_port_mode": Row("pps_c1000_standalone", "A1761", 0, 1),
    "temp_unit_f": Row("sb2_pps_attached", "A17C1", 0, 1),
    "ac_out_auto_off_s": Row("pps_c1000_standalone", "A1761", 3600, 7200),
    "dc_out_auto_off_s": Row("pps_c1000_standalone", "A1761", 0, 600),
    "ac_charge_limit_w": Row("pps_c1000_standalone", "A1761", 800, 500),
    "pv_limit_w": Row("sb3_expansions", "A17C5", 3600, 2000),
    "discharge_cutoff_pct": Row("sb3_expansions", "A17C5", 10, 15, cloud_cutoff=False),
    "soc_max_pct": Row("sb3_expansions", "A17C5", 90, 95),
    "soc_backup_pct": Row("sb2_ac_usetime_backup", "A17C2", 20, 30),
    "ev_current_limit_a": Row(CHARGERS, "A5191", 16, 10),
    "cable_lock": Row(CHARGERS, "A5191", 2, 1),
    "auto_start_on": Row(CHARGERS, "A5191", 1, 0),
    "auto_restart_on": Row(CHARGERS, "A5191", 0, 1),
    "random_delay_on": Row(CHARGERS, "A5191", 0, 1),
    "light_brightness_pct": Row(CHARGERS, "A5191", 50, 70),
    "swipe_up_action": Row(CHARGERS, "A5191", 1, 3),
    "swipe_down_action": Row(CHARGERS, "A5191", 2, 0),
    "touch_mode": Row(CHARGERS, "A5191", 0, 1),
    "main_fuse_a": Row(CHARGERS, "A5191", 25, 32),
    "usbc1_on": Row(CHARGERS, "A2345", 1, 0),
    "usbc2_on": Row(CHARGERS, "A2345", 1, 0),
    "usbc3_on": Row(CHARGERS, "A2345", 0, 1),
    "usbc4_on": Row(CHARGERS, "A2345", 1, 0),
    "usba_on": Row(CHARGERS, "A2345", 0, 1),
}


def control_of(row: str) -> MqttControl:
    """The model's control of a row."""
    return next(c for c in model_controls(ROWS[row].pn) if c.row.name == row)


def shown(item: MqttControl, value: float) -> str:
    """The state an entity shows for a command value."""
    if item.platform is Platform.SWITCH:
        return STATE_ON if option_label(value, "") == "1" else STATE_OFF
    if item.platform is Platform.SELECT:
        return option_label(value, dict(item.param.options)[value])
    return str(float(value))


async def change(hass: HomeAssistant, item: MqttControl, entity: str, value: float) -> None:
    """The service call a user makes to set `value`."""
    if item.platform is Platform.SWITCH:
        service = "turn_on" if shown(item, value) == STATE_ON else "turn_off"
        await hass.services.async_call("switch", service, {"entity_id": entity}, blocking=True)
    elif item.platform is Platform.SELECT:
        await hass.services.async_call(
            "select",
            "select_option",
            {"entity_id": entity, "option": shown(item, value)},
            blocking=True,
        )
    else:
        await hass.services.async_call(
            "number", "set_value", {"entity_id": entity, "value": value}, blocking=True
        )


async def pending(condition: Callable[[], bool], what: str) -> None:
    """Yield to the loop until `condition()` holds while a write is pending (Home Assistant's
    "block till done" would wait for the write itself)."""
    for _ in range(MAX_LOOKS):
        if condition():
            return
        await asyncio.sleep(LOOK_INTERVAL)
    raise AssertionError(f"never happened: {what}")


def state_of(hass: HomeAssistant, entity: str) -> str | None:
    """The entity's state text."""
    found = hass.states.get(entity)
    return None if found is None else found.state


def device_of(cloud: SimCloud, pn: str) -> str:
    """The serial of the scenario's first simulated device of model `pn`."""
    return next(sn for sn, pub in sorted(cloud.sim.mqtt.publishers.items()) if pub.pn == pn)


def test_every_row_is_exercised() -> None:
    """The cases below and the controls in forms (`test_live_controls_forms`) cover the
    control table exactly, each on a model that offers it."""
    from tests.mqtt_ha.test_live_controls_forms import FORM_ROWS

    assert not set(ROWS) & set(FORM_ROWS)
    assert set(ROWS) | set(FORM_ROWS) == {row.name for row in MQTT_CONTROLS}
    for name, row in ROWS.items():
        item = control_of(name)
        values = [v for v, _ in item.param.options] or [row.first, row.second]
        assert {row.first, row.second} <= set(values), name


@pytest.mark.parametrize(
    ("scenario", "row"),
    [pytest.param(case.scenario, name, id=name) for name, case in ROWS.items()],
)
@pytest.mark.usefixtures("clock_sleep")
async def test_control_round_trip(hass: HomeAssistant, live_cloud: SimCloud, row: str) -> None:
    """Shown, refused while polling is off, applied and confirmed, ignored and reverted."""
    case, item = ROWS[row], control_of(row)
    sim = live_cloud.sim.mqtt
    sn = device_of(live_cloud, case.pn)
    seeded: dict[str, Any] = dict(STATION) if item.row.station else {}
    seeded[item.live_name] = mqtt_status_value(case.pn, row, int(case.first))
    sim.controls.seed(sn, seeded)
    with patch.object(mqtt_controls, "_cloud_cutoff_control", return_value=case.cloud_cutoff):
        entry = await setup_entry(hass, live_cloud)
    live = link(entry)
    entity = entity_id(hass, item.platform.value, f"{sn}_{item.key}")
    await wait_for(hass, lambda: state_of(hass, entity) == shown(item, case.first), "reported")

    # Cloud polling off: refused with the translated reason, nothing sent.
    polling = entity_id(hass, "switch", f"{entry.unique_id}_allow_refresh")
    await hass.services.async_call("switch", "turn_off", {"entity_id": polling}, blocking=True)
    before = sent_to(live_cloud, sn)
    with pytest.raises(ServiceValidationError) as refused:
        await change(hass, item, entity, case.second)
    assert (refused.value.translation_domain, refused.value.translation_key) == (
        DOMAIN,
        "cloud_polling_off",
    )
    await hass.services.async_call("switch", "turn_on", {"entity_id": polling}, blocking=True)
    await hass.async_block_till_done()
    assert sent_to(live_cloud, sn) == before
    assert sim.controls.log == []
    assert state_of(hass, entity) == shown(item, case.first)

    # Applied by the device, confirmed by its next message.
    await change(hass, item, entity, case.second)
    assert state_of(hass, entity) == shown(item, case.second)
    assert not live.session or not live.session.store.is_unconfirmed(sn, item.live_name)
    assert [r.outcome for r in sim.controls.log] == [APPLIED]
    expected = mqtt_status_value(case.pn, row, int(case.second))
    assert sim.controls.settings[sn][item.live_name] == expected

    # Ignored by the device: shown at once (unconfirmed), then the previous value is back.
    sim.add_fault("ignore_commands", sn=sn)
    task = asyncio.ensure_future(change(hass, item, entity, case.first))
    await pending(lambda: state_of(hass, entity) == shown(item, case.first), "shown at once")
    assert live.session is not None
    assert live.session.store.is_unconfirmed(sn, item.live_name)
    await pending(lambda: sent_to(live_cloud, sn) >= before + 4, "status request sent")
    live_cloud.clock.advance(CONFIRM_S)
    with pytest.raises(HomeAssistantError) as unconfirmed:
        await asyncio.wait_for(task, 30)
    assert (unconfirmed.value.translation_domain, unconfirmed.value.translation_key) == (
        DOMAIN,
        "mqtt_not_confirmed",
    )
    assert unconfirmed.value.translation_placeholders == {"names": item.live_name}
    await hass.async_block_till_done()
    assert state_of(hass, entity) == shown(item, case.second)
    assert sim.controls.log[-1].outcome == IGNORED
    assert sim.controls.settings[sn][item.live_name] == expected


@pytest.mark.parametrize("scenario", ["sb3_expansions"])
@pytest.mark.usefixtures("clock_sleep")
async def test_refused_input_sends_nothing(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """A backup SOC below the reported cut-off (a dynamic limit of the number) or finer than
    the command's step: refused with a translated reason, no command sent, value unchanged."""
    sn = device_of(live_cloud, "A17C5")
    live_cloud.sim.mqtt.controls.seed(sn, STATION)
    entry = await setup_entry(hass, live_cloud)
    item = control_of("soc_backup_pct")
    entity = entity_id(hass, "number", f"{sn}_{item.key}")
    await wait_for(hass, lambda: state_of(hass, entity) == "20.0", "reported")
    before = sent_to(live_cloud, sn)
    with pytest.raises(ServiceValidationError):  # below the reported cut-off (Home Assistant)
        await change(hass, item, entity, 5)
    with pytest.raises(ServiceValidationError) as refused:  # finer than the command's step
        await change(hass, item, entity, 25.5)
    assert (refused.value.translation_domain, refused.value.translation_key) == (
        DOMAIN,
        "value_too_precise",
    )
    await hass.async_block_till_done()
    assert sent_to(live_cloud, sn) == before
    assert live_cloud.sim.mqtt.controls.log == []
    assert state_of(hass, entity) == "20.0"
    assert link(entry).session is not None


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_one_command_per_device_per_second(
    hass: HomeAssistant, live_cloud: SimCloud, clock_sleep: list[float]
) -> None:
    """Off and on again right after: the device receives the two commands (and the status
    request between them) at least a second of clock time apart; the session waited for the
    gap (on the simulator's clock)."""
    sn = device_of(live_cloud, "A17X8")
    await setup_entry(hass, live_cloud)
    item = control_of("ac_out_on")
    entity = entity_id(hass, "switch", f"{sn}_{item.key}")
    await wait_for(hass, lambda: state_of(hass, entity) == STATE_ON, "reported")
    clock_sleep.clear()
    await change(hass, item, entity, 0)
    await change(hass, item, entity, 1)
    log = live_cloud.sim.mqtt.controls.log
    assert [r.outcome for r in log] == [APPLIED, APPLIED]
    assert log[1].at - log[0].at >= 1.0
    assert clock_sleep
    assert all(0 < delay <= 1.0 for delay in clock_sleep)


@pytest.mark.parametrize("scenario", ["member_sb3"])
@pytest.mark.usefixtures("clock_sleep")
async def test_members_get_no_controls(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """A member account: no live-data devices, no MQTT control on any platform."""
    entry = await setup_entry(hass, live_cloud)
    assert link(entry).devices == {}
    registry = er.async_get(hass)
    controls = [
        e.entity_id
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.domain in ("switch", "select", "number", "time", "text") and "_live_" in e.unique_id
    ]
    assert controls == []
    assert live_cloud.sim.mqtt.stats.commands == {}


@pytest.mark.parametrize("scenario", ["pps_c1000_standalone"])
async def test_a_control_replaces_the_live_sensor(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """The AC output is a switch, not also a live sensor; live data off: unavailable."""
    entry = await setup_entry(hass, live_cloud)
    sn = device_of(live_cloud, "A1761")
    registry = er.async_get(hass)
    assert registry.async_get_entity_id("switch", DOMAIN, f"{sn}_live_ac_out_on")
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{sn}_live_ac_out_on") is None
    assert registry.async_get_entity_id("sensor", DOMAIN, f"{sn}_live_ac_out_w")
    entity = entity_id(hass, "switch", f"{sn}_live_ac_out_on")
    await wait_for(hass, lambda: state_of(hass, entity) in (STATE_ON, STATE_OFF), "reported")
    await link(entry).async_stop()
    await hass.async_block_till_done()
    assert state_of(hass, entity) == STATE_UNAVAILABLE


def test_controls_of_the_models_follow_the_command_tables() -> None:
    """Off/on options make a switch, other options a select, a range a number; the station
    rows need the reported backup SOC (not on Solarbank 2 Pro/Plus); no control for commands the
    reference does not offer or for models without commands."""
    kinds = {(c.row.name, c.platform) for c in model_controls("A1761")}
    assert ("ac_out_on", Platform.SWITCH) in kinds
    assert ("light_mode", Platform.SELECT) in kinds
    assert ("ac_charge_limit_w", Platform.NUMBER) in kinds
    assert ("ac_charge_limit_w", Platform.SELECT) in {
        (c.row.name, c.platform) for c in model_controls("A1722")
    }
    station = {"discharge_cutoff_pct", "soc_max_pct", "soc_backup_pct"}
    assert station <= {c.row.name for c in model_controls("A17C5")}
    assert not station & {c.row.name for c in model_controls("A17C1")}
    gen2 = {c.row.name: c.platform for c in model_controls("A1763")}
    assert gen2["soc_max_pct"] is Platform.SELECT
    assert "soc_backup_pct" not in gen2
    for pn in ("A17A4", "AE103", "A17X7"):
        assert model_controls(pn) == (), pn
    ev = {c.row.name: c.platform for c in model_controls("A5191")}
    assert ev["cable_lock"] is Platform.SWITCH  # options 1 (on), 2 (off)
    assert ev["swipe_up_action"] is Platform.SELECT
    assert ev["ev_current_limit_a"] is Platform.NUMBER
    assert "modbus_on" not in ev
    usb = {c.row.name: c.platform for c in model_controls("A2345")}
    assert usb == {
        f"{port}_on": Platform.SWITCH for port in ("usbc1", "usbc2", "usbc3", "usbc4", "usba")
    }
    assert [c.row.name for c in model_controls("A17X8")] == [
        "ac_out_on",
        "timer_delay",
        "timer_target_on",
        "timer_state",
    ]


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_every_control_is_translated(language: str) -> None:
    """Each control of every model has a name, each select option a state text."""
    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    for pn in sorted(MQTT_COMMANDS):
        for item in model_controls(pn):
            names = data["entity"][item.platform.value]
            assert names[item.key]["name"].strip(), (language, pn, item.key)
            if item.platform is Platform.SELECT:
                states = names[item.key].get("state", {})
                for _value, label in item.param.options:
                    assert not label or states.get(label, "").strip(), (language, item.key, label)
