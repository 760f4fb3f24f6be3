"""Read endpoints of a replay: endpoint + payload ids → export file name (protocol §9.1).

A missing file answers what the cloud serves such a system: a default derived from the rest of the
export (``defaults.py``, switchable), an empty list, ``param_data ""``, or code 10000 / 10004 / -1
where the cloud has no answer; owner-only endpoints answer 160003 to member accounts.
"""

from __future__ import annotations

from typing import Any

from ..cloud.const import Endpoint
from . import defaults
from .request import (
    CODE_NOT_FOUND,
    SB1_MODEL,
    Envelope,
    Handler,
    ReplayRequest,
    default_route,
    failed,
    file_route,
    fixed,
    from_file,
    from_file_or_default,
    is_owner_of_request,
    named,
    no_permission,
    ok,
    owner_route,
    site_models,
    site_of_device,
)
from .routes_energy import ENERGY_ROUTES

_DEVICE_LISTS = (
    "solar_list",
    "pps_list",
    "solarbank_list",
    "powerpanel_list",
    "grid_list",
    "smartplug_list",
    "solarbank_pps_list",
    "combiner_box_list",
    "charging_pile_list",
)


# Account level (§4.1, §4.2)


def _owner_or(name: str, member: Any) -> Handler:
    """The stored file for owners; the empty member answer otherwise (or when missing)."""

    def handler(req: ReplayRequest) -> Envelope:
        if not req.store.is_owner(None):
            return ok(member)
        return from_file(req, name, ok(member))

    return handler


def _empty_lists(*extra: str) -> dict[str, Any]:
    return {key: [] for key in (*extra, *_DEVICE_LISTS)}


def _ota_batch(req: ReplayRequest) -> Envelope:
    """Firmware info of the requested serials; empty for members."""
    empty: dict[str, Any] = {"update_infos": []}
    if not req.store.is_owner(None):
        return ok(empty)
    envelope = from_file(req, "ota_batch", ok(empty))
    data = envelope.get("data")
    if envelope.get("code") != 0 or not isinstance(data, dict):
        return envelope
    requested = {
        str(item.get("device_sn"))
        for item in req.body.get("device_list") or []
        if isinstance(item, dict)
    }
    infos = [
        info
        for info in data.get("update_infos") or []
        if isinstance(info, dict) and info.get("device_sn") in requested
    ]
    return {**envelope, "data": {**data, "update_infos": infos}}


def _upgrade_records(req: ReplayRequest) -> Envelope:
    """``upgrade_record_<type>_<sn or site id>`` (empty history when not exported)."""
    record_type = req.text("type") or "0"
    target = req.text("device_sn") or req.text("site_id")
    name = f"upgrade_record_{record_type}_{target}" if target else f"upgrade_record_{record_type}"
    empty = {
        "device_sn": req.text("device_sn"),
        "site_id": req.text("site_id"),
        "upgrade_record_list": [],
    }
    return from_file(req, name, ok(empty))


# Sites (§4.1, §4.5)


def _dynamic_price_detail(req: ReplayRequest) -> Envelope:
    """``dynamic_price_details_<country>_<company>_<area>``."""
    suffix = f"_{req.text('company')}_{req.text('area')}"
    for name in req.store.names():
        if name.startswith("dynamic_price_details_") and name.endswith(suffix):
            return from_file(req, name, failed())
    return failed()


# Device parameters and settings (§4.3, §4.4)


def _device_param(req: ReplayRequest) -> Envelope:
    """``device_parm_<type>_<site>``; ``param_data ""`` for types the site does not have."""
    if not is_owner_of_request(req):
        return no_permission()
    site_id = req.text("site_id")
    param_type = req.text("param_type")
    name = f"device_parm_{param_type}_{site_id}"
    if param_type != "4":
        return from_file(req, name, ok({"param_data": ""}))
    if SB1_MODEL not in site_models(req.store, site_id):
        return from_file(req, name, failed(CODE_NOT_FOUND))
    return from_file_or_default(req, name, ok({"param_data": ""}), defaults.sb1_param)


def _device_home_load(req: ReplayRequest) -> Envelope:
    """The active SB1 schedule of a device (10004 for sites without SB1)."""
    if not is_owner_of_request(req):
        return no_permission()
    site_id = req.text("site_id") or site_of_device(req.store, req.text("device_sn")) or ""
    has_sb1 = SB1_MODEL in site_models(req.store, site_id)
    name = f"device_load_{req.text('device_sn')}"
    if not has_sb1:
        return from_file(req, name, failed(CODE_NOT_FOUND))
    return from_file_or_default(req, name, failed(), defaults.device_home_load)


