"""Seeded fuzzer of every action: random and malformed fields, wrong targets, unknown keys.

Each call either succeeds, is refused with a translated `ServiceValidationError` (or Home
Assistant's own schema refusal) without a request, or fails with a translated
`HomeAssistantError` — never a bare `ValueError`/`KeyError`/`TypeError` (see `tests.fuzzcheck`).
The actions and their fields are read from services.yaml, so a new action is fuzzed as well.
"""

from __future__ import annotations

import os
import random
from functools import cache
from typing import Any

import pytest
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er

from custom_components.anker_solix.const import DOMAIN
from tests.actions.conftest import Loaded, load
from tests.conftest import REPO
from tests.fuzzcheck import NASTY, FuzzReport, fuzz_call
from tests.integration.conftest import SimCloud

CALLS = 160
"""Calls per scenario (a few hundred over both)."""
SEED_OFFSET = int(os.environ.get("ANKER_FUZZ_SEED", "0"))
"""Explore other seeds locally (``ANKER_FUZZ_SEED=7``); the default run is fixed."""
SEEDS = {"sb2_ac_usetime_backup": 1701 + SEED_OFFSET, "sb1_single": 1702 + SEED_OFFSET}
SUPPORT_ENTRY_ACTIONS = ("api_request", "export_systems")
ENDPOINTS = (
    "power_service/v1/site/get_site_list",
    "power_service/v1/site/get_scen_info",
    "power_service/v1/site/get_site_device_param",
    "power_service/v1/site/set_site_device_param",
    "/power_service/v1/app/get_relate_and_bind_devices",
    "passport/login",
    "../power_service/v1/site/get_site_list",
    "https://example.com/power_service/x",
    "power_service//v1",
)
FIELD_VALUES: dict[str, tuple[Any, ...]] = {
    "start_time": ("00:00", "08:00:00", "14:30", "23:00"),
    "end_time": ("06:00", "12:00:00", "23:59", "24:00"),
    "appliance_load": (0, 100, 250, 800),
    "device_load": (50, 150, 400),
    "charge_priority_limit": (0, 80, 100),
    "plan": ("custom_rate_plan", "blend_plan", "manual_backup", "use_time"),
    "week_days": ("mon", ["sat", "sun"], [0, 6], "mon,fri"),
    "backup_start": ("2025-03-12T15:00:00+00:00", "2025-03-12 18:00:00"),
    "backup_end": ("2025-03-12T17:00:00+00:00", "2025-03-12 20:00:00"),
    "backup_duration": ("01:00:00", 1800, {"hours": 2}),
    "start_month": ("jan", 3, "jul"),
    "end_month": ("jun", 12, "dec"),
    "day_type": ("weekday", "weekend", "all"),
    "start_hour": (0, 6, "17:00"),
    "end_hour": (12, 24, "21:00"),
    "tariff": ("peak", "valley", 2),
    "tariff_price": (0.2, "0.35", 1),
    "method": ("get", "post", "POST"),
    "endpoint": ENDPOINTS,
    "payload": ({}, {"site_id": "x"}, None),
    "include_fresh": (True, False),
    "enable_backup": (True, False, "on"),
    "delete": (True, False),
    "allow_export": (True, False),
    "discharge_priority": (True, False),
}
"""Plausible values per field, mixed with the nasty ones so some calls reach the cloud."""


@cache
def action_fields() -> dict[str, tuple[str, ...]]:
    """Every action of services.yaml and its fields (section fields included)."""
    path = REPO / "custom_components" / "anker_solix" / "services.yaml"
    actions = yaml.safe_load(path.read_text(encoding="utf-8"))
    result: dict[str, tuple[str, ...]] = {}
    for action, spec in actions.items():
        names: list[str] = []
        for name, value in ((spec or {}).get("fields") or {}).items():
            if isinstance(value, dict) and "fields" in value:
                names += list(value["fields"])
            else:
                names.append(name)
        result[action] = tuple(names)
    return result


