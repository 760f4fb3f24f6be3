"""A simulator with a manual clock, a real session and a polled `SolixPoller` for one scenario."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession
from custom_components.anker_solix.solixapi.api import SolixApi
from custom_components.anker_solix.solixapi.poller import SolixPoller
from solixsim import CloudSimulator, SimClock

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


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


def _start(folder: Path) -> tuple[float, int]:
    meta = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))
    offset = int(meta.get("utc_offset_minutes", 0)) * 60
    text = meta.get("base_time")
    if not text:
        for scene in sorted(folder.glob("scene_*.json")):
            info = json.loads(scene.read_text(encoding="utf-8"))["data"].get("solarbank_info")
            if info and info.get("updated_time", "")[:4] not in ("", "1970"):
                text = info["updated_time"]
                break
    local = datetime.strptime(text or "2025-06-04 12:00:00", "%Y-%m-%d %H:%M:%S")
    return (local - timedelta(seconds=offset)).replace(tzinfo=UTC).timestamp(), offset


@asynccontextmanager
async def control_env(name: str) -> AsyncIterator[Env]:
    """Serve scenario `name`, log in and poll sites and details once."""
    folder = SCENARIOS / name
    start, offset = _start(folder)
    account = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))["account"]
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(start))
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            account["email"],
            account["password"],
            account["country"],
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=SessionOptions(request_delay=0.0, timeout=5.0, endpoint_limit=10),
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=offset,
        )
        env = Env(sim=sim, poller=SolixPoller(SolixApi(session)))
        await env.repoll()
        yield env
