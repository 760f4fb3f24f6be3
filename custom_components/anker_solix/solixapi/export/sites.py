"""Export stages "sites" and "power_service": scenes, site files, devices, energy (§9.1)."""

from __future__ import annotations

from ..cloud.const import Endpoint
from ..common.jsonutil import JsonDict
from ..common.products import DeviceType
from .plan import ExportDevice, ExportQuery, ExportScope, Fetch

SB1_MODEL = "A17C0"
AI_MODELS = frozenset({"A17C5"})
PARAM_TYPES = (1, 2, 3, 4, 5, 6, 7, 12, 13, 16, 18, 20)
ENERGY_TYPES = ("solarbank", "solar_production", "home_usage", "grid")
PV_CHANNELS = ("pv1", "pv2", "pv3", "pv4", "microinverter")
DEVICE_ATTRIBUTES = [
    "pv_power_limit",
    "switch_0w",
    "legal_power_limit",
    "power_limit_option",
    "power_limit_option_real",
    "rssi",
]
_T = DeviceType


async def export_scenes(fetch: Fetch, scope: ExportScope) -> None:
    """Scene info of every non-HES site (it lists the site's devices) and CO2 rankings."""
    for site_id in scope.site_ids():
        payload: JsonDict = {"site_id": site_id}
        if site_id in scope.balcony_sites():
            scene = await fetch(ExportQuery(f"scene_{site_id}", Endpoint.GET_SCEN_INFO, payload))
            scope.add_devices(scene, site_id)
        await fetch(ExportQuery(f"co2_ranking_{site_id}", Endpoint.CO2_RANKING, payload))


async def export_power_service(fetch: Fetch, scope: ExportScope) -> None:
    """Per site settings, parameters and energy, then per device settings."""
    panels = set(scope.panel_sites())
    for site_id in scope.balcony_sites():
        await _site_files(fetch, scope, site_id)
        if site_id not in panels:
            await _site_energy(fetch, scope, site_id)
    for site_id in scope.hes_sites():
        payload: JsonDict = {"site_id": site_id}
        await fetch(ExportQuery(f"price_{site_id}", Endpoint.GET_SITE_PRICE, payload, True))
    for device in sorted(scope.devices.values(), key=lambda d: d.sn):
        await _device_files(fetch, scope, device)


async def _site_files(fetch: Fetch, scope: ExportScope, site_id: str) -> None:
    payload: JsonDict = {"site_id": site_id}
    queries = [
        ExportQuery(f"site_detail_{site_id}", Endpoint.GET_SITE_DETAIL, payload, True),
        ExportQuery(f"wifi_list_{site_id}", Endpoint.GET_WIFI_INFO_LIST, payload, True),
        ExportQuery(f"installation_{site_id}", Endpoint.GET_INSTALLATION, payload),
        ExportQuery(f"power_limit_{site_id}", Endpoint.GET_POWER_LIMIT, payload, True),
        ExportQuery(f"price_{site_id}", Endpoint.GET_SITE_PRICE, payload, True),
    ]
    models = {d.pn for d in scope.devices.values() if d.site_id == site_id}
    if models & AI_MODELS:
        queries += [
            ExportQuery(f"forecast_schedule_{site_id}", Endpoint.GET_SCHEDULE, payload),
            ExportQuery(f"ai_ems_status_{site_id}", Endpoint.AI_EMS_GET_STATUS, payload),
        ]
    for param_type in PARAM_TYPES:
        if param_type == 4 and SB1_MODEL not in models:
            continue
        body = {"site_id": site_id, "param_type": str(param_type)}
        name = f"device_parm_{param_type}_{site_id}"
        queries.append(ExportQuery(name, Endpoint.GET_SITE_DEVICE_PARAM, body, True))
    for query in queries:
        await fetch(query)


def _energy_query(
    site_id: str, device_type: str, day: str | None, week: tuple[str, str]
) -> ExportQuery:
    """``energy_<type>_<site>`` (week range) or ``energy_<type>_today_<site>`` (``day``)."""
    start, end = (day, day) if day else week
    rtype = "day" if day else "week"
    name = f"energy_{device_type}_today_{site_id}" if day else f"energy_{device_type}_{site_id}"
    payload: JsonDict = {
        "site_id": site_id,
        "device_sn": "",
        "type": rtype,
        "start_time": start,
        "end_time": end,
        "device_type": device_type,
    }
    return ExportQuery(name, Endpoint.ENERGY_ANALYSIS, payload)


