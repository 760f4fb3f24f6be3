"""Malformed cloud values through Home Assistant: entities never show NaN or raise.

A value that cannot be a state makes only its own entity unavailable (or keeps its last value
with the stale-data option ``keep_last``), logged once per episode; every other entity of the
same update still refreshes. Seeded fuzzing of every response family the integration polls
runs a smaller number of polls than the library-level fuzzing (tests/fuzz/test_fuzz_poller.py).
"""

from __future__ import annotations

import logging
import math

import pytest
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import OPT_STALE_DATA, STALE_KEEP_LAST
from custom_components.anker_solix.solixapi import Endpoint
from tests.integration.conftest import SimCloud, setup_entry

from .payloads import PayloadFuzzer

BIND = Endpoint.GET_RELATE_AND_BIND_DEVICES
SCENE = Endpoint.GET_SCEN_INFO
LOGIN = "passport/login"
NON_FINITE = {"nan", "inf", "-inf", "infinity", "-infinity"}


def _states(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, str]:
    """unique id -> state of every entity of the entry."""
    registry = er.async_get(hass)
    result = {}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entity.entity_id)
        if state is not None:
            result[entity.unique_id] = state.state
    return result


async def _poll(
    hass: HomeAssistant, entry: MockConfigEntry, cloud: SimCloud, seconds: float
) -> None:
    cloud.clock.advance(seconds)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def _details_poll(hass: HomeAssistant, entry: MockConfigEntry, cloud: SimCloud) -> None:
    """A poll that includes the device details tier (bind devices)."""
    binds = cloud.paths().count(BIND)
    for _ in range(12):
        await _poll(hass, entry, cloud, 300)
        if cloud.paths().count(BIND) > binds:
            return
    raise AssertionError("no details poll within an hour")


def _serial_with_firmware(entry: MockConfigEntry) -> str:
    """Serial of a device with a firmware version."""
    devices = entry.runtime_data.coordinator.data["devices"]
    return next(sn for sn, device in sorted(devices.items()) if device.get("sw_version"))


@pytest.mark.parametrize("stale", [None, STALE_KEEP_LAST])
async def test_invalid_value_affects_only_its_entity(
    hass: HomeAssistant, cloud: SimCloud, caplog: pytest.LogCaptureFixture, stale: str | None
) -> None:
    """Firmware texts of 300 characters (no valid state): those sensors are unavailable (or keep
    their value), each logged once over several polls; the others still update; back when clean."""
    options = {OPT_STALE_DATA: stale} if stale else None
    entry = await setup_entry(hass, cloud, options=options, complete=True)
    coordinator = entry.runtime_data.coordinator
    before = _states(hass, entry)
    firmware = {
        uid: state
        for uid, state in before.items()
        if uid.endswith("_firmware") and state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    }
    assert firmware
    updated = coordinator.data["account"]["sites_poll_time"]

    cloud.faults.add(BIND, count=1000, retype={"data.*.device_sw_version": "v" * 300})
    for _ in range(3):
        await _details_poll(hass, entry, cloud)
    after = _states(hass, entry)
    assert coordinator.last_update_success
    for uid, good in firmware.items():
        assert after[uid] == (good if stale else STATE_UNAVAILABLE)
    # the other entities of the same updates were written: the account's poll time moved on
    assert coordinator.data["account"]["sites_poll_time"] != updated
    others = {
        uid for uid, state in before.items() if state != STATE_UNAVAILABLE and uid not in firmware
    }
    assert others
    assert not [uid for uid in others if after[uid] == STATE_UNAVAILABLE]
    warnings = [r.getMessage() for r in caplog.records if "no valid value" in r.getMessage()]
    assert len(warnings) == len(firmware), warnings  # once per entity, not once per poll
    assert all(message.startswith("firmware of #") for message in warnings)
    assert not [sn for sn in coordinator.data["devices"] if any(sn in m for m in warnings)]

    cloud.faults.clear()
    await _details_poll(hass, entry, cloud)
    assert {uid: _states(hass, entry)[uid] for uid in firmware} == firmware
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "junk", [math.nan, math.inf, "nan", "-inf", "1e999", 10**400, [5], {"v": 5}]
)
async def test_junk_numbers_never_reach_a_state(
    hass: HomeAssistant, cloud: SimCloud, caplog: pytest.LogCaptureFixture, junk: object
) -> None:
    """Every numeric field of the scene replaced by junk: no entity state is NaN/inf, nothing
    raises, the coordinator stays successful, and the next clean poll brings numbers back."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    power = [
        uid
        for uid, state in _states(hass, entry).items()
        if uid.endswith("_output_power") and state not in (STATE_UNAVAILABLE, STATE_UNKNOWN)
    ]
    assert power
    cloud.faults.add(
        SCENE,
        count=1000,
        retype={
            "solarbank_info.solarbank_list.*.output_power": junk,
            "solarbank_info.solarbank_list.*.battery_power": junk,
            "solarbank_info.total_output_power": junk,
            "smart_plug_info.smartplug_list.*.current_power": junk,
            "home_load_power": junk,
            "retain_load": junk,
        },
    )
    await _poll(hass, entry, cloud, 300)
    await _poll(hass, entry, cloud, 300)
    assert coordinator.last_update_success
    states = _states(hass, entry)
    assert not {uid: s for uid, s in states.items() if s.lower() in NON_FINITE}
    for uid in power:  # numbers, or no number at all
        assert states[uid] in (STATE_UNAVAILABLE, STATE_UNKNOWN) or math.isfinite(
            float(states[uid])
        )
    cloud.faults.clear()
    await _poll(hass, entry, cloud, 300)
    states = _states(hass, entry)
    assert all(float(states[uid]) >= 0 for uid in power)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs", "x1_hes", "vehicles_account"])
async def test_fuzzed_replies_through_home_assistant(
    hass: HomeAssistant, cloud: SimCloud, caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    """Seeded fuzzing of every family the integration polls, 30 polls per scenario: the
    coordinator stays successful, no state is NaN/inf, nothing logs an error, and once the
    cloud answers clean again every entity that was available is available again."""
    entry = await setup_entry(hass, cloud, complete=True)
    coordinator = entry.runtime_data.coordinator
    before = _states(hass, entry)
    families = sorted({path for path in cloud.paths() if path != LOGIN})
    fuzzer = PayloadFuzzer(sum(map(ord, scenario)) * 7)
    for round_no in range(30):
        for endpoint in fuzzer.rng.sample(families, k=min(len(families), 3)):
            cloud.faults.add(endpoint, count=2, mutate=fuzzer.mutation(endpoint.rsplit("/", 1)[-1]))
        await _poll(hass, entry, cloud, fuzzer.rng.choice((60, 300, 900)))
        assert coordinator.last_update_success, (round_no, fuzzer.recent())
        states = _states(hass, entry)
        bad = {uid: s for uid, s in states.items() if s.lower() in NON_FINITE}
        assert not bad, (round_no, bad, fuzzer.recent())
        cloud.faults.clear()
    # at least 20 mutated answers reached the integration (detail groups and the bind list are
    # read at their own cadence, so some armed faults are never consumed)
    assert len(fuzzer.log) >= 20
    # detail groups are read at their own cadence (a changed answer: again after 30 min at most),
    # so an hour of clean details polls brings every value back
    for _ in range(6):
        await _details_poll(hass, entry, cloud)
    after = _states(hass, entry)
    lost = [
        uid
        for uid, s in before.items()
        if s != STATE_UNAVAILABLE and after.get(uid) == STATE_UNAVAILABLE
    ]
    assert not lost, lost
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
