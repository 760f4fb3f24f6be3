"""Device parameters and settings read endpoints (§4.3, §4.4, §4.10, §4.11)."""

from __future__ import annotations

from solixsim.reply import SimReply
from solixsim.routes.base import (
    CODE_NOT_FOUND,
    RequestContext,
    Route,
    failed,
    file_route,
    from_file,
    is_owner_of_request,
    named,
    no_permission,
    ok,
    owner_route,
    site_has_sb1,
    site_of_device,
)

_APP = "power_service/v1/app/"
_COMPATIBLE = f"{_APP}compatible/"
_MINI = "mini_power/v1/app/"
_SN = ("device_sn",)
# param_type values the cloud accepts (protocol §4.3.1); scenario files may add newer ones.
PARAM_TYPES = (1, 2, 3, 4, 5, 6, 7, 12, 13, 16, 18, 20)
_SB1_PARAM_TYPE = "4"
_PARAM_PREFIX = "device_parm_"


def param_type_options(ctx: RequestContext) -> list[int]:
    """The accepted param types: the cloud's list plus types found in the scenario."""
    options = set(PARAM_TYPES)
    for name in ctx.store.names():
        head = name.removeprefix(_PARAM_PREFIX).split("_", 1)[0]
        if name.startswith(_PARAM_PREFIX) and head.isdigit():
            options.add(int(head))
    return sorted(options)


def param_type_error(ctx: RequestContext) -> SimReply | None:
    """HTTP 400 for a ``param_type`` outside the option list."""
    value = ctx.text("param_type")
    options = param_type_options(ctx)
    if value.isdigit() and int(value) in options:
        return None
    listed = " ".join(str(option) for option in options)
    return SimReply(
        status=400, text=f'error: value "{value}" is not defined in options "[{listed}]"\n'
    )


def device_param(ctx: RequestContext) -> SimReply:
    """``device_parm_<type>_<site>``; ``param_data: ""`` for types the site does not support."""
    invalid = param_type_error(ctx)
    if invalid is not None:
        return invalid
    if not is_owner_of_request(ctx):
        return no_permission()
    site_id = ctx.text("site_id")
    param_type = str(int(ctx.text("param_type")))
    default = ok({"param_data": ""})
    if param_type == _SB1_PARAM_TYPE and not site_has_sb1(ctx.store, site_id):
        default = failed(CODE_NOT_FOUND)
    return from_file(ctx, f"{_PARAM_PREFIX}{param_type}_{site_id}", default)


def device_home_load(ctx: RequestContext) -> SimReply:
    """The active SB1 schedule of a device (10004 for sites without SB1)."""
    if not is_owner_of_request(ctx):
        return no_permission()
    site_id = ctx.text("site_id") or site_of_device(ctx.store, ctx.text("device_sn")) or ""
    default = failed() if site_has_sb1(ctx.store, site_id) else failed(CODE_NOT_FOUND)
    return from_file(ctx, f"device_load_{ctx.text('device_sn')}", default)


def device_attrs(ctx: RequestContext) -> SimReply:
    """Only the requested attributes that the device has; ``-1`` for members."""
    if not is_owner_of_request(ctx):
        return failed(-1)
    device_sn = ctx.text("device_sn")
    reply = from_file(ctx, f"device_attrs_{device_sn}", ok({"device_sn": device_sn}))
    if reply.code != 0 or not isinstance(reply.data, dict):
        return reply
    stored = reply.data.get("attributes")
    known = stored if isinstance(stored, dict) else {}
    requested = ctx.body.get("attributes")
    names = [str(name) for name in requested] if isinstance(requested, list) else []
    attributes = {name: known[name] for name in names if name in known}
    return ok({**reply.data, "device_sn": device_sn, "attributes": attributes})


def _charge_order_stats_name(ctx: RequestContext) -> str:
    """``charge_order_stats_<all|today>_<sn>``."""
    period = "all" if ctx.text("date_type") == "all" else "today"
    return f"charge_order_stats_{period}_{ctx.text('device_sn')}"


def _owner_sn(prefix: str, default: SimReply, key: str = "device_sn") -> Route:
    """An owner-only route answering ``<prefix>_<sn>``."""
    return owner_route(named(prefix, key), default, required=(key,))


ROUTES: dict[str, Route] = {
    "power_service/v1/site/get_site_device_param": Route(
        device_param, required=("site_id", "param_type")
    ),
    f"{_APP}device/get_device_home_load": Route(device_home_load, required=_SN),
    f"{_APP}device/get_device_attrs": Route(device_attrs, required=_SN),
    f"{_COMPATIBLE}get_power_cutoff": _owner_sn("power_cutoff", ok({"power_cutoff_data": []})),
    f"{_COMPATIBLE}get_compatible_solar_info": file_route(
        named("solar_info", "solarbank_sn"), failed(), required=("solarbank_sn",)
    ),
    f"{_COMPATIBLE}get_compatible_process": _owner_sn(
        "compatible_process", failed(), "solarbank_sn"
    ),
    f"{_COMPATIBLE}get_ota_update": _owner_sn("ota_update", failed()),
    f"{_APP}get_relate_device_fittings": _owner_sn("device_fittings", ok({"data": []})),
    f"{_APP}device/get_device_income": file_route(
        named("device_income", "device_sn"), failed(), required=_SN
    ),
    f"{_APP}group/get_group_devices": file_route(
        named("device_group", "device_sn"), failed(), required=_SN
    ),
    "power_service/v1/device/get_tamper_records": _owner_sn(
        "tamper_records", ok({"records": [], "total": 0, "page_num": 0, "page_size": 10})
    ),
    "power_service/v1/rfid/get_device_cards": _owner_sn("rfid_cards", failed()),
    f"{_APP}order/get_charge_order_stats": file_route(
        _charge_order_stats_name, failed(), required=_SN
    ),
    f"{_APP}order/get_charge_order_stats_list": file_route(
        named("charge_order_stats_list_1", "device_sn"), failed(), required=_SN
    ),
    f"{_MINI}charging/get_charging_mode_list": _owner_sn("charger_charging_modes", failed()),
    f"{_MINI}egg/get_easter_egg_trigger_list": _owner_sn("charger_triggers", failed()),
    f"{_MINI}setting/get_device_setting": _owner_sn("charger_device_setting", failed()),
    f"{_MINI}style/get_clock_screensavers": _owner_sn("charger_screensavers", failed()),
}
