"""Moves house demand, smart plugs and smart meter values of a scene to a tick.

Changes are applied as deltas against the file values, so a consistent file stays consistent:
``home = other_loads + plugs`` and ``grid_import - grid_export = home - output - third_party_pv +
grid_to_battery``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solixsim.dynamics_noise import SmoothFactor
from solixsim.dynamics_solarbank import SolarbankTotals
from solixsim.dynamics_values import format_like, parse_number


@dataclass(frozen=True)
class HomeFactors:
    """The smooth factors of the house side of a site."""

    load: SmoothFactor
    pv: SmoothFactor

    def plug(self, device_sn: str) -> SmoothFactor:
        """Own load factor of one smart plug."""
        return SmoothFactor(self.load.seed, f"plug:{device_sn}", 0.7, 1.3, self.load.spacing)


def _value(data: dict[str, Any], key: str) -> float | None:
    """Numeric field value or ``None``."""
    return parse_number(data.get(key))


def _move_plugs(scene: dict[str, Any], tick: int, factors: HomeFactors) -> tuple[float, float]:
    """Move online plug powers and their total; return (file total, new total)."""
    info = scene.get("smart_plug_info")
    if not isinstance(info, dict):
        return 0.0, 0.0
    before = now = 0.0
    for plug in info.get("smartplug_list") or []:
        if not isinstance(plug, dict):
            continue
        power = _value(plug, "current_power")
        if power is None:
            continue
        moved = power
        if plug.get("status") != "0":
            moved = factors.plug(str(plug.get("device_sn", ""))).scale(power, tick)
            plug["current_power"] = format_like(plug["current_power"], moved)
        before += power
        now += moved
    if _value(info, "total_power") is not None:
        file_total = _value(info, "total_power") or 0.0
        info["total_power"] = format_like(info["total_power"], file_total + now - before)
    return before, now


def _move_grid(scene: dict[str, Any], home_delta: float, supply_delta: float) -> None:
    """Shift the smart meter import/export by the change of demand minus supply."""
    grid = scene.get("grid_info")
    if not isinstance(grid, dict) or not grid.get("grid_list"):
        return
    imported = _value(grid, "grid_to_home_power")
    exported = _value(grid, "photovoltaic_to_grid_power")
    if imported is None or exported is None:
        return
    net = imported - exported + home_delta - supply_delta
    grid["grid_to_home_power"] = format_like(grid["grid_to_home_power"], max(net, 0.0))
    grid["photovoltaic_to_grid_power"] = format_like(
        grid["photovoltaic_to_grid_power"], max(-net, 0.0)
    )


def move_home(
    scene: dict[str, Any], tick: int, factors: HomeFactors, solarbank: SolarbankTotals
) -> None:
    """Move plugs, other loads, house demand, third-party PV and grid values in place."""
    plugs_before, plugs_now = _move_plugs(scene, tick, factors)
    home = _value(scene, "home_load_power")
    other = _value(scene, "other_loads_power")
    base_other = other if other is not None else max((home or 0.0) - plugs_before, 0.0)
    other_now = float(factors.load.scale(base_other, tick))
    if other is not None:
        scene["other_loads_power"] = format_like(scene["other_loads_power"], other_now)
    home_delta = 0.0
    if home is not None:
        home_now = max(home + (other_now - base_other) + (plugs_now - plugs_before), 0.0)
        scene["home_load_power"] = format_like(scene["home_load_power"], home_now)
        home_delta = home_now - home
    third_party_delta = 0.0
    third_party = _value(scene, "third_party_pv")
    if third_party is not None:
        third_party_now = factors.pv.scale(third_party, tick)
        scene["third_party_pv"] = format_like(scene["third_party_pv"], third_party_now)
        third_party_delta = third_party_now - third_party
    supply_delta = (
        solarbank.output_now
        - solarbank.output_before
        + third_party_delta
        - (solarbank.grid_now - solarbank.grid_before)
    )
    _move_grid(scene, home_delta, supply_delta)
