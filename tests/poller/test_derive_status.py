"""Charging status descriptions (§8.2)."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi.derive import (
    StatusInputs,
    charging_status_description,
    effective_preset,
)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (StatusInputs("3", 1, preset=200, out=0, pv=500, charge=300), "charge_priority"),
        (StatusInputs("3", 1, preset=200, out=150, pv=500, charge=300), "charge_bypass"),
        (StatusInputs("3", 1, preset=200, out=0, pv=100, charge=100), "charge"),
        (StatusInputs("0", 2, preset=100, out=100, pv=300, charge=200), "charge_bypass"),
        (StatusInputs("0", 2, preset=100, out=0, pv=0, charge=200), "charge_ac"),
        (StatusInputs("0", 3, 100, out=0, pv=300, charge=200, ac_input=50), "charge_ac"),
        (
            StatusInputs("0", 3, 100, out=0, pv=300, charge=200, to_home_load=50),
            "protection_charge",
        ),
        (StatusInputs("0", 2, 100, out=0, pv=300, charge=200, to_home_load=150), "charge"),
        (StatusInputs("0", 2, 100, out=80, pv=30, charge=-50), "bypass_discharge"),
        (StatusInputs("0", 2, 100, out=80, pv=0, charge=-50), "discharge"),
        (StatusInputs("0", 2, 100, out=0, pv=0, charge=0, soc=100), "fully_charged"),
        (StatusInputs("0", 2, 100, out=20, pv=20, charge=0, soc=50), "bypass"),
        (StatusInputs("0", 2, 100, out=0, pv=0, charge=0, soc=50), "detection"),
        (StatusInputs("0", 1, 100, out=0, pv=300, charge=200), "detection"),
        (StatusInputs("1", 2, 100, out=50, pv=40, charge=-10), "bypass_discharge"),
        (StatusInputs("1", 1, 100, out=50, pv=40, charge=-10), "bypass"),
        (StatusInputs("2", 1, 100, out=50, pv=0, charge=-50), "discharge"),
        (StatusInputs("116", 1, None, None, None, None), "cold_wakeup"),
        (StatusInputs("99", 2, None, None, None, None), "unknown"),
        (StatusInputs(None, 2, None, None, None, None), "unknown"),
    ],
)
def test_charging_status_rows(inputs: StatusInputs, expected: str) -> None:
    assert charging_status_description(inputs) == expected


def test_demand_replaces_preset_for_sb2_in_demand_modes() -> None:
    assert effective_preset(2, 1, 150, 420) == 420
    assert effective_preset(3, 7, 150, 420) == 420
    assert effective_preset(2, 3, 150, 420) == 150
    assert effective_preset(1, 1, 150, 420) == 150
