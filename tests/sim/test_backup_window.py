"""Scene info follows the stored manual backup window (§6.3.6) as the clock moves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import (
    BASE_TS,
    SB3_SN,
    SCENE_TIME,
    SITE_ID,
    build_scenario,
    envelope,
    write_json,
)

SCENE = "power_service/v1/site/get_scen_info"
WINDOW_START = int(BASE_TS) - 600
WINDOW_END = int(BASE_TS) + 3600


def _scenario(folder: Path, switch: bool) -> Path:
    """The synthetic scenario in use_time mode with a backup window around the base time."""
    build_scenario(folder)
    schedule = {
        "mode_type": 5,
        "manual_backup": {
            "ranges": [{"start_time": WINDOW_START, "end_time": WINDOW_END}],
            "switch": switch,
        },
    }
    write_json(folder, f"device_parm_6_{SITE_ID}", envelope({"param_data": json.dumps(schedule)}))
    scene: dict[str, Any] = {
        "site_id": SITE_ID,
        "scene_mode": 4 if switch else 5,
        "user_scene_mode": 5,
        "solarbank_info": {
            "solarbank_list": [{"device_pn": "A17C5", "device_sn": SB3_SN, "status": "1"}],
            "updated_time": SCENE_TIME,
            "backup_info": {"start_time": WINDOW_START, "end_time": WINDOW_END, "full_time": 0},
        },
    }
    write_json(folder, f"scene_{SITE_ID}", envelope(scene))
    return folder


async def _scene_at(client: Any, ts: float) -> tuple[int, dict[str, Any]]:
    """``scene_mode`` and ``backup_info`` read at clock time ``ts``."""
    client.sim.clock.set(ts)
    data = (await client.post(SCENE, {"site_id": SITE_ID})).json["data"]
    return data["scene_mode"], data["solarbank_info"]["backup_info"]


async def test_backup_mode_ends_with_the_window(tmp_path: Path, make_client: ClientFactory) -> None:
    client = await make_client(_scenario(tmp_path / "backup", switch=True))
    await client.login()
    window = {"start_time": WINDOW_START, "end_time": WINDOW_END, "full_time": 0}
    assert await _scene_at(client, BASE_TS) == (4, window)
    assert await _scene_at(client, WINDOW_END - 1) == (4, window)
    zeros = {"start_time": 0, "end_time": 0, "full_time": 0}
    assert await _scene_at(client, WINDOW_END) == (5, zeros)
    assert await _scene_at(client, WINDOW_START - 1) == (5, zeros)


async def test_switched_off_window_shows_the_user_mode(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    client = await make_client(_scenario(tmp_path / "off", switch=False))
    await client.login()
    assert await _scene_at(client, BASE_TS) == (5, {"start_time": 0, "end_time": 0, "full_time": 0})
