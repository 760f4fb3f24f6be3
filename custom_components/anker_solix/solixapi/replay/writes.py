"""Write endpoints of a replay: the change goes into the in-memory files the reads answer from.

No validation beyond what is needed to apply the change: a replay shows what a write would look
like, the cloud's rules are checked by the library before it sends anything. A write whose
target file is missing (or an unknown write endpoint) is accepted without effect.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..cloud.const import Endpoint
from .request import Envelope, ok, site_of_device
from .store import ReplayStore

WriteHandler = Callable[[ReplayStore, dict[str, Any]], None]

# set_device_attrs names → get_device_attrs names (§4.4.4)
_ATTRIBUTE_READ_NAMES = {"ac_power_limit": "ac_input_limit"}
_VEHICLE_DETAIL_PREFIX = "user_vehicle_details_"


def accepted() -> Envelope:
    """The cloud's answer to an accepted write."""
    return ok({})


def _update(store: ReplayStore, name: str, change: Callable[[dict[str, Any]], None]) -> bool:
    """Apply ``change`` to the ``data`` dict of a stored file; False when there is none."""
    envelope = store.get(name)
    data = envelope.get("data") if envelope is not None else None
    if envelope is None or not isinstance(data, dict):
        return False
    change(data)
    store.put(name, envelope)
    return True


def _select(options: list[Any], wanted: Any) -> None:
    """Mark the option with id ``wanted`` as the only selected one."""
    for option in options:
        if isinstance(option, dict):
            option["is_selected"] = 1 if option.get("id") == wanted else 0


def _decoded(text: Any) -> dict[str, Any]:
    """A ``param_data`` JSON string as an object ({} for anything else)."""
    try:
        value = json.loads(text) if isinstance(text, str) and text.strip() else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def set_site_device_param(store: ReplayStore, body: dict[str, Any]) -> None:
    """``device_parm_<type>_<site>``: SB2+ plans and station settings merge, others replace."""
    site_id, param_type = str(body.get("site_id", "")), str(body.get("param_type", ""))
    sent = body.get("param_data")
    payload = _decoded(sent)
    name = f"device_parm_{param_type}_{site_id}"
    stored = _decoded(
        store.data(name).get("param_data") if isinstance(store.data(name), dict) else ""
    )
    if param_type == "6":
        value: Any = {**stored, **payload}
    elif param_type == "18":
        value = dict(stored)
        if "switch_0w" in payload:
            value["switch_0w"] = payload["switch_0w"]
        if "id" in payload:
            options = list(value.get("soc_list") or [])
            _select(options, payload["id"])
            value["soc_list"] = options
    else:
        value = payload if payload else sent
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    envelope = store.get(name) or ok({})
    envelope["data"] = {**(envelope.get("data") or {}), "param_data": text}
    store.put(name, envelope)


def set_power_cutoff(store: ReplayStore, body: dict[str, Any]) -> None:
    """Select the cut-off option ``cutoff_data_id`` of ``power_cutoff_<sn>``."""

    def change(data: dict[str, Any]) -> None:
        _select(data.get("power_cutoff_data") or [], body.get("cutoff_data_id"))

    _update(store, f"power_cutoff_{body.get('device_sn')}", change)


def set_device_attrs(store: ReplayStore, body: dict[str, Any]) -> None:
    """Merge the attributes into ``device_attrs_<sn>`` and the site's power limits."""
    device_sn = str(body.get("device_sn", ""))
    sent = body.get("attributes")
    if not isinstance(sent, dict):
        return
    readable = {_ATTRIBUTE_READ_NAMES.get(key, key): value for key, value in sent.items()}

    def attrs(data: dict[str, Any]) -> None:
        current = data.get("attributes")
        data["attributes"] = {**(current if isinstance(current, dict) else {}), **readable}

    _update(store, f"device_attrs_{device_sn}", attrs)
    site_id = site_of_device(store, device_sn)
    limits = {key: readable[key] for key in ("power_limit", "ac_input_limit") if key in readable}
    if site_id is None:
        return

    def power_limits(data: dict[str, Any]) -> None:
        for device in data.get("device_info") or []:
            if isinstance(device, dict) and device.get("device_sn") == device_sn:
                device.update(limits)

    if limits:
        _update(store, f"power_limit_{site_id}", power_limits)
    if "switch_0w" in readable:
        _update(
            store, f"scene_{site_id}", lambda scene: scene.update(switch_0w=readable["switch_0w"])
        )


def set_auto_upgrade(store: ReplayStore, body: dict[str, Any]) -> None:
    """Main switch and per-device switches of ``auto_upgrade``."""
    wanted = {
        str(item.get("device_sn")): item.get("auto_upgrade")
        for item in body.get("device_list") or []
        if isinstance(item, dict)
    }

    def change(data: dict[str, Any]) -> None:
        if isinstance(body.get("main_switch"), bool):
            data["main_switch"] = body["main_switch"]
        for device in data.get("device_list") or []:
            if isinstance(device, dict) and str(device.get("device_sn")) in wanted:
                device["auto_upgrade"] = wanted[str(device["device_sn"])]

    _update(store, "auto_upgrade", change)


