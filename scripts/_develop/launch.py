"""``scripts/develop``: Home Assistant on 127.0.0.1:8123, logged in to the local simulator.

Serves the scenario with the simulator (real clock, fixed key, preferably on port 8765),
prepares the config dir, runs Home Assistant as a child process (restarting it when it asks to
be restarted) and stops both on Ctrl-C. Run from the repository:
``python -m scripts._develop.launch --config-dir DIR [SCENARIO_DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import TextIO

import aiohttp
from homeassistant.const import RESTART_EXIT_CODE
from homeassistant.const import __version__ as HA_VERSION  # noqa: N812

from scripts._develop.haconfig import sim_private_key, switch_scenario
from scripts._develop.hastorage import DevUser
from scripts._develop.prepare import SimulatorAccess, flow_versions, prepare_config_dir
from solixsim.clock import SimClock
from solixsim.recorder import RequestRecord
from solixsim.scenario import load_meta
from solixsim.simulator import CloudSimulator

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SCENARIO = REPO / "scenarios" / "sb3_shelly_dynamic"
HOST = "127.0.0.1"
HA_PORT = 8123
SIM_PORT = 8765
DEV_USER = DevUser(username="dev", password="dev-password", name="Developer")
SIM_LOG = "simulator.log"
_READY_TIMEOUT = 300.0
_STOP_TIMEOUT = 60.0


def port_is_free(port: int) -> bool:
    """True when a server could listen on ``HOST:port`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def say(text: str) -> None:
    """A line of the launcher on stdout."""
    print(f"[develop] {text}", flush=True)


def scenario_path(scenario: Path) -> Path:
    """The absolute scenario path as named, symlinks kept (``scenarios/<name>``, not its target)."""
    return Path(os.path.abspath(scenario))


def banner(sim: SimulatorAccess, scenario: Path, config_dir: Path) -> str:
    """Where everything runs and how to log in (``config_dir`` as the developer sees it)."""
    account = sim.account
    shown = scenario.relative_to(REPO) if scenario.is_relative_to(REPO) else scenario
    lines = [
        "",
        "=" * 78,
        f"  Home Assistant {HA_VERSION}: http://{HOST}:{HA_PORT}",
        f"    login        user {DEV_USER.username!r}, password {DEV_USER.password!r}",
        f"  Scenario       {shown}",
        f"  Simulator      {sim.url}  (request log: {config_dir / SIM_LOG})",
        f"    account      e-mail {account.email!r}, password {account.password!r},"
        f" country {account.country}",
        f"    public key   {sim.public_key}",
        "  The account is already set up (Settings > Devices & services > Anker Solix).",
        "  To add it by hand, expand Custom cloud server in the setup flow and enter",
        "  the simulator URL and public key above.",
        "  Ctrl-C stops Home Assistant and the simulator.",
        "=" * 78,
        "",
    ]
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def serve_simulator(
    scenario: Path, private_key_hex: str, log: TextIO
) -> AsyncIterator[SimulatorAccess]:
    """Serve ``scenario`` on :data:`SIM_PORT` (any free port when taken), logging to ``log``."""
    sim = CloudSimulator.from_scenario(
        scenario, clock=SimClock.real(), private_key_hex=private_key_hex, mqtt=True
    )

    def write_record(record: RequestRecord) -> None:
        print(record.log_line(), file=log, flush=True)

    sim.recorder.listeners.append(write_record)
    port = SIM_PORT if port_is_free(SIM_PORT) else 0
    async with sim.serve(host=HOST, port=port) as url:
        yield SimulatorAccess(url=url, public_key=sim.public_key_hex, account=sim.store.meta)


async def wait_until_ready(process: asyncio.subprocess.Process) -> bool:
    """Wait until the frontend answers; False when Home Assistant exits or takes too long."""
    deadline = time.monotonic() + _READY_TIMEOUT
    url = f"http://{HOST}:{HA_PORT}/manifest.json"
    async with aiohttp.ClientSession() as client:
        while process.returncode is None and time.monotonic() < deadline:
            with contextlib.suppress(aiohttp.ClientError, TimeoutError):
                async with client.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                    if response.status == 200:
                        return True
            await asyncio.sleep(0.5)
    return False


async def announce_when_ready(process: asyncio.subprocess.Process, text: str) -> None:
    """Print the banner once Home Assistant serves its frontend."""
    started = time.monotonic()
    if await wait_until_ready(process):
        say(f"Home Assistant is ready after {time.monotonic() - started:.0f} s")
        print(text, flush=True)


async def stop_process(process: asyncio.subprocess.Process) -> None:
    """Ask Home Assistant to stop (SIGTERM); kill it when it does not within a minute."""
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), _STOP_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()


async def run_home_assistant(
    config_dir: Path, shown_config_dir: Path, text: str, stop: asyncio.Event
) -> int:
    """Run Home Assistant until ``stop`` is set or it exits; restart it when it asks to."""
    while True:
        say(f"starting Home Assistant {HA_VERSION} with config dir {shown_config_dir}")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "homeassistant",
            "--config",
            str(config_dir),
            cwd=config_dir,
            start_new_session=True,  # Ctrl-C reaches the launcher only; it stops the child once
        )
        announcer = asyncio.create_task(announce_when_ready(process, text))
        stopper = asyncio.create_task(stop.wait())
        exited = asyncio.create_task(process.wait())
        await asyncio.wait({stopper, exited}, return_when=asyncio.FIRST_COMPLETED)
        announcer.cancel()
        stopper.cancel()
        if stop.is_set():
            say("stopping Home Assistant and the simulator")
            await stop_process(process)
            return 0
        if process.returncode != RESTART_EXIT_CODE:
            say(f"Home Assistant exited with code {process.returncode}")
            return process.returncode or 0
        say("Home Assistant asked for a restart")


async def develop(scenario: Path, config_dir: Path, shown_config_dir: Path) -> int:
    """Serve the scenario, prepare the config dir and run Home Assistant until stopped.

    ``shown_config_dir`` is the config dir as the developer's shell sees it (another path when
    the launcher runs in a chroot); messages name that one.
    """
    if not port_is_free(HA_PORT):
        say(f"port {HA_PORT} is in use: is another Home Assistant running?")
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    if switch_scenario(config_dir, scenario):
        say("another scenario than last time: Home Assistant starts from a fresh state")
    key = sim_private_key(config_dir)
    with (config_dir / SIM_LOG).open("a", encoding="utf-8") as log:
        async with serve_simulator(scenario, key, log) as sim:
            prepared = prepare_config_dir(
                config_dir,
                custom_components=REPO / "custom_components",
                sim=sim,
                user=DEV_USER,
                http_port=HA_PORT,
                versions=flow_versions(),
            )
            if prepared.user_created:
                say(f"created the Home Assistant user {DEV_USER.username!r}")
            text = banner(sim, scenario, shown_config_dir)
            return await run_home_assistant(config_dir, shown_config_dir, text, stop)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: an optional scenario folder and the config dir."""
    parser = argparse.ArgumentParser(
        prog="scripts/develop",
        description="Home Assistant on http://127.0.0.1:8123 with the integration logged in "
        "to the local Anker cloud simulator.",
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        type=Path,
        default=DEFAULT_SCENARIO,
        help=f"scenario folder (default {DEFAULT_SCENARIO.relative_to(REPO)})",
    )
    parser.add_argument(
        "--config-dir", type=Path, required=True, help="Home Assistant config dir (kept)"
    )
    parser.add_argument(
        "--host-config-dir",
        type=Path,
        help="the config dir as the host sees it, for messages (when running in a chroot)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m scripts._develop.launch``."""
    args = parse_args(argv)
    scenario: Path = args.scenario
    if not scenario.is_dir():
        say(f"scenario folder not found: {scenario}")
        return 2
    load_meta(scenario)  # a broken scenario.json fails here, before anything starts
    config_dir: Path = args.config_dir.resolve()
    shown_config_dir: Path = args.host_config_dir or config_dir
    return asyncio.run(develop(scenario_path(scenario), config_dir, shown_config_dir))


if __name__ == "__main__":
    sys.exit(main())
