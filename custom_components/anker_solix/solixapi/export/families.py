"""Export stages of the other service families: inverters, Power Panels, HES (§9.1)."""

from __future__ import annotations

from ..cloud.const import Endpoint
from ..common.jsonutil import JsonDict
from ..common.products import DeviceType
from .plan import ExportQuery, ExportScope, Fetch

PANEL_SOURCES = ("solar", "hes", "pps", "home", "grid", "diesel")
HES_SOURCES = ("solar", "hes", "home", "grid")
_T = DeviceType


class FamilyUnavailableError(Exception):
    """The service family answered HTTP 503: the rest of its stage is skipped."""


async def export_inverters(fetch: Fetch, scope: ExportScope) -> None:
    """``charging_pv_svc`` files of every standalone inverter (MI60/MI80)."""
    start, end = scope.week()
    today = f"{scope.today}"
    for device in scope.devices_of(_T.INVERTER):
        sn, body = device.sn, {"sn": device.sn}
        await fetch(
            ExportQuery(f"device_pv_status_{sn}", Endpoint.PV_GET_PV_STATUS, {"sns": sn}, True)
        )
        await fetch(
            ExportQuery(
                f"device_pv_total_statistics_{sn}", Endpoint.PV_GET_PV_TOTAL_STATISTICS, body, True
            )
        )
        await fetch(
            ExportQuery(
                f"device_pv_price_{sn}", Endpoint.PV_SELECT_USER_TIERED_ELEC_PRICE, body, True
            )
        )
        day: JsonDict = {"sn": sn, "type": "day", "start": today, "end": "", "version": "1"}
        await fetch(
            ExportQuery(f"device_pv_statistics_today_{sn}", Endpoint.PV_STATISTICS_PV, day, True)
        )
        week: JsonDict = {"sn": sn, "type": "week", "start": start, "end": end, "version": "1"}
        await fetch(
            ExportQuery(f"device_pv_statistics_{sn}", Endpoint.PV_STATISTICS_PV, week, True)
        )


def _statistics(
    prefix: str, endpoint: str, site_id: str, source: str, day: str | None, week: tuple[str, str]
) -> ExportQuery:
    """``<prefix>_<source>[_today]_<site>`` of the HES / Power Panel energy statistics."""
    start, end = (day, day) if day else week
    payload: JsonDict = {
        "siteId": site_id,
        "sourceType": source,
        "dateType": "day" if day else "week",
        "start": start,
        "end": end,
    }
    if prefix == "charging_energy":
        payload |= {"global": False, "productCode": ""}
    name = f"{prefix}_{source}_today_{site_id}" if day else f"{prefix}_{source}_{site_id}"
    return ExportQuery(name, endpoint, payload)


async def export_power_panels(fetch: Fetch, scope: ExportScope) -> None:
    """``charging_energy_service`` files; probed with ``charging_error_info`` first."""
    sites = scope.panel_sites()
    if not sites:
        return
    await fetch(ExportQuery("charging_error_info", Endpoint.POWER_PANEL_GET_ERROR_INFOS, {}))
    week, today = scope.week(), f"{scope.today}"
    endpoint = Endpoint.POWER_PANEL_ENERGY_STATISTICS
    for site_id in sites:
        site: JsonDict = {"siteId": site_id}
        name = f"charging_system_running_info_{site_id}"
        await fetch(ExportQuery(name, Endpoint.POWER_PANEL_GET_SYSTEM_RUNNING_INFO, site))
        for source in PANEL_SOURCES:
            await fetch(_statistics("charging_energy", endpoint, site_id, source, None, week))
            await fetch(_statistics("charging_energy", endpoint, site_id, source, today, week))
        for ctrol in (0, 1):
            body: JsonDict = {"siteIds": [site_id], "ctrol": ctrol}
            name = f"charging_report_device_data_{ctrol}_{site_id}"
            await fetch(ExportQuery(name, Endpoint.POWER_PANEL_REPORT_DEVICE_DATA, body))
    for device in scope.devices_of(_T.POWERPANEL):
        await _panel_device(fetch, device.sn, device.site_id)


