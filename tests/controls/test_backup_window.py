"""Backup (AC charge) window as two times of day: set start and end, refusals, what the cloud got.

Scenario sb2_ac_usetime_backup at 2025-03-12 11:05:30 CET with the window 10:30-13:30 CET
switched on and running; Home Assistant runs in Europe/Berlin here.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.anker_solix.const import DOMAIN
from tests.controls.roundtrip import Case, call
from tests.entities.conftest import LoadPlatform
from tests.integration.conftest import SimCloud, setup_entry

FROM = "time.garage_ac_backup_charge_from"
UNTIL = "time.garage_ac_backup_charge_until"
START_DATE = "datetime.garage_ac_backup_charge_from_date"
END_DATE = "datetime.garage_ac_backup_charge_until_date"
WRITE = "power_service/v1/site/set_site_device_param"
BACKUP = "sb2_ac_usetime_backup"


def _ts(text: str) -> int:
    """Unix seconds of a CET/CEST local time ``YYYY-MM-DD HH:MM``."""
    offset = "+01:00" if text < "2025-03-30" else "+02:00"
    return int(datetime.fromisoformat(f"{text}:00{offset}").timestamp())


def _written(cloud: SimCloud, before: int) -> list[tuple[int, int]]:
    """The backup windows (start, end) the cloud received since ``before``."""
    windows = []
    for record in cloud.recorder.records[before:]:
        if record.path != WRITE:
            continue
        backup = json.loads(record.body["param_data"])["manual_backup"]
        window = backup["ranges"][0]
        windows.append((window["start_time"], window["end_time"]))
    return windows


async def _set(hass: HomeAssistant, entity_id: str, value: str) -> None:
    await call(hass, Case(BACKUP, Platform.TIME, entity_id, "time.set_value", {"time": value}))


async def _load(hass: HomeAssistant, load_platform: LoadPlatform) -> MockConfigEntry:
    await hass.config.async_set_time_zone("Europe/Berlin")
    return await load_platform(Platform.TIME)


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_times_show_the_window_in_local_time(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """The stored window (Unix seconds) reads as today's 10:30 to 13:30 in Berlin."""
    await _load(hass, load_platform)
    assert hass.states.get(FROM).state == "10:30:00"
    assert hass.states.get(UNTIL).state == "13:30:00"
    assert hass.states.get(FROM).name == "Garage AC Backup charge from"
    assert hass.states.get(UNTIL).name == "Garage AC Backup charge until"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_until_moves_only_the_end_of_the_running_window(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """The window began at 10:30 (in the past): only the end changes, the start is kept."""
    await _load(hass, load_platform)
    before = len(cloud.recorder.records)
    await _set(hass, UNTIL, "14:00:00")
    assert _written(cloud, before) == [(_ts("2025-03-12 10:30"), _ts("2025-03-12 14:00"))]
    assert hass.states.get(UNTIL).state == "14:00:00"
    assert hass.states.get(FROM).state == "10:30:00"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_from_keeps_the_end_time(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """A later start today; the end stays at 13:30."""
    await _load(hass, load_platform)
    before = len(cloud.recorder.records)
    await _set(hass, FROM, "12:00:00")
    assert _written(cloud, before) == [(_ts("2025-03-12 12:00"), _ts("2025-03-12 13:30"))]
    assert hass.states.get(FROM).state == "12:00:00"
    assert hass.states.get(UNTIL).state == "13:30:00"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_end_time_before_start_time_means_the_next_day(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """From 22:00 until 06:00 is a night window ending tomorrow morning."""
    await _load(hass, load_platform)
    before = len(cloud.recorder.records)
    await _set(hass, FROM, "22:00:00")
    await _set(hass, UNTIL, "06:00:00")
    assert _written(cloud, before) == [
        (_ts("2025-03-12 22:00"), _ts("2025-03-13 13:30")),
        (_ts("2025-03-12 22:00"), _ts("2025-03-13 06:00")),
    ]
    assert hass.states.get(FROM).state == "22:00:00"
    assert hass.states.get(UNTIL).state == "06:00:00"


@pytest.mark.parametrize("scenario", [BACKUP])
@pytest.mark.parametrize(
    ("entity_id", "value", "reason"),
    [
        (FROM, "09:00:00", "backup_start_past"),
        (FROM, "13:30:00", "backup_end_before_start"),
        (FROM, "13:27:00", "backup_window_too_short"),
        (UNTIL, "11:00:00", "backup_end_past"),
    ],
    ids=["start-in-the-past", "start-equals-end", "shorter-than-5-min", "end-in-the-past"],
)
async def test_refused_window_writes_nothing(
    hass: HomeAssistant,
    load_platform: LoadPlatform,
    cloud: SimCloud,
    entity_id: str,
    value: str,
    reason: str,
) -> None:
    """The library's translated reason; the plan is not written; both times stay."""
    await _load(hass, load_platform)
    before = len(cloud.recorder.records)
    with pytest.raises(ServiceValidationError) as caught:
        await _set(hass, entity_id, value)
    assert (caught.value.translation_domain, caught.value.translation_key) == (DOMAIN, reason)
    assert _written(cloud, before) == []
    assert WRITE not in cloud.paths()[before:]
    assert hass.states.get(FROM).state == "10:30:00"
    assert hass.states.get(UNTIL).state == "13:30:00"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_ended_window_is_set_for_today(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """A day later yesterday's window has ended: a new start is today's, not the old day's."""
    entry = await _load(hass, load_platform)
    cloud.clock.advance(24 * 3600)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    before = len(cloud.recorder.records)
    await _set(hass, FROM, "12:00:00")
    assert _written(cloud, before) == [(_ts("2025-03-13 12:00"), _ts("2025-03-13 13:30"))]


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", [BACKUP])
async def test_date_entities_show_and_set_the_full_window(
    hass: HomeAssistant, load_platform: LoadPlatform, cloud: SimCloud
) -> None:
    """The date-and-time entities (disabled by default) keep working for other days."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await load_platform(Platform.DATETIME)
    assert hass.states.get(START_DATE).state == "2025-03-12T09:30:00+00:00"
    before = len(cloud.recorder.records)
    case = Case(
        BACKUP,
        Platform.DATETIME,
        END_DATE,
        "datetime.set_value",
        {"datetime": "2025-03-13T09:00:00+01:00"},
    )
    await call(hass, case)
    assert _written(cloud, before) == [(_ts("2025-03-12 10:30"), _ts("2025-03-13 09:00"))]
    assert hass.states.get(END_DATE).state == "2025-03-13T08:00:00+00:00"


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_date_entities_are_disabled_by_default(
    hass: HomeAssistant, load_platform: LoadPlatform, entity_registry: er.EntityRegistry
) -> None:
    """New installs get the time entities; the date-and-time ones exist but are disabled."""
    await load_platform(Platform.DATETIME)
    for entity_id in (START_DATE, END_DATE):
        entity = entity_registry.async_get(entity_id)
        assert entity is not None
        assert entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
        assert hass.states.get(entity_id) is None


@pytest.mark.parametrize("scenario", [BACKUP])
async def test_time_platform_is_set_up_with_the_integration(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """The time platform is one of the integration's platforms (not only in tests)."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    await setup_entry(hass, cloud)
    assert hass.states.get(FROM).state == "10:30:00"
