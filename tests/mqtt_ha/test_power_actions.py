"""Restart/shutdown and the EV charger's charging buttons over MQTT (issue 15), through Home
Assistant on the simulator's TLS broker (`scenario_chargers`: an owned V1 EV charger and an
alternator charger without a site, live data over MQTT only).

`device_power_action` needs ``confirm: true``; every refusal (no confirmation, unknown action,
a model without the action, cloud polling off, live data off, a member's device) is translated
and sends nothing (counted at the broker). A restart makes the simulated charger go silent and
publish again after its restart; a shutdown of the alternator charger keeps it silent until the
button on the device is pressed. The commands carry the payload `encoding_type` their table row
names (the simulator refuses them otherwise). The charging buttons are confirmed by the device's
status (charging, paused, boost). Two commands to one device are a second of clock time apart.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.button_mqtt import model_actions
from custom_components.anker_solix.const import DOMAIN
from solixsim.mqtt.controls import APPLIED, IGNORED, RESTART_SILENT_S
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import (
    LOOK_INTERVAL,
    MAX_LOOKS,
    entity_id,
    link,
    sent_to,
    wait_for,
)

CHARGERS = str(Path(__file__).parent / "scenario_chargers")
EV = "AZ5191EVCH4K7Q2M"
ALT = "AZS200ALTC9P3X6N"
CONFIRM_S = 21
"""Simulator-clock seconds after which an unconfirmed command reverts (library: 20 s)."""
ACTION = "device_power_action"


@pytest.fixture
def scenario() -> str:
    """The chargers' test scenario (absolute path: it lives with these tests)."""
    return CHARGERS


def device_id(hass: HomeAssistant, entry: Any, sn: str) -> str:
    """The device registry id of a serial."""
    return next(
        d.id
        for d in dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
        if (DOMAIN, sn) in d.identifiers
    )


async def power(hass: HomeAssistant, data: dict[str, Any]) -> None:
    """Call the action."""
    await hass.services.async_call(DOMAIN, ACTION, data, blocking=True)


async def refused(hass: HomeAssistant, data: dict[str, Any]) -> ServiceValidationError:
    """Call the action and return its translated refusal."""
    with pytest.raises(ServiceValidationError) as err:
        await power(hass, data)
    assert err.value.translation_domain == DOMAIN
    return err.value


async def reported(hass: HomeAssistant, entry: Any, *serials: str) -> None:
    """Wait until each device published."""
    live = link(entry)
    await wait_for(
        hass, lambda: all(live.last_message(sn) is not None for sn in serials), "reported"
    )


