"""A scene that names a device not seen before makes the next live poll read the site list."""

from __future__ import annotations

import copy
from typing import Any

from custom_components.anker_solix.solixapi.cloud import Endpoint
from tests.loopback import Loopback, served

LIST, SCENE = Endpoint.GET_SITE_LIST, Endpoint.GET_SCEN_INFO
BIND = Endpoint.GET_RELATE_AND_BIND_DEVICES
NEW_SN = "NEWBANK000000001"


def _count(loopback: Loopback, path: str) -> int:
    return sum(1 for record in loopback.sim.recorder.records if record.path == path)


def _with_new_bank(data: Any) -> Any:
    """The scene answer with one more Solarbank (a copy of the first with a new serial)."""
    banks = data["solarbank_info"]["solarbank_list"]
    bank = copy.deepcopy(banks[0])
    bank["device_sn"] = NEW_SN
    banks.append(bank)
    return data


async def test_an_unknown_device_in_a_scene_reads_the_site_list_early(
    socket_enabled: None,
) -> None:
    """Live polls leave the list out until a scene names a new device; then the next poll reads
    it once (no wait for the details cycle), and later polls leave it out again."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        for _ in range(2):
            clock.advance(300)
            await poller.update_sites()
        assert _count(loopback, LIST) == 1
        loopback.sim.faults.add(SCENE, mutate=_with_new_bank, count=1000)
        clock.advance(300)
        await poller.update_sites()
        assert NEW_SN in poller.devices
        assert _count(loopback, LIST) == 1  # the scene came after this poll's list step
        clock.advance(300)
        await poller.update_sites()
        assert _count(loopback, LIST) == 2  # early: no details poll in between
        for _ in range(2):
            clock.advance(300)
            await poller.update_sites()
        assert _count(loopback, LIST) == 2  # known now: no more list reads on live polls


async def test_a_new_device_reads_the_bind_list_at_the_next_details_poll(
    socket_enabled: None,
) -> None:
    """The bind list follows its answers (unchanged: ever later), but a device not seen before
    makes the next details poll read it, whatever its interval."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        await poller.update_device_details()
        for _ in range(3):  # 10 min: read, then unchanged: 20 min
            clock.advance(600)
            await poller.update_device_details()
        binds = _count(loopback, BIND)
        clock.advance(600)
        await poller.update_device_details()
        assert _count(loopback, BIND) == binds  # not due yet
        loopback.sim.faults.add(SCENE, mutate=_with_new_bank, count=1000)
        clock.advance(60)
        await poller.update_sites()
        await poller.update_device_details()
        assert _count(loopback, BIND) == binds + 1
