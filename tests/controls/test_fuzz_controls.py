"""Seeded fuzzer of the control platforms' set methods through Home Assistant's actions.

Numbers, selects, switches, datetimes, times and buttons of several scenarios get random and
malformed values (wrong types, out of range, NaN, huge, empty, unknown keys, bad dates and times,
wrong targets), with cloud polling on and off. Each call either succeeds, is refused with a
translated `ServiceValidationError` (or Home Assistant's schema refusal) without a request, or
fails with a translated `HomeAssistantError` (see `tests.fuzzcheck`).
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import DOMAIN
from custom_components.anker_solix.solixapi import Endpoint
from tests.fuzzcheck import NASTY, FuzzReport, fuzz_call
from tests.integration.conftest import SimCloud, setup_entry

CALLS = 150
"""Calls per scenario (a few hundred over the scenarios)."""
SEED_OFFSET = int(os.environ.get("ANKER_FUZZ_SEED", "0"))
"""Explore other seeds locally (``ANKER_FUZZ_SEED=7``); the default run is fixed."""
SEEDS = {
    "sb2_ac_usetime_backup": 2701 + SEED_OFFSET,
    "sb1_dual_zero_switch": 2702 + SEED_OFFSET,
    "sb3_shelly_dynamic": 2703 + SEED_OFFSET,
    "vehicles_account": 2704 + SEED_OFFSET,
}
CONTROL_DOMAINS = (
    Platform.NUMBER,
    Platform.SELECT,
    Platform.SWITCH,
    Platform.DATETIME,
    Platform.TIME,
    Platform.BUTTON,
)
SERVICES: dict[str, tuple[str, ...]] = {
    Platform.NUMBER: ("set_value",),
    Platform.SELECT: (
        "select_option",
        "select_first",
        "select_last",
        "select_next",
        "select_previous",
    ),
    Platform.SWITCH: ("turn_on", "turn_off", "toggle"),
    Platform.DATETIME: ("set_value",),
    Platform.TIME: ("set_value",),
    Platform.BUTTON: ("press",),
}
DATA_KEYS: dict[str, str] = {
    "number.set_value": "value",
    "select.select_option": "option",
    "datetime.set_value": "datetime",
    "time.set_value": "time",
}
UPDATE_VEHICLE = Endpoint.UPDATE_VEHICLE
DATETIMES = (
    "2025-03-12T15:00:00+00:00",
    "2025-06-04T14:00:00+02:00",
    "2026-01-01T00:00:00+00:00",
    "2024-13-45T00:00:00",
    "2025-03-12T09:00:00+00:00",
)
TIMES = ("06:00:00", "22:30", "00:00:00", "23:59:59", "14:05", "25:00", "12:61")


def _controls(hass: HomeAssistant, entry: MockConfigEntry) -> list[str]:
    """The entity ids of the entry's controls (the cloud polling switch aside)."""
    entities = er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
    return sorted(
        entity.entity_id
        for entity in entities
        if entity.domain in CONTROL_DOMAINS and not entity.unique_id.endswith("_allow_refresh")
    )


