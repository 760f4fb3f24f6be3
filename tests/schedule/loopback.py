"""Start a scenario on the simulator (manual clock) with a real session, API and poller."""

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
SET_PARAM = "power_service/v1/site/set_site_device_param"
GET_PARAM = "power_service/v1/site/get_site_device_param"
HOME_LOAD = "power_service/v1/app/device/get_device_home_load"


def base_time(folder: Path) -> tuple[float, int]:
    """Scenario base time (scene ``updated_time``) as Unix seconds and the UTC offset."""
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


@dataclass
class Loop:
    """A polled poller on a served scenario."""

    sim: CloudSimulator
    poller: SolixPoller
    site_id: str

    def stored(self, param_type: str) -> dict[str, Any]:
        """The simulator's stored parameter object of the site."""
        data = self.sim.store.data(f"device_parm_{param_type}_{self.site_id}")
        text = data.get("param_data")
        return json.loads(text) if text else {}

    def stored_load(self, serial: str) -> dict[str, Any]:
        """The simulator's device load answer of an SB1 (``home_load_data`` decoded)."""
        data = dict(self.sim.store.data(f"device_load_{serial}"))
        data["home_load_data"] = json.loads(data["home_load_data"])
        return data

    def writes(self) -> list[dict[str, Any]]:
        """Bodies of the recorded ``set_site_device_param`` requests."""
        return [r.body for r in self.sim.recorder.records if r.path.endswith(SET_PARAM)]

    def requests(self) -> int:
        """Number of recorded requests."""
        return len(self.sim.recorder.records)


@asynccontextmanager
async def loop(name: str, *, at: float | None = None) -> AsyncIterator[Loop]:
    """Serve ``scenarios/<name>`` at its base time (or ``at``) and poll sites and details."""
    folder = SCENARIOS / name
    start, offset = base_time(folder)
    meta = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))["account"]
    sim = CloudSimulator.from_scenario(folder, clock=SimClock.manual(at or start))
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = SolixSession(
            websession,
            meta["email"],
            meta["password"],
            meta["country"],
            server_url=url,
            server_public_key=sim.public_key_hex,
            options=SessionOptions(request_delay=0.3, timeout=5.0, endpoint_limit=10),
            clock=sim.clock.now,
            sleep=sim.clock.sleep,
            utc_offset_seconds=offset,
        )
        poller = SolixPoller(SolixApi(session))
        await poller.update_sites()
        await poller.update_device_details()
        site_id = next(iter(poller.sites))
        yield Loop(sim, poller, site_id)
