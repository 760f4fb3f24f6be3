"""The fault injector's fuzzing extensions: ``*`` paths, literal targets, ``mutate``, NaN/inf."""

from __future__ import annotations

import math
from typing import Any

from custom_components.anker_solix.solixapi import Endpoint
from solixsim.faults import Literal, alter_data
from tests.loopback import served

DATA: dict[str, Any] = {
    "solarbank_info": {
        "solarbank_list": [
            {"device_sn": "A", "output_power": "100", "battery_power": "50"},
            {"device_sn": "B", "output_power": "200", "battery_power": "60"},
        ]
    },
    "ids": ["x", "y"],
}


def test_wildcards_reach_every_item_and_key() -> None:
    changed = alter_data(
        DATA,
        drop=["solarbank_info.solarbank_list.*.battery_power"],
        retype={"solarbank_info.solarbank_list.*.output_power": math.nan, "ids.*": ["list"]},
    )
    banks = changed["solarbank_info"]["solarbank_list"]
    assert all("battery_power" not in bank for bank in banks)
    assert all(math.isnan(bank["output_power"]) for bank in banks)
    assert changed["ids"] == [["list"], ["list"]]
    assert DATA["solarbank_info"]["solarbank_list"][0]["battery_power"] == "50"  # a copy


def test_literal_and_container_targets() -> None:
    changed = alter_data(
        DATA,
        retype={
            "solarbank_info.solarbank_list": {},  # a list replaced by an object
            "ids.0": Literal("int"),  # the text, not a conversion
            "ids.1": "int",  # a conversion of "y": not numeric, so 0
        },
    )
    assert changed["solarbank_info"]["solarbank_list"] == {}
    assert changed["ids"] == ["int", 0]


async def test_mutated_nan_and_inf_arrive_as_json_numbers(socket_enabled: None) -> None:
    """What the client receives: JSON NaN / Infinity and the string "1e999" as sent."""
    async with served("sb1_single") as loopback:
        sim, poller = loopback.sim, loopback.poller
        await poller.update_sites()
        site_id = next(iter(poller.sites))
        seen: list[Any] = []

        def mutate(data: Any) -> Any:
            seen.append(data)
            return {**data, "home_load_power": math.inf, "retain_load": "1e999", "x": math.nan}

        sim.faults.add(Endpoint.GET_SCEN_INFO, mutate=mutate)
        scene = await poller.api.get_scene_info(site_id)
        assert len(seen) == 1
        assert scene["home_load_power"] == math.inf
        assert scene["retain_load"] == "1e999"
        assert math.isnan(scene["x"])
        again = await poller.api.get_scene_info(site_id)  # count=1: the next answer is clean
        assert "x" not in again
