"""The `python -m solixsim snapshot` command line and the determinism of snapshots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.scenarios.expect import fresh_snapshot

REPO = Path(__file__).resolve().parents[2]
BASE_TIME = "2025-03-18 12:05:30"


def test_snapshot_command_prints_the_caches() -> None:
    """The CLI prints account/sites/devices as JSON with the scenario's values at tick 0."""
    command = [sys.executable, "-m", "solixsim", "snapshot", "--scenario", "scenarios/sb1_single"]
    result = subprocess.run(
        [*command, "--clock", BASE_TIME],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    snapshot = json.loads(result.stdout)
    assert sorted(snapshot) == ["account", "devices", "sites"]
    assert snapshot["account"]["type"] == "account"
    assert list(snapshot["sites"]) == ["42aac864-2bdd-2635-e7dc-ad731a666e2f"]
    assert snapshot["devices"]["2CBMC6GFUP32YU4Y"]["battery_soc"] == "80"


async def test_snapshot_is_deterministic(socket_enabled: None) -> None:
    """Two snapshots with the same clock are identical except the loopback server URL."""
    first = await fresh_snapshot("sb2_cascaded_sb1", "2025-03-25 14:40:10")
    second = await fresh_snapshot("sb2_cascaded_sb1", "2025-03-25 14:40:10")
    assert first["account"].pop("server") != ""
    second["account"].pop("server")
    assert first == second
