"""Request → export file name mapping of the less common endpoint families."""

from __future__ import annotations

from pathlib import Path

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import SITE_ID, build_scenario, envelope, write_json

APP = "power_service/v1/app/"


async def test_families_map_to_their_export_files(
    tmp_path: Path, make_client: ClientFactory
) -> None:
    folder = build_scenario(tmp_path / "families", country="US")
    write_json(
        folder,
        "vehicle_year_attributes_Mini_Cooper_SE_2023",
        envelope({"car_model_list": [{"id": 7}]}),
    )
    write_json(folder, "vehicle_model_years_Mini_Cooper_SE", envelope({"year_list": [2023]}))
    write_json(
        folder, "device_pv_status_INV1", envelope({"pvStatuses": [{"sn": "INV1", "power": 5}]})
    )
    write_json(
        folder, "device_pv_status_INV2", envelope({"pvStatuses": [{"sn": "INV2", "power": 7}]})
    )
    write_json(folder, "device_pv_statistics_today_INV1", envelope({"curve": [], "energy": []}))
    write_json(folder, "dynamic_price_details_DE_Nordpool_GER", envelope({"currency": "EUR"}))
    write_json(folder, f"hes_energy_home_today_{SITE_ID}", envelope({"totalEnergy": "3.1"}))
    write_json(folder, f"charging_energy_grid_{SITE_ID}", envelope({"totalEnergy": "9.9"}))
    write_json(
        folder,
        f"energy_solar_production_pv2_today_{SITE_ID}",
        envelope({"power": [{"time": "00:00", "value": "0"}]}),
    )
    client = await make_client(folder)
    await client.login()

    years = await client.post(
        f"{APP}get_model_years", {"brand_name": "Mini", "model_name": "Cooper SE"}
    )
    assert years.json["data"] == {"year_list": [2023]}
    attributes = await client.post(
        f"{APP}get_model_list",
        {"brand_name": "Mini", "model_name": "Cooper SE", "productive_year": 2023},
    )
    assert attributes.json["data"] == {"car_model_list": [{"id": 7}]}
    status = await client.post("charging_pv_svc/getPvStatus", {"sns": "INV1,INV2,INV3"})
    assert [entry["sn"] for entry in status.json["data"]["pvStatuses"]] == ["INV1", "INV2"]
    day = await client.post("charging_pv_svc/statisticsPv", {"sn": "INV1", "type": "day"})
    week = await client.post("charging_pv_svc/statisticsPv", {"sn": "INV1", "type": "week"})
    assert (day.json["code"], week.json["code"]) == (0, 10000)
    price = await client.post(
        "power_service/v1/dynamic_price/price_detail",
        {"company": "Nordpool", "area": "GER", "date": "1749031200", "device_sn": ""},
    )
    assert price.json["data"] == {"currency": "EUR"}
    hes_body = {"siteId": SITE_ID, "sourceType": "home", "dateType": "day", "start": "2025-06-04"}
    hes = await client.post("charging_hes_svc/get_energy_statistics", hes_body)
    assert hes.json["data"] == {"totalEnergy": "3.1"}
    panel = await client.post(
        "charging_energy_service/energy_statistics",
        {**hes_body, "sourceType": "grid", "dateType": "week", "global": False, "productCode": ""},
    )
    assert panel.json["data"] == {"totalEnergy": "9.9"}
    pv2 = await client.post(
        "power_service/v1/site/energy_analysis",
        {
            "site_id": SITE_ID,
            "device_sn": "",
            "type": "day",
            "start_time": "2025-06-04",
            "end_time": "",
            "device_type": "solar_production_pv2",
        },
    )
    assert pv2.json["data"]["power"] == [{"time": "00:00", "value": "0"}]
