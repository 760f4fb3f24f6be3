"""`scripts/sim bench --mqtt`: live data makes the shown battery power fresher for one credential
request more, and its traffic is counted."""

from __future__ import annotations

from solixsim import CloudSimulator, SimClock
from solixsim.bench import export_time
from solixsim.bench_live import run_live_comparison
from tests.conftest import SCENARIOS

HOURS = 0.05
"""Three minutes of clock time: about three status requests per device."""


async def test_live_bench_compares_mqtt_off_and_on(socket_enabled: None) -> None:
    """Fresher battery power with MQTT; HTTP requests only one (the credentials) more."""
    scenario = SCENARIOS / "sb3_shelly_dynamic"
    start = export_time(CloudSimulator.from_scenario(scenario, clock=SimClock.manual(0.0)))
    assert start is not None
    result = await run_live_comparison(scenario, HOURS, start)
    off, on = result["mqtt_off"], result["mqtt_on"]
    assert off["mqtt_messages_per_hour"] == 0
    assert off["credential_requests"] == 0
    assert on["credential_requests"] == 1
    assert on["mqtt_messages_per_hour"] > 0
    assert on["mqtt_commands_per_hour"] > 0
    requests_off = off["http_requests_per_hour"] * HOURS
    requests_on = on["http_requests_per_hour"] * HOURS
    assert round(requests_on) <= round(requests_off) + 1
    assert on["battery_power_age_seconds"]["mean"] < off["battery_power_age_seconds"]["mean"]
