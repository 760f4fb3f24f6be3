"""Start a scenario on the simulator (manual clock) with a real session, API and poller."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from custom_components.anker_solix.solixapi.poll import SolixPoller
from solixsim import CloudSimulator
from tests.loopback import served

SET_PARAM = "power_service/v1/site/set_site_device_param"
GET_PARAM = "power_service/v1/site/get_site_device_param"
HOME_LOAD = "power_service/v1/app/device/get_device_home_load"


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
    async with served(name, at=at) as loopback:
        poller = loopback.poller
        await poller.update_sites()
        await poller.update_device_details()
        site_id = next(iter(poller.sites))
        yield Loop(loopback.sim, poller, site_id)