@pytest.mark.usefixtures("clock_sleep")
async def test_refusals_send_nothing(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """No confirmation, a wrong action, a model without it, cloud polling off, live data off:
    each a translated refusal, and the broker receives no command at all."""
    entry = await setup_entry(hass, live_cloud)
    await reported(hass, entry, EV, ALT)
    ev, alt = device_id(hass, entry, EV), device_id(hass, entry, ALT)
    before = {sn: sent_to(live_cloud, sn) for sn in (EV, ALT)}

    for data in (
        {"device_id": ev, "action": "restart"},
        {"device_id": ev, "action": "restart", "confirm": False},
        {"device_id": ev, "action": "restart", "confirm": "true"},
    ):
        err = await refused(hass, data)
        assert err.translation_key == "power_action_confirm_required"
        assert err.translation_placeholders == {"action": "restart"}
    err = await refused(hass, {"device_id": ev, "action": "reboot", "confirm": True})
    assert (err.translation_key, err.translation_placeholders) == (
        "power_action_invalid",
        {"options": "restart, shutdown"},
    )
    err = await refused(hass, {"device_id": ev, "action": "shutdown", "confirm": True})
    assert err.translation_key == "power_action_unsupported"
    assert err.translation_placeholders["action"] == "shutdown"
    err = await refused(hass, {"device_id": alt, "action": "restart", "confirm": True})
    assert err.translation_key == "power_action_unsupported"
    account = device_id(hass, entry, str(entry.unique_id))  # no device record: nothing to send to
    err = await refused(hass, {"device_id": account, "action": "restart", "confirm": True})
    assert err.translation_key == "power_action_unsupported"
    err = await refused(hass, {"action": "restart", "confirm": True})
    assert err.translation_key == "info_target_missing"

    polling = entity_id(hass, "switch", f"{entry.unique_id}_allow_refresh")
    await hass.services.async_call("switch", "turn_off", {"entity_id": polling}, blocking=True)
    err = await refused(hass, {"device_id": ev, "action": "restart", "confirm": True})
    assert err.translation_key == "cloud_polling_off"
    await hass.services.async_call("switch", "turn_on", {"entity_id": polling}, blocking=True)

    await link(entry).async_stop()
    err = await refused(hass, {"device_id": alt, "action": "shutdown", "confirm": True})
    assert err.translation_key == "live_data_off"
    await hass.async_block_till_done()
    assert {sn: sent_to(live_cloud, sn) for sn in (EV, ALT)} == before
    assert live_cloud.sim.mqtt.controls.log == []
    assert live_cloud.sim.mqtt.controls.power_log == []


@pytest.mark.usefixtures("clock_sleep")
async def test_restart_goes_silent_then_reports_again(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Confirmed restart of the EV charger: sent once with its encoding type (the simulated
    device checks it), the charger is silent, then publishes again after its restart."""
    entry = await setup_entry(hass, live_cloud)
    await reported(hass, entry, EV)
    live, sim = link(entry), live_cloud.sim.mqtt
    before = sent_to(live_cloud, EV)
    await power(
        hass, {"device_id": device_id(hass, entry, EV), "action": "restart", "confirm": True}
    )
    await wait_for(hass, lambda: bool(sim.controls.log), "the charger got it")
    assert sent_to(live_cloud, EV) == before + 1
    assert [(r.command, r.outcome) for r in sim.controls.log] == [("restart_shutdown", APPLIED)]
    assert [(sn, action) for sn, _at, action in sim.controls.power_log] == [(EV, "restart")]
    now = live_cloud.clock.now()
    assert sim.controls.is_offline(EV, now)
    last = live.last_message(EV)
    live_cloud.clock.advance(RESTART_SILENT_S + 1)
    await wait_for(
        hass,
        lambda: (seen := live.last_message(EV)) is not None and last is not None and seen > last,
        "the charger publishes again after its restart",
    )
    assert not sim.controls.is_offline(EV, live_cloud.clock.now())


@pytest.mark.usefixtures("clock_sleep")
async def test_shutdown_needs_the_button(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """Confirmed shutdown of the alternator charger: it stays silent through status requests
    until its power button is pressed (the simulator's `power_on`), then reports again."""
    entry = await setup_entry(hass, live_cloud)
    await reported(hass, entry, ALT)
    live, sim = link(entry), live_cloud.sim.mqtt
    await power(
        hass,
        {
            "entity_id": entity_id(hass, "sensor", f"{ALT}_live_data_state"),
            "action": "shutdown",
            "confirm": True,
        },
    )
    await wait_for(hass, lambda: bool(sim.controls.power_log), "the charger got it")
    assert [(sn, action) for sn, _at, action in sim.controls.power_log] == [(ALT, "shutdown")]
    last = live.last_message(ALT)
    requests = sent_to(live_cloud, ALT)
    live_cloud.clock.advance(125)
    await wait_for(hass, lambda: sent_to(live_cloud, ALT) > requests, "a status request went out")
    await hass.async_block_till_done()
    assert live.last_message(ALT) == last
    assert sim.controls.is_offline(ALT, live_cloud.clock.now())
    assert sim.controls.power_on(ALT)
    live_cloud.clock.advance(65)
    await wait_for(
        hass,
        lambda: (seen := live.last_message(ALT)) is not None and last is not None and seen > last,
        "the charger reports after the button",
    )


async def test_one_command_per_device_per_second(
    hass: HomeAssistant, live_cloud: SimCloud, clock_sleep: list[float]
) -> None:
    """Two confirmed restarts right after each other: both reach the broker, the second only
    after the session waited out the one-second gap (on the simulator's clock)."""
    entry = await setup_entry(hass, live_cloud)
    await reported(hass, entry, EV)
    ev = device_id(hass, entry, EV)
    before = sent_to(live_cloud, EV)
    clock_sleep.clear()
    await power(hass, {"device_id": ev, "action": "restart", "confirm": True})
    await power(hass, {"device_id": ev, "action": "restart", "confirm": True})
    await wait_for(hass, lambda: sent_to(live_cloud, EV) >= before + 2, "both arrived")
    assert sent_to(live_cloud, EV) == before + 2
    assert clock_sleep
    assert all(0 < delay <= 1.0 for delay in clock_sleep)


@pytest.mark.parametrize("scenario", ["member_sb3"])
@pytest.mark.usefixtures("clock_sleep")
async def test_members_get_nothing(hass: HomeAssistant, live_cloud: SimCloud) -> None:
    """A member's device: the action is refused as not the owner's, no charging buttons, no
    command reaches the broker."""
    entry = await setup_entry(hass, live_cloud)
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    sn = next(
        sn
        for d in devices
        for domain, sn in d.identifiers
        if domain == DOMAIN and sn in (entry.runtime_data.coordinator.data.get("devices") or {})
    )
    err = await refused(
        hass, {"device_id": device_id(hass, entry, sn), "action": "restart", "confirm": True}
    )
    assert err.translation_key == "not_owner"
    buttons = [
        e.unique_id
        for e in er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        if e.domain == "button" and "_live_" in e.unique_id
    ]
    assert buttons == []
    assert live_cloud.sim.mqtt.stats.commands == {}


@pytest.mark.usefixtures("clock_sleep")
async def test_charging_buttons_are_confirmed_by_the_status(
    hass: HomeAssistant, live_cloud: SimCloud
) -> None:
    """Start, stop and boost: each sent with encoding type 2 (applied by the simulated charger,
    which refuses it otherwise) and confirmed by the charger state / boost flag it reports;
    a press the charger ignores comes back with the translated "not confirmed" error."""
    entry = await setup_entry(hass, live_cloud)
    await reported(hass, entry, EV)
    live, sim = link(entry), live_cloud.sim.mqtt
    assert [a.label for a in model_actions("A5191")] == [
        "start_charge",
        "stop_charge",
        "skip_delay",
        "boost_charge",
    ]
    assert model_actions("AS200") == ()
    for label, name, value in (
        ("start_charge", "ev_state", 2),
        ("stop_charge", "ev_state", 3),
        ("boost_charge", "boost_on", 1),
    ):
        button = entity_id(hass, "button", f"{EV}_live_{label}")
        await hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
        assert sim.controls.log[-1].outcome == APPLIED, label
        assert sim.controls.settings[EV][name] == value
        assert live.value(EV, name) == value
    sim.add_fault("ignore_commands", sn=EV)
    button = entity_id(hass, "button", f"{EV}_live_start_charge")
    task = asyncio.ensure_future(
        hass.services.async_call("button", "press", {"entity_id": button}, blocking=True)
    )
    for _ in range(MAX_LOOKS):  # no block_till_done: it would wait for the press itself
        if sim.controls.log[-1].outcome == IGNORED:
            break
        await asyncio.sleep(LOOK_INTERVAL)
    assert sim.controls.log[-1].outcome == IGNORED
    live_cloud.clock.advance(CONFIRM_S)
    with pytest.raises(HomeAssistantError) as unconfirmed:
        await asyncio.wait_for(task, 30)
    assert unconfirmed.value.translation_key == "mqtt_not_confirmed"
    assert live.value(EV, "ev_state") == 3