def update_site_price(store: ReplayStore, body: dict[str, Any]) -> None:
    """Price, currency, CO2 factor, price type and dynamic provider of ``price_<site>``."""

    def change(data: dict[str, Any]) -> None:
        for key in ("price", "site_price_unit", "site_co2", "price_type"):
            if key in body:
                data[key] = body[key]
        provider = body.get("dynamic_price")
        if "dynamic_price" in body:
            current = data.get("dynamic_price")
            merged = {**(current if isinstance(current, dict) else {}), **(provider or {})}
            data["dynamic_price"] = merged if provider is not None else None

    _update(store, f"price_{body.get('site_id')}", change)


def update_pv_price(store: ReplayStore, body: dict[str, Any]) -> None:
    """Tiers and currency of a standalone inverter (``device_pv_price_<sn>``)."""

    def change(data: dict[str, Any]) -> None:
        if "tieredElecPrices" in body:
            data["tieredElecPrices"] = body["tieredElecPrices"]
        if isinstance(body.get("currencyUnit"), str):
            data["currencyUnit"] = body["currencyUnit"]

    _update(store, f"device_pv_price_{body.get('sn')}", change)


def set_aps_power(store: ReplayStore, body: dict[str, Any]) -> None:
    """Output limit of a standalone inverter (``powerConfig`` of its total statistics)."""
    power = body.get("power")
    _update(
        store,
        f"device_pv_total_statistics_{body.get('sn')}",
        lambda data: data.update(powerConfig=f"{power}W"),
    )


def _vehicle_change(
    store: ReplayStore, body: dict[str, Any], action: Callable[[list[Any], dict[str, Any]], None]
) -> None:
    """Run ``action`` on the vehicle list and the vehicle named by ``vehicle_id``."""

    def change(data: dict[str, Any]) -> None:
        vehicles = [v for v in data.get("vehicle_list") or [] if isinstance(v, dict)]
        vehicle = next((v for v in vehicles if v.get("vehicle_id") == body.get("vehicle_id")), None)
        if vehicle is not None:
            action(vehicles, vehicle)
            data["vehicle_list"] = vehicles

    _update(store, "user_vehicles", change)


def update_vehicle(store: ReplayStore, body: dict[str, Any]) -> None:
    """Change the sent fields of a vehicle (list and details)."""
    changes = {key: value for key, value in body.items() if key != "vehicle_id"}
    _vehicle_change(store, body, lambda _vehicles, vehicle: vehicle.update(changes))
    _update(store, f"{_VEHICLE_DETAIL_PREFIX}{body.get('vehicle_id')}", lambda d: d.update(changes))


def set_default_vehicle(store: ReplayStore, body: dict[str, Any]) -> None:
    """Make one vehicle the default."""

    def action(vehicles: list[Any], vehicle: dict[str, Any]) -> None:
        for other in vehicles:
            other["is_default_vehicle"] = other is vehicle

    _vehicle_change(store, body, action)


def delete_vehicle(store: ReplayStore, body: dict[str, Any]) -> None:
    """Remove a vehicle; the first remaining one becomes default if needed."""

    def action(vehicles: list[Any], vehicle: dict[str, Any]) -> None:
        vehicles.remove(vehicle)
        if vehicle.get("is_default_vehicle") and vehicles:
            vehicles[0]["is_default_vehicle"] = True

    _vehicle_change(store, body, action)


WRITE_ROUTES: dict[str, WriteHandler] = {
    Endpoint.SET_SITE_DEVICE_PARAM: set_site_device_param,
    Endpoint.SET_POWER_CUTOFF: set_power_cutoff,
    Endpoint.SET_DEVICE_ATTRS: set_device_attrs,
    Endpoint.SET_AUTO_UPGRADE: set_auto_upgrade,
    Endpoint.UPDATE_SITE_PRICE: update_site_price,
    Endpoint.PV_UPDATE_USER_TIERED_ELEC_PRICE: update_pv_price,
    Endpoint.PV_SET_APS_POWER: set_aps_power,
    Endpoint.UPDATE_VEHICLE: update_vehicle,
    Endpoint.SET_DEFAULT_VEHICLE: set_default_vehicle,
    Endpoint.DELETE_VEHICLE: delete_vehicle,
}
"""Writes whose effect a replay shows in later reads."""


def is_write(endpoint: str) -> bool:
    """Whether an endpoint changes state (known writes and ``set_``/``update_``/… names)."""
    last = endpoint.rsplit("/", 1)[-1]
    return endpoint in WRITE_ROUTES or last.startswith(("set_", "update", "add_", "delete_"))
