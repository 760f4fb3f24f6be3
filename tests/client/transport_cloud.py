"""The simulator of the transport and app-login tests: a real scenario on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS

SCENARIO = "sb2_plus_plugs"


@dataclass
class Cloud:
    """A running simulator, its URL, an HTTP client and every header set it sent."""

    sim: CloudSimulator
    url: str
    websession: aiohttp.ClientSession
    sent: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def session(self, transport: str = "auto", **overrides: Any) -> SolixSession:
        """A session of the scenario account on the simulator (its preset key, its clock)."""
        meta = self.sim.store.meta
        arguments: dict[str, Any] = {
            "server_url": self.url,
            "server_public_key": self.sim.public_key_hex,
            "preset_key": self.sim.secure.preset_key_hex,
            "options": SessionOptions(request_delay=0, timeout=5.0, transport=transport),
            "clock": self.sim.clock.now,
            "sleep": self.sim.clock.sleep,
            "utc_offset_seconds": 0,
        }
        arguments.update(overrides)
        return SolixSession(self.websession, meta.email, meta.password, meta.country, **arguments)

    def records(self, path: str | None = None) -> list[Any]:
        """The simulator's request records (of one path)."""
        return [r for r in self.sim.recorder.records if path is None or r.path == path]

    def paths(self) -> list[str]:
        """The paths the simulator answered, in order."""
        return [record.path for record in self.sim.recorder.records]


def simulator(private_key_hex: str | None = None) -> CloudSimulator:
    """The scenario's simulator on a manual clock at its base time."""
    sim = CloudSimulator.from_scenario(
        SCENARIOS / SCENARIO, clock=SimClock.manual(1749038400.0), private_key_hex=private_key_hex
    )
    sim.clock.set(sim.times.base(""))
    return sim


@asynccontextmanager
async def serve_cloud(sim: CloudSimulator | None = None) -> AsyncIterator[Cloud]:
    """A simulator on loopback and an HTTP client that remembers the headers it sent."""
    sim = sim or simulator()
    sent: list[tuple[str, dict[str, str]]] = []

    async def remember(
        _session: aiohttp.ClientSession,
        _context: Any,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        sent.append((params.url.path.strip("/"), dict(params.headers)))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(remember)
    async with sim.serve() as url, aiohttp.ClientSession(trace_configs=[trace]) as websession:
        yield Cloud(sim, url, websession, sent)
