"""Charging status descriptions refined from power values (§8.2)."""

from __future__ import annotations

from dataclasses import dataclass

from ..common.products import CHARGING_STATUS, UNKNOWN

# Usage modes in which the site demand replaces the device preset (§8.2).
DEMAND_MODES = frozenset({1, 2, 5, 7, 8})


@dataclass(frozen=True)
class StatusInputs:
    """Inputs of the refinement; ``None`` values make dependent rules not apply."""

    code: str | None
    generation: int
    preset: int | None
    out: int | None
    pv: int | None
    charge: int | None
    to_home_load: int | None = None
    ac_input: int | None = None
    soc: int | None = None


def effective_preset(
    generation: int, usage_mode: int | None, device_preset: int | None, home_demand: int | None
) -> int | None:
    """The preset used by the rules: site demand for SB2+ in demand-driven modes."""
    if generation >= 2 and usage_mode in DEMAND_MODES:
        return home_demand
    return device_preset


def _charge_desc(inputs: StatusInputs) -> str:
    """Refine real status "3" (charge)."""
    out, pv, charge, preset = inputs.out, inputs.pv, inputs.charge, inputs.preset
    if (
        out == 0
        and pv is not None
        and preset is not None
        and pv > preset
        and charge is not None
        and charge > 0
    ):
        return CHARGING_STATUS["37"]
    if out is not None and out > 0:
        return CHARGING_STATUS["31"]
    return CHARGING_STATUS["3"]


def _detection_desc(inputs: StatusInputs) -> str:
    """Refine status "0" (detection) of SB2+ devices."""
    charge, out, pv = inputs.charge, inputs.out, inputs.pv
    if charge is None:
        return CHARGING_STATUS["0"]
    if charge > 0:
        if out is not None and out > 0:
            return CHARGING_STATUS["31"]
        if (inputs.ac_input is not None and inputs.ac_input > 0) or pv == 0:
            return CHARGING_STATUS["32"]
        if (
            inputs.to_home_load is not None
            and inputs.preset is not None
            and inputs.to_home_load < inputs.preset
        ):
            return CHARGING_STATUS["03"]
        return CHARGING_STATUS["3"]
    if charge < 0:
        return CHARGING_STATUS["12"] if pv is not None and pv > 0 else CHARGING_STATUS["2"]
    if inputs.soc == 100:
        return CHARGING_STATUS["5"]
    if pv is not None and pv > 0:
        return CHARGING_STATUS["1"]
    return CHARGING_STATUS["0"]


def charging_status_description(inputs: StatusInputs) -> str:
    """Description of a charging status code, refined per §8.2."""
    code = inputs.code
    if code is None:
        return UNKNOWN
    if code == "3":
        return _charge_desc(inputs)
    if code == "0" and inputs.generation >= 2:
        return _detection_desc(inputs)
    if code == "1" and inputs.generation >= 2 and inputs.charge is not None and inputs.charge < 0:
        return CHARGING_STATUS["12"]
    return CHARGING_STATUS.get(code, UNKNOWN)
