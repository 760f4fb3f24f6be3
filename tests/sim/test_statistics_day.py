"""Power Panel / X1 day statistics advance with the simulator clock (a slot every 5 minutes)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.loopback import Loopback, served

SITES = {
    "powerpanel": "b3d09569-eec9-4800-130d-784e71e2b7e9",
    "x1_hes": "ab82e575-d97c-55a9-59dc-202fe3014242",
}


async def _day(loopback: Loopback, scenario: str, source: str) -> dict[str, Any]:
    api = loopback.poller.ctx.api
    read = api.get_power_panel_energy if scenario == "powerpanel" else api.get_hes_energy
    day = loopback.sim.times.format_local(loopback.sim.clock.now())[:10]
    return await read(SITES[scenario], source, "day", day, day)


def _published(hes: dict[str, Any]) -> list[str]:
    return [level["time"] for level in hes["chargeLevel"] if level["value"] != "0"]


def _battery(infos: list[dict[str, Any]]) -> float:
    """Signed battery power (+ discharge) of a ``hes`` point in either family's form."""
    values = [float(info["value"]) for info in infos]
    return values[0] if len(values) == 1 else abs(values[1]) - abs(values[0])


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_today_gains_a_slot_every_five_minutes(scenario: str, socket_enabled: None) -> None:
    """The export's slots stay; an hour later twelve more are published (about 3 min after
    each slot ends), later ones are empty, and every slot keeps the balance
    ``solar + discharge + import = home + charge + export`` (±0.01 kW)."""
    async with served(scenario) as loopback:
        exported = await _day(loopback, scenario, "hes")
        first = _published(exported)
        assert first  # the export's morning
        loopback.sim.clock.advance(3600)
        hes = await _day(loopback, scenario, "hes")
        later = _published(hes)
        assert later[: len(first)] == first
        assert len(later) == len(first) + 12
        for point in hes["power"][len(later) :]:
            assert all(info["value"] == "0.00" for info in point["powerInfos"])
        power = {s: await _day(loopback, scenario, s) for s in ("solar", "home", "grid")}
        for index in range(len(later)):
            battery = _battery(hes["power"][index]["powerInfos"])
            solar, home, grid = (
                float(power[s]["power"][index]["powerInfos"][0]["value"])
                for s in ("solar", "home", "grid")
            )
            assert grid == pytest.approx(home - battery - solar, abs=0.011)
        # the charge level follows the battery and stays within 0 … 100 %
        assert all(
            0 < int(level) <= 100
            for level in (lv["value"] for lv in hes["chargeLevel"][: len(later)])
        )


async def test_a_new_day_starts_empty_and_fills(socket_enabled: None) -> None:
    """Ten minutes after local midnight the new day has one published slot."""
    async with served("x1_hes") as loopback:
        clock = loopback.sim.clock
        local = loopback.sim.times.format_local(clock.now())
        midnight = loopback.sim.times.parse_local(f"{local[:10]} 00:00:00")
        assert midnight is not None
        clock.set(midnight + 86400 + 600)
        hes = await _day(loopback, "x1_hes", "hes")
        assert _published(hes) == ["00:00"]


@pytest.mark.parametrize("scenario", ["powerpanel", "x1_hes"])
async def test_an_earlier_day_has_every_slot_as_served_at_its_end(
    scenario: str, socket_enabled: None
) -> None:
    """The next morning, yesterday's day answer has all 288 slots published: the slots that
    were published yesterday unchanged, the rest as today's answer showed them by midnight."""
    async with served(scenario) as loopback:
        clock, times = loopback.sim.clock, loopback.sim.times
        yesterday = times.format_local(clock.now())[:10]
        midnight = times.parse_local(f"{yesterday} 00:00:00")
        assert midnight is not None
        clock.set(midnight + 86400 - 60)  # 23:59: all but the last slots are published
        late = await _day(loopback, scenario, "hes")
        clock.set(midnight + 86400 + 8 * 3600)
        api = loopback.poller.ctx.api
        read = api.get_power_panel_energy if scenario == "powerpanel" else api.get_hes_energy
        past = await read(SITES[scenario], "hes", "day", yesterday, yesterday)
        assert len(_published(past)) == 288
        published = _published(late)
        assert past["chargeLevel"][: len(published)] == late["chargeLevel"][: len(published)]
        assert past["power"][: len(published)] == late["power"][: len(published)]
        today = await _day(loopback, scenario, "hes")
        assert len(_published(today)) < 288  # today still fills
