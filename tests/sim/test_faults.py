"""Fault injection: HTTP errors, codes, hangs, broken bodies, dropped and retyped fields."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.sim.helpers import SITE_ID, SimClient

SCENE = "power_service/v1/site/get_scen_info"
SITE_LIST = "power_service/v1/site/get_site_list"
BODY = {"site_id": SITE_ID}


@pytest.mark.parametrize(
    ("status", "marker"),
    [
        (401, "Unauthorized"),
        (403, "Forbidden"),
        (429, "error_msg"),
        (500, "Error"),
        (502, "<html>"),
        (503, "<html>"),
        (504, "<html>"),
    ],
)
async def test_status_faults_answer_once(logged_in: SimClient, status: int, marker: str) -> None:
    logged_in.sim.faults.add(SCENE, status=status)
    faulty = await logged_in.post(SCENE, BODY)
    assert faulty.status == status
    assert marker in faulty.text
    assert (await logged_in.post(SCENE, BODY)).status == 200


async def test_code_fault_with_count_and_after(logged_in: SimClient) -> None:
    logged_in.sim.faults.add("*", code=21105, count=2, after=1)
    codes = [(await logged_in.post(SITE_LIST)).json["code"] for _ in range(4)]
    assert codes == [0, 21105, 21105, 0]


async def test_any_endpoint_fault_spares_the_login(logged_in: SimClient) -> None:
    logged_in.sim.faults.add("*", code=10000)
    assert (await logged_in.login()).json["code"] == 0
    answer = await logged_in.post(SITE_LIST)
    assert (answer.json["code"], answer.json["msg"]) == (10000, "Failed to request.")


async def test_login_fault_by_name(logged_in: SimClient) -> None:
    logged_in.sim.faults.add("passport/login", code=100053)
    assert (await logged_in.login()).json["code"] == 100053


async def test_timeout_fault_hangs_past_client_timeout(logged_in: SimClient) -> None:
    logged_in.sim.faults.add(SCENE, timeout=True, hang_seconds=5)
    with pytest.raises(asyncio.TimeoutError):
        await logged_in.session.post(
            f"{logged_in.url}/{SCENE}",
            json=BODY,
            headers=logged_in.headers(),
            timeout=aiohttp.ClientTimeout(total=0.2),
        )
    assert (await logged_in.post(SCENE, BODY)).status == 200


async def test_truncated_and_html_bodies(logged_in: SimClient) -> None:
    logged_in.sim.faults.add(SITE_LIST, truncate=True)
    logged_in.sim.faults.add(SCENE, body="<html><body>maintenance</body></html>", status=503)
    truncated = await logged_in.post(SITE_LIST)
    assert truncated.status == 200
    assert truncated.json is None
    assert truncated.text.startswith('{"code":0')
    html = await logged_in.post(SCENE, BODY)
    assert (html.status, html.text) == (503, "<html><body>maintenance</body></html>")
    assert html.headers["Content-Type"].startswith("text/html")


async def test_drop_and_retype_fields(logged_in: SimClient) -> None:
    logged_in.sim.faults.add(
        SCENE,
        drop=["solarbank_info.solarbank_list.0.battery_power"],
        retype={
            "solarbank_info.total_photovoltaic_power": int,
            "solarbank_info.total_output_power": "float",
            "solarbank_info.total_battery_power": None,
            "retain_load": "",
        },
    )
    data = (await logged_in.post(SCENE, BODY)).json["data"]
    info = data["solarbank_info"]
    assert "battery_power" not in info["solarbank_list"][0]
    assert info["total_photovoltaic_power"] == 400
    assert info["total_output_power"] == 200.0
    assert info["total_battery_power"] is None
    assert data["retain_load"] == ""


async def test_clear_disarms_faults(logged_in: SimClient) -> None:
    logged_in.sim.faults.add("*", status=500, count=5)
    logged_in.sim.faults.clear()
    assert (await logged_in.post(SITE_LIST)).status == 200
