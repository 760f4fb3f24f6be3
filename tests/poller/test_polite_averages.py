"""Power Panel / X1 5-minute averages are looked for only when a new sample is due."""

from __future__ import annotations

import pytest

from tests.loopback import Loopback, served

STATISTICS = {
    "powerpanel": "charging_energy_service/energy_statistics",
    "x1_hes": "charging_hes_svc/get_energy_statistics",
}


def _count(loopback: Loopback, path: str) -> int:
    return sum(1 for record in loopback.sim.recorder.records if record.path == path)


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_a_stalled_sample_is_looked_for_ever_less_often(
    scenario: str, socket_enabled: None
) -> None:
    """Two hours of live polls every 300 s on day statistics that do not advance.

    The first poll reads the four sources; afterwards only the battery source is asked, after
    1, 2, 4, … minutes (at most every 30 min), instead of on every poll.
    """
    async with served(scenario) as loopback:
        poller, clock = loopback.poller, loopback.sim.clock
        await poller.update_sites()
        first = _count(loopback, STATISTICS[scenario])
        assert first == 4
        main = [entry for entry in poller.devices.values() if entry.get("average_power")]
        assert main
        averages = dict(main[0]["average_power"])
        for _ in range(24):
            clock.advance(300)
            await poller.update_sites()
        checks = _count(loopback, STATISTICS[scenario]) - first
        assert 5 <= checks <= 10  # every 300 s would be 24
        assert main[0]["average_power"]["valid_time"] == averages["valid_time"]
