"""Backup charge times of an AC Solarbank whose plan holds no backup window yet: setting the end
starts the window now, setting the start writes a start the library completes.

Scenario sb2_ac_usetime_backup (2025-03-12 11:05:30 CET) with ``manual_backup`` removed from the
simulator's plan before the entry loads; Home Assistant runs in Europe/Berlin.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from tests.controls.roundtrip import Case, call
from tests.entities.conftest import LoadPlatform, load_platform
from tests.integration.conftest import SimCloud, cloud

__all__ = ["cloud", "load_platform"]

BACKUP = "sb2_ac_usetime_backup"
PLAN = "device_parm_6_10f9b989-4cef-bd3a-c6c9-0bd6b08e0fcf"
FROM = "time.garage_ac_backup_charge_from"
UNTIL = "time.garage_ac_backup_charge_until"
WRITE = "power_service/v1/site/set_site_device_param"
NOW = int(datetime.fromisoformat("2025-03-12T11:05:30+01:00").timestamp())


def _ts(text: str) -> int:
    """Unix seconds of a CET local time ``YYYY-MM-DD HH:MM``."""
    return int(datetime.fromisoformat(f"{text}:00+01:00").timestamp())


def _windows(cloud: SimCloud, before: int) -> list[tuple[int, int]]:
    """The backup windows (start, end) written since ``before``."""
    found = []
    for record in cloud.recorder.records[before:]:
        if record.path == WRITE:
            window = json.loads(record.body["param_data"])["manual_backup"]["ranges"][0]
            found.append((window["start_time"], window["end_time"]))
    return found


async def _load_without_window(
    hass: HomeAssistant, cloud: SimCloud, load_platform: LoadPlatform
) -> MockConfigEntry:
    envelope = cloud.sim.store.get(PLAN)
    assert envelope is not None
    plan = json.loads(envelope["data"]["param_data"])
    plan.pop("manual_backup")
    envelope["data"]["param_data"] = json.dumps(plan)
    cloud.sim.store.put(PLAN, envelope)
    await hass.config.async_set_time_zone("Europe/Berlin")
    return await load_platform(Platform.TIME)


async def _set(hass: HomeAssistant, entity_id: str, value: str) -> None:
    await call(hass, Case(BACKUP, Platform.TIME, entity_id, "time.set_value", {"time": value}))


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_until_without_a_window_starts_it_now(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """No window stored: the end is today's 15:00, the start is the current minute."""
    await _load_without_window(hass, cloud, load_platform)
    assert hass.states.get(UNTIL).state == "unknown"
    before = len(cloud.recorder.records)
    await _set(hass, UNTIL, "15:00:00")
    [(start, end)] = _windows(cloud, before)
    assert end == _ts("2025-03-12 15:00")
    assert NOW - 60 <= start <= NOW + 60
    assert hass.states.get(UNTIL).state == "15:00:00"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_from_without_a_window_writes_the_start(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """No window stored: the start is today's 12:00, the library gives it an end after it."""
    await _load_without_window(hass, cloud, load_platform)
    assert hass.states.get(FROM).state == "unknown"
    before = len(cloud.recorder.records)
    await _set(hass, FROM, "12:00:00")
    [(start, end)] = _windows(cloud, before)
    assert start == _ts("2025-03-12 12:00")
    assert end > start
    assert hass.states.get(FROM).state == "12:00:00"
