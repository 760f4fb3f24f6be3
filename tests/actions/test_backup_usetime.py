"""AC backup charge window and time-of-use plan actions on the Solarbank 2 AC scenario."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from tests.actions.conftest import load
from tests.integration.conftest import SimCloud

SB2_AC = "5XFBDC1JWED7U4AX"
BASE_WINDOW = {"start_time": 1741771800, "end_time": 1741782600}
"""The scenario's window 10:30-13:30 CET on 2025-03-12 (active at the base time 11:05:30)."""

pytestmark = pytest.mark.parametrize("scenario", ["sb2_ac_usetime_backup"])


def _slot(start: int, end: int, tariff: int) -> dict[str, Any]:
    return {"start_time": start, "end_time": end, "type": tariff}


async def test_backup_switch_start_and_duration(hass: HomeAssistant, cloud: SimCloud) -> None:
    """Switch the window off, then set a new one by start and duration and switch it on."""
    loaded = await load(hass, cloud)
    await loaded.call("modify_solix_backup_charge", SB2_AC, enable_backup=False)
    assert loaded.stored("6", SB2_AC)["manual_backup"] == {
        "ranges": [BASE_WINDOW],
        "switch": False,
    }

    await loaded.call(
        "modify_solix_backup_charge",
        SB2_AC,
        enable_backup=True,
        backup_start="2025-03-12T15:00:00+01:00",
        backup_duration="02:00:00",
    )
    assert loaded.stored("6", SB2_AC)["manual_backup"] == {
        "ranges": [{"start_time": 1741788000, "end_time": 1741795200}],
        "switch": True,
    }
    device = loaded.entry.runtime_data.coordinator.data["devices"][SB2_AC]
    assert device["preset_manual_backup_start"] == 1741788000
    assert device["preset_backup_option"] is True


async def test_backup_start_in_local_time_defaults_to_three_hours(
    hass: HomeAssistant, cloud: SimCloud
) -> None:
    """A start without zone is Home Assistant's local time; the end defaults to 3 h later."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    loaded = await load(hass, cloud)
    await loaded.call("modify_solix_backup_charge", SB2_AC, backup_start="2025-03-12 16:00:00")
    window = loaded.stored("6", SB2_AC)["manual_backup"]["ranges"]
    assert window == [{"start_time": 1741791600, "end_time": 1741791600 + 3 * 3600}]


async def test_use_time_interval_set_and_deleted(hass: HomeAssistant, cloud: SimCloud) -> None:
    """A tariff interval with its price goes into the season; deleting it merges the gap."""
    loaded = await load(hass, cloud)
    second_season = loaded.stored("6", SB2_AC)["use_time"][1]
    await loaded.call(
        "modify_solix_use_time",
        SB2_AC,
        start_month="jan",
        end_month="jun",
        day_type="weekday",
        start_hour=17,
        end_hour=21,
        tariff="mid_peak",
        tariff_price=0.35,
    )
    season = loaded.stored("6", SB2_AC)["use_time"][0]
    assert season["weekday"] == [
        _slot(0, 6, 4),
        _slot(6, 17, 3),
        _slot(17, 21, 2),
        _slot(21, 24, 4),
    ]
    assert {"price": "0.35", "type": 2} in season["weekday_price"]
    assert season["weekend"] == [_slot(0, 8, 4), _slot(8, 24, 3)]
    assert loaded.stored("6", SB2_AC)["use_time"][1] == second_season

    await loaded.call(
        "modify_solix_use_time",
        SB2_AC,
        start_month=1,
        end_month=6,
        day_type="weekday",
        start_hour="17:00",
        end_hour="21:00",
        delete=True,
    )
    season = loaded.stored("6", SB2_AC)["use_time"][0]
    assert all(slot["type"] != 2 for slot in season["weekday"])
    assert [price["type"] for price in season["weekday_price"]] == [4, 3]
    response = await loaded.call("get_solarbank_schedule", SB2_AC, response=True)
    assert response["schedule"]["use_time"][0] == season
