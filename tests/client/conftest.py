"""Fixtures for loopback tests: a tiny synthetic scenario served by the cloud simulator."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import pytest

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession

from .fakes import START_TS

if TYPE_CHECKING:
    from solixsim import CloudSimulator, SimClock

EMAIL = "tester@example.com"
PASSWORD = "sim-password-1"
USER_ID = "5e1f00c0ffee0ddba11c0ffee0ddba11c0ffee01"
SITE_ID = "0d9c3a51-7c1e-4a55-9d9e-4f1b0c2d3e4f"
UTC_OFFSET = 7200


def write_scenario(folder: Path) -> Path:
    """Write a minimal scenario: account meta, one site in the list, unread message flags."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "description": "transport tests",
        "account": {
            "email": EMAIL,
            "password": PASSWORD,
            "country": "DE",
            "user_id": USER_ID,
            "nick_name": "tes***",
        },
        "utc_offset_minutes": UTC_OFFSET // 60,
    }
    site_list = {
        "site_list": [
            {
                "site_id": SITE_ID,
                "site_name": "Balcony",
                "site_img": "",
                "site_type": 1,
                "ms_type": 1,
                "power_site_type": 2,
                "is_allow_delete": True,
            }
        ]
    }
    unread = {"has_unread_msg": False, "system_msg": False, "device_msg": False}
    for name, content in (
        ("scenario", meta),
        ("site_list", site_list),
        ("message_unread", unread),
    ):
        (folder / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return folder


@dataclass
class RecordingSleep:
    """The simulator clock's sleep, with every requested wait remembered."""

    clock: SimClock
    waits: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        """Remember the wait and advance the manual clock."""
        self.waits.append(seconds)
        await self.clock.sleep(seconds)


@dataclass
class Cloud:
    """A running simulator, its URL and a factory for client sessions bound to it."""

    sim: CloudSimulator
    url: str
    websession: aiohttp.ClientSession
    sleep: RecordingSleep
    sent_headers: list[dict[str, str]]

    def session(self, **overrides: Any) -> SolixSession:
        """A client session on the simulator, sharing its manual clock."""
        arguments: dict[str, Any] = {
            "server_url": self.url,
            "server_public_key": self.sim.public_key_hex,
            "options": SessionOptions(request_delay=0.3, timeout=2.0, endpoint_limit=10),
            "clock": self.sim.clock.now,
            "sleep": self.sleep,
            "utc_offset_seconds": UTC_OFFSET,
        }
        arguments.update(overrides)
        email = arguments.pop("email", EMAIL)
        password = arguments.pop("password", PASSWORD)
        return SolixSession(self.websession, email, password, "de", **arguments)

    def paths(self) -> list[str]:
        """The paths of all requests the simulator answered, in order."""
        return [record.path for record in self.sim.recorder.records]

    def logins(self) -> int:
        """How many login requests the simulator answered."""
        return self.paths().count("passport/login")


@pytest.fixture
async def cloud(tmp_path: Path, socket_enabled: None) -> AsyncIterator[Cloud]:
    """The simulator on loopback with a manual clock, and an HTTP client session."""
    from solixsim import CloudSimulator, SimClock  # imported here: unit tests need no simulator

    sim = CloudSimulator.from_scenario(
        write_scenario(tmp_path / "scenario"), clock=SimClock.manual(START_TS)
    )
    sent_headers: list[dict[str, str]] = []

    async def remember_headers(
        _session: aiohttp.ClientSession,
        _context: Any,
        params: aiohttp.TraceRequestStartParams,
    ) -> None:
        sent_headers.append(dict(params.headers))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(remember_headers)
    async with (
        sim.serve() as url,
        aiohttp.ClientSession(trace_configs=[trace]) as websession,
    ):
        yield Cloud(sim, url, websession, RecordingSleep(sim.clock), sent_headers)
