"""Command line of the simulator: ``python -m solixsim <command> ...``.

Commands are registered in :data:`COMMANDS` (name → :class:`Command`); a new command adds one
entry with a function that declares its arguments and a function that runs it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from solixsim import (
    backfill_command,
    bench,
    export_command,
    mqtt_decode_command,
    snapshot,
    writecost,
)
from solixsim.clock import SimClock
from solixsim.recorder import RequestRecord
from solixsim.scenario import MISSING_FILES_DEFAULTS, MISSING_FILES_FAIL, load_meta
from solixsim.simulator import CloudSimulator
from solixsim.sitetime import parse_time_value


@dataclass(frozen=True)
class Command:
    """A subcommand: help text, argument declaration and the function that runs it."""

    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``serve``."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0 = any free port)")
    parser.add_argument("--email", help="account e-mail (default: from the scenario)")
    parser.add_argument("--password", help="account password (default: from the scenario)")
    parser.add_argument(
        "--clock", help="start time, ISO 8601 or Unix seconds (naive = site-local time)"
    )
    parser.add_argument(
        "--manual-clock",
        action="store_true",
        help="virtual clock that only moves through POST /_sim/clock",
    )
    parser.add_argument(
        "--rate-limit", type=int, default=12, help="requests per endpoint and minute (0 = off)"
    )
    parser.add_argument(
        "--missing-files",
        choices=(MISSING_FILES_DEFAULTS, MISSING_FILES_FAIL),
        help="answer files the scenario lacks with derived defaults or with the bare error code "
        "(default: the scenario's missing_files, else defaults)",
    )
    parser.add_argument(
        "--mqtt",
        action="store_true",
        help="also run the MQTT broker (loopback TLS) and the scenario's device publishers; "
        "get_user_mqtt_info then names it",
    )


def build_clock(args: argparse.Namespace) -> SimClock:
    """The clock selected by ``--clock`` and ``--manual-clock``."""
    start = None
    if args.clock:
        start = parse_time_value(args.clock, load_meta(args.scenario).utc_offset_minutes)
    if args.manual_clock:
        return SimClock.manual(start if start is not None else SimClock.real().now())
    return SimClock.real(start)


def _print_record(record: RequestRecord) -> None:
    """Request log line on stderr."""
    print(record.log_line(), file=sys.stderr, flush=True)


async def _serve(args: argparse.Namespace) -> None:
    """Serve until cancelled; prints one JSON line with the connection data first."""
    sim = CloudSimulator.from_scenario(
        args.scenario,
        clock=build_clock(args),
        email=args.email,
        password=args.password,
        rate_limit=args.rate_limit,
        missing_files=args.missing_files,
        mqtt=args.mqtt,
    )
    sim.recorder.listeners.append(_print_record)
    async with sim.serve(host=args.host, port=args.port) as url:
        line = {
            "url": url,
            "public_key": sim.public_key_hex,
            "preset_key": sim.secure.preset_key_hex,
            "email": sim.store.meta.email,
            "scenario": str(sim.store.path),
        }
        if args.mqtt:
            line["mqtt"] = sim.mqtt.endpoint_addr()
        print(json.dumps(line), flush=True)
        await asyncio.Event().wait()


def _run_serve(args: argparse.Namespace) -> int:
    """``serve``: run the simulator until Ctrl-C."""
    if not args.scenario.is_dir():
        print(f"scenario folder not found: {args.scenario}", file=sys.stderr)
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
    return 0


COMMANDS: dict[str, Command] = {
    "serve": Command("serve a scenario as the Anker cloud", _serve_arguments, _run_serve),
    "snapshot": Command(
        "run our client through the refresh sequence and print its caches as JSON",
        snapshot.add_arguments,
        snapshot.run,
    ),
    "bench": Command(
        "poll a scenario with our scheduler for simulated hours and print traffic figures",
        bench.add_arguments,
        bench.run,
    ),
    "backfill": Command(
        "import N past days of energy (default 365) with the library's backfill plan and "
        "print requests and simulated time",
        backfill_command.add_arguments,
        backfill_command.run,
    ),
    "writecost": Command(
        "poll a scenario once, then run one change per control and print its requests and bytes",
        writecost.add_arguments,
        writecost.run,
    ),
    "export": Command(
        "export a scenario with our exporter (anonymized folder + zip) into --out",
        export_command.add_arguments,
        export_command.run,
    ),
    "mqtt-decode": Command(
        "decode a capture of MQTT messages (mqtt_msg_*.ndjson) into one JSON object per line",
        mqtt_decode_command.add_arguments,
        mqtt_decode_command.run,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(
        prog="python -m solixsim", description="Local Anker cloud simulator."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        command.add_arguments(subparsers.add_parser(name, help=command.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m solixsim``."""
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command].run(args)
