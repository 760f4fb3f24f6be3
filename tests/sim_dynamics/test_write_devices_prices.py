"""Cut-off, device attributes, auto upgrade, home load, prices and standalone inverter writes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes import WRITE_HANDLERS
from tests.sim_dynamics.scenes import SB1_SN_A, SB2_SN, SB3_SN
from tests.sim_dynamics.store_files import INVERTER_SN, NOW, SB1_SITE, SB3_SITE

_APP = "power_service/v1/app/"


def _call(store: ScenarioStore, endpoint: str, body: dict[str, Any]) -> SimReply:
    """Run one write handler."""
    return WRITE_HANDLERS[endpoint](store, body, NOW)


def test_power_cutoff_selects_the_option_and_updates_the_sb1_scene(store: ScenarioStore) -> None:
    """set_power_cutoff selects id 2 (5 %); the SB1 scene entry reports 5."""
    endpoint = f"{_APP}compatible/set_power_cutoff"
    assert _call(store, endpoint, {"device_sn": SB1_SN_A, "cutoff_data_id": 2}).code == 0
    options = store.data(f"power_cutoff_{SB1_SN_A}")["power_cutoff_data"]
    assert [o["is_selected"] for o in options] == [0, 1]
    scene = store.data(f"scene_{SB1_SITE}")
    assert scene["solarbank_info"]["solarbank_list"][0]["output_cutoff_data"] == 5
    assert _call(store, endpoint, {"device_sn": SB1_SN_A, "cutoff_data_id": 7}).code == 10000
    assert _call(store, endpoint, {"device_sn": "UNKNOWN", "cutoff_data_id": 1}).code == 10000
    assert _call(store, endpoint, {"device_sn": SB1_SN_A}).status == 400


def test_device_attrs_store_getter_names_and_power_limits(store: ScenarioStore) -> None:
    """Limits are validated per model and read back under the getter names."""
    endpoint = f"{_APP}device/set_device_attrs"
    body = {
        "device_sn": SB3_SN,
        "attributes": {"power_limit": 1200, "ac_power_limit": 900, "pv_power_limit": 2000},
    }
    assert _call(store, endpoint, body).code == 0
    attributes = store.data(f"device_attrs_{SB3_SN}")["attributes"]
    assert attributes == {
        "pv_power_limit": 2000,
        "switch_0w": 0,
        "power_limit": 1200,
        "ac_input_limit": 900,
    }
    info = store.data(f"power_limit_{SB3_SITE}")["device_info"][0]
    assert (info["power_limit"], info["ac_input_limit"]) == (1200, 900)
    assert _call(store, endpoint, {"device_sn": SB3_SN, "attributes": {"switch_0w": 1}}).code == 0
    assert store.data(f"scene_{SB3_SITE}")["switch_0w"] == 1


@pytest.mark.parametrize(
    ("device_sn", "attributes"),
    [
        (SB3_SN, {"power_limit": 1000}),
        (SB3_SN, {"pv_power_limit": 3000}),
        (SB3_SN, {"switch_0w": 3}),
        (SB3_SN, {"unknown": 1}),
        (SB3_SN, {}),
        (SB2_SN, {"power_limit": 1200}),
        (SB2_SN, {"pv_power_limit": 2000}),
        (SB2_SN, {"ac_power_limit": 600}),
        ("NOFILE", {"power_limit": 800}),
    ],
)
def test_device_attrs_outside_the_options_answer_10000(
    store: ScenarioStore, device_sn: str, attributes: dict[str, Any]
) -> None:
    """Values outside the model's options, unknown names and missing devices are refused."""
    endpoint = f"{_APP}device/set_device_attrs"
    reply = _call(store, endpoint, {"device_sn": device_sn, "attributes": attributes})
    assert reply.code == 10000
    assert store.data(f"device_attrs_{SB3_SN}")["attributes"] == {
        "pv_power_limit": 3600,
        "switch_0w": 0,
    }


def test_sb2_power_limit_options(store: ScenarioStore) -> None:
    """An SB2 Pro accepts 1000 W output (its largest option)."""
    body = {"device_sn": SB2_SN, "attributes": {"power_limit": 1000}}
    assert _call(store, f"{_APP}device/set_device_attrs", body).code == 0
    assert store.data(f"device_attrs_{SB2_SN}")["attributes"] == {"power_limit": 1000}


