"""The energy model over the real stack: the client library against the served simulator."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import aiohttp

from custom_components.anker_solix.solixapi import Endpoint
from tests.loopback import served
from tests.sim_energy.helpers import SB3, SB3_SITE, scenario_copy


async def test_poller_today_moves_and_a_correction_over_the_admin_api(
    tmp_path: Path, socket_enabled: None
) -> None:
    folder = scenario_copy(tmp_path, SB3)
    async with served(str(folder)) as cloud:
        poller, sim = cloud.poller, cloud.sim
        await poller.api.session.login()
        await poller.update_sites()
        await poller.update_device_details()
        await poller.update_energy()
        first = poller.sites[SB3_SITE]["energy_details"]["today"]
        assert first["solar_production"] == "3.11"  # the exported value
        sim.clock.advance(3 * 3600)
        await poller.update_energy()
        later = poller.sites[SB3_SITE]["energy_details"]["today"]
        assert float(later["solar_production"]) > 3.11
        assert float(later["home_usage"]) > float(first["home_usage"])
        expected = sim.energy.day(SB3_SITE, sim.times.today())
        assert later["solar_to_grid"] == f"{expected['solar_to_grid']:.2f}"
        # a year of daily values in one request
        today = sim.times.today()
        start = today - timedelta(days=364)
        year = await poller.api.energy_analysis(
            SB3_SITE, "", "week", f"{start}", f"{today}", "home_usage"
        )
        assert len(year["power"]) == 365
        # the admin switch corrects yesterday
        yesterday = today - timedelta(days=1)
        before = await poller.api.energy_analysis(
            SB3_SITE, "", "week", f"{yesterday}", f"{yesterday}", "solar_production"
        )
        base_url = str(poller.api.session.server_url).rstrip("/")
        async with aiohttp.ClientSession() as admin:
            answer = await admin.post(
                f"{base_url}/_sim/energy", json={"correct_yesterday": True, "factor": 1.5}
            )
            assert answer.status == 200
            refused = await admin.post(f"{base_url}/_sim/energy", json={"correct_yesterday": 1})
            assert refused.status == 400
        sim.clock.advance(60)
        after = await poller.api.energy_analysis(
            SB3_SITE, "", "week", f"{yesterday}", f"{yesterday}", "solar_production"
        )
        old, new = float(before["power"][0]["value"]), float(after["power"][0]["value"])
        assert abs(new - old * 1.5) < 0.01
        assert Endpoint.ENERGY_ANALYSIS in sim.recorder.stats()
