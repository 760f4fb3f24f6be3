"""The typed API methods the poller does not call (export, vehicles, history) send the documented
request to the simulator over loopback and hand back its answer or its mapped error."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from custom_components.anker_solix.solixapi import SolixApi, SolixRequestError
from tests.loopback import served

SB1 = "2CBMC6GFUP32YU4Y"
SB2 = "96F9Z566SOJRWRM9"
FAMILY_CAR = "cccd5bc0-7f8b-2a3e-ff24-a69cceb184bf"
CITY_CAR = "1300bf5d-64d6-d136-4146-cfece3f2b7e9"

type Call = Callable[[SolixApi, str], Awaitable[Any]]

REQUESTS: list[tuple[str, str, Call, str, dict[str, Any]]] = [
    (
        "x1_hes",
        "site_detail",
        lambda api, site: api.get_site_detail(site),
        "power_service/v1/site/get_site_detail",
        {"site_id": "<site>"},
    ),
    (
        "x1_hes",
        "site_rules",
        lambda api, _site: api.get_site_rules(),
        "power_service/v1/site/get_site_rules",
        {},
    ),
    (
        "x1_hes",
        "upgrade_record",
        lambda api, site: api.get_upgrade_record(device_sn="SN1", site_id=site, record_type=2),
        "power_service/v1/app/get_upgrade_record",
        {"type": 2, "device_sn": "SN1", "site_id": "<site>"},
    ),
    (
        "x1_hes",
        "upgrade_record_account",
        lambda api, _site: api.get_upgrade_record(record_type=0),
        "power_service/v1/app/get_upgrade_record",
        {"type": 0},
    ),
    (
        "x1_hes",
        "installation",
        lambda api, site: api.get_installation(site),
        "power_service/v1/app/compatible/get_installation",
        {"site_id": "<site>"},
    ),
    (
        "x1_hes",
        "dynamic_price_sites",
        lambda api, _site: api.get_dynamic_price_sites(),
        "power_service/v1/dynamic_price/check_available",
        {},
    ),
    (
        "x1_hes",
        "forecast_schedule",
        lambda api, site: api.get_forecast_schedule(site),
        "power_service/v1/site/get_schedule",
        {"site_id": "<site>"},
    ),
    (
        "x1_hes",
        "hes_products",
        lambda api, _site: api.get_hes_product_info(),
        "charging_hes_svc/get_device_product_info",
        {},
    ),
    (
        "x1_hes",
        "hes_profit",
        lambda api, site: api.get_hes_profit(site, "week", "2025-06-01"),
        "charging_hes_svc/get_system_profit_detail",
        {"siteId": "<site>", "dateType": "week", "start": "2025-06-01"},
    ),
    (
        "sb1_single",
        "compatible_process",
        lambda api, _site: api.get_compatible_process(SB1),
        "power_service/v1/app/compatible/get_compatible_process",
        {"solarbank_sn": SB1},
    ),
    (
        "vehicles_account",
        "add_vehicle",
        lambda api, _site: api.add_vehicle({"vehicle_name": "Neu", "brand": "Volkswagen"}),
        "power_service/v1/app/vehicle/add_vehicle",
        {"user_vehicle_info": [{"vehicle_name": "Neu", "brand": "Volkswagen"}]},
    ),
    (
        "vehicles_account",
        "delete_vehicle",
        lambda api, _site: api.delete_vehicle(CITY_CAR),
        "power_service/v1/app/vehicle/delete_vehicle",
        {"vehicle_id": CITY_CAR},
    ),
    (
        "vehicles_account",
        "charging_vehicle",
        lambda api, _site: api.set_charging_vehicle(FAMILY_CAR, SB2, 7),
        "power_service/v1/app/vehicle/set_charging_vehicle",
        {"vehicle_id": FAMILY_CAR, "device_sn": SB2, "transaction_id": 7},
    ),
]


@pytest.mark.parametrize(
    ("scenario", "call", "path", "body"),
    [(scenario, call, path, body) for scenario, _, call, path, body in REQUESTS],
    ids=[name for _, name, *_ in REQUESTS],
)
async def test_request_body_and_answer(
    scenario: str, call: Call, path: str, body: dict[str, Any]
) -> None:
    """One request with the method's body; a success answer comes back as data, a refusal as
    the mapped `SolixRequestError` naming the endpoint."""
    async with served(scenario, request_delay=0) as loop:
        api = loop.poller.api
        site = (await api.get_site_list())["site_list"][0]["site_id"]
        answer: Any = None
        refused: str | None = None
        try:
            answer = await call(api, site)
        except SolixRequestError as err:
            refused = err.endpoint
        record = loop.sim.recorder.records[-1]
        assert record.path.strip("/") == path
        expected = {key: site if value == "<site>" else value for key, value in body.items()}
        sent = record.body if isinstance(record.body, dict) else {}
        assert {key: sent.get(key) for key in expected} == expected
        if record.code == 0:
            assert answer is not None
            assert refused is None
        else:
            assert refused == path


async def test_accessory_catalogue_is_a_list() -> None:
    """The accessory catalogue is a GET whose data is a list."""
    async with served("sb1_single", request_delay=0) as loop:
        assert isinstance(await loop.poller.api.get_accessories(), list)
        record = loop.sim.recorder.records[-1]
        assert (record.method, record.code) == ("GET", 0)
