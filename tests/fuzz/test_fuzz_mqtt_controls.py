"""Seeded random input to the MQTT device controls and the live-data action, through Home
Assistant's service calls on the simulator's TLS broker.

Every MQTT control entity (switch, select, number of ``mqtt_controls``) of the rows of the control
table, on the device its row test uses (``ROWS``, its value seeded there), and the
``start_live_updates`` action, get a fixed number of seeded inputs: wrong types, out of range, off
the step, NaN and infinities, huge integers, empty text, unknown options, None, extra fields. Each
call is either accepted, exactly when the input is valid (an oracle from the entity's own limits,
steps, options and the action's rules; a value between two steps is refused, not rounded as MQTT
protocol §6.5 says the reference does), and then sent once (one setting command logged by the
simulated device, applied; one real-time trigger) and shown; or refused with a translated
``ServiceValidationError`` (``translation_key`` set; Home Assistant's own schema refuses some types
of its entity services first, untranslated there and counted apart) with nothing sent and no state
change. Inputs are reproducible from the scenario name (``random.Random(<scenario folder name>)``).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import voluptuous as vol
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.solixapi import mqtt_status_value
from solixsim.mqtt.controls import APPLIED
from tests.integration.conftest import SimCloud, setup_entry
from tests.mqtt_ha.conftest import (  # noqa: F401 (live_cloud, clock_sleep: fixtures)
    clock_sleep,
    link,
    live_cloud,
    wait_for,
)
from tests.mqtt_ha.test_live_controls import (
    ROWS,
    STATION,
    control_of,
    device_of,
    state_of,
)

CASES_PER_ENTITY = 8
ACTION_CASES = 24
PLATFORMS = ("switch", "select", "number")
JUNK: list[Any] = [
    None,
    "",
    "abc",
    [],
    [1],
    {"a": 1},
    True,
    math.nan,
    math.inf,
    -math.inf,
    10**30,
    -(10**30),
    2**63,
    1e-9,
]


def _controls(hass: HomeAssistant, entry_id: str) -> list[er.RegistryEntry]:
    """The entry's MQTT control entities (unique ids of live settings)."""
    return sorted(
        (
            e
            for e in er.async_entries_for_config_entry(er.async_get(hass), entry_id)
            if e.domain in PLATFORMS and "_live_" in e.unique_id
        ),
        key=lambda e: e.entity_id,
    )


def _known_state(hass: HomeAssistant, entity: str) -> bool:
    return state_of(hass, entity) not in (None, "unknown", "unavailable")


def _attrs(hass: HomeAssistant, entity: str) -> dict[str, Any]:
    state = hass.states.get(entity)
    assert state is not None, entity
    return dict(state.attributes)


def _number(value: Any) -> float | None:
    """The float Home Assistant's number schema makes of a value (None: refused)."""
    try:
        return float(vol.Coerce(float)(value))
    except vol.Invalid:
        return None


def on_step(number: float, low: float, step: float) -> bool:
    """Whether ``number`` is ``low`` plus a whole number of steps (the entity's grid)."""
    steps = (number - low) / step
    return abs(steps - round(steps)) <= 1e-6


def number_case(rng: random.Random, attrs: dict[str, Any]) -> tuple[Any, bool]:
    """A number input and whether it is valid (finite, within the shown limits, on a step)."""
    low, high, step = float(attrs["min"]), float(attrs["max"]), float(attrs["step"])
    valid = low + step * rng.randint(0, max(0, int((high - low) / step)))
    value: Any = rng.choice(
        [
            valid,
            valid,
            f"{valid:g}",
            valid + step / 3,
            low - step,
            high + step,
            rng.uniform(low, high),
            *JUNK,
        ]
    )
    number = _number(value)
    ok = (
        number is not None
        and math.isfinite(number)
        and low <= number <= high
        and on_step(number, low, step)
    )
    return value, ok


