"""Merging API objects into device cache entries (§5.7)."""

from __future__ import annotations

from typing import Any

from ..common.jsonutil import JsonDict, Reader, parse_number
from ..common.products import (
    FALLBACK_NAMES,
    HES_NETWORK_STATUS,
    HES_ROLE_STATUS,
    charging_status_desc,
    grid_status_desc,
    product_for,
    status_desc,
)

# Field kinds: "str", "int", "bool", "dict", "list", "any" (copied as is).
FieldSpec = tuple[str, str, bool]  # (cache key, kind, required)

SCENE_COMMON: dict[str, FieldSpec] = {
    "device_name": ("alias", "str", False),
    "status": ("status", "str", False),
    "wireless_type": ("wireless_type", "str", False),
}
SOLARBANK_FIELDS: dict[str, FieldSpec] = {
    **SCENE_COMMON,
    "status": ("status", "str", True),
    "battery_power": ("battery_soc", "str", True),
    "charging_power": ("charging_power", "str", False),
    "power_unit": ("power_unit", "str", False),
    "charging_status": ("charging_status", "str", True),
    "photovoltaic_power": ("input_power", "str", True),
    "output_power": ("output_power", "str", True),
    "sub_package_num": ("sub_package_num", "int", False),
    "output_cutoff_data": ("output_cutoff_data", "int", False),
    "bat_charge_power": ("bat_charge_power", "str", False),
    "bat_discharge_power": ("bat_discharge_power", "str", False),
    "pv_name": ("pv_name", "dict", False),
    "pv_power": ("pv_power", "dict", False),
    "feature_switch": ("feature_switch", "dict", False),
    "err_code": ("err_code", "int", False),
}
METER_FIELDS: dict[str, FieldSpec] = dict(SCENE_COMMON)
PLUG_FIELDS: dict[str, FieldSpec] = {
    **SCENE_COMMON,
    "current_power": ("current_power", "str", False),
    "tag": ("tag", "str", False),
    "err_code": ("err_code", "int", False),
    "priority": ("priority", "any", False),
    "auto_switch": ("auto_switch", "any", False),
    "running_time": ("running_time", "any", False),
}
INVERTER_FIELDS: dict[str, FieldSpec] = {
    **SCENE_COMMON,
    "generate_power": ("generate_power", "str", False),
    "power_unit": ("power_unit", "str", False),
}
GENERIC_FIELDS: dict[str, FieldSpec] = dict(SCENE_COMMON)

BIND_FIELDS: dict[str, FieldSpec] = {
    "device_name": ("name", "str", False),
    "alias_name": ("alias", "str", False),
    "device_sw_version": ("sw_version", "str", False),
    "wifi_online": ("wifi_online", "bool", False),
    "relate_type": ("relate_type", "any", False),
    "charge": ("charge", "bool", False),
    "tag": ("tag", "str", False),
    "platform_tag": ("platform_tag", "str", False),
    "intgr_device": ("intgr_device", "any", False),
    "group_info": ("group_info", "any", False),
    "owner_user_id": ("owner_user_id", "str", False),
}
BIND_NONEMPTY = ("wifi_name", "bt_ble_mac", "wifi_mac", "time_zone")


def read_field(reader: Reader, key: str, kind: str, required: bool) -> Any:
    """Read one field of the given kind (wrong types read as None and are reported)."""
    if kind == "str":
        return reader.text(key, required)
    if kind == "int":
        return reader.integer(key, required)
    if kind == "bool":
        return reader.flag(key, required)
    if kind == "dict":
        return reader.obj(key, required)
    if kind == "list":
        return reader.array(key, required)
    return reader.data.get(key)


def merge_fields(entry: JsonDict, reader: Reader, spec: dict[str, FieldSpec]) -> None:
    """Copy the fields of ``spec`` present in the object (required ones even when missing)."""
    for api_key, (cache_key, kind, required) in spec.items():
        if reader.has(api_key) or required:
            entry[cache_key] = read_field(reader, api_key, kind, required)


