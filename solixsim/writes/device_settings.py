"""Device settings: attributes (limits, 0 W switch), firmware auto upgrade, device home load."""

from __future__ import annotations

from typing import Any

from solixsim.reply import SimReply
from solixsim.scenario import ScenarioStore
from solixsim.writes.common import (
    WriteRejectedError,
    device_model,
    is_int,
    reject,
    require,
    site_of_device,
    stored_data,
    success,
    update_data,
)
from solixsim.writes.station import set_switch_0w

ATTRS_ENDPOINT = "power_service/v1/app/device/set_device_attrs"
AUTO_UPGRADE_ENDPOINT = "power_service/v1/app/set_auto_upgrade"
HOME_LOAD_ENDPOINT = "power_service/v1/app/device/set_device_home_load"

# Options per model (protocol §5.2).
OUTPUT_LIMIT_OPTIONS = {
    "A17C1": (350, 600, 800, 1000),
    "A17C2": (350, 600, 800, 1000),
    "A17C3": (350, 600, 800, 1000),
    "A17C5": (350, 600, 800, 1200),
}
PV_LIMIT_OPTIONS = {"A17C5": (2000, 3600)}
AC_INPUT_MODELS = frozenset({"A17C2", "A17C5"})
AC_INPUT_MAX = 3600
# Setter name → getter name (§4.4.4: the AC input limit reads back as ``ac_input_limit``).
GETTER_NAMES = {
    "ac_power_limit": "ac_input_limit",
    "power_limit": "power_limit",
    "pv_power_limit": "pv_power_limit",
    "switch_0w": "switch_0w",
}


def _valid_attribute(model: str, name: str, value: Any) -> bool:
    """Whether the cloud accepts ``value`` for attribute ``name`` of a ``model`` device."""
    if not is_int(value):
        return False
    if name == "power_limit":
        return value in OUTPUT_LIMIT_OPTIONS.get(model, ())
    if name == "pv_power_limit":
        return value in PV_LIMIT_OPTIONS.get(model, ())
    if name == "ac_power_limit":
        return model in AC_INPUT_MODELS and 0 <= value <= AC_INPUT_MAX
    return name == "switch_0w" and value in (0, 1)


def set_device_attrs(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_device_attrs``: output/PV/AC input limits and the 0 W switch of one device."""
    try:
        require(body, "device_sn", "attributes")
        device_sn = str(body["device_sn"])
        stored_data(store, f"device_attrs_{device_sn}")
    except WriteRejectedError as err:
        return err.reply
    attributes = body["attributes"]
    model = device_model(store, device_sn)
    if not isinstance(attributes, dict) or not attributes:
        return reject().reply
    if not all(_valid_attribute(model, name, value) for name, value in attributes.items()):
        return reject().reply
    readable = {GETTER_NAMES[name]: value for name, value in attributes.items()}

    def attrs_change(data: dict[str, Any]) -> None:
        current = data.get("attributes")
        data["attributes"] = {**(current if isinstance(current, dict) else {}), **readable}

    update_data(store, f"device_attrs_{device_sn}", attrs_change)
    site_id = site_of_device(store, device_sn)
    if site_id is not None:
        _update_power_limits(store, site_id, device_sn, readable)
        if "switch_0w" in readable:
            set_switch_0w(store, site_id, readable["switch_0w"])
    return success()


def _update_power_limits(
    store: ScenarioStore, site_id: str, device_sn: str, readable: dict[str, Any]
) -> None:
    """Show new output / AC input limits in the site's ``get_power_limit`` device entry."""
    limits = {key: readable[key] for key in ("power_limit", "ac_input_limit") if key in readable}
    if not limits:
        return

    def change(data: dict[str, Any]) -> None:
        for device in data.get("device_info") or []:
            if isinstance(device, dict) and device.get("device_sn") == device_sn:
                device.update(limits)

    update_data(store, f"power_limit_{site_id}", change)


def set_auto_upgrade(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_auto_upgrade``: main switch and per-device switches (effective = main AND device)."""
    try:
        stored_data(store, "auto_upgrade")
    except WriteRejectedError as err:
        return err.reply
    main_switch = body.get("main_switch")
    changes = body.get("device_list") or []
    if main_switch is not None and not isinstance(main_switch, bool):
        return reject().reply
    if not isinstance(changes, list):
        return reject().reply
    wanted: dict[str, bool] = {}
    for item in changes:
        if not isinstance(item, dict) or not isinstance(item.get("auto_upgrade"), bool):
            return reject().reply
        wanted[str(item.get("device_sn"))] = item["auto_upgrade"]
    known = {
        str(device.get("device_sn"))
        for device in stored_data(store, "auto_upgrade").get("device_list") or []
        if isinstance(device, dict)
    }
    if not wanted.keys() <= known:
        return reject().reply

    def change(data: dict[str, Any]) -> None:
        if main_switch is not None:
            data["main_switch"] = main_switch
        for device in data.get("device_list") or []:
            if isinstance(device, dict) and str(device.get("device_sn")) in wanted:
                device["auto_upgrade"] = wanted[str(device["device_sn"])]

    update_data(store, "auto_upgrade", change)
    return success()


def set_device_home_load(store: ScenarioStore, body: dict[str, Any], now: float) -> SimReply:
    """``set_device_home_load``: accepted by the cloud without any effect (§4.3.3)."""
    return success()
