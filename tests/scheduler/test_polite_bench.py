"""`scripts/sim bench` runs are determined by their arguments and report untimed sites honestly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from solixsim.bench import run_bench

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
VOLATILE = ("wall_seconds", "cpu_ms_per_refresh")


def _stable(result: dict[str, Any]) -> dict[str, Any]:
    """The figures that depend only on the arguments (not the machine's speed)."""
    return {key: value for key, value in result.items() if key not in VOLATILE}


def _without_base_time(tmp_path: Path) -> Path:
    """A copy of the power panel scenario without ``base_time``: no time of its own at all."""
    folder = tmp_path / "powerpanel_no_time"
    shutil.copytree(SCENARIOS / "powerpanel", folder)
    meta_path = folder / "scenario.json"
    meta = json.loads(meta_path.read_text())
    meta.pop("base_time", None)
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    return folder


async def test_bench_runs_are_reproducible(tmp_path: Path, socket_enabled: None) -> None:
    """Two runs with the same arguments give the same figures, with and without ``--clock``.

    The scenario has no data time and no base time: the sites' base time comes from the
    bench's start (never from the wall clock).
    """
    scenario = _without_base_time(tmp_path)
    first = await run_bench(scenario, 0.5)
    second = await run_bench(scenario, 0.5)
    assert _stable(first) == _stable(second)
    assert first["start"] == second["start"]
    clock = 1_760_000_000.0
    third = await run_bench(scenario, 0.5, clock)
    fourth = await run_bench(scenario, 0.5, clock)
    assert _stable(third) == _stable(fourth)
    assert third["start"] != first["start"]


async def test_bench_reports_sites_without_data_time_apart(socket_enabled: None) -> None:
    """Power panel scenes carry no data time: no scene read counts as timed, none as fresh."""
    result = await run_bench(SCENARIOS / "powerpanel", 1)
    assert result["scene_reads"]["total"] == 0
    assert result["freshness_delay_seconds"] == {"mean": None, "max": None}
    untimed = result["untimed_reads"]
    # start-up energy poll, then every 300 s (type cadence), moved to when the 5-minute sample
    # of the averages is due (one more read when the first move comes early)
    assert 12 <= untimed["total"] <= 13
    assert 0 <= untimed["with_new_data"] <= untimed["total"]
    assert result["scheduler"]["untimed"]
