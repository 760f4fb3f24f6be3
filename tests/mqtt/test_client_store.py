"""Live value store, overlay (freshest of MQTT and cloud), policy, back-off and statistics."""

from __future__ import annotations

import pytest

from custom_components.anker_solix.solixapi import SolixNotAllowedError, SolixValidationError
from custom_components.anker_solix.solixapi.mqtt import (
    Backoff,
    LiveOverlay,
    LivePolicy,
    LiveValueStore,
    MqttDevice,
    MqttStats,
    overlay_keys,
)

SB3 = "AZV6Y60D33200788"
SB1 = "9JVB42LJK8J0P5RY"
PPS = "4EJYH8ASEV3SGLA4"


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1_760_000_000.0) -> None:
        """Start at `now`."""
        self.now = now

    def __call__(self) -> float:
        """The current time."""
        return self.now


def test_store_keeps_value_and_arrival_time() -> None:
    """Each value keeps the time it arrived; the last message time and types are kept."""
    store = LiveValueStore()
    assert store.update(SB3, {"pv_w": 120, "soc_pct": 50}, 100.0, "0405") == {"pv_w", "soc_pct"}
    assert store.update(SB3, {"pv_w": 120, "battery_w": -30}, 160.0, "0408") == {"battery_w"}
    pv = store.get(SB3, "pv_w")
    assert pv is not None
    assert (pv.value, pv.arrived_at) == (120, 160.0)
    soc = store.get(SB3, "soc_pct")
    assert soc is not None
    assert soc.arrived_at == 100.0
    assert store.last_message(SB3) == 160.0
    assert store.message_types(SB3) == {"0405", "0408"}
    assert store.get(SB1, "pv_w") is None
    assert store.last_message(SB1) is None


def test_lifetime_counters_never_go_down_and_ignore_zero() -> None:
    """`*_energy_total` values only grow; 0 and smaller values (device restart) are ignored."""
    store = LiveValueStore()
    store.update(SB3, {"pv_energy_total": 10.5}, 1.0)
    store.update(SB3, {"pv_energy_total": 0}, 2.0)
    store.update(SB3, {"pv_energy_total": 9.0}, 3.0)
    value = store.get(SB3, "pv_energy_total")
    assert value is not None
    assert (value.value, value.arrived_at) == (10.5, 1.0)
    store.update(SB3, {"pv_energy_total": 10.75, "pv_w": 0}, 4.0)
    assert store.values(SB3)["pv_energy_total"].value == 10.75
    assert store.values(SB3)["pv_w"].value == 0
    store.update(SB1, {"out_energy_total": 0}, 5.0)
    assert store.get(SB1, "out_energy_total") is None


def test_standby_mark_keeps_values_until_the_next_message() -> None:
    """A silent device is marked standby once, keeps its values, and wakes with a message."""
    store = LiveValueStore()
    assert store.mark_standby(SB3, 1000.0, 135.0) is False
    store.update(SB3, {"pv_w": 300}, 100.0)
    assert store.mark_standby(SB3, 200.0, 135.0) is False
    assert store.mark_standby(SB3, 300.0, 135.0) is True
    assert store.mark_standby(SB3, 400.0, 135.0) is False
    assert store.is_standby(SB3)
    assert store.values(SB3)["pv_w"].value == 300
    store.update(SB3, {"pv_w": 310}, 500.0)
    assert not store.is_standby(SB3)
    store.keep_only([SB1])
    assert store.serials() == []


def overlay_for(store: LiveValueStore, policy: LivePolicy) -> LiveOverlay:
    """An overlay over `store` for one Solarbank 3, one Solarbank 1 and one C1000."""
    models = {SB3: "A17C5", SB1: "A17C0", PPS: "A1761"}
    return LiveOverlay(store, models.get, policy.allowance)


def test_freshest_prefers_the_newer_source() -> None:
    """The fresher of MQTT and cloud wins; names are mapped per family (§7.4 pairs)."""
    clock = FakeClock(10_000.0)
    store = LiveValueStore()
    policy = LivePolicy(clock)
    overlay = overlay_for(store, policy)
    store.update(SB3, {"pv_w": 420, "battery_w": -150, "pv2_w": 80}, 9_990.0)
    result = overlay.freshest(SB3, "input_power", "400", 9_700.0, clock.now)
    assert (result.value, result.source, result.time, result.standby) == (
        420,
        "mqtt",
        9_990.0,
        False,
    )
    assert overlay.freshest(SB3, "charging_power", "-140", 9_700.0, clock.now).value == -150
    assert overlay.freshest(SB3, "solar_power_2", "70", 9_700.0, clock.now).value == 80
    newer_cloud = overlay.freshest(SB3, "input_power", "400", 9_995.0, clock.now)
    assert (newer_cloud.value, newer_cloud.source) == ("400", "cloud")
    # No live counterpart: the cloud value as it is.
    assert overlay.freshest(SB3, "battery_soc", "55", 9_700.0, clock.now).source == "cloud"
    assert overlay.freshest(PPS, "input_power", "1", 9_700.0, clock.now).source == "cloud"
    assert overlay.freshest(SB3, "no_such_key", None, None, clock.now).value is None
    assert "charging_power" in overlay_keys("A17C5")
    assert "charging_power" not in overlay_keys("A17C0")
    assert overlay_keys("A1761") == ()


