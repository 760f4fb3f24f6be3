"""Energy endpoints answer the requested days only, with the totals of that interval (§7)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import SB3_SN, SITE_ID, build_scenario, envelope, write_json

ANALYSIS = "power_service/v1/site/energy_analysis"
HES = "charging_hes_svc/get_energy_statistics"
PV = "charging_pv_svc/statisticsPv"
INVERTER_SN = "INVTESTSERIAL01"


def _scenario(folder: Path) -> Path:
    """The synthetic scenario with two-day exports (2025-06-03 and today 2025-06-04)."""
    build_scenario(folder)
    week = {
        "power": [{"time": "2025-06-03", "value": "4.00"}, {"time": "2025-06-04", "value": "3.00"}],
        "charge_total": "3.00",
        "solar_total": "7.00",
    }
    today = {"power": [{"time": "12:00", "value": "900"}], "charge_total": "1.20"}
    today["solar_total"] = "3.00"
    write_json(folder, f"energy_solar_production_{SITE_ID}", envelope(week))
    write_json(folder, f"energy_solar_production_today_{SITE_ID}", envelope(today))
    hes = {"totalEnergy": "9.00", "energy": [{"value": "5.00"}, {"value": "4.00"}]}
    write_json(folder, f"hes_energy_hes_{SITE_ID}", envelope(hes))
    pv = {"energy": [{"energy": 2.5, "index": 1}, {"energy": 1.5, "index": 2}], "solarGeneraion": 4}
    write_json(folder, f"device_pv_statistics_{INVERTER_SN}", envelope(pv))
    return folder


def _analysis(rtype: str, start: str, end: str) -> dict[str, Any]:
    """An energy_analysis body for solar production."""
    return {
        "site_id": SITE_ID,
        "device_sn": SB3_SN,
        "type": rtype,
        "start_time": start,
        "end_time": end,
        "device_type": "solar_production",
    }


async def test_analysis_today_yesterday_and_tomorrow(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    client = await make_client(_scenario(tmp_path / "energy"))
    await client.login()
    today = (await client.post(ANALYSIS, _analysis("week", "2025-06-04", "2025-06-04"))).json
    assert today["data"]["power"] == [{"time": "2025-06-04", "value": "3.00"}]
    assert (today["data"]["charge_total"], today["data"]["solar_total"]) == ("1.20", "3.00")
    before = (await client.post(ANALYSIS, _analysis("week", "2025-06-03", "2025-06-03"))).json
    assert before["data"]["power"] == [{"time": "2025-06-03", "value": "4.00"}]
    assert (before["data"]["charge_total"], before["data"]["solar_total"]) == ("1.80", "4.00")
    curve = (await client.post(ANALYSIS, _analysis("day", "2025-06-03", ""))).json["data"]
    assert (curve["power"], curve["charge_total"]) == ([{"time": "12:00", "value": "900"}], "1.80")
    future = (await client.post(ANALYSIS, _analysis("day", "2025-06-05", ""))).json["data"]
    assert (future["power"], future["charge_total"]) == ([], "0.00")


async def test_statistics_by_day_offset_follow_the_clock(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    client = await make_client(_scenario(tmp_path / "stats"))
    await client.login()
    client.sim.clock.advance(86400)  # the exported today is now 2025-06-05
    body = {"siteId": SITE_ID, "sourceType": "hes", "dateType": "week", "start": "2025-06-05"}
    hes = (await client.post(HES, {**body, "end": "2025-06-05"})).json["data"]
    assert (hes["energy"], hes["totalEnergy"]) == ([{"value": "4.00"}], "4.00")
    pv_body = {"sn": INVERTER_SN, "type": "week", "start": "2025-06-04", "end": "2025-06-04"}
    pv = (await client.post(PV, pv_body)).json["data"]
    assert (pv["energy"], pv["solarGeneraion"]) == ([{"energy": 2.5, "index": 1}], 2.5)
