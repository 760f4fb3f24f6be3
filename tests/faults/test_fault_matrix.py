"""Every endpoint x every error kind: only what the endpoint feeds changes, the rest updates.

For each scenario a clean run (cached) and one faulted run per error kind poll at the same clock
times; see `matrix.py` for the plan and `check_run` for what each cycle must show.
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant

from .conftest import Clouds
from .matrix import KINDS, Run, check_run, is_run_metric, run

_CLEAN: dict[tuple[str, tuple[tuple[str, Any], ...]], Run] = {}


async def clean_run(
    hass: HomeAssistant, clouds: Clouds, scenario: str, options: dict[str, Any]
) -> Run:
    """The clean run of a scenario with these options (one per test session)."""
    key = (scenario, tuple(sorted(options.items())))
    if key not in _CLEAN:
        _CLEAN[key] = await run(hass, clouds, scenario, kind=None, options=options)
    return _CLEAN[key]


MATRIX = [
    *(("sb2_plus_plugs", kind) for kind in KINDS),
    # more endpoints (dynamic prices, AI status, fittings, forecast): one kind per error class
    *(("sb3_shelly_dynamic", kind) for kind in ("code_10000", "http_429", "timeout")),
    # home energy system and standalone inverter endpoints
    ("x1_hes", "http_500"),
    ("mi80_standalone", "http_500"),
]


@pytest.mark.parametrize(("scenario", "kind"), MATRIX)
async def test_fault_matrix(hass: HomeAssistant, clouds: Clouds, scenario: str, kind: str) -> None:
    """One endpoint at a time fails for two cycles, then answers again."""
    options: dict[str, Any] = {}
    clean = await clean_run(hass, clouds, scenario, options)
    assert len(clean.endpoints) > 5, clean.endpoints
    faulted = await run(
        hass, clouds, scenario, kind=kind, options=options, endpoints=clean.endpoints
    )
    problems = check_run(clean, faulted, kind)
    assert not problems, "\n".join(problems[:60])
    # after the last recovery every state equals the clean run's (run metrics aside)
    final = faulted.cycles[-1].states
    assert {
        uid: (final.get(uid), state)
        for uid, state in clean.cycles[-1].states.items()
        if final.get(uid) != state and not is_run_metric(uid, clean.user_id)
    } == {}
