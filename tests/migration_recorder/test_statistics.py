"""History and long-term statistics continue under the entity ids of the community's rows.

The recorder runs (``recorder_mock``). Before our setup the database holds long-term statistics
of their rows: the daily solar energy (kWh, total increasing) and both rows of a ``_2`` pair
their 3.4 rename left (the ``_2`` row holding the longer history). After our setup the row with
the longer history carries our entity, the statistics of the next hour are compiled under the
same statistic id with the same unit and state class, and the recorder raises no issue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any

import pytest
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticMeanType, StatisticMetaData
from homeassistant.components.recorder.statistics import (
    async_import_statistics,
    get_metadata,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
    do_adhoc_statistics,
)

from custom_components.anker_solix.const import DOMAIN
from tests.integration.conftest import SimCloud
from tests.migration.legacy import OPTIONS_38, LegacyRow, add_device, add_rows, legacy_entry

SITE = "24614b6c-ddaf-04a6-2cc1-f9141b7eeff7"
BANK = "961JPFEHEZLL1HAC"
ENERGY = "sensor.system_stadtwohnung_taglicher_solarertrag"
POWER_OLD = "sensor.solarbank_plus_akkuleistung"
POWER_NEW = "sensor.solarbank_plus_akkuleistung_2"


def _metadata(statistic_id: str, unit: str, *, total: bool) -> StatisticMetaData:
    """Recorder metadata of a sensor statistic (``unit_class`` where the release has it)."""
    meta: dict[str, Any] = {
        "mean_type": StatisticMeanType.NONE if total else StatisticMeanType.ARITHMETIC,
        "has_sum": total,
        "name": None,
        "source": "recorder",
        "statistic_id": statistic_id,
        "unit_of_measurement": unit,
    }
    if "unit_class" in StatisticMetaData.__annotations__:
        meta["unit_class"] = "energy" if unit == "kWh" else "power"
    return meta  # type: ignore[return-value]


def _rows(end: datetime, hours: int, *, total: bool) -> list[dict[str, Any]]:
    """Hourly rows ending before ``end``."""
    rows = []
    for index in range(hours):
        start = end - timedelta(hours=hours - index)
        if total:
            rows.append({"start": start, "state": 0.1 * index, "sum": 0.1 * index})
        else:
            rows.append({"start": start, "mean": 100.0, "min": 0.0, "max": 200.0})
    return rows


@pytest.mark.parametrize("scenario", ["sb2_plus_plugs"])
async def test_statistics_continue(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    cloud: SimCloud,
) -> None:
    """Same statistic ids, units and state classes; the longer history wins a `_2` pair."""
    # Home Assistant's own clock (moving it back to the scenario's time upsets the recorder of
    # the 2026 test harness at teardown); the simulator keeps its clock.
    now = dt_util.utcnow().replace(minute=0, second=0, microsecond=0)
    entry = legacy_entry(cloud, version=2, minor_version=1, options=OPTIONS_38, title="x")
    entry.add_to_hass(hass)
    acc = add_device(hass, entry, cloud.account["email"], "sol*** (DE)", "Account")
    site = add_device(hass, entry, SITE, "System Stadtwohnung", "Solarbank Site", acc)
    bank = add_device(hass, entry, BANK, "Solarbank Plus", "Solarbank 2 E1600 Plus", site)
    add_rows(
        hass,
        entry,
        {cloud.account["email"].lower(): acc, SITE: site, BANK.lower(): bank},
        [
            LegacyRow("sensor", SITE, "daily_solar_production", ENERGY.split(".")[1]),
            LegacyRow("sensor", BANK, "charging_power", POWER_OLD.split(".")[1]),
            LegacyRow("sensor", BANK, "battery_power_signed", POWER_OLD.split(".")[1]),
        ],
    )
    async_import_statistics(hass, _metadata(ENERGY, "kWh", total=True), _rows(now, 48, total=True))
    async_import_statistics(
        hass, _metadata(POWER_OLD, "W", total=False), _rows(now, 5, total=False)
    )
    async_import_statistics(
        hass, _metadata(POWER_NEW, "W", total=False), _rows(now, 30, total=False)
    )
    await async_wait_recording_done(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()

    registry = er.async_get(hass)
    assert registry.async_get(POWER_NEW).unique_id == f"{BANK}_battery_power"  # type: ignore[union-attr]
    assert registry.async_get(POWER_OLD).unique_id == f"{BANK.lower()}_charging_power"  # type: ignore[union-attr]
    assert registry.async_get(ENERGY).unique_id == f"{SITE}_daily_solar_production"  # type: ignore[union-attr]
    energy = hass.states.get(ENERGY)
    assert energy is not None
    assert energy.attributes["unit_of_measurement"] == "kWh"
    assert energy.attributes["state_class"] == "total_increasing"
    power = hass.states.get(POWER_NEW)
    assert power is not None
    assert power.attributes["unit_of_measurement"] == "W"
    assert power.attributes["state_class"] == "measurement"

    # The hour after setup is compiled under the same statistic ids.
    await async_wait_recording_done(hass)
    do_adhoc_statistics(hass, start=now + timedelta(minutes=55))
    await async_wait_recording_done(hass)
    found = await recorder_mock.async_add_executor_job(
        statistics_during_period,
        hass,
        now,
        None,
        {ENERGY, POWER_NEW},
        "hour",
        None,
        {"sum", "mean", "state"},
    )
    assert [row["start"] for row in found[ENERGY]] == [now.timestamp()]
    assert found[ENERGY][0]["sum"] is not None
    assert [row["start"] for row in found[POWER_NEW]] == [now.timestamp()]
    metadata = await recorder_mock.async_add_executor_job(
        partial(get_metadata, hass, statistic_ids={ENERGY, POWER_NEW})
    )
    assert metadata[ENERGY][1]["unit_of_measurement"] == "kWh"
    assert metadata[ENERGY][1]["has_sum"] is True
    assert metadata[POWER_NEW][1]["unit_of_measurement"] == "W"
    assert metadata[POWER_NEW][1]["mean_type"] is StatisticMeanType.ARITHMETIC
    issues = [key for key in ir.async_get(hass).issues if key[0] in ("sensor", "recorder")]
    assert issues == []
    assert not [key for key in ir.async_get(hass).issues if key[0] == DOMAIN and "files" in key[1]]
