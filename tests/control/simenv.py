"""A simulator with a manual clock, a real session and a polled `SolixPoller` for one scenario."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from custom_components.anker_solix.solixapi.poll import SolixPoller
from solixsim import CloudSimulator
from tests.loopback import served


@dataclass
class Env:
    """The simulator and a poller that has run the site and details polls once."""

    sim: CloudSimulator
    poller: SolixPoller

    def mark(self) -> int:
        """Position in the request log (for `requests_since`)."""
        return len(self.sim.recorder.records)

    def requests_since(self, mark: int) -> list[str]:
        """Paths requested after `mark`."""
        return [record.path for record in self.sim.recorder.records[mark:]]

    def stored(self, name: str) -> Any:
        """``data`` of a stored scenario file as the simulator now answers it."""
        return self.sim.store.data(name)

    async def repoll(self) -> None:
        """Site and details polls (what the confirming poll reads)."""
        await self.poller.update_sites()
        await self.poller.update_device_details()
        await self.poller.update_site_details()


@asynccontextmanager
async def control_env(name: str) -> AsyncIterator[Env]:
    """Serve scenario `name`, log in and poll sites and details once."""
    async with served(name, request_delay=0.0) as loopback:
        env = Env(sim=loopback.sim, poller=loopback.poller)
        await env.repoll()
        yield env
