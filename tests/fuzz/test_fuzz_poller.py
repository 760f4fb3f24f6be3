"""Seeded payload fuzzing of every response family the poller reads, at library level.

Every scenario is polled clean once (the endpoints it answered are the families it uses), then
for many rounds one to three of those endpoints answer mutated data (keys dropped, values
re-typed, NaN/inf, "1e999", lists as objects, ids as lists ...) through the simulator's fault
injector while a poll step runs. Nothing may escape the poller, the snapshot never holds a
non-finite number, and once the cloud answers clean again the same systems and devices are back.

24 rounds x 14 scenarios = 336 fuzzed polls by default; ``SOLIX_FUZZ_ROUNDS=150`` searches deeper
(``SOLIX_FUZZ_RAISE=1`` re-raises the first escaped exception with its traceback).
"""

from __future__ import annotations

import json
import logging
import os

import pytest

from custom_components.anker_solix.solixapi.poll import SolixPoller
from tests.conftest import SCENARIOS
from tests.loopback import served

from .payloads import PayloadFuzzer, non_finite

SCENARIO_NAMES = sorted(path.name for path in SCENARIOS.iterdir() if path.is_dir())
ROUNDS = int(os.environ.get("SOLIX_FUZZ_ROUNDS", "24"))
LOGIN = "passport/login"


async def _step(poller: SolixPoller, which: int) -> None:
    steps = (
        poller.update_sites,
        poller.update_device_details,
        poller.update_site_details,
        poller.update_energy,
        poller.refresh_all,
    )
    await steps[which]()


@pytest.mark.parametrize("name", SCENARIO_NAMES)
async def test_mutated_replies_never_escape_the_poller(
    name: str, socket_enabled: None, caplog: pytest.LogCaptureFixture
) -> None:
    """ROUNDS polls per scenario with mutated replies: no exception, finite snapshot, recovery."""
    seed = sum(map(ord, name))
    fuzzer = PayloadFuzzer(seed)
    async with served(name) as loopback:
        sim, poller = loopback.sim, loopback.poller
        await poller.refresh_all()
        clean = poller.snapshot()
        families = sorted({r.path for r in sim.recorder.records if r.path != LOGIN})
        assert families, "the clean poll asked the cloud nothing"
        for round_no in range(ROUNDS):
            for endpoint in fuzzer.rng.sample(families, k=min(len(families), 3)):
                sim.faults.add(
                    endpoint,
                    count=fuzzer.rng.randint(1, 3),
                    mutate=fuzzer.mutation(endpoint.rsplit("/", 1)[-1]),
                )
            try:
                await _step(poller, fuzzer.rng.randrange(5))
            except Exception as err:
                pytest.fail(f"{name} seed {seed} round {round_no}: {err!r} after {fuzzer.recent()}")
            snapshot = poller.snapshot()
            assert not non_finite(snapshot), (name, round_no, non_finite(snapshot), fuzzer.recent())
            json.dumps(snapshot, allow_nan=False)
            sim.faults.clear()
            sim.clock.advance(fuzzer.rng.choice((60, 300, 900)))
        assert len(fuzzer.log) >= ROUNDS
        # clean again: the same systems and devices, no trace of the junk
        await poller.refresh_all()
        await poller.refresh_all()
        recovered = poller.snapshot()
        assert sorted(recovered["sites"]) == sorted(clean["sites"]), fuzzer.recent(30)
        assert sorted(recovered["devices"]) == sorted(clean["devices"]), (
            set(recovered["devices"]) ^ set(clean["devices"]),
            fuzzer.recent(30),
        )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # malformed values are read as missing by the tolerant readers; none reaches the poll
    # steps' last-resort guard (which would drop a whole section)
    guarded = [r.getMessage() for r in caplog.records if "derivation failed" in r.getMessage()]
    assert not guarded, guarded
