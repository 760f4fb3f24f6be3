"""set_site_device_param: validation, SB1/SB2 schedules, cascaded SB1, station settings."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes import WRITE_HANDLERS
from tests.sim_dynamics.scenes import SB1_SN_A, SB1_SN_B, SB3_SN
from tests.sim_dynamics.store_files import (
    CASCADE_SB1_SN,
    CASCADE_SITE,
    NOW,
    SB1_SCHEDULE,
    SB1_SITE,
    SB3_SITE,
)

ENDPOINT = "power_service/v1/site/set_site_device_param"


def _write(
    store: ScenarioStore, site_id: str, param_type: Any, data: Any, **extra: Any
) -> SimReply:
    """Send one parameter write."""
    body = {"site_id": site_id, "param_type": param_type, "cmd": 17, **extra}
    body.setdefault("param_data", data if isinstance(data, str) else json.dumps(data))
    return WRITE_HANDLERS[ENDPOINT](store, body, NOW)


def _param(store: ScenarioStore, param_type: str, site_id: str) -> dict[str, Any]:
    """The decoded stored parameter."""
    decoded: dict[str, Any] = json.loads(
        store.data(f"device_parm_{param_type}_{site_id}")["param_data"]
    )
    return decoded


def _load(store: ScenarioStore, device_sn: str) -> dict[str, Any]:
    """The stored device load data."""
    data: dict[str, Any] = store.data(f"device_load_{device_sn}")
    return data


def _scene(store: ScenarioStore, site_id: str) -> dict[str, Any]:
    """The stored scene data."""
    data: dict[str, Any] = store.data(f"scene_{site_id}")
    return data


def test_http_400_for_missing_fields_and_unknown_types(store: ScenarioStore) -> None:
    """Missing fields and types outside the option list answer HTTP 400 plain text."""
    handler = WRITE_HANDLERS[ENDPOINT]
    reply = handler(store, {"param_type": "6", "cmd": 17, "param_data": "{}"}, NOW)
    assert (reply.status, reply.text) == (400, 'field "site_id" is not set\n')
    reply = _write(store, SB3_SITE, "9", {})
    assert reply.status == 400
    assert reply.text == (
        'error: value "9" is not defined in options "[1 2 3 4 5 6 7 12 13 16 18 20]"\n'
    )
    assert _write(store, SB3_SITE, "6", None, param_data={"mode_type": 3}).status == 400
    assert _write(store, SB3_SITE, "6", "{not json").status == 400


def test_wrong_cmd_unknown_site_and_missing_file_answer_10000(store: ScenarioStore) -> None:
    """cmd other than 17, a foreign site or a missing parameter file → code 10000."""
    assert _write(store, SB3_SITE, "6", {"mode_type": 3}, cmd=16).code == 10000
    assert _write(store, "no-such-site", "6", {"mode_type": 3}).code == 10000
    assert _write(store, SB3_SITE, "4", SB1_SCHEDULE).code == 10000
    assert _param(store, "6", SB3_SITE)["mode_type"] == 1


def test_sb1_schedule_replaces_and_shows_the_active_slot(store: ScenarioStore) -> None:
    """Type 4 replaces the schedule; device loads and scene show the 12:30 slot (250 W)."""
    schedule = copy.deepcopy(SB1_SCHEDULE)
    schedule["ranges"][1]["appliance_loads"][0]["power"] = 300
    schedule["ranges"][1]["power_setting_mode"] = 2
    schedule["ranges"][1]["device_power_loads"] = [
        {"device_sn": SB1_SN_A, "power": 200},
        {"device_sn": SB1_SN_B, "power": 100},
    ]
    reply = _write(store, SB1_SITE, 4, schedule)
    assert (reply.status, reply.code) == (200, 0)
    assert _param(store, "4", SB1_SITE) == schedule
    load_a, load_b = _load(store, SB1_SN_A), _load(store, SB1_SN_B)
    assert json.loads(load_a["home_load_data"]) == schedule
    assert (load_a["current_home_load"], load_a["parallel_home_load"]) == ("300W", "200W")
    assert load_b["parallel_home_load"] == "100W"
    scene = _scene(store, SB1_SITE)
    assert scene["retain_load"] == "300W"
    assert [d["set_load_power"] for d in scene["solarbank_info"]["solarbank_list"]] == [
        "200",
        "100",
    ]


def test_sb1_turn_off_and_invalid_slots(store: ScenarioStore) -> None:
    """turn_on false gives 0 W; overlapping or reversed slots are refused with 10000."""
    schedule = copy.deepcopy(SB1_SCHEDULE)
    schedule["ranges"][1]["turn_on"] = False
    assert _write(store, SB1_SITE, "4", schedule).code == 0
    assert _scene(store, SB1_SITE)["retain_load"] == "0W"
    broken = copy.deepcopy(SB1_SCHEDULE)
    broken["ranges"][0]["end_time"] = "09:00"
    assert _write(store, SB1_SITE, "4", broken).code == 10000
    broken["ranges"][0]["end_time"] = "00:00"
    assert _write(store, SB1_SITE, "4", broken).code == 10000
    assert _write(store, SB1_SITE, "4", [1, 2]).code == 10000
    assert _param(store, "4", SB1_SITE) == schedule


def test_single_slot_schedule_yields_zero_output(store: ScenarioStore) -> None:
    """With the bug switch on (default) a one-slot schedule makes the SB1 output 0 W."""
    schedule = copy.deepcopy(SB1_SCHEDULE)
    schedule["ranges"] = [schedule["ranges"][1] | {"start_time": "00:00"}]
    assert _write(store, SB1_SITE, "4", schedule).code == 0
    assert _scene(store, SB1_SITE)["retain_load"] == "0W"
    assert _load(store, SB1_SN_A)["current_home_load"] == "0W"


@pytest.mark.usefixtures("single_slot_bug_off")
def test_single_slot_schedule_without_the_bug(store: ScenarioStore) -> None:
    """Without the bug emulation the single slot's preset applies."""
    schedule = copy.deepcopy(SB1_SCHEDULE)
    schedule["ranges"] = [schedule["ranges"][1] | {"start_time": "00:00"}]
    assert _write(store, SB1_SITE, "4", schedule).code == 0
    assert _scene(store, SB1_SITE)["retain_load"] == "250W"
    assert _load(store, SB1_SN_B)["parallel_home_load"] == "125W"


