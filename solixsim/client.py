"""Our cloud client, configured for a simulator: the snapshot and bench commands use it."""

from __future__ import annotations

import aiohttp

from custom_components.anker_solix.solixapi import SessionOptions, SolixSession

from .simulator import CloudSimulator


def client_session(
    sim: CloudSimulator, url: str, websession: aiohttp.ClientSession
) -> SolixSession:
    """A session of the scenario's account on `url`, sharing the simulator's clock.

    Every wait of the client (request spacing, rate limit, retries) advances a manual clock
    instantly, so simulated hours pass in seconds.
    """
    meta = sim.store.meta
    return SolixSession(
        websession,
        meta.email,
        meta.password,
        meta.country,
        server_url=url,
        server_public_key=sim.public_key_hex,
        options=SessionOptions(),
        clock=sim.clock.now,
        sleep=sim.clock.sleep,
        utc_offset_seconds=meta.utc_offset_minutes * 60,
    )
