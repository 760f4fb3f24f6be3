"""`export`: serve a scenario and run our exporter against it (anonymized export folder + zip).

The simulator and the client share one manual clock that starts at `--clock` (default: the
scenario's base time, where every value is exactly the file's), so an export is fast and
repeatable. Next to the export files a ``scenario.json`` carries what an export cannot (site
clock offset, base time, country, the anonymized user id), so the output folder is itself a
scenario that serves the same values.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import aiohttp

from custom_components.anker_solix.solixapi import (
    Anonymizer,
    ExportProgress,
    ExportResult,
    SolixApi,
    SolixExporter,
)

from .cli_args import clock_start, scenario_missing
from .client import client_session
from .clock import SimClock
from .scenario import META_FILE
from .simulator import CloudSimulator


async def export_scenario(
    scenario: Path,
    out: Path,
    *,
    clock_ts: float | None = None,
    seed: int | str | None = None,
    progress: bool = False,
    cost: dict[str, float] | None = None,
) -> tuple[ExportResult, Anonymizer]:
    """Export `scenario` into folder `out` (zip beside it); returns the result and the mapping.

    ``cost`` (if given) receives what the export cost the cloud: ``requests``, ``kilobytes`` and
    ``cloud_seconds`` (clock time the client's request spacing and rate limiter took, the time
    an export of this system takes on the real cloud).
    """
    sim = CloudSimulator.from_scenario(scenario, clock=SimClock.manual(time.time()))
    start = sim.times.base("") if clock_ts is None else clock_ts
    sim.clock.set(start)
    meta = sim.store.meta

    def report(step: ExportProgress) -> None:
        if progress:
            print(f"[{step.step}/{step.steps}] {step.stage}", file=sys.stderr, flush=True)

    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = client_session(sim, url, websession)
        exporter = SolixExporter(
            SolixApi(session), out.parent, folder_name=out.name, progress=report, seed=seed
        )
        result = await exporter.run()
    if cost is not None:
        records = sim.recorder.records
        cost["requests"] = len(records)
        cost["kilobytes"] = round(sum(r.bytes_in + r.bytes_out for r in records) / 1000, 1)
        cost["cloud_seconds"] = round(sim.clock.now() - start, 1)
    mapping = exporter.anonymizer.mapping
    scenario_meta = {
        "description": f"Anonymized export of scenario {scenario.name}",
        "account": {
            "country": meta.country,
            "user_id": mapping.get(meta.user_id, meta.user_id),
            "nick_name": meta.nick_name,
        },
        "utc_offset_minutes": meta.utc_offset_minutes,
        "base_time": sim.times.format_local(start),
    }
    text = json.dumps(scenario_meta, indent=2, ensure_ascii=False) + "\n"
    (out / META_FILE).write_text(text, encoding="utf-8")
    return result, exporter.anonymizer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of the `export` subcommand."""
    parser.add_argument("--scenario", required=True, type=Path, help="scenario folder")
    parser.add_argument(
        "--out", required=True, type=Path, help="export folder (the zip is written beside it)"
    )
    parser.add_argument(
        "--clock", help="clock start, ISO 8601 or Unix seconds (default: the scenario base time)"
    )
    parser.add_argument("--seed", help="seed of the anonymization (default: random)")


def run(args: argparse.Namespace) -> int:
    """Export `args.scenario` to `args.out`; prints the folder, zip and file count as JSON."""
    if scenario_missing(args):
        return 2
    clock_ts = clock_start(args)
    cost: dict[str, float] = {}
    result, _anonymizer = asyncio.run(
        export_scenario(
            args.scenario, args.out, clock_ts=clock_ts, seed=args.seed, progress=True, cost=cost
        )
    )
    summary: dict[str, object] = {
        "folder": str(result.folder),
        "zip": str(result.zip_path),
        "files": len(result.files),
        "skipped": len(result.skipped),
        "failed": len(result.failed),
        **cost,
    }
    print(json.dumps(summary), flush=True)
    return 0
