"""Account-level read endpoints: sites, inventory, firmware, catalogues, misc (§4.1, §4.2)."""

from __future__ import annotations

from typing import Any

from solixsim.reply import SimReply
from solixsim.routes.base import (
    RequestContext,
    Route,
    failed,
    file_route,
    fixed_name,
    from_file,
    named,
    ok,
)

_SITE = "power_service/v1/site/"
_APP = "power_service/v1/app/"
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


def _empty_lists(*extra: str) -> dict[str, Any]:
    """A homepage/user-devices answer without devices."""
    return {key: [] for key in (*extra, *_DEVICE_LISTS)}


def _owner_or(ctx: RequestContext, name: str, member: dict[str, Any]) -> SimReply:
    """The stored file for owners; the empty member answer otherwise (or when missing)."""
    if not ctx.store.is_owner(None):
        return ok(member)
    return from_file(ctx, name, ok(member))


def _ota_batch(ctx: RequestContext) -> SimReply:
    """Firmware info filtered to the requested serials; empty for members."""
    empty: dict[str, Any] = {"update_infos": []}
    if not ctx.store.is_owner(None):
        return ok(empty)
    reply = from_file(ctx, "ota_batch", ok(empty))
    if reply.code != 0 or not isinstance(reply.data, dict):
        return reply
    requested = {
        str(item.get("device_sn"))
        for item in ctx.body.get("device_list") or []
        if isinstance(item, dict)
    }
    data = dict(reply.data)
    data["update_infos"] = [
        info
        for info in data.get("update_infos") or []
        if isinstance(info, dict) and info.get("device_sn") in requested
    ]
    return ok(data)


def _upgrade_record_name(ctx: RequestContext) -> str:
    """``upgrade_record_<type>_<sn or site id>``."""
    record_type = ctx.text("type") or "0"
    target = ctx.text("device_sn") or ctx.text("site_id")
    return f"upgrade_record_{record_type}_{target}" if target else f"upgrade_record_{record_type}"


def _upgrade_records(ctx: RequestContext) -> SimReply:
    """Upgrade history of a device or site (empty when not exported)."""
    empty = {
        "device_sn": ctx.text("device_sn"),
        "site_id": ctx.text("site_id"),
        "upgrade_record_list": [],
    }
    return from_file(ctx, _upgrade_record_name(ctx), ok(empty))


ROUTES: dict[str, Route] = {
    f"{_SITE}get_site_list": file_route(fixed_name("site_list"), ok({"site_list": []})),
    f"{_SITE}get_site_rules": file_route(fixed_name("list_site_rules"), ok({"rule_list": []})),
    f"{_SITE}get_site_homepage": Route(
        lambda ctx: _owner_or(ctx, "homepage", _empty_lists("site_list"))
    ),
    f"{_SITE}list_user_devices": Route(lambda ctx: _owner_or(ctx, "user_devices", _empty_lists())),
    f"{_SITE}get_charging_device": file_route(
        fixed_name("charging_devices"), ok({"device_list": None, "guide_txt": ""})
    ),
    f"{_APP}get_relate_and_bind_devices": Route(
        lambda ctx: _owner_or(ctx, "bind_devices", {"data": []})
    ),
    f"{_APP}get_auto_upgrade": Route(
        lambda ctx: _owner_or(ctx, "auto_upgrade", {"main_switch": False, "device_list": None})
    ),
    "app/ota/batch/check_update": Route(_ota_batch, required=("device_list",)),
    f"{_APP}get_upgrade_record": Route(_upgrade_records, required=("type",)),
    "power_service/v1/get_message_unread": file_route(
        fixed_name("message_unread"), failed(), method="GET"
    ),
    "power_service/v1/get_message": file_route(fixed_name("message"), failed(), method="GET"),
    "power_service/v1/product_categories": file_route(
        fixed_name("list_products"), ok([]), method="GET"
    ),
    "power_service/v1/product_accessories": file_route(
        fixed_name("list_accessories"), ok([]), method="GET"
    ),
    "power_service/v1/currency/get_list": file_route(
        fixed_name("currency_list"), ok({"currency_list": []})
    ),
    f"{_APP}third/platform/list": file_route(fixed_name("list_third_platforms"), ok({"data": []})),
    f"{_APP}get_config": file_route(
        fixed_name("config"), ok({"conf_list": [], "start_config_id": 0, "last": False})
    ),
    f"{_APP}get_token_by_userid": file_route(fixed_name("get_token"), failed()),
    f"{_APP}get_user_op_shelly_status": file_route(
        fixed_name("shelly_status"), ok({"op_list": []})
    ),
    f"{_APP}get_ocpp_endpoint_list": file_route(fixed_name("ocpp_endpoint_list"), ok({"list": []})),
    f"{_APP}get_ocpp_info": file_route(named("ocpp_info", "device_sn"), failed()),
}