def _polling_switch(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    found = er.async_get(hass).async_get_entity_id(
        "switch", DOMAIN, f"{entry.unique_id}_allow_refresh"
    )
    assert found is not None
    return found


class ControlFuzzer:
    """Random calls of the control services of one entry."""

    def __init__(self, hass: HomeAssistant, entry: MockConfigEntry, rng: random.Random) -> None:
        """Collect the controls once."""
        self.hass = hass
        self.rng = rng
        self.controls = _controls(hass, entry)
        assert self.controls

    def plausible(self, entity_id: str, key: str) -> Any:
        """A value the control may accept (its options, limits or a moment)."""
        state = self.hass.states.get(entity_id)
        attributes = state.attributes if state is not None else {}
        rng = self.rng
        if key == "option":
            options = list(attributes.get("options") or ["x"])
            return rng.choice(options)
        if key == "value":
            low, high = attributes.get("min", 0), attributes.get("max", 100)
            return rng.choice((low, high, (low + high) / 2, high + 1, low - 1))
        if key == "time":
            return rng.choice(TIMES)
        return rng.choice(DATETIMES)

    def call(self) -> tuple[str, str, dict[str, Any]]:
        """Domain, service and data of one random call."""
        rng = self.rng
        entity_id = rng.choice(self.controls)
        domain = entity_id.split(".", 1)[0]
        if rng.random() < 0.1:
            domain = rng.choice(CONTROL_DOMAINS)  # a wrong target for the service
        service = rng.choice(SERVICES[domain])
        data: dict[str, Any] = {"entity_id": entity_id}
        if rng.random() < 0.05:
            data["entity_id"] = rng.choice((f"{domain}.does_not_exist", "", ["x", 5]))
        key = DATA_KEYS.get(f"{domain}.{service}")
        if key is not None and rng.random() < 0.95:
            plausible = rng.random() < 0.5
            data[key] = self.plausible(entity_id, key) if plausible else rng.choice(NASTY)
        if rng.random() < 0.1:
            data[rng.choice(("unknown_key", "value", "option"))] = rng.choice(NASTY)
        return domain, service, data


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", sorted(SEEDS))
async def test_fuzz_control_set_methods(
    hass: HomeAssistant, cloud: SimCloud, scenario: str
) -> None:
    """A few hundred seeded control calls end as allowed (module docstring)."""
    entry = await setup_entry(hass, cloud, complete=True)
    rng = random.Random(SEEDS[scenario])
    fuzzer = ControlFuzzer(hass, entry, rng)
    report = FuzzReport()
    polling = _polling_switch(hass, entry)

    def requests() -> int:
        return len(cloud.recorder.records)

    paused = False
    for index in range(CALLS):
        if index == CALLS * 2 // 3:  # the last third runs with cloud polling off
            await hass.services.async_call("switch", "turn_off", {"entity_id": polling})
            await hass.async_block_till_done()
            paused = True
        domain, service, data = fuzzer.call()
        before = requests()

        async def call(domain: str = domain, service: str = service, data: Any = data) -> None:
            await hass.services.async_call(domain, service, data, blocking=True)

        label = f"seed {SEEDS[scenario]} #{index} {domain}.{service} {data!r}"
        await fuzz_call(report, label, call, requests)
        if paused and requests() != before:
            report.findings.append(f"{label}: sent a request while cloud polling is off")
        cloud.clock.advance(rng.choice((0, 0, 31, 601)))  # let cool-downs pass now and then
    report.check()
    assert report.calls == CALLS
    assert report.outcomes["ok"] > 0, report.outcomes
    assert report.outcomes["refused:anker_solix.cloud_polling_off"] > 0, report.outcomes


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", ["vehicles_account"])
async def test_vehicle_selects_without_options_or_unchanged(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """Found by the fuzzer: a select without options and a catalogue value chosen again.

    After a model change the variant has no options until a year is chosen: the select is
    unavailable (select_next used to raise ZeroDivisionError). The year the vehicle already has,
    missing from the new model's catalogue, is accepted as is (it used to be refused after a
    catalogue read) and nothing is written.
    """
    await setup_entry(hass, cloud, complete=True)
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.familienauto_model", "option": "e-Golf"},
        blocking=True,
    )
    variant = hass.states.get("select.familienauto_variant")
    assert variant is not None
    assert variant.state == "unavailable"
    before = len(cloud.recorder.records)
    await hass.services.async_call(
        "select", "select_next", {"entity_id": "select.familienauto_variant"}, blocking=True
    )
    assert len(cloud.recorder.records) == before

    year = hass.states.get("select.familienauto_production_year")
    assert year is not None
    assert year.attributes["options"] == ["2023"]
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.familienauto_production_year", "option": "2023"},
        blocking=True,
    )
    assert UPDATE_VEHICLE not in cloud.paths()[before:]
    year = hass.states.get("select.familienauto_production_year")
    assert year is not None
    assert year.state == "2023"