async def _panel_device(fetch: Fetch, sn: str, site_id: str) -> None:
    body: JsonDict = {"sn": sn}
    for prefix, endpoint in (
        ("charging_monetary_units", Endpoint.POWER_PANEL_GET_WORLD_MONETARY_UNIT),
        ("charging_configs", Endpoint.POWER_PANEL_GET_CONFIGS),
        ("charging_utility_rate_plan", Endpoint.POWER_PANEL_GET_UTILITY_RATE_PLAN),
        ("charging_wifi_info", Endpoint.POWER_PANEL_GET_WIFI_INFO),
        ("charging_installation_inspection", Endpoint.POWER_PANEL_GET_INSTALLATION_INSPECTION),
    ):
        await fetch(ExportQuery(f"{prefix}_{sn}", endpoint, body, True))
    infos: JsonDict = {"siteId": site_id, "sns": [sn]}
    await fetch(
        ExportQuery(
            f"charging_device_info_{sn}", Endpoint.POWER_PANEL_GET_DEVICE_INFOS, infos, True
        )
    )


async def export_hes(fetch: Fetch, scope: ExportScope) -> None:
    """``charging_hes_svc`` files; probed with ``hes_product_info`` first."""
    sites = scope.hes_sites()
    if not sites:
        return
    await fetch(ExportQuery("hes_product_info", Endpoint.HES_GET_DEVICE_PRODUCT_INFO, {}))
    week, today = scope.week(), f"{scope.today}"
    endpoint = Endpoint.HES_GET_ENERGY_STATISTICS
    for site_id in sites:
        site: JsonDict = {"siteId": site_id}
        info = await fetch(
            ExportQuery(f"hes_dev_info_{site_id}", Endpoint.HES_GET_HES_DEV_INFO, site)
        )
        scope.add_devices(info, site_id)
        for prefix, path in (
            ("hes_system_running_info", Endpoint.HES_GET_SYSTEM_RUNNING_INFO),
            ("hes_monetary_units", Endpoint.HES_GET_WORLD_MONETARY_UNIT),
        ):
            await fetch(ExportQuery(f"{prefix}_{site_id}", path, site))
        for source in HES_SOURCES:
            await fetch(_statistics("hes_energy", endpoint, site_id, source, None, week))
            await fetch(_statistics("hes_energy", endpoint, site_id, source, today, week))
        for date_type in ("day", "year"):
            body: JsonDict = {"siteId": site_id, "dateType": date_type, "start": today}
            name = f"hes_system_profit_{date_type}_{site_id}"
            await fetch(ExportQuery(name, Endpoint.HES_GET_SYSTEM_PROFIT_DETAIL, body))
        for prefix, path in (
            ("hes_system_running_time", Endpoint.HES_GET_SYSTEM_RUNNING_TIME),
            ("hes_mi_layout", Endpoint.HES_GET_MI_LAYOUT),
            ("hes_conn_net_tips", Endpoint.HES_GET_CONN_NET_TIPS),
        ):
            await fetch(ExportQuery(f"{prefix}_{site_id}", path, site, True))
        report: JsonDict = {"siteIds": [site_id]}
        name = f"hes_report_device_data_{site_id}"
        await fetch(ExportQuery(name, Endpoint.HES_REPORT_DEVICE_DATA, report, True))
    await fetch(
        ExportQuery(
            "hes_evcharger_standalone", Endpoint.HES_GET_USER_BIND_AND_NOT_IN_STATION_EVCHARGERS, {}
        )
    )
    await fetch(ExportQuery("hes_heat_pump_plan", Endpoint.HES_GET_HEAT_PUMP_PLAN_JSON, {}))
    await _hes_devices(fetch, scope)


async def _hes_devices(fetch: Fetch, scope: ExportScope) -> None:
    """Wi-Fi info of HES main devices and station info of EV chargers."""
    hes_sites = set(scope.hes_sites())
    for device in scope.devices_of(_T.HES):
        if device.site_id in hes_sites and device.sn in scope.bound:
            body: JsonDict = {"sn": device.sn}
            await fetch(ExportQuery(f"hes_wifi_info_{device.sn}", Endpoint.HES_GET_WIFI_INFO, body))
    for device in scope.devices_of(_T.EV_CHARGER):
        for feature in (1, 2):
            body = {"evChargerSn": device.sn, "featuretype": feature}
            name = f"hes_evcharger_station_info_{feature}_{device.sn}"
            await fetch(ExportQuery(name, Endpoint.HES_GET_EVCHARGER_STATION_INFO, body))