def test_sb2_partial_merge_and_manual_preset(store: ScenarioStore) -> None:
    """Type 6 changes only the sent keys; manual mode shows the 12:00–24:00 preset."""
    plan = [
        {
            "index": 0,
            "week": [3],
            "ranges": [{"start_time": "00:00", "end_time": "24:00", "power": 1150}],
        }
    ]
    reply = _write(
        store, SB3_SITE, "6", {"mode_type": 3, "custom_rate_plan": plan, "blend_plan": []}
    )
    assert reply.code == 0
    stored = _param(store, "6", SB3_SITE)
    assert (stored["mode_type"], stored["custom_rate_plan"], stored["blend_plan"]) == (3, plan, [])
    assert (stored["default_home_load"], stored["step"], stored["use_time"]) == (200, 10, None)
    scene = _scene(store, SB3_SITE)
    assert (scene["user_scene_mode"], scene["scene_mode"], scene["retain_load"]) == (3, 3, "1150W")


@pytest.mark.parametrize(
    "payload",
    [
        {"mode_type": 4},
        {"mode_type": 6},
        {"mode_type": "3"},
        {"custom_rate_plan": [{"week": [7], "ranges": []}]},
        {
            "custom_rate_plan": [
                {
                    "week": [1],
                    "ranges": [{"start_time": "10:00", "end_time": "09:00", "power": 100}],
                }
            ]
        },
        {
            "custom_rate_plan": [
                {
                    "week": [1],
                    "ranges": [{"start_time": "00:00", "end_time": "24:00", "power": 1300}],
                }
            ]
        },
        {
            "custom_rate_plan": [
                {
                    "week": [1],
                    "ranges": [{"start_time": "00:00", "end_time": "25:00", "power": 100}],
                }
            ]
        },
        {"manual_backup": {"ranges": [{"start_time": 20, "end_time": 10}], "switch": True}},
        [1],
    ],
)
def test_sb2_invalid_writes_answer_10000(store: ScenarioStore, payload: Any) -> None:
    """Backup mode, unknown modes and broken plans are refused; nothing is stored."""
    before = _param(store, "6", SB3_SITE)
    assert _write(store, SB3_SITE, "6", payload).code == 10000
    assert _param(store, "6", SB3_SITE) == before


