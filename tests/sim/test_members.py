"""Member accounts (§5.5): owner-only endpoints refuse, account lists come back empty."""

from __future__ import annotations

import pytest

from tests.sim.conftest import ClientFactory
from tests.sim.helpers import SB3_SN, SITE_ID, SimClient

SITE = "power_service/v1/site/"
APP = "power_service/v1/app/"


@pytest.fixture
async def member(make_client: ClientFactory) -> SimClient:
    """A logged-in client of a scenario whose only site is shared with the account."""
    client = await make_client(ms_type=2)
    assert (await client.login()).json["code"] == 0
    return client


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (f"{SITE}get_site_device_param", {"site_id": SITE_ID, "param_type": "6"}),
        (f"{SITE}get_site_price", {"site_id": SITE_ID}),
        (f"{SITE}get_wifi_info_list", {"site_id": SITE_ID}),
        (
            "power_service/v1/app/compatible/get_power_cutoff",
            {"site_id": SITE_ID, "device_sn": SB3_SN},
        ),
    ],
)
async def test_owner_only_endpoints_answer_160003(
    member: SimClient, path: str, body: dict[str, str]
) -> None:
    answer = await member.post(path, body)
    assert answer.status == 200
    assert (answer.json["code"], answer.json["msg"]) == (
        160003,
        "The device has no access permission.",
    )


async def test_member_account_lists_are_empty(member: SimClient) -> None:
    bind = await member.post(f"{APP}get_relate_and_bind_devices")
    assert bind.json["data"] == {"data": []}
    auto = await member.post(f"{APP}get_auto_upgrade")
    assert auto.json["data"] == {"main_switch": False, "device_list": None}
    ota = await member.post(
        "app/ota/batch/check_update", {"device_list": [{"device_sn": SB3_SN, "version": ""}]}
    )
    assert ota.json["data"] == {"update_infos": []}
    attrs = await member.post(
        f"{APP}device/get_device_attrs", {"device_sn": SB3_SN, "attributes": ["rssi"]}
    )
    assert (attrs.json["code"], attrs.json["msg"]) == (-1, "Failed to request.")


async def test_member_still_reads_scene_and_energy(member: SimClient) -> None:
    scene = await member.post(f"{SITE}get_scen_info", {"site_id": SITE_ID})
    assert scene.json["data"]["solarbank_info"]["solarbank_list"][0]["device_sn"] == SB3_SN


async def test_member_setter_answers_160003(member: SimClient) -> None:
    body = {"site_id": SITE_ID, "price": 0.4, "site_price_unit": "€", "site_co2": 0.5}
    answer = await member.post(f"{SITE}update_site_price", body)
    assert answer.json["code"] == 160003


async def test_owner_setter_reaches_the_write_handler(logged_in: SimClient) -> None:
    body = {"site_id": SITE_ID, "price": 0.4, "site_price_unit": "€", "site_co2": 0.5}
    answer = await logged_in.post(f"{SITE}update_site_price", body)
    assert answer.json["code"] == 0
    price = await logged_in.post(f"{SITE}get_site_price", {"site_id": SITE_ID})
    assert price.json["data"]["price"] == 0.4
