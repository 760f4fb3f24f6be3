"""MQTT controls in forms (issue 15): the smart plug's delayed switching and the S2000 silent
schedule, on the simulator's TLS broker.

The smart plug runs in the ``sb2_plus_plugs`` scenario; the S2000 in a copy of the standalone
C1000 scenario whose device is an S2000 (``AS220``; no committed scenario has one). Per control:
the device reports its seeded value and the entity shows it in its form (minutes, time of day,
day names); a change is applied by the device (the command's other values repeated from its
status, §6.5) and confirmed by its next message; a change the device ignores shows at once and
comes back with the translated "not confirmed" error. Refused input (unknown day names, a time
or duration outside the command's range, an unknown option) sends nothing. A member gets none.
"""

from __future__ import annotations

import asyncio
import functools
import shutil
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix import mqtt_link
from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.mqtt_controls import MqttControl, model_controls
from custom_components.anker_solix.solixapi import MqttSession
from solixsim.mqtt.controls import APPLIED, IGNORED
from tests.conftest import SCENARIOS
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import entity_id, link, sent_to, serve_live_cloud, wait_for
from tests.mqtt_ha.test_live_controls import CONFIRM_S, pending, state_of

PLUG = "sb2_plus_plugs"
S2000 = "s2000_standalone"
"""A copy of ``pps_c1000_standalone`` with an S2000 made in `s2000_folder`."""
MEMBER = "s2000_shared"
"""The same S2000 shared with the account by another owner (``ms_device_type`` 2)."""
PLUG_SEED = {
    "timer_delay": "00:30:00",
    "timer_target_on": 0,
    "timer_state": 0,
    "timer_elapsed": "00:00:00",
}
QUIET_SEED = {"quiet_mode_on": 0, "quiet_days": 0b0011111, "quiet_start_min": 600}
QUIET_SEED["quiet_end_min"] = 960


@dataclass(frozen=True)
class FormRow:
    """A control in a form: where it runs, what it shows, what the user sets."""

    scenario: str
    pn: str
    first: str
    """The state shown for the seeded value."""
    entry: Any
    """What the user enters (service data value)."""
    second: str
    """The state shown afterwards."""
    reported: Any
    """The status value the device then reports."""
    back: Any
    """What the user enters to go back to the first value."""


FORM_ROWS: dict[str, FormRow] = {
    "timer_delay": FormRow(PLUG, "A17X8", "30.0", 90, "90.0", "01:30:00", 30),
    "timer_target_on": FormRow(PLUG, "A17X8", STATE_OFF, True, STATE_ON, 1, False),
    "timer_state": FormRow(PLUG, "A17X8", "off", "start", "start", 1, "off"),
    "quiet_mode_on": FormRow(S2000, "AS220", STATE_OFF, True, STATE_ON, 1, False),
    "quiet_start_min": FormRow(S2000, "AS220", "10:00:00", "13:30", "13:30:00", 810, "10:00"),
    "quiet_end_min": FormRow(S2000, "AS220", "16:00:00", "23:45", "23:45:00", 1425, "16:00"),
    "quiet_days": FormRow(
        S2000, "AS220", "Mon,Tue,Wed,Thu,Fri", "sat, SUN", "Sat,Sun", 96, "Mon,Tue,Wed,Thu,Fri"
    ),
}
"""The plug's and the S2000's controls (`test_live_controls.ROWS` holds the others)."""


def s2000_folder(target: Path, *, member: bool = False) -> Path:
    """The standalone C1000 scenario with its device turned into an S2000 (no capture); with
    `member` the device is shared with the account, not its own."""
    source = SCENARIOS / "pps_c1000_standalone"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("mqtt_msg_*"))
    for path in target.glob("*.json"):
        text = path.read_text(encoding="utf-8").replace("A1761", "AS220")
        if member:
            text = text.replace('"ms_device_type": 1', '"ms_device_type": 2')
        path.write_text(text, "utf-8")
    return target


