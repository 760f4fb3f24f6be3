"""Answers for endpoints the cloud serves but an export did not record (a missing file).

A missing file means the exporter did not record the answer, not that the cloud would refuse:
each builder here derives a plausible ``data`` from the rest of the folder (site list, scene,
bind devices, currency list, other files) for the systems the real cloud serves it to, and
returns None where the cloud has no answer (then the route's error answer stays). The table of
rules is in CONTRIBUTING.md ("Missing files"). A folder or simulator may switch these defaults
off (``"missing_files": "fail"`` in ``scenario.json``) to get the bare error codes instead.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from ..common.products import PRODUCTS, SITE_TYPES, DeviceType
from .request import (
    SB1_MODEL,
    ReplayRequest,
    scene_devices,
    site_models,
    site_of_device,
    site_type,
)
from .store import ReplayStore

Builder = Callable[[ReplayRequest], Any]
"""Derives the ``data`` of a missing file; None when the cloud would not answer either."""

AI_EMS_SITE_TYPE = 12
DEFAULT_HOME_LOAD = 200
SB1_MAX_LOAD = 800
SB1_MIN_LOAD = 100
SINGLE_LEGAL_LIMIT = 800
DOCK_LEGAL_LIMIT = 3600
AC_INPUT_LIMIT = 1200
AI_EMS_RUNNING_SECONDS = 30 * 86400
_AC_MODELS = frozenset({"A17C2", "A17C3", "A17C5"})
_DOCK_MODEL = "AE100"
_DEFAULT_CURRENCY = "€"
_CO2_PER_TREE_KG = 20.6
_INVERTER_LIMITS = {"A5140": "600W", "A5143": "800W"}
_NAMESPACE = uuid.UUID("6f1c2b8e-8d7c-4b7e-9a53-2f1d0c7b5a10")


# Facts of the folder


def _product(model: str) -> Any:
    return PRODUCTS.get(model)


def product_name(store: ReplayStore, model: str) -> str:
    """The catalogue name of a product code (``list_products``, else our product table)."""
    platforms = store.data("list_products")
    for platform in platforms if isinstance(platforms, list) else []:
        for item in platform.get("products") or [] if isinstance(platform, dict) else []:
            if isinstance(item, dict) and item.get("product_code") == model and item.get("name"):
                return str(item["name"])
    product = _product(model)
    return product.name if product is not None and product.name else model


def currency_symbol(store: ReplayStore, site_id: str = "") -> str:
    """The site's money unit (scene statistics), else the account's default currency."""
    scene = store.data(f"scene_{site_id}") if site_id else None
    for item in scene.get("statistics") or [] if isinstance(scene, dict) else []:
        if isinstance(item, dict) and str(item.get("type")) == "3" and item.get("unit"):
            return str(item["unit"])
    currencies = store.data("currency_list")
    default = currencies.get("default_currency") if isinstance(currencies, dict) else None
    if isinstance(default, dict) and default.get("symbol"):
        return str(default["symbol"])
    return _DEFAULT_CURRENCY


def _scene(store: ReplayStore, site_id: str) -> dict[str, Any]:
    scene = store.data(f"scene_{site_id}")
    return scene if isinstance(scene, dict) else {}


def _solarbanks(store: ReplayStore, site_id: str) -> list[dict[str, Any]]:
    info = _scene(store, site_id).get("solarbank_info")
    banks = info.get("solarbank_list") if isinstance(info, dict) else None
    return [bank for bank in banks or [] if isinstance(bank, dict) and bank.get("device_sn")]


def _bind_devices(store: ReplayStore) -> list[dict[str, Any]]:
    data = store.data("bind_devices")
    items = data.get("data") if isinstance(data, dict) else None
    return [item for item in items or [] if isinstance(item, dict)]


def _known_site(req: ReplayRequest, key: str = "site_id") -> str | None:
    site_id = req.text(key)
    return site_id if site_id in req.store.site_ids() else None


def _number(value: Any) -> float | None:
    try:
        return float(str(value).upper().removesuffix("W"))
    except ValueError:
        return None


def _stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


# Account (§4.2)


def message_unread(_req: ReplayRequest) -> Any:
    """No unread messages."""
    return {"has_unread_msg": False, "system_msg": False, "device_msg": False}


# Sites (§4.4.5, §4.5.1, §4.6)


def co2_ranking(req: ReplayRequest) -> Any:
    """The CO2 saving of the scene statistics (type 2); unranked."""
    site_id = _known_site(req)
    if site_id is None:
        return None
    co2 = 0.0
    for item in _scene(req.store, site_id).get("statistics") or []:
        if isinstance(item, dict) and str(item.get("type")) == "2":
            co2 = _number(item.get("total")) or 0.0
    trees = co2 / _CO2_PER_TREE_KG
    return {
        "show": True,
        "ranking": "999+",
        "co2": f"{co2:.2f}",
        "tree": f"{trees:.1f}",
        "content": "",
        "level": {"tree": min(int(trees // 5) + 1, 5), "bubble": min(int(trees // 4) + 1, 5)},
    }


def site_price(req: ReplayRequest) -> Any:
    """A fixed price of 0 in the site's currency (the cloud's answer for an unset price)."""
    site_id = _known_site(req)
    if site_id is None:
        return None
    return {
        "site_id": site_id,
        "price": 0.0,
        "site_co2": 0,
        "site_price_unit": currency_symbol(req.store, site_id),
        "price_type": "fixed",
        "current_mode": 0,
        "use_time": None,
        "dynamic_price": None,
        "accuracy": 2,
    }


def _limit_entry(bank: dict[str, Any], store: ReplayStore, power_limit: int) -> dict[str, Any]:
    model = str(bank.get("device_pn") or bank.get("product_code") or "")
    status = _number(bank.get("status"))
    return {
        "device_pn": model,
        "device_sn": str(bank.get("device_sn")),
        "device_name": str(
            bank.get("device_name") or bank.get("alias_name") or product_name(store, model)
        ),
        "device_img": str(bank.get("device_img") or bank.get("img_url") or ""),
        "power_limit": power_limit,
        "power_limit_option": None,
        "power_limit_option_real": None,
        "status": int(status) if status is not None else 0,
        "ac_input_limit": AC_INPUT_LIMIT if model in _AC_MODELS else 0,
    }


def power_limit(req: ReplayRequest) -> Any:
    """Limits of the scene's Solarbanks (a Solarbank site without any: none); a Power Dock of
    the site makes it a 3600 W system."""
    site_id = _known_site(req)
    if site_id is None:
        return None
    banks = _solarbanks(req.store, site_id)
    kind = SITE_TYPES.get(site_type(req.store, site_id) or -1)
    if not banks and kind != DeviceType.SOLARBANK:
        return None
    dock = next(
        (
            item
            for item in _bind_devices(req.store)
            if item.get("product_code") == _DOCK_MODEL
            and site_of_device(req.store, str(item.get("device_sn"))) in (site_id, None)
        ),
        None,
    )
    if dock is None and _DOCK_MODEL in site_models(req.store, site_id):
        dock = {"device_sn": "", "product_code": _DOCK_MODEL}
    legal = DOCK_LEGAL_LIMIT if dock is not None else SINGLE_LEGAL_LIMIT
    entries = [_limit_entry(bank, req.store, 0) for bank in banks]
    dock_entry = None
    if dock is not None:
        dock_entry = {**_limit_entry(dock, req.store, legal), "ac_input_limit": 2 * AC_INPUT_LIMIT}
    ac_total = (
        dock_entry["ac_input_limit"]
        if dock_entry
        else sum(entry["ac_input_limit"] for entry in entries)
    )
    return {
        "site_id": site_id,
        "power_unit": "kwh",
        "legal_power_limit": legal,
        "device_info": entries,
        "current_power": 0,
        "all_power_limit": legal if dock is not None else 0,
        "ae100_info": dock_entry,
        "parallel_type": "AE100" if dock is not None else "Single",
        "ac_input_power_unit": f"{ac_total}W",
        "legal_limit": 0,
        "power_limit_option": [{"limit": legal, "limit_real": legal}],
    }


def ai_ems_status(req: ReplayRequest) -> Any:
    """Smart mode trained and running (status 1, negative ``left_time``) on type 12 sites."""
    site_id = _known_site(req)
    if site_id is None or site_type(req.store, site_id) != AI_EMS_SITE_TYPE:
        return None
    return {"status": 1, "result": "fail", "left_time": -AI_EMS_RUNNING_SECONDS}


# Solarbank 1 (§4.3.3, §4.4.2, §6.1)


def _sb1_serials(store: ReplayStore, site_id: str) -> list[str]:
    return [
        str(bank["device_sn"])
        for bank in _solarbanks(store, site_id)
        if bank.get("device_pn") == SB1_MODEL
    ]


def _sb1_site(req: ReplayRequest) -> str | None:
    site_id = req.text("site_id") or site_of_device(req.store, req.text("device_sn")) or ""
    return site_id if SB1_MODEL in site_models(req.store, site_id) else None


def _home_load(store: ReplayStore, site_id: str) -> int:
    value = _number(_scene(store, site_id).get("retain_load"))
    return int(value) if value else DEFAULT_HOME_LOAD


def sb1_schedule(store: ReplayStore, site_id: str) -> dict[str, Any]:
    """One all-day slot at the scene's home load, shared evenly by the site's SB1 units."""
    serials = _sb1_serials(store, site_id)
    load = _home_load(store, site_id)
    share = load // max(len(serials), 1)
    return {
        "ranges": [
            {
                "id": 0,
                "start_time": "00:00",
                "end_time": "24:00",
                "turn_on": True,
                "appliance_loads": [{"id": 0, "name": "Custom", "power": load, "number": 1}],
                "charge_priority": 80,
                "power_setting_mode": 1,
                "device_power_loads": [{"device_sn": sn, "power": share} for sn in serials],
                "priority_discharge_switch": 0,
            }
        ],
        "min_load": SB1_MIN_LOAD,
        "max_load": SB1_MAX_LOAD,
        "step": 0,
        "is_charge_priority": 1,
        "default_charge_priority": 80,
        "is_zero_output_tips": 1,
        "display_advanced_mode": 0,
        "advanced_mode_min_load": 0,
        "is_show_install_mode": 1,
        "display_priority_discharge_tips": 0,
        "priority_discharge_upgrade_devices": "",
        "default_home_load": DEFAULT_HOME_LOAD,
        "is_show_priority_discharge": 1,
    }


def _stored_sb1_schedule(store: ReplayStore, site_id: str) -> str | None:
    """The SB1 schedule string of another file of the folder (parameter 4 or a device load)."""
    param = store.data(f"device_parm_4_{site_id}")
    if isinstance(param, dict) and isinstance(param.get("param_data"), str) and param["param_data"]:
        return str(param["param_data"])
    for serial in _sb1_serials(store, site_id):
        load = store.data(f"device_load_{serial}")
        if isinstance(load, dict) and isinstance(load.get("home_load_data"), str):
            return str(load["home_load_data"])
    return None


def _schedule_text(store: ReplayStore, site_id: str) -> str:
    stored = _stored_sb1_schedule(store, site_id)
    if stored:
        return stored
    return json.dumps(sb1_schedule(store, site_id), separators=(",", ":"))


def sb1_param(req: ReplayRequest) -> Any:
    """Parameter type 4 of an SB1 site: the device load's schedule, else the default one."""
    site_id = _sb1_site(req)
    if site_id is None:
        return None
    return {"param_data": _schedule_text(req.store, site_id)}


