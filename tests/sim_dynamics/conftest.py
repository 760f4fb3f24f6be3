"""Fixtures of the write handler tests: a synthetic scenario store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import solixsim.writes
from solixsim.scenario import ScenarioStore
from tests.sim_dynamics.store_files import write_scenario


@pytest.fixture
def store(tmp_path: Path) -> ScenarioStore:
    """A freshly loaded synthetic scenario."""
    return ScenarioStore.load(write_scenario(tmp_path))


@pytest.fixture
def single_slot_bug_off() -> Iterator[None]:
    """Disable the SB1 single-slot bug emulation for one test."""
    saved = solixsim.writes.SINGLE_SLOT_ZERO_OUTPUT
    solixsim.writes.SINGLE_SLOT_ZERO_OUTPUT = False
    yield
    solixsim.writes.SINGLE_SLOT_ZERO_OUTPUT = saved
