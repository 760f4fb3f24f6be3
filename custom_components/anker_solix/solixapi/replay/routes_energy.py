"""Replay reads of energy statistics (§7), standalone inverters, HES and Power Panels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cloud.const import Endpoint
from . import defaults
from .energy import (
    ANALYSIS,
    PV_STATISTICS,
    STATISTICS,
    EnergyShape,
    day_answer,
    interval_answer,
    requested_days,
    shift_energy_response,
)
from .request import (
    HES_SITE_TYPES,
    Envelope,
    Handler,
    NameOf,
    ReplayRequest,
    default_route,
    failed,
    file_route,
    fixed,
    from_file,
    is_owner_of_request,
    named,
    no_permission,
    ok,
    site_of_device,
    site_type,
)

DAY = "day"


# Energy (§7)


@dataclass(frozen=True)
class EnergyQuery:
    """One energy request: its response family, stored files and requested dates."""

    shape: EnergyShape
    week_name: str
    today_name: str
    site_id: str | None
    day: bool
    start: str
    end: str


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _stored_energy(req: ReplayRequest, name: str, site_id: str | None) -> dict[str, Any] | None:
    """The re-dated ``data`` of a stored successful response, None otherwise."""
    envelope = req.store.get(name)
    data = envelope.get("data") if envelope is not None else None
    if envelope is None or envelope.get("code", 0) != 0 or not isinstance(data, dict):
        return None
    return shift_energy_response(data, req.file_today(site_id), req.today())


def energy_answer(req: ReplayRequest, query: EnergyQuery, missing: Envelope) -> Envelope:
    """The stored answer narrowed to the requested days, re-dated to the replay clock."""
    name = query.today_name if query.day else query.week_name
    envelope = req.store.get(name)
    if envelope is None:
        return missing
    data = _stored_energy(req, name, query.site_id)
    if data is None:
        return envelope
    start = _date(query.start)
    if start is None:
        return {**envelope, "data": data}
    today = req.today()
    if query.day:
        week = _stored_energy(req, query.week_name, query.site_id)
        return {**envelope, "data": day_answer(query.shape, week, data, start, today)}
    end = _date(query.end) or start
    today_data = _stored_energy(req, query.today_name, query.site_id)
    answer = interval_answer(query.shape, data, today_data, requested_days(start, end), today)
    return {**envelope, "data": answer}


def _energy_analysis(req: ReplayRequest) -> Envelope:
    """``energy_<device_type>[_today]_<site>``."""
    site_id = req.text("site_id")
    day = req.text("type") == DAY
    empty: dict[str, Any] = {
        "power": [],
        "charge_trend": None,
        "charge_level": [],
        "power_unit": "wh",
        "trend_unit": "w" if day else "kwh",
    }
    prefix = f"energy_{req.text('device_type')}"
    query = EnergyQuery(
        ANALYSIS,
        f"{prefix}_{site_id}",
        f"{prefix}_today_{site_id}",
        site_id,
        day,
        req.text("start_time"),
        req.text("end_time"),
    )
    return energy_answer(req, query, ok(empty))


def _statistics(prefix: str, req: ReplayRequest) -> Envelope:
    """HES (``hes_energy``) or Power Panel (``charging_energy``) statistics."""
    empty: dict[str, Any] = {"power": [], "energy": [], "aggregates": [], "chargeLevel": []}
    base = f"{prefix}_{req.text('sourceType')}"
    site_id = req.text("siteId")
    query = EnergyQuery(
        STATISTICS,
        f"{base}_{site_id}",
        f"{base}_today_{site_id}",
        site_id,
        req.text("dateType") == DAY,
        req.text("start"),
        req.text("end"),
    )
    return energy_answer(req, query, ok(empty))


# Standalone inverters (§4.7)


def _pv_status(req: ReplayRequest) -> Envelope:
    """Merged ``pvStatuses`` of ``device_pv_status_<sn>`` for every serial in ``sns``."""
    if not is_owner_of_request(req):
        return no_permission()
    statuses: list[Any] = []
    for serial in filter(None, (part.strip() for part in req.text("sns").split(","))):
        data = req.store.data(f"device_pv_status_{serial}")
        entries = data.get("pvStatuses") if isinstance(data, dict) else None
        statuses.extend(entry for entry in entries or [] if isinstance(entry, dict))
    return ok({"pvStatuses": statuses})


def _pv_statistics(req: ReplayRequest) -> Envelope:
    """``device_pv_statistics[_today]_<sn>`` for the requested days."""
    if not is_owner_of_request(req):
        return no_permission()
    serial = req.text("sn")
    query = EnergyQuery(
        PV_STATISTICS,
        f"device_pv_statistics_{serial}",
        f"device_pv_statistics_today_{serial}",
        site_of_device(req.store, serial),
        req.text("type") == DAY,
        req.text("start"),
        req.text("end"),
    )
    return energy_answer(req, query, _pv_statistics_missing(req, query))


def _pv_statistics_missing(req: ReplayRequest, query: EnergyQuery) -> Envelope:
    """The answer without a stored file: zero energy on the requested days (defaults on)."""
    start = _date(query.start)
    days = [] if start is None else requested_days(start, _date(query.end) or start)
    data = defaults.pv_statistics(req, days) if req.defaults else None
    return failed() if data is None else ok(data)


# Home Energy Systems (§4.12)


def _is_hes_site(req: ReplayRequest, site_id: str) -> bool:
    return site_type(req.store, site_id) in HES_SITE_TYPES


def _hes_missing(req: ReplayRequest) -> Envelope:
    """A missing HES answer: ``-1`` on sites/accounts without HES, ``10000`` otherwise."""
    site_id = req.text("siteId")
    if site_id:
        hes = _is_hes_site(req, site_id)
    else:
        hes = any(_is_hes_site(req, site) for site in req.store.site_ids())
    return failed() if hes else failed(-1)


def hes_route(name: NameOf) -> Handler:
    return lambda req: from_file(req, name(req), _hes_missing(req))


def hes_owner_route(name: NameOf, member: Envelope) -> Handler:
    def handler(req: ReplayRequest) -> Envelope:
        if not is_owner_of_request(req):
            return member
        return from_file(req, name(req), _hes_missing(req))

    return handler


def _first_of(req: ReplayRequest, key: str, fallback: str) -> str:
    values = req.body.get(key)
    return str(values[0]) if isinstance(values, list) and values else req.text(fallback)


def _hes_report(req: ReplayRequest) -> Envelope:
    if not is_owner_of_request(req):
        return failed(200104, "The installer system does not exist")
    name = f"hes_report_device_data_{_first_of(req, 'siteIds', 'siteId')}"
    return from_file(req, name, _hes_missing(req))


def _hes_energy(req: ReplayRequest) -> Envelope:
    today = "_today" if req.text("dateType") == DAY else ""
    name = f"hes_energy_{req.text('sourceType')}{today}_{req.text('siteId')}"
    if not _is_hes_site(req, req.text("siteId")) and req.store.get(name) is None:
        return failed(-1)
    return _statistics("hes_energy", req)


# Power Panels (§4.13)


def _panel(name: NameOf, default: Envelope, *, owner_only: bool = False) -> Handler:
    def handler(req: ReplayRequest) -> Envelope:
        if owner_only and not is_owner_of_request(req):
            return no_permission()
        return from_file(req, name(req), default)

    return handler


def _panel_report_name(req: ReplayRequest) -> str:
    ctrl = req.text("ctrol") or "0"
    return f"charging_report_device_data_{ctrl}_{_first_of(req, 'siteIds', 'siteId')}"


_PANEL_OWNER_SN = {
    Endpoint.POWER_PANEL_GET_WIFI_INFO: "charging_wifi_info",
    "charging_energy_service/get_installation_inspection": "charging_installation_inspection",
    Endpoint.POWER_PANEL_GET_UTILITY_RATE_PLAN: "charging_utility_rate_plan",
    Endpoint.POWER_PANEL_GET_CONFIGS: "charging_configs",
    Endpoint.POWER_PANEL_GET_WORLD_MONETARY_UNIT: "charging_monetary_units",
}


ENERGY_ROUTES: dict[str, Handler] = {
    Endpoint.ENERGY_ANALYSIS: _energy_analysis,
    # standalone inverters (owner only)
    Endpoint.PV_GET_PV_STATUS: _pv_status,
    Endpoint.PV_GET_PV_TOTAL_STATISTICS: default_route(
        named("device_pv_total_statistics", "sn"),
        failed(),
        defaults.pv_total_statistics,
        owner=True,
    ),
    Endpoint.PV_STATISTICS_PV: _pv_statistics,
    Endpoint.PV_SELECT_USER_TIERED_ELEC_PRICE: default_route(
        named("device_pv_price", "sn"), failed(), defaults.pv_price, owner=True
    ),
    # Home Energy Systems
    Endpoint.HES_GET_DEVICE_PRODUCT_INFO: file_route(
        fixed("hes_product_info"), ok({"productsInfo": []})
    ),
    Endpoint.HES_GET_SYSTEM_RUNNING_INFO: hes_route(named("hes_system_running_info", "siteId")),
    Endpoint.HES_GET_ENERGY_STATISTICS: _hes_energy,
    Endpoint.HES_GET_HES_DEV_INFO: hes_route(named("hes_dev_info", "siteId")),
    Endpoint.HES_GET_WIFI_INFO: hes_route(named("hes_wifi_info", "sn")),
    Endpoint.HES_GET_SYSTEM_PROFIT_DETAIL: hes_route(
        lambda req: f"hes_system_profit_{req.text('dateType')}_{req.text('siteId')}"
    ),
    Endpoint.HES_GET_WORLD_MONETARY_UNIT: hes_route(named("hes_monetary_units", "siteId")),
    Endpoint.HES_GET_HEAT_PUMP_PLAN_JSON: hes_route(fixed("hes_heat_pump_plan")),
    "charging_hes_svc/get_electric_utility_and_electric_plan_list": hes_route(
        lambda req: f"hes_electric_plan_{req.text('country').lower()}"
        f"_{req.text('state_code').lower()}"
    ),
    "charging_hes_svc/get_user_bind_and_not_in_station_evchargers": hes_route(
        fixed("hes_evcharger_standalone")
    ),
    Endpoint.HES_GET_EVCHARGER_STATION_INFO: hes_route(
        lambda req: f"hes_evcharger_station_info_{req.text('featuretype')}"
        f"_{req.text('evChargerSn')}"
    ),
    Endpoint.HES_GET_SYSTEM_RUNNING_TIME: hes_owner_route(
        named("hes_system_running_time", "siteId"), failed()
    ),
    Endpoint.HES_GET_MI_LAYOUT: hes_owner_route(named("hes_mi_layout", "siteId"), failed(-1)),
    Endpoint.HES_GET_CONN_NET_TIPS: hes_owner_route(named("hes_conn_net_tips", "siteId"), failed()),
    Endpoint.HES_REPORT_DEVICE_DATA: _hes_report,
    # Power Panels
    Endpoint.POWER_PANEL_GET_SYSTEM_RUNNING_INFO: _panel(
        named("charging_system_running_info", "siteId"), failed()
    ),
    Endpoint.POWER_PANEL_ENERGY_STATISTICS: lambda req: _statistics("charging_energy", req),
    Endpoint.POWER_PANEL_GET_ERROR_INFOS: _panel(
        fixed("charging_error_info"), ok({"error_infos": []})
    ),
    Endpoint.POWER_PANEL_REPORT_DEVICE_DATA: _panel(_panel_report_name, ok(None)),
    Endpoint.POWER_PANEL_GET_DEVICE_INFOS: _panel(
        lambda req: f"charging_device_info_{_first_of(req, 'sns', 'sn')}",
        failed(),
        owner_only=True,
    ),
    Endpoint.POWER_PANEL_GET_SNS: _panel(
        named("charging_sns", "main_sn"), failed(), owner_only=True
    ),
    **{
        endpoint: _panel(named(prefix, "sn"), failed(), owner_only=True)
        for endpoint, prefix in _PANEL_OWNER_SN.items()
    },
}
"""Energy, standalone inverter, HES and Power Panel reads, by path."""
