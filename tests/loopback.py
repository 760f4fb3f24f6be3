"""A scenario served by the simulator on a manual clock, with a real session, API and poller.

The library tests (`tests/control`, `tests/schedule`, `tests/poller`) run the client library
against the simulator over loopback HTTP without Home Assistant; they all start here.
"""

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
from custom_components.anker_solix.solixapi.cloud import SolixApi
from custom_components.anker_solix.solixapi.poll import SolixPoller
from solixsim import CloudSimulator, SimClock
from tests.conftest import SCENARIOS

FALLBACK_BASE_TIME = "2025-06-04 12:00:00"


def scenario_meta(folder: Path) -> dict[str, Any]:
    """The folder's ``scenario.json``."""
    meta: dict[str, Any] = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))
    return meta


def base_time(folder: Path) -> tuple[float, int]:
    """Scenario base time (``base_time`` or scene ``updated_time``) as Unix seconds and the
    UTC offset of the site clock in seconds."""
    meta = scenario_meta(folder)
    offset = int(meta.get("utc_offset_minutes", 0)) * 60
    text = meta.get("base_time")
    if not text:
        for scene in sorted(folder.glob("scene_*.json")):
            info = json.loads(scene.read_text(encoding="utf-8"))["data"].get("solarbank_info")
            if info and info.get("updated_time", "")[:4] not in ("", "1970"):
                text = info["updated_time"]
                break
    local = datetime.strptime(text or FALLBACK_BASE_TIME, "%Y-%m-%d %H:%M:%S")
    return (local - timedelta(seconds=offset)).replace(tzinfo=UTC).timestamp(), offset


@dataclass
class Loopback:
    """The served simulator and a poller whose session (not logged in yet) points at it."""

    sim: CloudSimulator
    poller: SolixPoller


@asynccontextmanager
async def served(
    name: str, *, at: float | None = None, request_delay: float = 0.3
) -> AsyncIterator[Loopback]:
    """Serve ``scenarios/<name>`` at its base time (or ``at``); nothing is polled yet.

    The session runs on the simulator's manual clock (waits advance it instantly), so
    ``request_delay`` moves the clock by that much between requests.
    """
    folder = SCENARIOS / name
    start, offset = base_time(folder)
    account = scenario_meta(folder)["account"]
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(at or start))
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            account["email"],
            account["password"],
            account["country"],
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=SessionOptions(request_delay=request_delay, timeout=5.0, endpoint_limit=10),
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=offset,
        )
        yield Loopback(sim=sim, poller=SolixPoller(SolixApi(session)))
