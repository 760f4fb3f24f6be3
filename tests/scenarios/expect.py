"""Expectation tables for scenario snapshots and the one parametrized test that checks them.

Every scenario module lists literal values worked out by hand from the scenario files and the
protocol rules, then builds its test with `value_test(scenario, base_time, expectations)`.
The snapshot of a scenario at a clock time is deterministic, so it is taken once and shared.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from solixsim.scenario import load_meta
from solixsim.sitetime import parse_time_value
from solixsim.snapshot import take_snapshot

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
ABSENT = "<absent>"
KEYS = "@keys"
_SNAPSHOTS: dict[tuple[str, str], dict[str, Any]] = {}


async def fresh_snapshot(scenario: str, local_time: str) -> dict[str, Any]:
    """A new snapshot of `scenario` with the clock at the site-local `local_time`."""
    folder = SCENARIOS / scenario
    clock_ts = parse_time_value(local_time, load_meta(folder).utc_offset_minutes)
    return await take_snapshot(folder, clock_ts)


async def scenario_snapshot(scenario: str, local_time: str) -> dict[str, Any]:
    """The (shared) snapshot of `scenario` at `local_time`."""
    key = (scenario, local_time)
    if key not in _SNAPSHOTS:
        _SNAPSHOTS[key] = await fresh_snapshot(scenario, local_time)
    return _SNAPSHOTS[key]


@dataclass(frozen=True)
class Expect:
    """One expected value: `snapshot[section][entry]` followed along the dotted `path`."""

    section: str
    entry: str
    path: str
    expected: Any

    @property
    def test_id(self) -> str:
        """A readable pytest id."""
        return f"{self.section}:{self.entry or '*'}:{self.path}"

    def actual(self, snapshot: dict[str, Any]) -> Any:
        """The value found in the snapshot, `ABSENT` when a key is missing."""
        value: Any = snapshot[self.section]
        if self.entry:
            value = value.get(self.entry, ABSENT)
        for part in self.path.split(".") if self.path else []:
            if value is ABSENT:
                break
            if part == KEYS:
                value = sorted(value)
            elif isinstance(value, list):
                value = value[int(part)] if int(part) < len(value) else ABSENT
            elif isinstance(value, dict):
                value = value.get(part, ABSENT)
            else:
                value = ABSENT
        return value


def device(serial: str, **values: Any) -> list[Expect]:
    """Expectations on one device entry (`__` in a keyword stands for a dot in the path)."""
    return [Expect("devices", serial, key.replace("__", "."), v) for key, v in values.items()]


def site(site_id: str, **values: Any) -> list[Expect]:
    """Expectations on one site entry (`__` in a keyword stands for a dot in the path)."""
    return [Expect("sites", site_id, key.replace("__", "."), v) for key, v in values.items()]


def account(**values: Any) -> list[Expect]:
    """Expectations on the account entry."""
    return [Expect("account", "", key.replace("__", "."), v) for key, v in values.items()]


def energy(site_id: str, day: str, **values: Any) -> list[Expect]:
    """Expectations on `energy_details.<day>` ("today", "last_period" or "intraday") of a site."""
    return [Expect("sites", site_id, f"energy_details.{day}.{k}", v) for k, v in values.items()]


def serials(section: str, *names: str) -> list[Expect]:
    """The complete, sorted key list of a section (every device or site, none dropped)."""
    return [Expect(section, "", KEYS, sorted(names))]


def value_test(
    scenario: str, local_time: str, expectations: list[Expect]
) -> Callable[..., Awaitable[None]]:
    """A test checking every expectation on the snapshot of `scenario` at `local_time`."""

    @pytest.mark.parametrize("expectation", expectations, ids=[e.test_id for e in expectations])
    async def test_snapshot_value(expectation: Expect, socket_enabled: None) -> None:
        snapshot = await scenario_snapshot(scenario, local_time)
        actual = expectation.actual(snapshot)
        assert actual == expectation.expected, f"{actual!r} != expected {expectation.expected!r}"

    return test_snapshot_value