def test_old_mqtt_value_falls_back_to_the_cloud() -> None:
    """An MQTT value older than the device's allowance never hides a cloud value (ha #453)."""
    clock = FakeClock(10_000.0)
    store = LiveValueStore()
    policy = LivePolicy(clock, status_interval=60)
    overlay = overlay_for(store, policy)
    allowance = policy.allowance("A17C5")
    assert allowance == 2 * 60 + 15
    store.update(SB3, {"pv_w": 420}, clock.now - allowance + 1)
    assert overlay.freshest(SB3, "input_power", "400", 5_000.0, clock.now).source == "mqtt"
    clock.now += 2
    assert overlay.freshest(SB3, "input_power", "400", 5_000.0, clock.now).source == "cloud"
    # With status requests off the device's own cadence (300 s for a Solarbank 3) applies.
    policy.set_status_interval(0)
    assert policy.allowance("A17C5") == 2 * 300 + 15
    assert policy.allowance("A17C0") == 2 * 60 + 15
    assert overlay.freshest(SB3, "input_power", "400", 5_000.0, clock.now).source == "mqtt"


def test_standby_device_keeps_its_last_state_marked() -> None:
    """Standby: the cloud value wins where there is one; else the last live value, marked."""
    clock = FakeClock(10_000.0)
    store = LiveValueStore()
    policy = LivePolicy(clock)
    overlay = overlay_for(store, policy)
    store.update(SB3, {"pv_w": 5, "battery_w": 0}, 9_000.0)
    assert store.mark_standby(SB3, clock.now, policy.allowance("A17C5"))
    assert overlay.freshest(SB3, "input_power", "0", 8_000.0, clock.now).source == "cloud"
    result = overlay.freshest(SB3, "charging_power", None, None, clock.now)
    assert (result.value, result.source, result.standby) == (0, "mqtt", True)


def test_signed_battery_power_from_charge_and_discharge() -> None:
    """Solarbank 2 Pro sends charge and discharge apart: the overlay gives charge − discharge."""
    store = LiveValueStore()
    policy = LivePolicy(FakeClock())
    overlay = LiveOverlay(store, {SB3: "A17C1"}.get, policy.allowance)
    store.update(SB3, {"battery_charge_w": 0.0}, 100.0)
    assert overlay.live_value(SB3, "charging_power") is None
    store.update(SB3, {"battery_discharge_w": 212.5}, 110.0)
    live = overlay.live_value(SB3, "charging_power")
    assert live is not None
    assert (live.value, live.arrived_at) == (-212.5, 100.0)
    store.update(SB3, {"battery_discharge_w": "x"}, 120.0)
    assert overlay.live_value(SB3, "charging_power") is None


def test_status_requests_on_connect_then_at_the_cadence() -> None:
    """All owned devices are due on connect, then every interval; never more than 1/s each."""
    clock = FakeClock(1000.0)
    policy = LivePolicy(clock, status_interval=60)
    owned = MqttDevice(SB3, "A17C5")
    shared = MqttDevice(SB1, "A17C0", owned=False)
    devices = [owned, shared]
    policy.connected([SB3, SB1], clock.now)
    assert policy.due_status(devices, clock.now) == [owned]
    policy.note_command(SB3, clock.now, status=True)
    assert policy.due_status(devices, clock.now) == []
    assert policy.next_due(clock.now) == 0  # the member device stays scheduled, never sent
    assert policy.due_status(devices, clock.now + 59) == []
    assert policy.due_status(devices, clock.now + 60) == [owned]
    # A command just before blocks the next one for a second.
    policy.note_command(SB3, clock.now + 59.5)
    assert policy.command_wait(SB3, clock.now + 60) == pytest.approx(0.5)
    assert policy.due_status(devices, clock.now + 60) == []
    assert policy.due_status(devices, clock.now + 60.5) == [owned]
    # A reconnect schedules everything anew.
    policy.connected([SB3], clock.now + 61)
    assert policy.due_status(devices, clock.now + 61) == [owned]


