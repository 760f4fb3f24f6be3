"""Each Solarbank of a multisystem shows its own values from the scene, not the system sums."""

from __future__ import annotations

import json
from typing import Any

import pytest
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.util import slugify

from tests.conftest import SCENARIOS
from tests.entities.conftest import LoadPlatform

SCENARIO = "sb3_multisystem_dock"
SITE_ID = "f89e8f06-a45f-2465-f7ca-2e5c1eb6c4ff"


def _solarbank_info() -> dict[str, Any]:
    """The raw ``solarbank_info`` of the scenario's scene file."""
    path = SCENARIOS / SCENARIO / f"scene_{SITE_ID}.json"
    info: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["data"]["solarbank_info"]
    return info


def _state_number(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return float(state.state)


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize("scenario", [SCENARIO])
async def test_units_show_their_own_scene_values(
    hass: HomeAssistant, load_platform: LoadPlatform
) -> None:
    """PV channels, PV total and heating of every unit equal its own solarbank_list entry."""
    await load_platform(Platform.SENSOR)
    info = _solarbank_info()
    units = info["solarbank_list"]
    assert isinstance(units, list)
    assert len(units) == 3
    shown: dict[str, list[float]] = {}
    for unit in units:
        prefix = f"sensor.{slugify(unit['device_name'])}"
        channels = [_state_number(hass, f"{prefix}_solar_power_pv_{n}") for n in range(1, 5)]
        assert channels == [float(unit["pv_power"][f"pv{n}"]) for n in range(1, 5)], prefix
        assert _state_number(hass, f"{prefix}_solar_power") == float(unit["photovoltaic_power"])
        assert _state_number(hass, f"{prefix}_heating_power") == float(unit["heating_power"])
        shown[prefix] = channels
    # The system sums (solar_power_N of solarbank_info) are each unit's channels added up,
    # and no unit shows them.
    sums = [float(info[f"solar_power_{n}"]) for n in range(1, 5)]
    assert [sum(column) for column in zip(*shown.values(), strict=True)] == sums
    assert all(channels != sums for channels in shown.values())
    assert len({tuple(channels) for channels in shown.values()}) == 3