class ActionFuzzer:
    """Random calls of every action against one loaded entry."""

    def __init__(self, loaded: Loaded, rng: random.Random) -> None:
        """Collect the targets of the entry (devices, entities) once."""
        self.loaded = loaded
        self.rng = rng
        hass = loaded.hass
        devices = dr.async_entries_for_config_entry(dr.async_get(hass), loaded.entry.entry_id)
        self.device_ids = [device.id for device in devices]
        solarbanks = [
            sn
            for sn, entry in loaded.entry.runtime_data.coordinator.data["devices"].items()
            if entry.get("type") == "solarbank"
        ]
        self.solarbank_ids = [loaded.device_id(sn) for sn in solarbanks] or self.device_ids
        entities = er.async_entries_for_config_entry(er.async_get(hass), loaded.entry.entry_id)
        self.entity_ids = [entity.entity_id for entity in entities]

    def target(self) -> dict[str, Any]:
        """A right or wrong target: one Solarbank, another device, entities, junk."""
        rng = self.rng
        choice = rng.randrange(10)
        if choice < 4:
            return {"device_id": rng.choice(self.solarbank_ids)}
        if choice == 4:
            return {"device_id": rng.choice(self.device_ids)}
        if choice == 5:
            return {"entity_id": rng.choice(self.entity_ids)}
        if choice == 6:
            return {"device_id": rng.sample(self.device_ids, min(2, len(self.device_ids)))}
        if choice == 7:
            return {"entity_id": "sensor.does_not_exist"}
        if choice == 8:
            return {"device_id": rng.choice(("nope", "", "all", "none"))}
        return {}

    def value(self, name: str, nasty: float) -> Any:
        """A plausible value of the field, or (with probability ``nasty``) a nasty one."""
        plausible = FIELD_VALUES.get(name)
        if plausible and self.rng.random() >= nasty:
            return self.rng.choice(plausible)
        return self.rng.choice(NASTY)

    def data(self, action: str) -> dict[str, Any]:
        """Fields of one call: a random subset, sometimes an unknown key."""
        rng = self.rng
        data: dict[str, Any] = {}
        # Half the calls are nearly valid (they reach the library and the cloud), half are wild.
        nasty = rng.choice((0.1, 0.7))
        if action in SUPPORT_ENTRY_ACTIONS:
            entry_id = self.loaded.entry.entry_id
            data["config_entry_id"] = rng.choice((entry_id, entry_id, "nope", "", 5, None))
        elif nasty < 0.5:
            data["device_id"] = rng.choice(self.solarbank_ids)
        else:
            data.update(self.target())
        for name in action_fields()[action]:
            if name != "config_entry_id" and rng.random() < 0.6:
                data[name] = self.value(name, nasty)
        if rng.random() < 0.1:
            data[rng.choice(("unknown_key", "sb1_fields", "value"))] = rng.choice(NASTY)
        own_entry = data.get("config_entry_id") == self.loaded.entry.entry_id
        if action == "export_systems" and own_entry and rng.random() < 0.9:
            # A full export reads every endpoint: mostly fuzz its refusals.
            data["config_entry_id"] = "not_loaded"
        return data


@pytest.mark.parametrize("scenario", sorted(SEEDS))
async def test_fuzz_every_action(hass: HomeAssistant, cloud: SimCloud, scenario: str) -> None:
    """A few hundred seeded calls of every action end as allowed (module docstring)."""
    loaded = await load(hass, cloud)
    registered = hass.services.async_services_for_domain(DOMAIN)
    assert set(action_fields()) == set(registered), "services.yaml lists every action"
    rng = random.Random(SEEDS[scenario])
    fuzzer = ActionFuzzer(loaded, rng)
    report = FuzzReport()
    actions = sorted(action_fields())
    for index in range(CALLS):
        action = actions[index % len(actions)] if index < len(actions) else rng.choice(actions)
        data = fuzzer.data(action)
        response = hass.services.supports_response(DOMAIN, action).value != "none"

        async def call(
            action: str = action, data: dict[str, Any] = data, response: bool = response
        ) -> Any:
            return await hass.services.async_call(
                DOMAIN, action, data, blocking=True, return_response=response
            )

        label = f"seed {SEEDS[scenario]} #{index} {action} {data!r}"
        await fuzz_call(report, label, call, loaded.requests)
        cloud.clock.advance(rng.choice((0, 0, 31, 601)))  # let cool-downs pass now and then
    report.check()
    assert report.calls == CALLS
    # The fuzzer reaches both ends: accepted calls and refusals.
    assert report.outcomes["ok"] > 0, report.outcomes
    assert sum(n for key, n in report.outcomes.items() if key.startswith("refused:")) > 0


@pytest.mark.parametrize(
    ("error", "finding"),
    [
        (ValueError("hour must be in 0..23"), "ValueError"),
        (KeyError("start"), "KeyError"),
        (HomeAssistantError("no translation"), "untranslated"),
        (
            ServiceValidationError(translation_domain=DOMAIN, translation_key="not_a_key"),
            "no translation",
        ),
        (
            ServiceValidationError(translation_domain=DOMAIN, translation_key="invalid_time"),
            "lacks placeholders",
        ),
    ],
)
async def test_the_checker_reports_what_breaks_the_rules(error: Exception, finding: str) -> None:
    """The fuzzers can fail: bare and untranslated errors, unknown keys, missing placeholders."""
    report = FuzzReport()

    async def call() -> None:
        raise error

    await fuzz_call(report, "call", call, lambda: 0)
    assert len(report.findings) == 1
    assert finding in report.findings[0]


async def test_the_checker_reports_a_refusal_that_sent_a_request() -> None:
    report = FuzzReport()
    sent = iter((0, 1))

    async def call() -> None:
        raise ServiceValidationError(translation_domain=DOMAIN, translation_key="target_missing")

    await fuzz_call(report, "call", call, lambda: next(sent))
    assert report.findings == ["call: refused (target_missing) but sent a request"]