async def _site_energy(fetch: Fetch, scope: ExportScope, site_id: str) -> None:
    """Week range and today of each energy type, plus the week of each PV channel."""
    week = scope.week()
    for device_type in ENERGY_TYPES:
        await fetch(_energy_query(site_id, device_type, None, week))
        await fetch(_energy_query(site_id, device_type, f"{scope.today}", week))
    for channel in PV_CHANNELS:
        await fetch(_energy_query(site_id, f"solar_production_{channel}", None, week))


def _solarbank_queries(device: ExportDevice) -> list[ExportQuery]:
    sn, site_payload = device.sn, {"site_id": device.site_id, "device_sn": device.sn}
    queries = [
        ExportQuery(f"power_cutoff_{sn}", Endpoint.GET_POWER_CUTOFF, site_payload, True),
        ExportQuery(
            f"device_fittings_{sn}", Endpoint.GET_RELATE_DEVICE_FITTINGS, site_payload, True
        ),
        ExportQuery(f"device_income_{sn}", Endpoint.GET_DEVICE_INCOME, {"device_sn": sn}),
        ExportQuery(f"tamper_records_{sn}", Endpoint.GET_TAMPER_RECORDS, {"device_sn": sn}, True),
        ExportQuery(f"device_group_{sn}", Endpoint.GET_GROUP_DEVICES, {"device_sn": sn}),
    ]
    if device.pn == SB1_MODEL:
        solar = {"solarbank_sn": sn}
        queries += [
            ExportQuery(f"solar_info_{sn}", Endpoint.GET_COMPATIBLE_SOLAR_INFO, solar),
            ExportQuery(f"compatible_process_{sn}", Endpoint.GET_COMPATIBLE_PROCESS, solar, True),
            ExportQuery(f"device_load_{sn}", Endpoint.GET_DEVICE_HOME_LOAD, site_payload, True),
        ]
    return queries


def _ev_charger_queries(sn: str) -> list[ExportQuery]:
    body: JsonDict = {"device_sn": sn}
    return [
        ExportQuery(f"rfid_cards_{sn}", Endpoint.GET_DEVICE_CARDS, body, True),
        ExportQuery(
            f"charge_order_stats_today_{sn}",
            Endpoint.GET_CHARGE_ORDER_STATS,
            {"device_sn": sn, "date_type": "day"},
        ),
        ExportQuery(
            f"charge_order_stats_all_{sn}",
            Endpoint.GET_CHARGE_ORDER_STATS,
            {"device_sn": sn, "date_type": "all"},
        ),
        ExportQuery(
            f"charge_order_stats_list_1_{sn}",
            Endpoint.GET_CHARGE_ORDER_STATS_LIST,
            {"device_sn": sn, "type": 1, "page": 1, "page_size": 10},
        ),
        ExportQuery(f"ocpp_info_{sn}", Endpoint.GET_OCPP_INFO, body),
    ]


def _charger_queries(sn: str) -> list[ExportQuery]:
    body: JsonDict = {"device_sn": sn}
    return [
        ExportQuery(f"charger_screensavers_{sn}", Endpoint.MINI_GET_CLOCK_SCREENSAVERS, body, True),
        ExportQuery(
            f"charger_charging_modes_{sn}", Endpoint.MINI_GET_CHARGING_MODE_LIST, body, True
        ),
        ExportQuery(
            f"charger_triggers_{sn}", Endpoint.MINI_GET_EASTER_EGG_TRIGGER_LIST, body, True
        ),
        ExportQuery(f"charger_device_setting_{sn}", Endpoint.MINI_GET_DEVICE_SETTING, body, True),
    ]


async def _device_files(fetch: Fetch, scope: ExportScope, device: ExportDevice) -> None:
    """Settings of one device by its type (HES and inverter files come in their stages)."""
    sn = device.sn
    queries: list[ExportQuery] = []
    if device.type == _T.SOLARBANK:
        queries += _solarbank_queries(device)
    elif device.type == _T.EV_CHARGER:
        queries += _ev_charger_queries(sn)
    elif device.type == _T.CHARGER:
        queries += _charger_queries(sn)
    if device.type in (_T.SOLARBANK, _T.SMARTMETER, _T.SMARTPLUG, _T.COMBINER_BOX):
        body: JsonDict = {"device_sn": sn, "attributes": list(DEVICE_ATTRIBUTES)}
        queries.append(ExportQuery(f"device_attrs_{sn}", Endpoint.GET_DEVICE_ATTRS, body, True))
    if device.type not in (_T.HES, _T.UNKNOWN, _T.ACCESSORY):
        body = {"type": 1, "device_sn": sn}
        queries.append(ExportQuery(f"upgrade_record_1_{sn}", Endpoint.GET_UPGRADE_RECORD, body))
    for query in queries:
        await fetch(query)
