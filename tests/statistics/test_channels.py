"""The solar production per Solarbank input: the cloud's breakdown (§7.1) as statistics.

The Solarbank 2 of the history scenario has two solar inputs; their statistics are imported
with the rest, named after the Solarbank, and each day they add up to the system's solar
production, which equals the simulator's daily value.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.anker_solix.const import OPT_HISTORY_DAYS
from custom_components.anker_solix.statistics import HISTORY_JOBS
from custom_components.anker_solix.statistics.series import statistic_id
from tests.integration.conftest import SimCloud, setup_entry

from .test_history import _daily_changes

DAYS = 6
TOLERANCE = 0.01
CHANNELS = {"solar_production_pv1": "pv1", "solar_production_pv2": "pv2"}


async def test_solar_inputs_add_up_to_the_system(
    history_hass: HomeAssistant, history_cloud: SimCloud, hass_ws_client: WebSocketGenerator
) -> None:
    """Every day: each input equals the simulator's, the inputs sum to the system's solar."""
    hass, cloud = history_hass, history_cloud
    entry = await setup_entry(hass, cloud, options={OPT_HISTORY_DAYS: DAYS})
    await hass.async_block_till_done(wait_background_tasks=True)
    job = hass.data[HISTORY_JOBS][entry.entry_id]
    site_id = next(iter(job.sites()))
    today = job.now().date()
    first, last = today - timedelta(days=DAYS), today - timedelta(days=1)
    ids = {key: statistic_id(site_id, key) for key in (*CHANNELS, "solar_production")}
    changes = await _daily_changes(hass, hass_ws_client, list(ids.values()), first, last)
    checked = 0
    day = first
    while day <= last:
        record = cloud.sim.energy.record(site_id, day)
        inputs = 0.0
        for key, quantity in CHANNELS.items():
            got = changes[ids[key]][day]
            assert got == pytest.approx(record[quantity], abs=TOLERANCE), (key, day)
            inputs += got
        system = changes[ids["solar_production"]][day]
        assert inputs == pytest.approx(system, abs=TOLERANCE), day
        assert system == pytest.approx(record["solar"], abs=TOLERANCE), day
        assert system > 0.1
        checked += 1
        day += timedelta(days=1)
    assert checked == DAYS

    # Named after the Solarbank (the system's only one) with the translated input name.
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "recorder/list_statistic_ids", "statistic_type": "sum"})
    answer = await client.receive_json()
    names = {row["statistic_id"]: row["name"] for row in answer["result"]}
    banks = [
        d
        for d in entry.runtime_data.coordinator.data["devices"].values()
        if d.get("type") == "solarbank" and d.get("site_id") == site_id
    ]
    assert len(banks) == 1
    bank_name = banks[0].get("alias") or banks[0].get("name")
    assert names[ids["solar_production_pv1"]] == f"{bank_name} PV 1 production"
    # Inputs the Solarbank does not have get no statistic.
    assert statistic_id(site_id, "solar_production_pv3") not in names
