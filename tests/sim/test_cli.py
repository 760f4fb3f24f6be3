"""``python -m solixsim serve`` prints one JSON line and serves until terminated."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import aiohttp

from tests.sim.helpers import EMAIL, build_scenario

REPO = Path(__file__).resolve().parents[2]
SITE_LIST = "power_service/v1/site/get_site_list"


async def test_serve_prints_connection_line_and_answers(
    tmp_path: Path, socket_enabled: None
) -> None:
    folder = build_scenario(tmp_path / "cli_scenario")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "solixsim",
        "serve",
        "--scenario",
        str(folder),
        "--port",
        "0",
        "--clock",
        "2025-06-04 12:00:00",
        "--manual-clock",
        cwd=REPO,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    try:
        line = json.loads(await asyncio.wait_for(process.stdout.readline(), timeout=60))
        assert set(line) == {"url", "public_key", "preset_key", "email", "scenario"}
        assert line["url"].startswith("http://127.0.0.1:")
        assert line["email"] == EMAIL
        assert len(line["public_key"]) == 130
        assert len(line["preset_key"]) == 32
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{line['url']}/_sim/stats") as response:
                assert response.status == 200
                assert await response.json() == {}
            async with session.get(f"{line['url']}/_sim/clock") as response:
                assert (await response.json())["local"] == "2025-06-04 12:00:00"
            async with session.post(f"{line['url']}/{SITE_LIST}") as response:
                assert response.status == 400
    finally:
        process.terminate()
        _, stderr = await process.communicate()
    assert f"/{SITE_LIST} -> 400" in stderr.decode()