def test_status_interval_changes_at_runtime() -> None:
    """The cadence can be changed live (validated); 0 turns status requests off."""
    clock = FakeClock(0.0)
    policy = LivePolicy(clock, status_interval=60)
    device = MqttDevice(SB3, "A17C5")
    policy.connected([SB3], 0.0)
    policy.note_command(SB3, 0.0, status=True)
    policy.set_status_interval(120)
    assert policy.due_status([device], 60.0) == []
    assert policy.due_status([device], 120.0) == [device]
    policy.set_status_interval(0)
    assert policy.due_status([device], 1000.0) == []
    for bad in (5, 3601, -1, True, "60"):
        with pytest.raises(SolixValidationError) as err:
            policy.set_status_interval(bad)  # type: ignore[arg-type]
        assert err.value.reason == "mqtt_status_interval"
    assert policy.status_interval == 0


def test_realtime_window_is_bounded_and_not_renewed() -> None:
    """1 ≤ seconds ≤ 600; the window ends by itself; a new trigger replaces the old one."""
    from custom_components.anker_solix.solixapi.mqtt import (
        check_command_target,
        check_realtime_seconds,
    )

    for bad in (0, 601, -5, 1.5, True, "60"):
        with pytest.raises(SolixValidationError) as err:
            check_realtime_seconds(bad)  # type: ignore[arg-type]
        assert err.value.reason == "mqtt_realtime_duration"
        assert err.value.placeholders == {"min": "1", "max": "600"}
    assert check_realtime_seconds(1) == 1
    assert check_realtime_seconds(600) == 600
    with pytest.raises(SolixNotAllowedError) as refused:
        check_command_target(MqttDevice(SB1, "A17C0", owned=False))
    assert refused.value.reason == "mqtt_device_not_owned"
    with pytest.raises(SolixNotAllowedError) as unknown:
        check_command_target(None)
    assert unknown.value.reason == "mqtt_device_unknown"
    policy = LivePolicy(FakeClock())
    assert policy.note_realtime(SB3, 60, 100.0) == 160.0
    assert policy.realtime_until(SB3, 159.0) == 160.0
    assert policy.realtime_until(SB3, 160.0) is None
    policy.note_realtime(SB3, 30, 120.0)
    assert policy.realtime_until(SB3, 149.0) == 150.0


def test_backoff_doubles_to_the_cap_with_jitter() -> None:
    """5 s doubling up to 10 min; the jitter only shortens a delay, by at most 30 %."""
    exact = Backoff(rand=lambda: 0.0)
    assert [exact.delay(n) for n in range(9)] == [5, 10, 20, 40, 80, 160, 320, 600, 600]
    assert exact.delay(10_000) == 600
    jittered = Backoff(rand=lambda: 1.0)
    assert jittered.delay(0) == pytest.approx(3.5)
    assert jittered.delay(20) == pytest.approx(420)


def test_stats_count_per_device_topic_and_hour() -> None:
    """Messages and bytes per device, per topic and per hour, in both directions."""
    clock = FakeClock(7200.0 + 10)
    stats = MqttStats(clock)
    topic = f"dt/anker_power/A17C5/{SB3}/param_info"
    stats.record_received(SB3, topic, 100)
    stats.record_received(SB3, topic, 50)
    clock.now += 3600
    stats.record_received(SB3, topic.replace("param", "state"), 10)
    stats.record_sent(SB3, f"cmd/anker_power/A17C5/{SB3}/req", 300)
    stats.record_problem("checksum")
    data = stats.as_dict()
    assert data["received"]["total"] == {"messages": 3, "bytes": 160}
    assert data["received"]["devices"][SB3] == {"messages": 3, "bytes": 160}
    assert data["received"]["topics"][topic] == {"messages": 2, "bytes": 150}
    assert data["received"]["hours"] == {
        "7200": {"messages": 2, "bytes": 150},
        "10800": {"messages": 1, "bytes": 10},
    }
    assert data["received"]["device_hours"][SB3]["10800"] == {"messages": 1, "bytes": 10}
    assert data["sent"]["total"] == {"messages": 1, "bytes": 300}
    assert data["problems"] == {"checksum": 1}
    assert stats.received_last_hour(SB3).messages == 1
    clock.now += 49 * 3600
    stats.record_received(SB1, "x", 1)
    assert list(stats.as_dict()["received"]["hours"]) == [str(int(clock.now // 3600 * 3600))]
