"""`snapshot`: serve a scenario and run our client through the integration's refresh sequence.

The simulator and the client share one manual clock: "now" starts at `--clock` (or the real time)
and every wait of the client (request spacing, rate limit, retries) advances it instantly, so a
snapshot is fast and repeatable for a fixed clock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import SolixApi, SolixPoller

from .cli_args import clock_start
from .client import client_session
from .clock import SimClock
from .simulator import CloudSimulator


async def take_snapshot(scenario: Path, clock_ts: float | None = None) -> dict[str, Any]:
    """Return the client's `{"account", "sites", "devices"}` caches for a scenario."""
    clock = SimClock.manual(time.time() if clock_ts is None else clock_ts)
    sim = CloudSimulator.from_scenario(scenario, clock=clock)
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = client_session(sim, url, websession)
        poller = SolixPoller(SolixApi(session))
        await poller.refresh_all()
        return poller.snapshot()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the `snapshot` subcommand."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument(
        "--clock",
        help="start time for simulator and client, ISO 8601 or Unix seconds (naive = site-local)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the snapshot of `args.scenario` as JSON."""
    result = asyncio.run(take_snapshot(args.scenario, clock_start(args)))
    json.dump(result, sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
