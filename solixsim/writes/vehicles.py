"""Vehicles of the account (EV charger): add, update, delete, default (protocol §4.9)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    CODE_ITEM_EXISTS,
    CODE_ITEM_LIMIT,
    WriteRejectedError,
    failed,
    is_int,
    reject,
    require,
    stored_data,
    success,
    update_data,
)

_VEHICLE = "power_service/v1/app/vehicle/"
ADD_ENDPOINT = f"{_VEHICLE}add_vehicle"
UPDATE_ENDPOINT = f"{_VEHICLE}update_vehicle"
DELETE_ENDPOINT = f"{_VEHICLE}delete_vehicle"
DEFAULT_ENDPOINT = f"{_VEHICLE}set_default"
LIST_FILE = "user_vehicles"
MAX_VEHICLES = 5
VEHICLE_NAMESPACE = uuid.UUID("5d3c1a9e-7f0b-4c8e-9a51-2b6f0e8d4c17")
REQUIRED_INFO = ("vehicle_name", "brand", "model", "productive_year")
UPDATABLE = (
    "vehicle_name",
    "brand",
    "model",
    "productive_year",
    "battery_capacity",
    "ac_max_charging_power",
    "energy_consumption_per_100km",
)
DETAIL_ONLY = ("ac_max_charging_power", "energy_consumption_per_100km", "model_id")


def vehicle_id_for(name: str) -> str:
    """The id a new vehicle gets: a UUID derived from its name."""
    return str(uuid.uuid5(VEHICLE_NAMESPACE, name))


def _details_name(vehicle_id: str) -> str:
    """File name of one vehicle's details."""
    return f"user_vehicle_details_{vehicle_id}"


def _vehicles(store: ScenarioStore) -> list[dict[str, Any]]:
    """The stored vehicle list; a missing file rejects the write."""
    listed = stored_data(store, LIST_FILE).get("vehicle_list")
    return [vehicle for vehicle in listed or [] if isinstance(vehicle, dict)]


def _save(store: ScenarioStore, vehicles: list[dict[str, Any]]) -> None:
    """Store the vehicle list."""

    def change(data: dict[str, Any]) -> None:
        data["vehicle_list"] = vehicles

    update_data(store, LIST_FILE, change)


def _save_details(store: ScenarioStore, vehicle: dict[str, Any], extra: dict[str, Any]) -> None:
    """Store one vehicle's details (list fields plus detail-only fields)."""
    name = _details_name(str(vehicle["vehicle_id"]))
    current = store.data(name)
    details = {**(current if isinstance(current, dict) else {}), **vehicle, **extra}
    store.put(name, {"code": 0, "msg": "success!", "data": details, "trace_id": ""})


def _valid_info(info: Any) -> bool:
    """One ``user_vehicle_info`` entry with the mandatory fields."""
    return (
        isinstance(info, dict)
        and all(info.get(key) not in (None, "") for key in REQUIRED_INFO)
        and isinstance(info["vehicle_name"], str)
        and is_int(info["productive_year"])
    )


def add_vehicle(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``add_vehicle``: at most 5 vehicles with unique names."""
    try:
        require(body, "user_vehicle_info")
        vehicles = _vehicles(store)
    except WriteRejectedError as err:
        return err.reply
    infos = body["user_vehicle_info"]
    if not isinstance(infos, list) or not infos or not all(_valid_info(i) for i in infos):
        return reject().reply
    names = [str(vehicle.get("vehicle_name")) for vehicle in vehicles]
    new_names = [str(info["vehicle_name"]) for info in infos]
    if len(set(new_names)) < len(new_names) or set(new_names) & set(names):
        return failed(CODE_ITEM_EXISTS, "The vehicle name already exists.")
    if len(vehicles) + len(infos) > MAX_VEHICLES:
        return failed(CODE_ITEM_LIMIT, "The number of vehicles exceeds the limit.")
    for info in infos:
        vehicle = {
            "vehicle_id": vehicle_id_for(str(info["vehicle_name"])),
            "vehicle_name": info["vehicle_name"],
            "brand": info["brand"],
            "model": info["model"],
            "productive_year": info["productive_year"],
            "is_default_vehicle": not any(v.get("is_default_vehicle") for v in vehicles),
            "is_smart_charging": False,
            "is_connected_to_enodeapi": False,
            "battery_capacity": info.get("battery_capacity", 0),
            "update_time": int(now),
        }
        vehicles.append(vehicle)
        _save_details(store, vehicle, {key: info[key] for key in DETAIL_ONLY if key in info})
    _save(store, vehicles)
    return success()


def _with_vehicle(
    store: ScenarioStore,
    body: dict[str, Any],
    action: Callable[[list[dict[str, Any]], dict[str, Any]], SimReply | None],
) -> SimReply:
    """Find the vehicle named by ``vehicle_id`` and run ``action`` (10000 when unknown)."""
    try:
        require(body, "vehicle_id")
        vehicles = _vehicles(store)
    except WriteRejectedError as err:
        return err.reply
    vehicle = next((v for v in vehicles if v.get("vehicle_id") == body["vehicle_id"]), None)
    if vehicle is None:
        return reject().reply
    refused = action(vehicles, vehicle)
    if refused is not None:
        return refused
    _save(store, vehicles)
    return success()


def update_vehicle(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``update_vehicle``: change the given fields (a new name must stay unique)."""

    def action(vehicles: list[dict[str, Any]], vehicle: dict[str, Any]) -> SimReply | None:
        name = body.get("vehicle_name", vehicle.get("vehicle_name"))
        if any(v is not vehicle and v.get("vehicle_name") == name for v in vehicles):
            return failed(CODE_ITEM_EXISTS, "The vehicle name already exists.")
        if "productive_year" in body and not is_int(body["productive_year"]):
            return reject().reply
        changes = {key: body[key] for key in UPDATABLE if key in body}
        vehicle.update({k: v for k, v in changes.items() if k not in DETAIL_ONLY})
        vehicle["update_time"] = int(now)
        _save_details(store, vehicle, {k: v for k, v in changes.items() if k in DETAIL_ONLY})
        return None

    return _with_vehicle(store, body, action)


def delete_vehicle(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``delete_vehicle``: remove it; the first remaining vehicle becomes default if needed."""

    def action(vehicles: list[dict[str, Any]], vehicle: dict[str, Any]) -> SimReply | None:
        vehicles.remove(vehicle)
        if vehicle.get("is_default_vehicle") and vehicles:
            vehicles[0]["is_default_vehicle"] = True
            _save_details(store, vehicles[0], {})
        details = _details_name(str(vehicle["vehicle_id"]))
        store.put(details, {"code": 10000, "msg": "Failed to request.", "trace_id": ""})
        return None

    return _with_vehicle(store, body, action)


def set_default_vehicle(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_default``: exactly this vehicle is the default."""

    def action(vehicles: list[dict[str, Any]], vehicle: dict[str, Any]) -> SimReply | None:
        for other in vehicles:
            other["is_default_vehicle"] = other is vehicle
            _save_details(store, other, {})
        return None

    return _with_vehicle(store, body, action)
