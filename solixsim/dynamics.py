"""Data dynamics of the simulator: scene info values that move over ticks.

At tick 0 a scene is exactly the scenario file; at other ticks PV follows a smooth factor (and,
given the site's clock, the sun of its local time), the
batteries charge and discharge by the energy balance of each Solarbank, and the site totals,
house demand, plugs and smart meter values follow consistently. Everything is derived from a hash
of the seed and the tick, never from global random state.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from solixsim.daylight import Daylight
from solixsim.dynamics_home import HomeFactors, move_home
from solixsim.dynamics_noise import SmoothFactor
from solixsim.dynamics_presets import PresetContext, preset_walker
from solixsim.dynamics_solarbank import SB1_MODEL, SolarbankTotals, move_solarbank
from solixsim.dynamics_values import parse_number

__all__ = ["scene_at_tick", "site_cadence_seconds"]

SB1_CADENCE_SECONDS = 60
SB2_CADENCE_SECONDS = 300
KNOT_SECONDS = 1800
PV_FACTOR_RANGE = (0.6, 1.3)
LOAD_FACTOR_RANGE = (0.8, 1.2)


def _solarbank_entries(scene_data: dict[str, Any]) -> list[dict[str, Any]]:
    """The solarbank list of a scene (empty when the site has none)."""
    solarbank = scene_data.get("solarbank_info")
    if not isinstance(solarbank, dict):
        return []
    return [entry for entry in solarbank.get("solarbank_list") or [] if isinstance(entry, dict)]


def site_cadence_seconds(scene_data: dict[str, Any]) -> int:
    """Cloud update cadence of a site: 60 s unless a Solarbank 2 or newer is present (300 s)."""
    if any(entry.get("device_pn") != SB1_MODEL for entry in _solarbank_entries(scene_data)):
        return SB2_CADENCE_SECONDS
    return SB1_CADENCE_SECONDS


def scene_at_tick(
    scene_data: dict[str, Any],
    tick: int,
    seed: str,
    updated_time: str,
    presets: PresetContext | None = None,
    daylight: Daylight | None = None,
) -> dict[str, Any]:
    """Deep copy of scene info ``data`` as it reads at ``tick`` (tick 0 = the file values).

    ``solarbank_info.updated_time`` is always replaced by ``updated_time``. Offline devices
    (``status`` "0") and sites whose ``is_display_data`` is false keep their Solarbank values.
    With ``presets`` the Solarbank output follows the written presets from the tick after each
    write (:mod:`solixsim.dynamics_presets`). With the site's ``daylight`` (base time and zone)
    PV follows the sun of the tick's local time (:mod:`solixsim.daylight`: 0 at night).
    """
    scene = copy.deepcopy(scene_data)
    solarbank = scene.get("solarbank_info")
    if isinstance(solarbank, dict):
        solarbank["updated_time"] = updated_time
    if tick == 0:
        return scene
    cadence = site_cadence_seconds(scene_data)
    spacing = max(1, KNOT_SECONDS // cadence)
    sun = None if daylight is None else replace(daylight, cadence=cadence)
    pv_factor = SmoothFactor(seed, "pv", *PV_FACTOR_RANGE, spacing, sun)
    load_factor = SmoothFactor(seed, "load", *LOAD_FACTOR_RANGE, spacing)
    if isinstance(solarbank, dict) and solarbank.get("is_display_data") is not False:
        walker = preset_walker(scene, presets, cadence, load_factor)
        totals = move_solarbank(solarbank, tick, cadence, pv_factor, walker)
    else:
        output = parse_number(solarbank.get("total_output_power")) if solarbank else None
        grid = parse_number(solarbank.get("grid_to_battery_power")) if solarbank else None
        totals = SolarbankTotals(output or 0.0, output or 0.0, grid or 0.0, grid or 0.0)
    move_home(scene, tick, HomeFactors(load=load_factor, pv=pv_factor), totals)
    return scene