def select_case(rng: random.Random, attrs: dict[str, Any]) -> tuple[Any, bool]:
    """An option input and whether it is one of the shown options."""
    options = list(attrs["options"])
    option = rng.choice(options)
    value: Any = rng.choice([option, option, option.upper(), f" {option}", "unknown_option", *JUNK])
    try:
        text = cv.string(value)
    except vol.Invalid:
        return value, False
    return value, text in options


def switch_case(rng: random.Random) -> tuple[str, dict[str, Any], bool]:
    """A switch service, extra data (refused by the schema) and whether it is valid."""
    service = rng.choice(["turn_on", "turn_off", "toggle"])
    extra = {"value": rng.choice(JUNK)} if rng.random() < 0.3 else {}
    return service, extra, not extra


class Sent:
    """Control commands the simulated devices received: setting commands (the devices' log)
    and real-time triggers (counted at each device's publisher)."""

    def __init__(self, cloud: SimCloud) -> None:
        self.cloud = cloud
        self.triggers: Counter[str] = Counter()

    def total(self) -> int:
        return len(self.cloud.sim.mqtt.controls.log) + sum(self.triggers.values())


async def _call(hass: HomeAssistant, domain: str, service: str, data: dict[str, Any]) -> str:
    """The outcome of one service call: accepted, refused (translated) or schema."""
    refusal: ServiceValidationError | None = None
    try:
        await hass.services.async_call(domain, service, data, blocking=True)
    except ServiceValidationError as err:
        refusal = err
    except vol.Invalid:
        return "schema"
    if refusal is None:
        return "accepted"
    assert refusal.translation_key, (domain, service, data, refusal)
    return "refused"


SCENARIOS = sorted({row.scenario for row in ROWS.values()})


@pytest.mark.parametrize("scenario", [pytest.param(name, id=Path(name).name) for name in SCENARIOS])
@pytest.mark.usefixtures("clock_sleep")
async def test_fuzz_mqtt_controls_and_action(
    hass: HomeAssistant,
    live_cloud: SimCloud,  # noqa: F811 (the fixture imported above)
    scenario: str,
) -> None:
    """Accepted exactly when valid and then sent once; otherwise refused, nothing sent."""
    rng = random.Random(Path(scenario).name)  # the folder's name: the same cases on every machine
    mqtt = live_cloud.sim.mqtt
    sent = Sent(live_cloud)
    patchers: list[Any] = []
    for name, row in ROWS.items():  # the devices report the settings (as their rows' tests)
        if row.scenario == scenario:
            item = control_of(name)
            value = mqtt_status_value(row.pn, name, int(row.first))
            seeded = {**STATION, item.live_name: value} if item.row.station else {}
            mqtt.controls.seed(device_of(live_cloud, row.pn), seeded or {item.live_name: value})
    for sn, publisher in mqtt.publishers.items():
        original = publisher.start_realtime

        def counted(now: float, seconds: int, _sn: str = sn, _orig: Any = original) -> Any:
            sent.triggers[_sn] += 1
            return _orig(now, seconds)

        patcher = patch.object(publisher, "start_realtime", counted)
        patcher.start()
        patchers.append(patcher)
    try:
        entry = await setup_entry(hass, live_cloud)
        controls = _controls(hass, entry.entry_id)
        assert controls, "the scenario has MQTT controls"
        rows = {  # the seeded settings
            f"{device_of(live_cloud, case.pn)}_{control_of(row).key}"
            for row, case in ROWS.items()
            if case.scenario == scenario
        }
        seeded = [c.entity_id for c in controls if c.unique_id in rows]
        assert seeded, "the scenario's rows have entities"
        await wait_for(
            hass,
            lambda: all(_known_state(hass, e) for e in seeded),
            "the devices report the seeded settings",
        )
        # the seeded settings only: the same entities in every run (reproducible inputs)
        controls = [c for c in controls if c.entity_id in seeded]
        outcomes: Counter[str] = Counter()
        for control in controls:
            for _ in range(CASES_PER_ENTITY):
                outcomes[await _fuzz_entity(hass, sent, rng, control)] += 1
        for _ in range(ACTION_CASES):
            outcomes[await _fuzz_action(hass, live_cloud, sent, rng, entry.entry_id)] += 1
    finally:
        for patcher in patchers:  # only ours (the harness has started patches of its own)
            patcher.stop()
    assert outcomes["accepted"] > 0, outcomes
    assert outcomes["refused"] > 0, outcomes


