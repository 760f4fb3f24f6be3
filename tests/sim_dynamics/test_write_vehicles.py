"""Vehicle writes: add (limit 5, unique names), update, delete, default."""

from __future__ import annotations

from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes import WRITE_HANDLERS
from solixsim.writes.vehicles import vehicle_id_for
from tests.sim_dynamics.store_files import NOW

_VEHICLE = "power_service/v1/app/vehicle/"


def _call(store: ScenarioStore, action: str, body: dict[str, Any]) -> SimReply:
    """Run one vehicle write handler."""
    return WRITE_HANDLERS[f"{_VEHICLE}{action}"](store, body, NOW)


def _info(name: str) -> dict[str, Any]:
    """One new vehicle."""
    return {
        "vehicle_name": name,
        "brand": "Simbrand",
        "model": "S1",
        "productive_year": 2024,
        "battery_capacity": 60,
        "ac_max_charging_power": 11,
    }


def _names(store: ScenarioStore) -> list[str]:
    """Names in the stored vehicle list."""
    return [v["vehicle_name"] for v in store.data("user_vehicles")["vehicle_list"]]


def test_add_vehicles_with_deterministic_ids_and_limits(store: ScenarioStore) -> None:
    """Ids derive from names; duplicates → 31001; more than five → 31003."""
    reply = _call(store, "add_vehicle", {"user_vehicle_info": [_info("Car A"), _info("Car B")]})
    assert reply.code == 0
    vehicles = store.data("user_vehicles")["vehicle_list"]
    assert [v["vehicle_id"] for v in vehicles] == [vehicle_id_for("Car A"), vehicle_id_for("Car B")]
    assert vehicle_id_for("Car A") == vehicle_id_for("Car A") != vehicle_id_for("Car B")
    assert [v["is_default_vehicle"] for v in vehicles] == [True, False]
    details = store.data(f"user_vehicle_details_{vehicle_id_for('Car A')}")
    assert (details["vehicle_name"], details["ac_max_charging_power"]) == ("Car A", 11)
    assert _call(store, "add_vehicle", {"user_vehicle_info": [_info("Car A")]}).code == 31001
    more = [_info(f"Car {n}") for n in "CDEF"]
    assert _call(store, "add_vehicle", {"user_vehicle_info": more}).code == 31003
    assert _names(store) == ["Car A", "Car B"]
    assert _call(store, "add_vehicle", {"user_vehicle_info": [{"vehicle_name": "X"}]}).code == (
        10000
    )
    assert _call(store, "add_vehicle", {}).status == 400


def test_update_delete_and_default(store: ScenarioStore) -> None:
    """Unknown ids → 10000; default moves; deleted details answer 10000."""
    _call(store, "add_vehicle", {"user_vehicle_info": [_info("Car A"), _info("Car B")]})
    car_a, car_b = vehicle_id_for("Car A"), vehicle_id_for("Car B")
    assert (
        _call(
            store,
            "update_vehicle",
            {"vehicle_id": car_b, "battery_capacity": 77, "energy_consumption_per_100km": 17},
        ).code
        == 0
    )
    vehicles = store.data("user_vehicles")["vehicle_list"]
    assert vehicles[1]["battery_capacity"] == 77
    assert store.data(f"user_vehicle_details_{car_b}")["energy_consumption_per_100km"] == 17
    assert _call(store, "update_vehicle", {"vehicle_id": car_b, "vehicle_name": "Car A"}).code == (
        31001
    )
    assert _call(store, "update_vehicle", {"vehicle_id": "nope"}).code == 10000
    assert _call(store, "set_default", {"vehicle_id": car_b}).code == 0
    defaults = [v["is_default_vehicle"] for v in store.data("user_vehicles")["vehicle_list"]]
    assert defaults == [False, True]
    assert _call(store, "delete_vehicle", {"vehicle_id": car_b}).code == 0
    assert _names(store) == ["Car A"]
    assert store.data("user_vehicles")["vehicle_list"][0]["is_default_vehicle"] is True
    assert store.get(f"user_vehicle_details_{car_b}")["code"] == 10000
    assert _call(store, "delete_vehicle", {"vehicle_id": car_b}).code == 10000
    assert _call(store, "set_default", {"vehicle_id": car_a}).code == 0


def test_missing_vehicle_list_answers_10000(store: ScenarioStore) -> None:
    """Without user_vehicles the writes are refused instead of crashing."""
    store.put("user_vehicles", {"code": 0, "msg": "success!", "data": None, "trace_id": ""})
    assert _call(store, "add_vehicle", {"user_vehicle_info": [_info("Car A")]}).code == 10000
    assert _call(store, "set_default", {"vehicle_id": "x"}).code == 10000
