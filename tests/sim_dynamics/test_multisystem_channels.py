"""A multisystem's scene (three Solarbanks behind a Power Dock) at any tick: per-unit values and
system sums that agree, as in the scenario file."""

from __future__ import annotations

import json
from typing import Any

from solixsim.dynamics import scene_at_tick
from tests.conftest import SCENARIOS

SCENE = SCENARIOS / "sb3_multisystem_dock" / "scene_f89e8f06-a45f-2465-f7ca-2e5c1eb6c4ff.json"
STAMP = "2025-03-06 12:40:00"
TICKS = range(1, 400, 7)
CHANNELS = range(1, 5)


def _scene() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCENE.read_text(encoding="utf-8"))["data"]
    return data


def _channels(unit: dict[str, Any]) -> list[int]:
    return [int(unit["pv_power"][f"pv{n}"]) for n in CHANNELS]


def test_file_channels_are_the_units_sums() -> None:
    """The scenario states the system channels as the sums of the units' channels."""
    info = _scene()["solarbank_info"]
    units = info["solarbank_list"]
    sums = [sum(column) for column in zip(*map(_channels, units), strict=True)]
    assert sums == [int(info[f"solar_power_{n}"]) for n in CHANNELS]


def test_units_keep_their_own_channels_and_the_site_their_sums() -> None:
    """At every tick each unit's channels add up to its PV and the system channels to theirs."""
    file_scene = _scene()
    file_sums = [int(file_scene["solarbank_info"][f"solar_power_{n}"]) for n in CHANNELS]
    moved = 0
    for tick in TICKS:
        info = scene_at_tick(file_scene, tick, "multi", STAMP)["solarbank_info"]
        units = info["solarbank_list"]
        for unit in units:
            assert sum(_channels(unit)) == int(unit["pv_power"]["total"])
            assert int(unit["pv_power"]["total"]) == int(unit["photovoltaic_power"])
        sums = [sum(column) for column in zip(*map(_channels, units), strict=True)]
        assert [int(info[f"solar_power_{n}"]) for n in CHANNELS] == sums, tick
        assert sum(sums) == int(info["total_photovoltaic_power"])
        assert len({tuple(_channels(unit)) for unit in units}) == len(units)
        moved += sums != file_sums
    assert moved > len(TICKS) // 2