@pytest.fixture
async def form_cloud(
    scenario: str, tmp_path: Path, socket_enabled: None
) -> AsyncIterator[SimCloud]:
    """The simulator with its broker for a scenario (or the S2000 copy), manual clock."""
    folders = {
        S2000: lambda: s2000_folder(tmp_path / S2000),
        MEMBER: lambda: s2000_folder(tmp_path / MEMBER, member=True),
    }
    folder = folders[scenario]() if scenario in folders else SCENARIOS / scenario
    async with serve_live_cloud(scenario, folder) as cloud, AsyncExitStack() as stack:
        sim = cloud.sim

        async def sleep(seconds: float) -> None:
            sim.clock.advance(seconds)
            await asyncio.sleep(0.01)

        stack.enter_context(
            patch.object(mqtt_link, "MqttSession", functools.partial(MqttSession, sleep=sleep))
        )
        yield cloud


def control_of(name: str) -> MqttControl:
    """The model's control of a form row."""
    return next(c for c in model_controls(FORM_ROWS[name].pn) if c.row.name == name)


def device_of(cloud: SimCloud, pn: str) -> str:
    """The serial of the scenario's first simulated device of model `pn`."""
    return next(sn for sn, pub in sorted(cloud.sim.mqtt.publishers.items()) if pub.pn == pn)


async def set_form(hass: HomeAssistant, item: MqttControl, entity: str, value: Any) -> None:
    """The service call a user makes on the control's platform."""
    platform = item.platform
    if platform is Platform.SWITCH:
        service, data = ("turn_on" if value else "turn_off"), {}
    elif platform is Platform.SELECT:
        service, data = "select_option", {"option": value}
    elif platform is Platform.TIME:
        service, data = "set_value", {"time": value}
    else:  # number, text
        service, data = "set_value", {"value": value}
    await hass.services.async_call(
        platform.value, service, {"entity_id": entity, **data}, blocking=True
    )


async def start(hass: HomeAssistant, cloud: SimCloud, pn: str) -> tuple[Any, str]:
    """Seed the device's timer and silent schedule values, set the entry up."""
    sn = device_of(cloud, pn)
    cloud.sim.mqtt.controls.seed(sn, PLUG_SEED if pn == "A17X8" else QUIET_SEED)
    entry = await setup_entry(hass, cloud)
    return entry, sn


def test_form_rows_are_the_models_controls() -> None:
    """The plug gets its delay (minutes), target switch and timer state select; the S2000 its
    silent schedule switch, start and end times and days text; other models none of them."""
    for name in FORM_ROWS:
        assert control_of(name).live_name == name
    assert {c.row.name: c.platform for c in model_controls("A17X8")} == {
        "ac_out_on": Platform.SWITCH,
        "timer_delay": Platform.NUMBER,
        "timer_target_on": Platform.SWITCH,
        "timer_state": Platform.SELECT,
    }
    s2000 = {c.row.name: c.platform for c in model_controls("AS220")}
    assert s2000["quiet_start_min"] is s2000["quiet_end_min"] is Platform.TIME
    assert s2000["quiet_days"] is Platform.TEXT
    assert s2000["quiet_mode_on"] is Platform.SWITCH
    assert not set(FORM_ROWS) & {c.row.name for c in model_controls("A1761")}


@pytest.mark.parametrize(
    ("scenario", "row"),
    [pytest.param(case.scenario, name, id=name) for name, case in FORM_ROWS.items()],
)
async def test_form_round_trip(hass: HomeAssistant, form_cloud: SimCloud, row: str) -> None:
    """Shown in its form; applied with the other values repeated and confirmed; ignored and
    reverted with the translated error."""
    case, item = FORM_ROWS[row], control_of(row)
    sim = form_cloud.sim.mqtt
    entry, sn = await start(hass, form_cloud, case.pn)
    live = link(entry)
    entity = entity_id(hass, item.platform.value, f"{sn}_{item.key}")
    await wait_for(hass, lambda: state_of(hass, entity) == case.first, "reported")
    before = dict(sim.controls.settings[sn])

    await set_form(hass, item, entity, case.entry)
    assert state_of(hass, entity) == case.second
    assert live.session is not None
    assert not live.session.store.is_unconfirmed(sn, item.live_name)
    assert [r.outcome for r in sim.controls.log] == [APPLIED]
    after = dict(sim.controls.settings[sn])
    assert after.pop(item.live_name) == case.reported
    before.pop(item.live_name)
    assert after == before  # the other values of the command: repeated unchanged

    sent = sent_to(form_cloud, sn)
    sim.add_fault("ignore_commands", sn=sn)
    task = asyncio.ensure_future(set_form(hass, item, entity, case.back))
    await pending(lambda: state_of(hass, entity) == case.first, "shown at once")
    assert live.session.store.is_unconfirmed(sn, item.live_name)
    await pending(lambda: sent_to(form_cloud, sn) >= sent + 2, "status request sent")
    form_cloud.clock.advance(CONFIRM_S)
    with pytest.raises(HomeAssistantError) as unconfirmed:
        await asyncio.wait_for(task, 30)
    assert (unconfirmed.value.translation_domain, unconfirmed.value.translation_key) == (
        DOMAIN,
        "mqtt_not_confirmed",
    )
    await hass.async_block_till_done()
    assert state_of(hass, entity) == case.second
    assert sim.controls.log[-1].outcome == IGNORED
    assert sim.controls.settings[sn][item.live_name] == case.reported