def _device_attrs(req: ReplayRequest) -> Envelope:
    """Only the requested attributes the device has; ``-1`` for members."""
    if not is_owner_of_request(req):
        return failed(-1)
    device_sn = req.text("device_sn")
    envelope = from_file(req, f"device_attrs_{device_sn}", ok({"device_sn": device_sn}))
    data = envelope.get("data")
    if envelope.get("code") != 0 or not isinstance(data, dict):
        return envelope
    stored = data.get("attributes")
    known = stored if isinstance(stored, dict) else {}
    requested = req.body.get("attributes")
    names = [str(name) for name in requested] if isinstance(requested, list) else []
    attributes = {name: known[name] for name in names if name in known}
    return {**envelope, "data": {**data, "device_sn": device_sn, "attributes": attributes}}


def _charge_order_stats_name(req: ReplayRequest) -> str:
    period = "all" if req.text("date_type") == "all" else "today"
    return f"charge_order_stats_{period}_{req.text('device_sn')}"


def _owner_sn(prefix: str, default: Envelope, key: str = "device_sn") -> Handler:
    return owner_route(named(prefix, key), default)


READ_ROUTES: dict[str, Handler] = {
    # account
    Endpoint.GET_SITE_LIST: file_route(fixed("site_list"), ok({"site_list": []})),
    Endpoint.GET_SITE_RULES: file_route(fixed("list_site_rules"), ok({"rule_list": []})),
    Endpoint.GET_SITE_HOMEPAGE: _owner_or("homepage", _empty_lists("site_list")),
    Endpoint.LIST_USER_DEVICES: _owner_or("user_devices", _empty_lists()),
    Endpoint.GET_CHARGING_DEVICE: file_route(
        fixed("charging_devices"), ok({"device_list": None, "guide_txt": ""})
    ),
    Endpoint.GET_RELATE_AND_BIND_DEVICES: _owner_or("bind_devices", {"data": []}),
    Endpoint.GET_AUTO_UPGRADE: _owner_or(
        "auto_upgrade", {"main_switch": False, "device_list": None}
    ),
    Endpoint.OTA_CHECK_UPDATE: _ota_batch,
    Endpoint.GET_UPGRADE_RECORD: _upgrade_records,
    Endpoint.GET_MESSAGE_UNREAD: default_route(
        fixed("message_unread"), failed(), defaults.message_unread
    ),
    Endpoint.GET_MESSAGE: file_route(fixed("message"), failed()),
    Endpoint.PRODUCT_CATEGORIES: file_route(fixed("list_products"), ok([])),
    Endpoint.PRODUCT_ACCESSORIES: file_route(fixed("list_accessories"), ok([])),
    Endpoint.GET_CURRENCY_LIST: file_route(fixed("currency_list"), ok({"currency_list": []})),
    Endpoint.THIRD_PLATFORM_LIST: file_route(fixed("list_third_platforms"), ok({"data": []})),
    Endpoint.GET_CONFIG: file_route(
        fixed("config"), ok({"conf_list": [], "start_config_id": 0, "last": False})
    ),
    Endpoint.GET_TOKEN_BY_USERID: file_route(fixed("get_token"), failed()),
    Endpoint.GET_USER_OP_SHELLY_STATUS: file_route(fixed("shelly_status"), ok({"op_list": []})),
    Endpoint.GET_OCPP_ENDPOINT_LIST: file_route(fixed("ocpp_endpoint_list"), ok({"list": []})),
    Endpoint.GET_OCPP_INFO: file_route(named("ocpp_info", "device_sn"), failed()),
    # sites
    Endpoint.GET_SCEN_INFO: file_route(named("scene", "site_id"), failed()),
    Endpoint.GET_SITE_DETAIL: owner_route(named("site_detail", "site_id"), failed()),
    Endpoint.GET_WIFI_INFO_LIST: owner_route(
        named("wifi_list", "site_id"), ok({"wifi_info_list": []})
    ),
    Endpoint.GET_SITE_PRICE: default_route(
        named("price", "site_id"), failed(), defaults.site_price, owner=True
    ),
    Endpoint.GET_POWER_LIMIT: default_route(
        named("power_limit", "site_id"), failed(), defaults.power_limit, owner=True
    ),
    Endpoint.CO2_RANKING: default_route(
        named("co2_ranking", "site_id"), failed(), defaults.co2_ranking
    ),
    Endpoint.GET_SCHEDULE: file_route(named("forecast_schedule", "site_id"), failed()),
    Endpoint.AI_EMS_GET_STATUS: default_route(
        named("ai_ems_status", "site_id"), failed(), defaults.ai_ems_status
    ),
    Endpoint.GET_INSTALLATION: file_route(named("installation", "site_id"), failed()),
    Endpoint.DYNAMIC_PRICE_CHECK_AVAILABLE: file_route(
        fixed("dynamic_price_sites"), ok({"site_ids": []})
    ),
    Endpoint.DYNAMIC_PRICE_SUPPORT_OPTION: file_route(
        named("dynamic_price_providers", "device_pn"), ok({"country_info": []})
    ),
    Endpoint.DYNAMIC_PRICE_DETAIL: _dynamic_price_detail,
    # devices
    Endpoint.GET_SITE_DEVICE_PARAM: _device_param,
    Endpoint.GET_DEVICE_HOME_LOAD: _device_home_load,
    Endpoint.GET_DEVICE_ATTRS: _device_attrs,
    Endpoint.GET_POWER_CUTOFF: _owner_sn("power_cutoff", ok({"power_cutoff_data": []})),
    Endpoint.GET_COMPATIBLE_SOLAR_INFO: default_route(
        named("solar_info", "solarbank_sn"), failed(), defaults.compatible_solar_info
    ),
    Endpoint.GET_COMPATIBLE_PROCESS: _owner_sn("compatible_process", failed(), "solarbank_sn"),
    Endpoint.GET_OTA_UPDATE: _owner_sn("ota_update", failed()),
    Endpoint.GET_RELATE_DEVICE_FITTINGS: _owner_sn("device_fittings", ok({"data": []})),
    Endpoint.GET_DEVICE_INCOME: file_route(named("device_income", "device_sn"), failed()),
    Endpoint.GET_GROUP_DEVICES: file_route(named("device_group", "device_sn"), failed()),
    Endpoint.GET_TAMPER_RECORDS: _owner_sn(
        "tamper_records", ok({"records": [], "total": 0, "page_num": 0, "page_size": 10})
    ),
    Endpoint.GET_DEVICE_CARDS: _owner_sn("rfid_cards", failed()),
    Endpoint.GET_CHARGE_ORDER_STATS: file_route(_charge_order_stats_name, failed()),
    Endpoint.GET_CHARGE_ORDER_STATS_LIST: file_route(
        named("charge_order_stats_list_1", "device_sn"), failed()
    ),
    Endpoint.MINI_GET_CHARGING_MODE_LIST: _owner_sn("charger_charging_modes", failed()),
    Endpoint.MINI_GET_EASTER_EGG_TRIGGER_LIST: _owner_sn("charger_triggers", failed()),
    Endpoint.MINI_GET_DEVICE_SETTING: _owner_sn("charger_device_setting", failed()),
    Endpoint.MINI_GET_CLOCK_SCREENSAVERS: _owner_sn("charger_screensavers", failed()),
    # vehicles
    Endpoint.GET_BRAND_LIST: file_route(fixed("vehicle_brands"), ok({"brand_list": []})),
    Endpoint.GET_MODELS: file_route(
        named("vehicle_brand_models", "brand_name"), ok({"model_list": []})
    ),
    Endpoint.GET_MODEL_YEARS: file_route(
        lambda req: "vehicle_model_years_"
        + "_".join(req.text(key).replace(" ", "_") for key in ("brand_name", "model_name")),
        ok({"year_list": []}),
    ),
    Endpoint.GET_MODEL_LIST: file_route(
        lambda req: "vehicle_year_attributes_"
        + "_".join(
            req.text(key).replace(" ", "_")
            for key in ("brand_name", "model_name", "productive_year")
        ),
        ok({"car_model_list": []}),
    ),
    Endpoint.GET_VEHICLE_LIST: file_route(fixed("user_vehicles"), ok({"vehicle_list": []})),
    Endpoint.GET_VEHICLE_DETAIL: default_route(
        named("user_vehicle_details", "vehicle_id"), failed(), defaults.vehicle_detail
    ),
    **ENERGY_ROUTES,
}
"""Every read endpoint a replay answers, by path (without leading slash)."""
