"""Export stage "account": account-level files, dynamic prices and vehicles (protocol §9.1)."""

from __future__ import annotations

from typing import Any

from ..cloud.const import Endpoint
from ..common.jsonutil import JsonDict
from ..common.products import DYNAMIC_PRICE_MODELS
from .plan import ExportQuery, ExportScope, Fetch

ACCOUNT_QUERIES: tuple[ExportQuery, ...] = (
    ExportQuery("message_unread", Endpoint.GET_MESSAGE_UNREAD),
    ExportQuery("currency_list", Endpoint.GET_CURRENCY_LIST),
    ExportQuery("list_site_rules", Endpoint.GET_SITE_RULES),
    ExportQuery("list_products", Endpoint.PRODUCT_CATEGORIES),
    ExportQuery("list_accessories", Endpoint.PRODUCT_ACCESSORIES),
    ExportQuery("list_third_platforms", Endpoint.THIRD_PLATFORM_LIST),
    ExportQuery("dynamic_price_sites", Endpoint.DYNAMIC_PRICE_CHECK_AVAILABLE),
    ExportQuery("ocpp_endpoint_list", Endpoint.GET_OCPP_ENDPOINT_LIST),
    ExportQuery("homepage", Endpoint.GET_SITE_HOMEPAGE, owner_only=True),
    ExportQuery("user_devices", Endpoint.LIST_USER_DEVICES, owner_only=True),
    ExportQuery("charging_devices", Endpoint.GET_CHARGING_DEVICE),
    ExportQuery("auto_upgrade", Endpoint.GET_AUTO_UPGRADE, owner_only=True),
    ExportQuery("config", Endpoint.GET_CONFIG),
    ExportQuery("get_token", Endpoint.GET_TOKEN_BY_USERID),
    ExportQuery("shelly_status", Endpoint.GET_USER_OP_SHELLY_STATUS),
)


def file_part(value: object) -> str:
    """A request value as it appears in export file names (spaces become ``_``)."""
    return str(value).replace(" ", "_")


async def export_inventory(fetch: Fetch, scope: ExportScope) -> None:
    """Site list and bound devices: they define the scope of every later stage."""
    sites = await fetch(ExportQuery("site_list", Endpoint.GET_SITE_LIST))
    entries = sites.get("site_list") if isinstance(sites, dict) else None
    scope.sites = [site for site in entries or [] if isinstance(site, dict)]
    bind = await fetch(ExportQuery("bind_devices", Endpoint.GET_RELATE_AND_BIND_DEVICES))
    scope.add_devices(bind)
    scope.bound = set(scope.devices)


async def export_account(fetch: Fetch, scope: ExportScope) -> None:
    """Firmware of all known serials, catalogues, account switches, dynamic prices, vehicles."""
    serials = sorted(scope.devices)
    device_list = [{"device_sn": sn, "version": ""} for sn in serials]
    await fetch(ExportQuery("ota_batch", Endpoint.OTA_CHECK_UPDATE, {"device_list": device_list}))
    for query in ACCOUNT_QUERIES:
        await fetch(query)
    await _export_dynamic_prices(fetch, scope)
    await _export_vehicles(fetch)


async def _export_dynamic_prices(fetch: Fetch, scope: ExportScope) -> None:
    """Providers per dynamic-price model present, and the spot prices of every provider."""
    models = sorted({d.pn for d in scope.devices.values()} & set(DYNAMIC_PRICE_MODELS))
    seen: set[str] = set()
    for model in models:
        payload = {"device_pn": model}
        name = f"dynamic_price_providers_{model}"
        data = await fetch(ExportQuery(name, Endpoint.DYNAMIC_PRICE_SUPPORT_OPTION, payload))
        for country, company, area in _providers(data):
            detail = f"dynamic_price_details_{file_part(country)}_{company}_{area}"
            if detail in seen:
                continue
            seen.add(detail)
            date_ts = int(scope.now_ts)
            body = {"company": company, "area": area, "date": str(date_ts), "device_sn": ""}
            await fetch(ExportQuery(detail, Endpoint.DYNAMIC_PRICE_DETAIL, body))


def _providers(data: Any) -> list[tuple[str, str, str]]:
    """(country, company, area) of every provider option of a ``support_option`` answer."""
    found: list[tuple[str, str, str]] = []
    countries = data.get("country_info") if isinstance(data, dict) else None
    for country in countries or []:
        if not isinstance(country, dict):
            continue
        code = str(country.get("country") or "")
        for company in country.get("company_info") or []:
            if not isinstance(company, dict):
                continue
            name = str(company.get("company") or "")
            for area in company.get("area_info") or []:
                area_name = area.get("area") if isinstance(area, dict) else area
                if name and area_name:
                    found.append((code, name, str(area_name)))
    return found


async def _export_vehicles(fetch: Fetch) -> None:
    """The account's vehicles, their details and the catalogue path of each one."""
    await fetch(ExportQuery("vehicle_brands", Endpoint.GET_BRAND_LIST))
    data = await fetch(ExportQuery("user_vehicles", Endpoint.GET_VEHICLE_LIST))
    vehicles = data.get("vehicle_list") if isinstance(data, dict) else None
    brands: set[str] = set()
    models: set[tuple[str, str]] = set()
    years: set[tuple[str, str, int]] = set()
    for vehicle in vehicles or []:
        if not isinstance(vehicle, dict) or not vehicle.get("vehicle_id"):
            continue
        vehicle_id = str(vehicle["vehicle_id"])
        payload: JsonDict = {"vehicle_id": vehicle_id}
        name = f"user_vehicle_details_{vehicle_id}"
        details = await fetch(ExportQuery(name, Endpoint.GET_VEHICLE_DETAIL, payload))
        source = details if isinstance(details, dict) and details.get("brand") else vehicle
        brand, model = str(source.get("brand") or ""), str(source.get("model") or "")
        year = source.get("productive_year")
        if brand:
            brands.add(brand)
        if brand and model:
            models.add((brand, model))
        if brand and model and isinstance(year, int):
            years.add((brand, model, year))
    for brand in sorted(brands):
        name = f"vehicle_brand_models_{file_part(brand)}"
        await fetch(ExportQuery(name, Endpoint.GET_MODELS, {"brand_name": brand}))
    for brand, model in sorted(models):
        name = f"vehicle_model_years_{file_part(brand)}_{file_part(model)}"
        payload = {"brand_name": brand, "model_name": model}
        await fetch(ExportQuery(name, Endpoint.GET_MODEL_YEARS, payload))
    for brand, model, year in sorted(years):
        name = f"vehicle_year_attributes_{file_part(brand)}_{file_part(model)}_{year}"
        payload = {"brand_name": brand, "model_name": model, "productive_year": year}
        await fetch(ExportQuery(name, Endpoint.GET_MODEL_LIST, payload))