REFUSED: list[tuple[str, str, Any, str | None]] = [
    (S2000, "quiet_days", "Mon,Funday", "mqtt_days_invalid"),
    (S2000, "quiet_days", "Monday", "mqtt_days_invalid"),
    (S2000, "quiet_start_min", "23:00", "mqtt_value_range"),
    (PLUG, "timer_delay", 1440, None),
    (PLUG, "timer_delay", 30.5, "value_too_precise"),
    (PLUG, "timer_state", "later", None),
]
"""Input refused before anything is sent: unknown day names; a start after the command's
maximum (minute 1339 of the table); a delay beyond 23:59:59 or finer than a minute; an option
the select does not have (the last two of Home Assistant's own checks: no key of ours)."""


@pytest.mark.parametrize(
    ("scenario", "row", "value", "reason"),
    [pytest.param(*case, id=f"{case[1]}-{case[2]}") for case in REFUSED],
)
async def test_refused_input_sends_nothing(
    hass: HomeAssistant, form_cloud: SimCloud, row: str, value: Any, reason: str | None
) -> None:
    """A translated refusal (ServiceValidationError), no command, the value unchanged."""
    case, item = FORM_ROWS[row], control_of(row)
    _entry, sn = await start(hass, form_cloud, case.pn)
    entity = entity_id(hass, item.platform.value, f"{sn}_{item.key}")
    await wait_for(hass, lambda: state_of(hass, entity) == case.first, "reported")
    sent = sent_to(form_cloud, sn)
    with pytest.raises(ServiceValidationError) as refused:
        await set_form(hass, item, entity, value)
    if reason is not None:
        assert (refused.value.translation_domain, refused.value.translation_key) == (
            DOMAIN,
            reason,
        )
    if reason == "mqtt_days_invalid":
        assert refused.value.translation_placeholders == {
            "value": value,
            "days": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        }
    await hass.async_block_till_done()
    assert sent_to(form_cloud, sn) == sent
    assert form_cloud.sim.mqtt.controls.log == []
    assert state_of(hass, entity) == case.first


@pytest.mark.parametrize("scenario", [MEMBER])
async def test_members_get_no_form_controls(hass: HomeAssistant, form_cloud: SimCloud) -> None:
    """The S2000 shared with the account (another owner): no silent schedule controls, no
    command to the device."""
    sn = device_of(form_cloud, "AS220")
    form_cloud.sim.mqtt.controls.seed(sn, QUIET_SEED)
    entry = await setup_entry(hass, form_cloud)
    registry = er.async_get(hass)
    rows = {
        (e.domain, e.unique_id)
        for e in er.async_entries_for_config_entry(registry, entry.entry_id)
        if e.unique_id.startswith(sn)
    }
    assert rows, "the device itself is there"
    controls = {
        (platform.value, f"{sn}_live_{name}")
        for name in ("quiet_mode_on", "quiet_start_min", "quiet_end_min", "quiet_days")
        for platform in (Platform.SWITCH, Platform.TIME, Platform.TEXT)
    }
    assert not rows & controls
    assert form_cloud.sim.mqtt.controls.log == []
