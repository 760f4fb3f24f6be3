"""`scripts/sim bench --averages`: the reference's averages logic against ours, reproducibly."""

from __future__ import annotations

from pathlib import Path

from solixsim.bench_averages import run_averages_comparison
from solixsim.clock import SimClock
from solixsim.simulator import CloudSimulator

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


async def test_averages_bench_compares_the_reference_logic_with_ours(
    socket_enabled: None,
) -> None:
    """One daytime hour on the Power Panel: the reference reads four answers per sample (12 new
    samples), ours three per sample and fewer bytes; two runs give the same figures."""
    folder = SCENARIOS / "powerpanel"
    probe = CloudSimulator.from_scenario(folder, clock=SimClock.manual(1_700_000_000.0))
    start = probe.times.parse_local("2025-02-11 10:32:00")
    assert start is not None
    first = await run_averages_comparison(folder, 1.0, start, live=False)
    reference, ours = first["reference"], first["library"]
    assert reference["samples"] == ours["samples"] == 13  # the export's last one + 12 new
    assert reference["requests"] >= 4 * 13
    assert ours["requests"] <= 3 * 13 + 3  # a missed look now and then
    assert ours["bytes"] < 0.85 * reference["bytes"]
    assert first["library_share_of_reference_bytes"] == round(ours["bytes"] / reference["bytes"], 3)
    assert await run_averages_comparison(folder, 1.0, start, live=False) == first


async def test_averages_bench_with_live_data_reads_no_averages_while_live(
    socket_enabled: None,
) -> None:
    """With the simulator's broker, after the first poll (before live data) no day statistics
    are read: under a tenth of the reference's bytes, and a fresher value shown."""
    folder = SCENARIOS / "powerpanel"
    probe = CloudSimulator.from_scenario(folder, clock=SimClock.manual(1_700_000_000.0))
    start = probe.times.parse_local("2025-02-11 10:32:00")
    assert start is not None
    result = await run_averages_comparison(folder, 1.0, start)
    reference, live = result["reference"], result["library_mqtt"]
    assert live["requests"] <= 3  # the first poll's sample only
    assert result["library_mqtt_share_of_reference_bytes"] < 0.1
    assert live["sample_age_seconds_mean"] < reference["sample_age_seconds_mean"]
