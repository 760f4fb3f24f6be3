"""`scripts/sim writecost`: every change costs at most one write and a few reads, never a storm."""

from __future__ import annotations

import pytest

from solixsim.writecost import measure
from tests.integration.conftest import SCENARIOS

WRITE_MARKERS = ("/set_", "/update_", "set_aps_power")


@pytest.mark.parametrize(
    "scenario",
    ["sb1_dual_zero_switch", "sb2_cascaded_sb1", "sb2_ac_usetime_backup", "sb3_multisystem_dock"],
)
async def test_each_change_writes_once_with_at_most_three_reads(
    scenario: str, socket_enabled: None
) -> None:
    """One write per change (none when the cloud already holds it); reads only to verify."""
    costs = await measure(SCENARIOS / scenario)
    assert len(costs) >= 5
    for cost in costs:
        writes = [path for path in cost.paths if any(m in path for m in WRITE_MARKERS)]
        assert cost.refused is None, cost
        assert len(writes) <= 1, cost
        assert cost.requests - len(writes) <= 3, cost
        assert cost.bytes > 0


async def test_a_repeated_change_only_reads(socket_enabled: None) -> None:
    """The second Solarbank 1 of a dual system gets the preset the first change already set."""
    costs = await measure(SCENARIOS / "sb1_dual_zero_switch")
    presets = [cost for cost in costs if "output preset" in cost.change]
    assert [cost.requests for cost in presets] == [3, 1]
    assert presets[1].paths == ["power_service/v1/app/device/get_device_home_load"]
