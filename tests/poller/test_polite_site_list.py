"""The site list and the energy over loopback HTTP: read at the cadence their answers change.

The site list is a detail group (10 min, doubling while unchanged up to 1 h): a new or removed
system still shows within that bound, and a device the bind list or a scene names for the
first time makes the next live poll read it at once. A site's daily energy is read on every
energy poll while it changes, ever less often (up to hourly) while it stands still, and at once
when its energy day turns.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from custom_components.anker_solix.solixapi.cloud import Endpoint
from custom_components.anker_solix.solixapi.poll import SolixPoller
from tests.loopback import Loopback, served

CYCLE = 600.0
LONGEST = 3600.0
LIST, BIND = Endpoint.GET_SITE_LIST, Endpoint.GET_RELATE_AND_BIND_DEVICES
ENERGY = Endpoint.ENERGY_ANALYSIS
NEW_SITE = "0a1b2c3d-0000-4000-8000-00000000cafe"
NEW_SN = "NEWBOUND00000001"
SB1_UTC_OFFSET = 3600


def _count(loopback: Loopback, path: str) -> int:
    return sum(1 for record in loopback.sim.recorder.records if record.path == path)


async def _cycle(poller: SolixPoller) -> None:
    """One live poll with details, as the scheduler plans them every details interval."""
    await poller.update_sites()
    await poller.update_device_details()
    await poller.update_site_details()


def _with_new_site(data: Any) -> Any:
    """The site list with one more system (a copy of the first under a new id, no devices)."""
    site = copy.deepcopy(data["site_list"][0])
    site.update({"site_id": NEW_SITE, "site_name": "Gartenhaus", "site_device_list": []})
    data["site_list"].append(site)
    return data


def _with_new_bound_device(data: Any) -> Any:
    """The bind list with one more device (a copy of the first with a new serial)."""
    item = copy.deepcopy(data["data"][0])
    item["device_sn"] = NEW_SN
    data["data"].append(item)
    return data


async def test_unchanged_site_list_is_read_ever_less_often(socket_enabled: None) -> None:
    """Three hours of details polls every 10 min: an unchanged list is read at 10, 30, 70,
    130 min …, at most hourly (not on each of the 18 details polls), and live polls leave it
    out."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await _cycle(poller)
        assert _count(loopback, LIST) == 1  # the first poll's list serves its details
        for _ in range(18):
            clock.advance(CYCLE)
            await _cycle(poller)
        reads = _count(loopback, LIST)
        assert 4 <= reads <= 1 + 3 + 2  # 10, 30, 70 min, then hourly (130, 190 min)
        assert poller.detail_groups["intervals"]["site_list"] == LONGEST
        for _ in range(4):  # live polls in between read no list
            clock.advance(60)
            await poller.update_sites()
        assert _count(loopback, LIST) == reads


async def test_a_new_system_shows_within_the_longest_interval(socket_enabled: None) -> None:
    """After the list backed off to hourly, a system added in the app is in the caches within
    an hour plus the next live poll, found by the list read that first sees it; removed, it
    leaves as soon."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await _cycle(poller)
        for _ in range(12):
            clock.advance(CYCLE)
            await _cycle(poller)
        assert poller.detail_groups["intervals"]["site_list"] == LONGEST
        reads = _count(loopback, LIST)
        loopback.sim.faults.add(LIST, mutate=_with_new_site, count=1000)
        added = clock.now()
        while True:
            # the list read that names it (within the hour), its scene at the next live poll
            assert clock.now() - added < LONGEST + 2 * CYCLE
            clock.advance(CYCLE)
            await poller.update_sites()
            if NEW_SITE in poller.sites:
                break
            await poller.update_device_details()
            await poller.update_site_details()
        assert _count(loopback, LIST) == reads + 1
        assert poller.sites[NEW_SITE]["site_info"]["site_name"] == "Gartenhaus"

        # removed again in the app: gone with the next list read (10 min: the list changed)
        loopback.sim.faults.clear()
        removed = clock.now()
        while NEW_SITE in poller.sites:
            assert clock.now() - removed < 2 * CYCLE
            clock.advance(CYCLE)
            await _cycle(poller)


async def test_a_newly_bound_device_reads_the_site_list_at_the_next_live_poll(
    socket_enabled: None,
) -> None:
    """A device the bind list names for the first time, and no scene names, belongs to a
    system the list may not hold yet: the next live poll reads the list, later ones do not."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await _cycle(poller)
        clock.advance(CYCLE)
        await _cycle(poller)  # list and bind list unchanged: both next at 30 min
        binds = _count(loopback, BIND)
        loopback.sim.faults.add(BIND, mutate=_with_new_bound_device, count=1000)
        clock.advance(CYCLE * 2)
        reads = _count(loopback, LIST) + 1  # read by this details poll, before the bind list
        await _cycle(poller)
        assert _count(loopback, BIND) == binds + 1
        assert NEW_SN in poller.devices
        assert _count(loopback, LIST) == reads
        clock.advance(60)
        await poller.update_sites()
        assert _count(loopback, LIST) == reads + 1  # early, on a live poll
        for _ in range(3):
            clock.advance(60)
            await poller.update_sites()
        assert _count(loopback, LIST) == reads + 1


def _sb1_time(day: int, hour: int) -> float:
    """Unix seconds of a full hour in March 2025 at the sb1_single site (UTC+1)."""
    return datetime(2025, 3, day, hour, tzinfo=UTC).timestamp() - SB1_UTC_OFFSET


def _site_day(poller: SolixPoller) -> str:
    site_id = next(iter(poller.sites))
    return str(poller.sites[site_id]["energy_details"]["today"]["date"])


async def test_energy_is_read_less_often_while_it_stands_still(socket_enabled: None) -> None:
    """The Solarbank 1 of sb1_single makes no energy at night: energy polls every 15 min read
    it at 30 and 60 min gaps then, on every poll again by day, and the first poll of a new
    energy day reads it at once (today's values start over)."""
    async with served("sb1_single", at=_sb1_time(18, 20)) as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await _cycle(poller)
        await poller.update_energy()
        reads: list[float] = []
        days: list[str] = []
        end = clock.now() + 14 * 3600
        while clock.now() < end:
            clock.advance(900)
            before = _count(loopback, ENERGY)
            await poller.update_energy()
            if _count(loopback, ENERGY) > before:
                reads.append(clock.now())
                days.append(_site_day(poller))
        gaps = [round(b - a) for a, b in pairwise(reads)]
        night = gaps[: len(gaps) // 2]
        assert max(night) >= LONGEST - 900  # backed off while unchanged
        assert all(gap <= LONGEST + 900 for gap in gaps)
        assert len(set(days)) == 2  # the day turned (energy day: 5 min after midnight) …
        first_new = reads[days.index(days[-1])]
        assert 0 <= first_new - (_sb1_time(19, 0) + 300) <= 900  # … read at the next poll
        assert gaps[-3:] == [900, 900, 900]  # … and by day every energy poll reads it
        assert poller.energy_reads["skipped"] > 0
