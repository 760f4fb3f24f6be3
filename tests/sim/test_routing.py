"""Envelope, HTTP errors, file mapping and the answers for files a scenario does not have."""

from __future__ import annotations

import re

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import BASE_TS, SB3_SN, SCENE_TIME, SITE_ID, SimClient

SITE = "power_service/v1/site/"
APP = "power_service/v1/app/"
TRACE = re.compile(r"^[0-9a-f]{32}$")


async def test_envelope_shape_headers_and_fresh_trace_ids(logged_in: SimClient) -> None:
    first = await logged_in.post(f"{SITE}get_site_list")
    second = await logged_in.post(f"{SITE}get_site_list")
    assert list(first.json) == ["code", "msg", "data", "trace_id"]
    assert first.json["msg"] == "success!"
    assert TRACE.match(first.json["trace_id"])
    assert first.json["trace_id"] != second.json["trace_id"]
    assert first.headers["Bizcode"] == "0"
    assert first.headers["Trace"] == first.json["trace_id"]
    assert first.headers["Content-Type"].startswith("application/json")


async def test_unknown_path_404_and_wrong_method_405(logged_in: SimClient) -> None:
    assert (await logged_in.post("power_service/v1/no_such_endpoint")).status == 404
    wrong = await logged_in.request("POST", "power_service/v1/get_message_unread", {})
    assert wrong.status == 405
    assert "method" in wrong.text
    assert (await logged_in.request("GET", f"{SITE}get_site_list")).status == 405


async def test_get_endpoint_tolerates_body(logged_in: SimClient) -> None:
    answer = await logged_in.request("GET", "power_service/v1/product_categories", {})
    assert answer.status == 200
    assert answer.json["data"] == []


async def test_missing_parameter_and_bad_param_type_answer_400(logged_in: SimClient) -> None:
    missing = await logged_in.post(f"{SITE}get_scen_info", {})
    assert (missing.status, missing.text) == (400, 'field "site_id" is not set\n')
    bad = await logged_in.post(
        f"{SITE}get_site_device_param", {"site_id": SITE_ID, "param_type": "9"}
    )
    assert bad.status == 400
    assert bad.text == (
        'error: value "9" is not defined in options "[1 2 3 4 5 6 7 12 13 16 18 20]"\n'
    )


async def test_scene_at_tick_zero_is_the_file(logged_in: SimClient) -> None:
    answer = await logged_in.post(f"{SITE}get_scen_info", {"site_id": SITE_ID})
    info = answer.json["data"]["solarbank_info"]
    assert info["updated_time"] == SCENE_TIME
    assert info["solarbank_list"][0]["battery_power"] == "55"
    assert info["total_photovoltaic_power"] == "400"


async def test_scene_updated_time_follows_clock_ticks(logged_in: SimClient) -> None:
    logged_in.sim.clock.set(BASE_TS + 2 * 300 + 299)
    answer = await logged_in.post(f"{SITE}get_scen_info", {"site_id": SITE_ID})
    assert answer.json["data"]["solarbank_info"]["updated_time"] == "2025-06-04 12:10:00"


async def test_energy_dates_follow_the_clock(logged_in: SimClient) -> None:
    body = {
        "site_id": SITE_ID,
        "device_sn": "",
        "type": "week",
        "start_time": "2025-06-09",
        "end_time": "2025-06-10",
        "device_type": "solarbank",
    }
    logged_in.sim.clock.advance(6 * 86400)
    answer = await logged_in.post(f"{SITE}energy_analysis", body)
    assert [point["time"] for point in answer.json["data"]["power"]] == [
        "2025-06-09",
        "2025-06-10",
    ]
    today = await logged_in.post(f"{SITE}energy_analysis", {**body, "type": "day"})
    assert today.json["code"] == 0
    assert today.json["data"]["power"] == []


async def test_file_mapping_of_params_attrs_and_ota(logged_in: SimClient) -> None:
    param = await logged_in.post(
        f"{SITE}get_site_device_param", {"site_id": SITE_ID, "param_type": "6"}
    )
    assert param.json["data"] == {"param_data": '{"mode_type":1}'}
    attrs = await logged_in.post(
        f"{APP}device/get_device_attrs",
        {"device_sn": SB3_SN, "attributes": ["pv_power_limit", "switch_0w"]},
    )
    assert attrs.json["data"] == {"device_sn": SB3_SN, "attributes": {"pv_power_limit": 3600}}
    ota = await logged_in.post(
        "app/ota/batch/check_update", {"device_list": [{"device_sn": SB3_SN, "version": ""}]}
    )
    assert ota.json["data"]["update_infos"] == [{"device_sn": SB3_SN}]
    rules = await logged_in.post(f"{SITE}get_site_rules")
    assert rules.json["data"] == {"rule_list": [{"power_site_type": 12}]}


async def test_missing_files_answer_like_the_cloud(logged_in: SimClient) -> None:
    unsupported = await logged_in.post(
        f"{SITE}get_site_device_param", {"site_id": SITE_ID, "param_type": "18"}
    )
    assert unsupported.json["data"] == {"param_data": ""}
    sb1_param = await logged_in.post(
        f"{SITE}get_site_device_param", {"site_id": SITE_ID, "param_type": "4"}
    )
    assert sb1_param.json["code"] == 10004
    load = await logged_in.post(
        f"{APP}device/get_device_home_load", {"site_id": SITE_ID, "device_sn": SB3_SN}
    )
    assert load.json["code"] == 10004
    hes = await logged_in.post("charging_hes_svc/get_system_running_info", {"siteId": SITE_ID})
    assert (hes.json["code"], hes.json["msg"]) == (-1, "Failed to request.")
    limit = await logged_in.post(f"{SITE}get_power_limit", {"site_id": SITE_ID})
    assert limit.json["code"] == 0  # derived from the scene (replay.defaults)
    assert [item["device_sn"] for item in limit.json["data"]["device_info"]] == [SB3_SN]
    logged_in.sim.missing_files = "fail"
    limit = await logged_in.post(f"{SITE}get_power_limit", {"site_id": SITE_ID})
    assert limit.json["code"] == 10000
    assert "data" not in limit.json
    logged_in.sim.missing_files = "defaults"
    auto = await logged_in.post(f"{APP}get_auto_upgrade")
    assert auto.json["data"] == {"main_switch": False, "device_list": None}
    vehicles = await logged_in.post(f"{APP}vehicle/get_vehicle_list")
    assert vehicles.json["data"] == {"vehicle_list": []}
    pv = await logged_in.post("charging_pv_svc/getPvStatus", {"sns": "A,B"})
    assert pv.json["data"] == {"pvStatuses": []}


async def test_power_panel_service_is_503_html_on_eu_host(make_client: ClientFactory) -> None:
    eu = await make_client()
    await eu.login()
    answer = await eu.post("charging_energy_service/get_system_running_info", {"siteId": SITE_ID})
    assert answer.status == 503
    assert answer.text.lstrip().startswith("<html>")
    us = await make_client(country="US")
    await us.login()
    probe = await us.post("charging_energy_service/get_error_infos")
    assert (probe.status, probe.json["data"]) == (200, {"error_infos": []})
