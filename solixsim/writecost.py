"""`writecost`: what one change costs the cloud — requests and bytes of each control op.

Serves a scenario on a manual clock at its base time, polls it once with our client (sites,
details, site details, energy), then runs one change per control the scenario's owned devices
offer (a different value than the current one) and reports, per change, the requests the
simulator saw and their bytes. Refused changes are listed with their reason and must cost
nothing. The integration adds at most one confirming poll after a burst of changes
(`PollScheduler.note_write`); this command measures the changes themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import aiohttp

from custom_components.anker_solix.solixapi import (
    MODE_CODES,
    SolixApi,
    SolixControlError,
    SolixPoller,
    control,
    usage_mode_options,
)

from .cli_args import clock_start, scenario_missing
from .client import client_session
from .clock import SimClock
from .simulator import CloudSimulator

type Op = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class WriteCost:
    """The cost of one change: requests (paths in order) and bytes in both directions."""

    change: str
    requests: int
    paths: list[str]
    bytes: int
    refused: str | None = None


def _other(options: list[int] | list[str], current: object) -> Any:
    """An option different from the current value (None without one)."""
    return next((option for option in options if str(option) != str(current)), None)


def _solarbank_ops(
    poller: SolixPoller, serial: str, device: dict[str, Any]
) -> Iterator[tuple[str, Op]]:
    """Changes a Solarbank offers: output preset, mode, SB1 export, backup, tariff price."""
    generation = device.get("generation") or 0
    preset = device.get("preset_system_output_power")
    if isinstance(preset, int | float | str) and str(preset).replace(".", "", 1).isdigit():
        watts = max(100 if generation == 1 else 0, int(float(preset)) - 50)
        yield (
            f"output preset {watts} W",
            lambda: control.set_output_preset(poller, serial, watts),
        )
    if generation == 1 and isinstance(device.get("preset_allow_export"), bool):
        allow = not device["preset_allow_export"]
        yield (
            f"allow export {allow}",
            lambda: control.set_sb1_presets(poller, serial, allow_export=allow),
        )
    # A running backup window refuses mode changes (§6.3.2): the mode is changed while backup
    # charge is off (before switching it on, or after switching it off).
    backup: list[tuple[str, Op]] = []
    if isinstance(device.get("preset_backup_option"), bool):
        enable = not device["preset_backup_option"]
        backup.append(
            (
                f"backup charge {enable}",
                lambda: control.set_backup_charge(poller, serial, enable=enable),
            )
        )
    if device.get("preset_backup_option") is True:
        yield from backup
    current = device.get("preset_usage_mode")
    names = [name for name, code in MODE_CODES.items() if code == current]
    mode = _other(usage_mode_options(device), names[0] if names else current)
    if generation >= 2 and mode is not None and mode != "backup":
        yield f"usage mode {mode}", lambda: control.set_usage_mode(poller, serial, mode)
    if device.get("preset_backup_option") is not True:
        yield from backup
        if (
            backup
        ):  # switched on: off again, so the next Solarbank of a shared plan may change modes
            yield (
                "backup charge False (restore)",
                lambda: control.set_backup_charge(poller, serial, enable=False),
            )
    if isinstance(device.get("preset_backup_option"), bool) and device.get("preset_tariff"):
        yield "tariff price 0.27", lambda: control.set_tariff(poller, serial, price=0.27)


def _device_ops(
    poller: SolixPoller, serial: str, device: dict[str, Any]
) -> Iterator[tuple[str, Op]]:
    """Changes of one owned device."""
    if device.get("type") == "solarbank":
        yield from _solarbank_ops(poller, serial, device)
    site = poller.sites.get(str(device.get("site_id"))) or {}
    reserve = _other(control.soc_reserve_options(device, site), device.get("power_cutoff"))
    if reserve is not None:
        yield (
            f"SOC reserve {reserve} %",
            lambda: control.set_soc_reserve(poller, serial, reserve),
        )
    limit = _other(
        control.inverter_limit_options(device),
        device.get("preset_inverter_limit") or device.get("power_limit"),
    )
    if limit is not None:
        yield (
            f"output limit {limit} W",
            lambda: control.set_inverter_limit(poller, serial, limit),
        )


def changes(poller: SolixPoller) -> Iterator[tuple[str, Op]]:
    """One change per control the scenario's owned systems and devices offer."""
    for serial, device in sorted(poller.devices.items()):
        site = poller.sites.get(str(device.get("site_id"))) or {}
        if site and not site.get("site_admin"):
            continue
        for label, op in _device_ops(poller, serial, device):
            yield f"{device.get('device_pn')} {label}", op
    for site_id, site in sorted(poller.sites.items()):
        if site.get("site_admin") and (site.get("site_details") or {}).get("price") is not None:
            yield "system price 0.33", _price_change(poller, site_id)


def _price_change(poller: SolixPoller, site_id: str) -> Op:
    """The system price change of one site."""

    async def change() -> None:
        await control.set_site_price(poller, site_id, price=0.33)

    return change


async def measure(scenario: Path, clock_ts: float | None = None) -> list[WriteCost]:
    """Poll the scenario once, then run and measure every change (30 s apart on the clock)."""
    sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(0.0))
    sim.clock.set(sim.times.base("") if clock_ts is None else clock_ts)
    results: list[WriteCost] = []
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        poller = SolixPoller(SolixApi(client_session(sim, url, websession)))
        await poller.refresh_all()
        for label, op in list(changes(poller)):
            sim.clock.advance(31)  # past the output preset's increase cool-down
            mark = len(sim.recorder.records)
            refused = None
            try:
                await op()
            except SolixControlError as err:
                refused = err.reason
            records = sim.recorder.records[mark:]
            results.append(
                WriteCost(
                    change=label,
                    requests=len(records),
                    paths=[record.path for record in records],
                    bytes=sum(record.bytes_in + record.bytes_out for record in records),
                    refused=refused,
                )
            )
    return results


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``writecost``."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument(
        "--clock", help="start time, ISO 8601 or Unix seconds (default: the scenario's base time)"
    )


def run(args: argparse.Namespace) -> int:
    """``writecost``: print one JSON object per change."""
    if scenario_missing(args):
        return 2
    for cost in asyncio.run(measure(args.scenario, clock_start(args))):
        print(json.dumps(asdict(cost)))
    return 0