def test_auto_upgrade_switches(store: ScenarioStore) -> None:
    """Main switch and device switches are stored; unknown devices are refused."""
    endpoint = f"{_APP}set_auto_upgrade"
    body = {"main_switch": False, "device_list": [{"device_sn": SB1_SN_A, "auto_upgrade": True}]}
    assert _call(store, endpoint, body).code == 0
    data = store.data("auto_upgrade")
    assert data["main_switch"] is False
    assert [d["auto_upgrade"] for d in data["device_list"]] == [True, True]
    unknown = {"device_list": [{"device_sn": "NOPE", "auto_upgrade": False}]}
    assert _call(store, endpoint, unknown).code == 10000
    assert _call(store, endpoint, {"main_switch": "yes"}).code == 10000
    assert store.data("auto_upgrade") == data


def test_device_home_load_is_accepted_without_effect(store: ScenarioStore) -> None:
    """set_device_home_load answers success and changes nothing."""
    before = {name: store.get(name) for name in store.names()}
    body = {"site_id": SB1_SITE, "device_sn": SB1_SN_A, "home_load_data": "{}"}
    assert _call(store, f"{_APP}device/set_device_home_load", body) == SimReply()
    assert {name: store.get(name) for name in store.names()} == before


def test_site_price_updates_price_and_tariff_parameter(store: ScenarioStore) -> None:
    """update_site_price changes the price file and mirrors type/price into param 12."""
    endpoint = "power_service/v1/site/update_site_price"
    body = {
        "site_id": SB3_SITE,
        "price": 0.415,
        "site_price_unit": "€",
        "site_co2": 0.4,
        "price_type": "dynamic",
        "dynamic_price": {"country": "DE", "company": "Nordpool", "area": "GER"},
    }
    assert _call(store, endpoint, body).code == 0
    price = store.data(f"price_{SB3_SITE}")
    assert (price["price"], price["site_co2"], price["price_type"]) == (0.415, 0.4, "dynamic")
    assert price["dynamic_price"] == {"country": "DE", "company": "Nordpool", "area": "GER"}
    tariff = json.loads(store.data(f"device_parm_12_{SB3_SITE}")["param_data"])
    assert tariff["price_type"] == "dynamic"
    assert tariff["fixed_price"]["price"] == "0.41"
    assert tariff["dynamic_price"]["company"] == "Nordpool"
    assert _call(store, endpoint, {"site_id": SB3_SITE, "price_type": "spot"}).code == 10000
    assert _call(store, endpoint, {"site_id": SB3_SITE, "price": -1}).code == 10000
    assert _call(store, endpoint, {"site_id": SB1_SITE, "price": 0.3}).code == 10000
    assert _call(store, endpoint, {"price": 0.3}).status == 400


def test_standalone_inverter_limit_and_price(store: ScenarioStore) -> None:
    """set_aps_power 0..800 W → powerConfig; tiered price replaced."""
    assert _call(store, "charging_pv_svc/set_aps_power", {"sn": INVERTER_SN, "power": 600}) == (
        SimReply()
    )
    stats = store.data(f"device_pv_total_statistics_{INVERTER_SN}")
    assert stats["powerConfig"] == "600W"
    for power in (801, -5, "600", 600.5):
        body = {"sn": INVERTER_SN, "power": power}
        assert _call(store, "charging_pv_svc/set_aps_power", body).code == 10000
    assert _call(store, "charging_pv_svc/set_aps_power", {"sn": "X1", "power": 5}).code == 10000
    tiers = [{"from": "00:00", "to": "23:59", "price": 0.42}]
    body = {"sn": INVERTER_SN, "currencyUnit": "$", "tieredElecPrices": tiers}
    assert _call(store, "charging_pv_svc/updateUserTieredElecPrice", body).code == 0
    assert store.data(f"device_pv_price_{INVERTER_SN}") == {
        "currencyUnit": "$",
        "tieredElecPrices": tiers,
    }
    bad = {"sn": INVERTER_SN, "tieredElecPrices": [{"from": "0:00", "to": "23:59", "price": 1}]}
    assert _call(store, "charging_pv_svc/updateUserTieredElecPrice", bad).code == 10000
