"""The simulator's `bench` command: our client and scheduler against a served scenario."""

from __future__ import annotations

import json
from pathlib import Path

from solixsim import cli
from solixsim.bench import run_bench
from solixsim.sitetime import parse_time_value

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "sb1_single"
START = "2025-06-15T09:00:00"


async def test_two_hours_of_sb1_polling(socket_enabled: None) -> None:
    """Two simulated hours: polite per-endpoint load, fresh data on nearly every poll."""
    result = await run_bench(SCENARIO, 2, parse_time_value(START, 60))
    json.dumps(result)
    assert result["scenario"] == "sb1_single"
    assert result["start"] == "2025-06-15 09:00:00"
    assert result["strategy"] == "scheduler"
    polls = result["polls"]
    assert 100 <= polls["live"] <= 125
    assert polls["share_with_new_data"] > 0.8
    assert 10 <= polls["details"] <= 13
    assert 7 <= polls["energy"] <= 9
    assert result["scene_reads"]["total"] == polls["live"] - 1
    freshness = result["freshness_delay_seconds"]
    assert 0 < freshness["mean"] <= freshness["max"] <= 35
    requests = result["requests"]
    assert max(requests["max_per_endpoint_in_60s"].values()) <= 10
    assert requests["total"] == sum(row["requests"] for row in result["hours_detail"])
    assert [row["hour"] for row in result["hours_detail"]] == [0, 1]
    scene = "power_service/v1/site/get_scen_info"
    simulator, client = result["endpoints"]["simulator"], result["endpoints"]["client"]
    assert simulator[scene]["requests"] == polls["live"]
    assert client["endpoints"][scene]["requests"] == polls["live"]
    assert client["total"]["requests"] == requests["total"]
    assert result["cpu_ms_per_refresh"]["client"]["mean"] > 0
    assert result["scheduler"]["sites"]["42aac864-2bdd-2635-e7dc-ad731a666e2f"]["cadence"] == 60


async def test_fixed_polling_like_the_reference(socket_enabled: None) -> None:
    """`--fixed 60` on the same scenario: one poll a minute, details on every 10th."""
    result = await run_bench(SCENARIO, 1, parse_time_value(START, 60), fixed=60)
    assert result["strategy"] == "fixed 60 s"
    assert result["polls"]["live"] == 60
    assert result["polls"]["details"] == 6
    assert result["polls"]["energy"] == 5


def test_bench_command_is_registered_and_checks_its_folder(tmp_path: Path) -> None:
    """`bench` is a subcommand; a missing scenario folder exits with 2 before serving."""
    assert "bench" in cli.COMMANDS
    assert cli.main(["bench", "--scenario", str(tmp_path / "missing"), "--hours", "1"]) == 2


async def test_first_poll_sends_no_energy_request(socket_enabled: None) -> None:
    """Setup's first poll stays within the endpoint limit; energy follows within a minute.

    The energy tier of this scenario sends more ``energy_analysis`` requests than the limit of
    10 per endpoint and 62 s, so it must not run in the first poll (the one setup waits for).
    """
    scenario = SCENARIO.parent / "sb2_plus_plugs"
    energy = "power_service/v1/site/energy_analysis"
    first = await run_bench(scenario, 10 / 3600)
    assert first["polls"]["live"] == 1
    assert first["polls"]["details"] == 1
    assert first["polls"]["energy"] == 0
    assert energy not in first["endpoints"]["simulator"]
    assert max(first["requests"]["max_per_endpoint_in_60s"].values()) <= 10

    minute = await run_bench(scenario, 60 / 3600)
    assert minute["polls"]["live"] == 2
    assert minute["polls"]["details"] == 1
    assert minute["polls"]["energy"] == 1
    assert minute["endpoints"]["simulator"][energy]["requests"] > 10