async def _fuzz_entity(
    hass: HomeAssistant, sent: Sent, rng: random.Random, control: er.RegistryEntry
) -> str:
    entity = control.entity_id
    before, state = sent.total(), state_of(hass, entity)
    attrs = _attrs(hass, entity)
    if control.domain == "number":
        value, valid = number_case(rng, attrs)
        service, data = "set_value", {"value": value}
    elif control.domain == "select":
        value, valid = select_case(rng, attrs)
        service, data = "select_option", {"option": value}
    else:
        service, data, valid = switch_case(rng)
    outcome = await _call(hass, control.domain, service, {"entity_id": entity, **data})
    await hass.async_block_till_done()
    case = (entity, service, data, state)
    if outcome != "accepted":
        assert not valid, ("a valid input was refused", case, outcome)
        assert sent.total() == before, ("sent although refused", case)
        assert state_of(hass, entity) == state, ("changed although refused", case)
        return outcome
    assert valid, ("an invalid input was accepted", case)
    log = sent.cloud.sim.mqtt.controls.log
    assert sent.total() == before + 1, ("not sent once", case, log[before:])
    assert log[-1].outcome == APPLIED, (case, log[-1])
    shown = state_of(hass, entity)
    if control.domain == "number":
        assert shown is not None
        # exactly the value asked for (values between steps are refused above)
        assert float(shown) == pytest.approx(float(_number(data["value"]) or 0.0)), case
    elif control.domain == "select":
        assert shown == cv.string(data["option"]), case
    else:
        wanted = {"turn_on": STATE_ON, "turn_off": STATE_OFF}.get(service)
        flipped = STATE_OFF if state == STATE_ON else STATE_ON
        assert shown == (wanted or flipped), case
    return outcome


async def _fuzz_action(
    hass: HomeAssistant, cloud: SimCloud, sent: Sent, rng: random.Random, entry_id: str
) -> str:
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), entry_id)
    shown = link(hass.config_entries.async_get_known_entry(entry_id)).devices
    live = sorted(d.id for d in devices if any(sn in shown for _, sn in d.identifiers))
    other = sorted(d.id for d in devices if d.id not in live)
    target = rng.choice(["live", "live", "live", "other", "unknown", "none"])
    data: dict[str, Any] = {
        "live": {"device_id": rng.choice(live)} if live else {},
        "other": {"device_id": rng.choice(other)} if other else {},
        "unknown": {"device_id": "0123456789abcdef"},
        "none": {},
    }[target]
    duration = rng.choice([rng.randint(1, 600), 300, "30", 0, 601, -5, 2.5, "soon", *JUNK])
    if rng.random() < 0.9:
        data["duration"] = duration
    else:
        duration = 300  # the default
    number = _number(duration) if not isinstance(duration, bool) else float(duration)
    good_duration = number is not None and 1 <= number <= 600 and number == int(number)
    valid = target == "live" and bool(live) and good_duration
    before = sent.total()
    outcome = await _call(hass, DOMAIN, "start_live_updates", data)
    await hass.async_block_till_done()
    case = ("start_live_updates", data)
    assert outcome != "schema", ("our action's schema refused untranslated", case)
    if outcome == "accepted":
        assert valid, ("an invalid action call was accepted", case)
        await wait_for(hass, lambda: sent.total() > before, "the device got the trigger")
        assert sent.total() == before + 1, ("not sent once", case)
    else:
        assert not valid, ("a valid action call was refused", case)
        assert sent.total() == before, ("sent although refused", case)
    return outcome
