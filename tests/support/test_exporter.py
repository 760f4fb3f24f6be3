"""The exporter's manners: members skip owner-only reads, paced requests, 503 ends a family."""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path

import aiohttp

from custom_components.anker_solix.solixapi.cloud import RATE_LIMIT_WINDOW, SolixApi
from custom_components.anker_solix.solixapi.export import (
    STAGES,
    ExportProgress,
    ExportResult,
    SolixExporter,
)
from solixsim import CloudSimulator, SimClock
from solixsim.client import client_session
from tests.conftest import SCENARIOS

OWNER_ONLY = (
    "power_service/v1/site/get_site_price",
    "power_service/v1/site/get_site_device_param",
    "power_service/v1/site/get_wifi_info_list",
    "power_service/v1/site/get_power_limit",
    "power_service/v1/site/get_site_detail",
    "power_service/v1/app/compatible/get_power_cutoff",
    "power_service/v1/app/get_relate_device_fittings",
    "power_service/v1/app/device/get_device_attrs",
    "power_service/v1/app/device/get_device_home_load",
)


def simulator(scenario: str) -> CloudSimulator:
    """The scenario's simulator on a manual clock at its base time."""
    sim = CloudSimulator.from_scenario(SCENARIOS / scenario, clock=SimClock.manual(time.time()))
    sim.clock.set(sim.times.base(""))
    return sim


async def run_export(
    sim: CloudSimulator, out: Path, progress: list[ExportProgress] | None = None
) -> ExportResult:
    """Export through our client against `sim` into `out/export`."""
    async with sim.serve() as url, aiohttp.ClientSession() as websession:
        session = client_session(sim, url, websession)
        exporter = SolixExporter(
            SolixApi(session),
            out,
            folder_name="export",
            seed=1,
            progress=progress.append if progress is not None else None,
        )
        return await exporter.run()


async def test_member_export_skips_owner_only_reads(tmp_path: Path, socket_enabled: None) -> None:
    """A member account never sends owner-only queries; the log says they were skipped."""
    sim = simulator("member_sb3")
    result = await run_export(sim, tmp_path)
    paths = {record.path.strip("/") for record in sim.recorder.records}
    assert paths.isdisjoint(OWNER_ONLY)
    assert any(name.startswith("price_") for name in result.skipped)
    assert "skipped: owner only" in (result.folder / "export.log").read_text(encoding="utf-8")
    assert "scene_" in " ".join(result.files)


async def test_export_is_paced_and_reports_every_stage(
    tmp_path: Path, socket_enabled: None
) -> None:
    """No endpoint gets more than the session's limit within the window; stages in order."""
    sim = simulator("sb3_multisystem_dock")
    progress: list[ExportProgress] = []
    await run_export(sim, tmp_path, progress)
    assert [step.stage for step in progress] == list(STAGES)
    times: dict[str, list[float]] = defaultdict(list)
    for record in sim.recorder.records:
        times[record.path].append(record.ts)
    for path, stamps in times.items():
        for index, start in enumerate(stamps):
            in_window = [ts for ts in stamps[index:] if ts - start < RATE_LIMIT_WINDOW]
            assert len(in_window) <= 10, path


async def test_http_503_ends_the_service_family(tmp_path: Path, socket_enabled: None) -> None:
    """A 503 of the Power Panel probe skips the rest of that family; the export still finishes."""
    sim = simulator("powerpanel")
    probe = "charging_energy_service/get_error_infos"
    sim.faults.add(probe, status=503, body="<html>Service Temporarily Unavailable</html>")
    result = await run_export(sim, tmp_path)
    paths = [record.path.strip("/") for record in sim.recorder.records]
    site_lists = [i for i, path in enumerate(paths) if path.endswith("get_site_list")]
    export_paths = paths[: site_lists[1]]  # then the private poller builds the cache dumps
    panel = [path for path in export_paths if path.startswith("charging_energy_service/")]
    assert panel == [probe]
    log = (result.folder / "export.log").read_text(encoding="utf-8")
    assert "power_panel aborted" in log
    assert result.zip_path.is_file()
    assert "site_list" in result.files