def test_sb2_backup_window_sets_scene_mode_4(store: ScenarioStore) -> None:
    """A switched-on manual backup window around now makes scene_mode 4."""
    window = {
        "ranges": [{"start_time": int(NOW) - 600, "end_time": int(NOW) + 3000}],
        "switch": True,
    }
    assert (
        _write(store, SB3_SITE, "6", {"mode_type": 1, "manual_backup": window, "use_time": []}).code
        == 0
    )
    scene = _scene(store, SB3_SITE)
    assert (scene["user_scene_mode"], scene["scene_mode"]) == (1, 4)
    assert scene["solarbank_info"]["backup_info"]["end_time"] == int(NOW) + 3000
    window["switch"] = False
    assert _write(store, SB3_SITE, "6", {"manual_backup": window}).code == 0
    assert _scene(store, SB3_SITE)["scene_mode"] == 1


def test_cascaded_sb1_follows_the_sb2_mode(store: ScenarioStore) -> None:
    """Manual SB2 mode pushes the minimal SB1 schedule; other modes restore the SB1's own."""
    assert (
        _write(
            store, CASCADE_SITE, "6", {"mode_type": 3, "custom_rate_plan": None, "blend_plan": None}
        ).code
        == 0
    )
    load = _load(store, CASCADE_SB1_SN)
    enforced = json.loads(load["home_load_data"])
    assert len(enforced["ranges"]) == 1
    slot = enforced["ranges"][0]
    assert (slot["start_time"], slot["end_time"], slot["turn_on"]) == ("00:00", "24:00", None)
    assert slot["appliance_loads"][0]["power"] == 200
    assert (enforced["min_load"], slot["power_setting_mode"]) == (0, None)
    assert load["current_home_load"] == "200W"
    # An SB1 schedule write while enforced only changes the stored user schedule.
    assert _write(store, CASCADE_SITE, "4", SB1_SCHEDULE).code == 0
    assert json.loads(_load(store, CASCADE_SB1_SN)["home_load_data"]) == enforced
    assert (
        _write(store, CASCADE_SITE, "6", {"mode_type": 1, "manual_backup": {}, "use_time": []}).code
        == 0
    )
    restored = _load(store, CASCADE_SB1_SN)
    assert json.loads(restored["home_load_data"]) == SB1_SCHEDULE
    assert restored["current_home_load"] == "250W"


def test_station_settings_select_soc_and_zero_export(store: ScenarioStore) -> None:
    """Type 18 selects a SOC option (cut-off follows) and sets the 0 W switch."""
    assert _write(store, SB3_SITE, "18", {"id": 2}).code == 0
    settings = _param(store, "18", SB3_SITE)
    assert [o["is_selected"] for o in settings["soc_list"]] == [0, 1]
    cutoff = store.data(f"power_cutoff_{SB3_SN}")["power_cutoff_data"]
    assert [o["is_selected"] for o in cutoff] == [0, 1]
    assert _write(store, SB3_SITE, "18", {"switch_0w": 1}).code == 0
    assert _param(store, "18", SB3_SITE)["switch_0w"] == 1
    assert _scene(store, SB3_SITE)["switch_0w"] == 1
    assert store.data(f"device_attrs_{SB3_SN}")["attributes"]["switch_0w"] == 1
    for payload in ({"id": 9}, {"switch_0w": 2}, {"switch_0w": True}, {}):
        assert _write(store, SB3_SITE, "18", payload).code == 10000
    assert [o["is_selected"] for o in _param(store, "18", SB3_SITE)["soc_list"]] == [0, 1]


def test_other_types_are_stored_as_given(store: ScenarioStore) -> None:
    """Types without special meaning are stored verbatim (compact JSON string)."""
    assert _write(store, SB3_SITE, "7", {"install_mode": 3}).code == 0
    assert store.data(f"device_parm_7_{SB3_SITE}") == {"param_data": '{"install_mode":3}'}