def set_product(entry: JsonDict, pn: str | None) -> None:
    """Set ``device_pn``, ``type``, ``generation`` and default ``battery_capacity`` (§5.2, §5.7).

    An unknown product code keeps a known type.
    """
    if pn:
        entry["device_pn"] = pn
    product = product_for(entry.get("device_pn"))
    if product.type != "unknown" or "type" not in entry or entry["type"] == "unknown":
        entry["type"] = product.type
    if product.generation:
        entry["generation"] = product.generation
    if product.capacity_wh and "battery_capacity" not in entry:
        entry["battery_capacity"] = str(product.capacity_wh)


def set_name(entry: JsonDict, products: object) -> None:
    """Fill ``name`` when no product name is known: catalogue name, fallback name or alias."""
    if entry.get("name"):
        return
    pn = entry.get("device_pn") or ""
    catalogue = products.get(pn) if isinstance(products, dict) else None
    name = catalogue.get("name") if isinstance(catalogue, dict) else None
    entry["name"] = name or FALLBACK_NAMES.get(pn) or entry.get("alias") or product_for(pn).name


def describe_status(entry: JsonDict) -> None:
    """Add ``status_desc`` (and grid status description) to an entry."""
    if "status" in entry:
        entry["status_desc"] = status_desc(entry.get("status"))
    if "grid_status" in entry:
        entry["grid_status_desc"] = grid_status_desc(entry.get("grid_status"))
    if "charging_status" in entry and "charging_status_desc" not in entry:
        entry["charging_status_desc"] = charging_status_desc(entry.get("charging_status"))


def wifi_signal_from_rssi(rssi: object) -> str | None:
    """Signal percent from dBm: clamp(0..100, (rssi + 85) × 100 / 35), rounded."""
    value = parse_number(rssi)
    if value is None:
        return None
    return str(round(min(100.0, max(0.0, (value + 85) * 100 / 35))))


def apply_rssi(entry: JsonDict, rssi: object, wifi_signal: object = "") -> None:
    """Store ``rssi`` and, when the update has no signal, the signal computed from it."""
    if isinstance(rssi, str):
        entry["rssi"] = rssi
        if wifi_signal == "" and rssi:
            signal = wifi_signal_from_rssi(rssi)
            if signal is not None:
                entry["wifi_signal"] = signal


def strip_unit(value: object) -> str | None:
    """``"270W"`` → ``"270"``; non-strings give None."""
    if not isinstance(value, str):
        return None
    return value.strip().upper().removesuffix("W").strip()


def merge_bind_device(entry: JsonDict, reader: Reader) -> None:
    """Merge one ``get_relate_and_bind_devices`` item into a device entry."""
    set_product(entry, reader.text("product_code"))
    merge_fields(entry, reader, BIND_FIELDS)
    for key in BIND_NONEMPTY:
        value = reader.text(key)
        if value:
            entry[key] = value
    if "bt_ble_mac" not in entry:
        ble_id = reader.text("bt_ble_id")
        if ble_id:
            entry["bt_ble_mac"] = ble_id.replace(":", "")
    surplus = reader.data.get("bws_surplus")
    if surplus is not None:
        entry["bws_surplus"] = str(surplus)
    apply_rssi(entry, reader.data.get("rssi"))
    if "is_admin" not in entry:
        # The bind list holds only the account's own devices (members get an empty list, §5.5):
        # without ms_device_type (seen for a standalone MI80) the device counts as owned.
        absent = reader.data.get("ms_device_type") is None
        ms_device_type = 1 if absent else reader.integer("ms_device_type")
        if ms_device_type is not None:
            entry["is_admin"] = ms_device_type in (0, 1)
    hes_data = reader.obj("hes_data")
    if hes_data is not None:
        entry["hes_data"] = {
            **hes_data,
            "status_desc": status_desc(hes_data.get("online_status")),
            "role_status_desc": _desc(hes_data.get("master_slave_status"), "role"),
            "grid_status_desc": grid_status_desc(hes_data.get("grid_status")),
            "network_status_desc": _desc(hes_data.get("network_status"), "network"),
        }
    ocpp = reader.data.get("ocpp_connect_status")
    if ocpp is not None and entry.get("type") == "ev_charger":
        entry["ocpp_connect_status"] = ocpp
        entry["ocpp_status_desc"] = "connected" if ocpp == 1 else "disconnected"


def _desc(code: object, kind: str) -> str:
    table = HES_ROLE_STATUS if kind == "role" else HES_NETWORK_STATUS
    return table.get(str(code), "unknown") if code is not None else "unknown"