def device_home_load(req: ReplayRequest) -> Any:
    """The SB1 schedule (parameter 4, else the default) and the scene's home load preset."""
    site_id = _sb1_site(req)
    if site_id is None:
        return None
    serials = _sb1_serials(req.store, site_id)
    load = _home_load(req.store, site_id)
    dual = len(serials) > 1
    return {
        "site_id": site_id,
        "home_load_data": _schedule_text(req.store, site_id),
        "current_home_load": f"{load}W",
        "parallel_home_load": f"{load // len(serials)}W" if dual else "",
        "parallel_display": dual,
        "priority_discharge_switch": 0,
        "display_priority_discharge_tips": 0,
        "is_show_priority_discharge": 1,
    }


def compatible_solar_info(req: ReplayRequest) -> Any:
    """The inverter behind an SB1: the SB2+ it is cascaded to, an Anker inverter of the
    site, else "Others"."""
    serial = req.text("solarbank_sn")
    site_id = site_of_device(req.store, serial) or ""
    if serial not in _sb1_serials(req.store, site_id):
        return None
    newer = [
        str(bank.get("device_pn"))
        for bank in _solarbanks(req.store, site_id)
        if (getattr(_product(str(bank.get("device_pn"))), "generation", 0) or 0) >= 2
    ]
    inverters = [
        device
        for device in scene_devices(_scene(req.store, site_id))
        if getattr(_product(str(device.get("device_pn"))), "type", "") == DeviceType.INVERTER
    ]
    brand, model, solar_sn, name = "Others", "Others", "", "Others"
    if newer:
        brand, model, name = "ANKER", "A17CX", product_name(req.store, newer[0])
    elif inverters:
        model = str(inverters[0].get("device_pn"))
        brand, solar_sn = "ANKER", str(inverters[0].get("device_sn") or "")
        name = product_name(req.store, model)
    return {
        "brand_id": _stable_id("brand", brand, model),
        "solar_brand": brand,
        "solar_model": model,
        "solar_sn": solar_sn,
        "solar_model_name": name,
    }


