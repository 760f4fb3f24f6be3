"""An X1 home energy system whose cloud answers are damaged: device entries without a serial,
a statistics answer without its charge levels. Polls go on, nothing crashes, the intact parts
are used, and the averages come back once the statistics answer again.

The library's poller against the simulator (x1_hes) over loopback HTTP.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from tests.loopback import served

DEV_INFO = "charging_hes_svc/get_hes_dev_info"
STATISTICS = "charging_hes_svc/get_energy_statistics"


def _damaged_devices(data: Any) -> Any:
    """The device list with extra entries the poller cannot place (no usable serial)."""
    data = copy.deepcopy(data)
    results = data["results"]
    results[0]["subDevInfo"].append({"pn": "A5220", "type": "pack", "aliasName": "Battery ?"})
    results.append({"pn": "A5103", "type": "pcs", "aliasName": "no serial"})
    results.append({"sn": 12345, "pn": "A5103", "type": "pcs"})
    results.append({"sn": "", "pn": "A5103", "type": "pcs"})
    return data


def _without_levels(data: Any) -> Any:
    """A statistics answer without the battery's charge levels."""
    data = copy.deepcopy(data)
    if isinstance(data, dict):
        data.pop("chargeLevel", None)
    return data


async def test_device_entries_without_a_serial_are_skipped(socket_enabled: None) -> None:
    """Exactly the devices of the intact answer; no entry for a missing or bad serial."""
    async with served("x1_hes") as clean:
        await clean.poller.update_sites()
        expected = set(clean.poller.devices)
    assert expected
    async with served("x1_hes") as loopback:
        loopback.sim.faults.add(DEV_INFO, mutate=_damaged_devices, count=10)
        await loopback.poller.update_sites()
        assert set(loopback.poller.devices) == expected
        json.dumps(loopback.poller.snapshot())
        (site,) = [s for s in loopback.poller.sites.values() if s.get("hes_info")]
        assert set(site["hes_info"]["hes_list"]) <= expected
        assert site["hes_info"]["main_sn"] in expected


async def test_averages_wait_for_charge_levels(socket_enabled: None) -> None:
    """Without charge levels no average is made up (a clean first poll has them at once);
    once the answer carries them again (on the next check), the main device gets them."""
    async with served("x1_hes") as loopback:
        loopback.sim.faults.add(STATISTICS, mutate=_without_levels, count=10**6)
        await loopback.poller.update_sites()
        asked = [r for r in loopback.sim.recorder.records if r.path == STATISTICS]
        assert asked, "the statistics were read (and answered without levels)"
        assert not [e for e in loopback.poller.devices.values() if e.get("average_power")]
        loopback.sim.faults.clear()
        for _ in range(30):
            loopback.sim.clock.advance(60)
            await loopback.poller.update_sites()
            if [e for e in loopback.poller.devices.values() if e.get("average_power")]:
                break
        found = [e for e in loopback.poller.devices.values() if e.get("average_power")]
        assert len(found) == 1
        assert found[0]["average_power"].get("valid_time")
