"""Value converters and cache contexts of the entity tables (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from custom_components.anker_solix.context import ContextKind, SolixContext
from custom_components.anker_solix.sensor_common import (
    epoch_time,
    fraction_percent,
    local_time,
    number,
    site_timezone,
)
from custom_components.anker_solix.sensor_system import data_time

DATA = {
    "account": {"vehicles": {"car": {"vehicle_id": "car"}}},
    "sites": {"s1": {"site_id": "s1", "data_valid": True, "energy_offset_tz": 3600}},
    "devices": {
        "sb": {"device_sn": "sb", "site_id": "s1", "status": "1"},
        "dock": {"device_sn": "dock", "site_id": "s1", "status": "0", "is_passive": True},
        "lone": {"device_sn": "lone", "status": "0"},
    },
}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("396", 396), ("0.80", 0.8), ("200W", 200), (12, 12), ("", None), (None, None), (True, None)],
)
def test_number(raw: object, expected: float | None) -> None:
    """Cloud numbers come as strings, sometimes with a unit; flags are no numbers."""
    assert number(raw) == expected


def test_fraction_percent() -> None:
    """Fractions become percent with one decimal at most."""
    assert fraction_percent("0.645") == 64.5
    assert fraction_percent("x") is None


def test_local_times() -> None:
    """Cloud local times take the site's offset; 1970 and garbage mean no time."""
    zone = timezone(timedelta(hours=1))
    assert local_time("2025-03-18 12:20", zone) == datetime(2025, 3, 18, 11, 20, tzinfo=UTC)
    assert local_time("1970-01-01 00:00:00", zone) is None
    assert local_time("01-01-0001 00:00:00", zone) is None
    assert local_time("2025-03-18 12:20", None) is None
    assert site_timezone({"energy_offset_tz": None}) is None
    assert epoch_time("1746708600") == datetime(2025, 5, 8, 12, 50, tzinfo=UTC)
    assert epoch_time(None) is None


def test_contexts_and_staleness() -> None:
    """Devices read their site; offline or vanished entries are stale, passive docks are not."""
    device = SolixContext(ContextKind.DEVICE, "sb", DATA, "user")
    assert device.site is DATA["sites"]["s1"]
    assert not device.is_stale()
    assert not SolixContext(ContextKind.DEVICE, "dock", DATA, "user").is_stale()
    assert SolixContext(ContextKind.DEVICE, "lone", DATA, "user").is_stale()
    assert SolixContext(ContextKind.DEVICE, "gone", DATA, "user").is_stale()
    vehicle = SolixContext(ContextKind.VEHICLE, "car", DATA, "user")
    assert vehicle.site is None
    assert vehicle.site_devices() == []
    assert not vehicle.is_stale()
    assert SolixContext(ContextKind.ACCOUNT, "user", DATA, "user").entry is DATA["account"]


def test_system_without_live_data_has_no_data_time() -> None:
    """A system with neither Solarbanks nor 5-minute averages has no data time."""
    assert data_time(SolixContext(ContextKind.SITE, "s1", DATA, "user")) is None
