"""Detail groups and the site list over loopback HTTP (polite polling, part 2).

Each detail group is read at the cadence its answers change, again after our own write to it,
and all at once on a full read (refresh button); the site list is one of them
(test_polite_site_list.py).
"""

from __future__ import annotations

from custom_components.anker_solix.solixapi.cloud import Endpoint
from custom_components.anker_solix.solixapi.poll import SolixPoller
from tests.loopback import Loopback, served

CYCLE = 600.0
LIST, BIND = Endpoint.GET_SITE_LIST, Endpoint.GET_RELATE_AND_BIND_DEVICES
PRICE, PARAM, OTA = (
    Endpoint.GET_SITE_PRICE,
    Endpoint.GET_SITE_DEVICE_PARAM,
    "app/ota/batch/check_update",
)


def _count(loopback: Loopback, path: str) -> int:
    return sum(1 for record in loopback.sim.recorder.records if record.path == path)


async def _details(poller: SolixPoller, *, full: bool = False) -> None:
    await poller.update_device_details(full=full)
    await poller.update_site_details(full=full)


async def test_groups_are_read_at_their_cadence_after_writes_and_on_refresh(
    socket_enabled: None,
) -> None:
    """An hour of details polls: unchanged groups (site and bind list too) ever less often."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        await _details(poller)
        assert _count(loopback, LIST) == 1  # the first poll's list serves its details
        first = {path: _count(loopback, path) for path in (BIND, PRICE, PARAM, OTA)}
        assert all(count >= 1 for count in first.values())
        for _ in range(6):
            clock.advance(CYCLE)
            await poller.update_sites()
            await _details(poller)
        assert 1 <= _count(loopback, BIND) - first[BIND] <= 3  # 10, 20, 40 min unchanged
        assert 1 <= _count(loopback, LIST) - 1 <= 3  # 10, 20, 40 min unchanged
        assert _count(loopback, PRICE) - first[PRICE] <= 2  # 30 min, then 60 min unchanged
        assert _count(loopback, OTA) - first[OTA] <= 1  # hourly at most
        assert _count(loopback, PARAM) - first[PARAM] < 6 * 2  # 2 parameter types per cycle
        groups = poller.detail_groups
        assert groups["intervals"]["price"] > 1800

        # our own price write: the price group is read at the next details poll
        site_id = next(iter(poller.sites))
        price = _count(loopback, PRICE)
        await poller.api.update_site_price(site_id, price=0.31)
        clock.advance(CYCLE)
        await _details(poller)
        assert _count(loopback, PRICE) == price + 1
        assert poller.sites[site_id]["site_details"]["price"] in (0.31, "0.31")
        clock.advance(CYCLE)
        await _details(poller)
        assert _count(loopback, PRICE) == price + 1  # changed: 30 min until the next read

        # the refresh button reads every group at once
        before = {path: _count(loopback, path) for path in (PRICE, PARAM, OTA)}
        clock.advance(60)
        await _details(poller, full=True)
        assert _count(loopback, PRICE) == before[PRICE] + 1
        assert _count(loopback, PARAM) == before[PARAM] + 2
        assert _count(loopback, OTA) == before[OTA] + 1


async def test_live_polls_leave_out_the_site_list_and_not_due_sites(socket_enabled: None) -> None:
    """Live polls without details ask only the scenes; a skipped site keeps its data."""
    async with served("sb2_pro_meter_manual") as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        site_id = next(iter(poller.sites))
        scenes = _count(loopback, Endpoint.GET_SCEN_INFO)
        for _ in range(3):
            clock.advance(300)
            await poller.update_sites()
        assert _count(loopback, LIST) == 1
        assert _count(loopback, Endpoint.GET_SCEN_INFO) == scenes + 3
        kept = poller.sites[site_id]["solarbank_info"]
        clock.advance(300)
        await poller.update_sites(frozenset({site_id}))
        assert _count(loopback, Endpoint.GET_SCEN_INFO) == scenes + 3
        assert poller.sites[site_id]["solarbank_info"] == kept
        assert poller.devices  # the site's devices stay
        await poller.update_sites(read_list=True)
        assert _count(loopback, LIST) == 2
