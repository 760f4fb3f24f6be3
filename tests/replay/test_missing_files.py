"""Example-data mode: files an export lacks get the simulator's derived defaults too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from custom_components.anker_solix.solixapi.replay import MISSING_FILES_KEY, ReplaySession

SCENARIO = Path(__file__).parents[2] / "scenarios" / "sb1_single"
SITE_ID = "42aac864-2bdd-2635-e7dc-ad731a666e2f"
SB1_SN = "2CBMC6GFUP32YU4Y"
REMOVED = (f"power_limit_{SITE_ID}", f"co2_ranking_{SITE_ID}", f"device_load_{SB1_SN}")


def _stripped(tmp_path: Path, mode: str | None = None) -> Path:
    folder = tmp_path / "sb1"
    shutil.copytree(SCENARIO, folder)
    for name in REMOVED:
        (folder / f"{name}.json").unlink()
    if mode is not None:
        meta_file = folder / "scenario.json"
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        meta_file.write_text(json.dumps({**meta, MISSING_FILES_KEY: mode}), encoding="utf-8")
    return folder


def _codes(session: ReplaySession) -> list[tuple[int, object]]:
    answers = [
        session.answer("POST", "power_service/v1/site/get_power_limit", {"site_id": SITE_ID}),
        session.answer("POST", "power_service/v1/site/co2_ranking", {"site_id": SITE_ID}),
        session.answer(
            "POST",
            "power_service/v1/app/device/get_device_home_load",
            {"site_id": SITE_ID, "device_sn": SB1_SN},
        ),
    ]
    return [(answer["code"], answer["data"]) for answer in answers]


def test_replay_derives_missing_answers(tmp_path: Path) -> None:
    """The power limit, CO2 ranking and SB1 home load come from the scene and parameter 4."""
    (limit, co2, load) = _codes(ReplaySession(_stripped(tmp_path)))
    assert limit[0] == co2[0] == load[0] == 0
    assert isinstance(limit[1], dict)
    assert isinstance(co2[1], dict)
    assert isinstance(load[1], dict)
    assert [item["device_sn"] for item in limit[1]["device_info"]] == [SB1_SN]
    assert (limit[1]["legal_power_limit"], limit[1]["parallel_type"]) == (800, "Single")
    stored = json.loads((SCENARIO / f"device_parm_4_{SITE_ID}.json").read_text(encoding="utf-8"))
    assert load[1]["home_load_data"] == stored["data"]["param_data"]
    assert float(co2[1]["co2"]) > 0


def test_replay_fail_mode_keeps_the_error_codes(tmp_path: Path) -> None:
    """``"missing_files": "fail"`` in scenario.json answers 10000 as before."""
    codes = [code for code, _data in _codes(ReplaySession(_stripped(tmp_path, "fail")))]
    assert codes == [10000, 10000, 10000]