# Standalone inverters (§4.7)


def _inverter_model(req: ReplayRequest) -> str | None:
    """The product code of the requested inverter serial, if the account has it."""
    serial = req.text("sn")
    for item in _bind_devices(req.store):
        model = str(item.get("product_code") or "")
        product = _product(model)
        if item.get("device_sn") == serial and product and product.type == DeviceType.INVERTER:
            return model
    return None


def pv_total_statistics(req: ReplayRequest) -> Any:
    """No recorded totals yet; the limit of the inverter model."""
    model = _inverter_model(req)
    if model is None:
        return None
    return {
        "energy": 0.0,
        "energyUnit": "kWh",
        "reductionCo2": 0,
        "reductionCo2Unit": "kg",
        "saveMoney": 0.0,
        "saveMoneyUnit": currency_symbol(req.store),
        "powerConfig": _INVERTER_LIMITS.get(model, "800W"),
        "powerPopUpFlag": 0,
    }


def pv_price(req: ReplayRequest) -> Any:
    """One all-day tier at price 0 in the account's currency."""
    if _inverter_model(req) is None:
        return None
    return {
        "currencyUnit": currency_symbol(req.store),
        "tieredElecPrices": [{"from": "00:00", "to": "23:59", "price": 0.0}],
    }


def pv_statistics(req: ReplayRequest, days: list[date]) -> Any:
    """No curve and zero energy on each requested day."""
    if _inverter_model(req) is None:
        return None
    unit = currency_symbol(req.store)
    return {
        "curve": [],
        "energy": [
            {"money": 0.0, "energy": 0.0, "index": index} for index in range(1, len(days) + 1)
        ],
        "energyUnit": "kWh",
        "solarGeneraion": 0.0,
        "money": 0.0,
        "moneyUnit": unit,
        "loadPercent": "",
        "ppsPercent": "",
        "generationTime": 0,
        "maxPower": 0,
    }


# Vehicles (§4.9)


def vehicle_detail(req: ReplayRequest) -> Any:
    """The vehicle's entry of the vehicle list."""
    data = req.store.data("user_vehicles")
    vehicles = data.get("vehicle_list") if isinstance(data, dict) else None
    for vehicle in vehicles or []:
        if isinstance(vehicle, dict) and vehicle.get("vehicle_id") == req.text("vehicle_id"):
            return vehicle
    return None
