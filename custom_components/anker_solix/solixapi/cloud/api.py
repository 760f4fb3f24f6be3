"""Typed endpoint methods of the Anker power cloud (one method per endpoint, §4)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..common.jsonutil import JsonDict, JsonList
from .const import Endpoint

if TYPE_CHECKING:
    from .session import SolixSession

GET = "GET"
POST = "POST"


def _data_dict(envelope: JsonDict) -> JsonDict:
    """Return the envelope ``data`` object; a missing or non-object ``data`` reads as ``{}``."""
    data = envelope.get("data")
    return data if isinstance(data, dict) else {}


def _data_list(envelope: JsonDict) -> JsonList:
    """Return the envelope ``data`` list; a missing or non-list ``data`` reads as ``[]``."""
    data = envelope.get("data")
    return data if isinstance(data, list) else []


def _loads_object(text: object) -> JsonDict | None:
    """Decode a JSON string that carries an object; ``""``, non-strings and bad JSON give None."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def compact_json(data: object) -> str:
    """Encode ``data`` as compact JSON (separators ``,`` and ``:``) as the cloud expects."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


class SolixApi:
    """One async method per endpoint; each returns the envelope's ``data``."""

    def __init__(self, session: SolixSession) -> None:
        """Use ``session`` for all requests."""
        self.session = session

    async def raw(self, method: str, endpoint: str, payload: JsonDict | None = None) -> JsonDict:
        """Send any request and return the full envelope (integration action ``api_request``)."""
        return await self.session.request(method, endpoint, payload)

    async def _post(self, endpoint: str, payload: JsonDict | None = None) -> JsonDict:
        return _data_dict(await self.session.request(POST, endpoint, payload or {}))

    async def _get(self, endpoint: str) -> JsonDict:
        return _data_dict(await self.session.request(GET, endpoint, {}))

    # Sites (§4.1)
    async def get_site_list(self) -> JsonDict:
        """Sites visible to the account (``site_list``)."""
        return await self._post(Endpoint.GET_SITE_LIST)

    async def get_scene_info(self, site_id: str) -> JsonDict:
        """Scene info (app home page data) of one site."""
        return await self._post(Endpoint.GET_SCEN_INFO, {"site_id": site_id})

    async def get_site_detail(self, site_id: str) -> JsonDict:
        """Site details incl. device lists (owner, export)."""
        return await self._post(Endpoint.GET_SITE_DETAIL, {"site_id": site_id})

    async def get_site_rules(self) -> JsonDict:
        """Supported site types and device quantity rules."""
        return await self._post(Endpoint.GET_SITE_RULES)

    # Devices, firmware, account status (§4.2)
    async def get_bind_devices(self) -> JsonDict:
        """Devices bound to the account (``data`` list inside)."""
        return await self._post(Endpoint.GET_RELATE_AND_BIND_DEVICES)

    async def get_auto_upgrade(self) -> JsonDict:
        """Firmware auto-upgrade switches."""
        return await self._post(Endpoint.GET_AUTO_UPGRADE)

    async def set_auto_upgrade(
        self, main_switch: bool, devices: dict[str, bool] | None = None
    ) -> JsonDict:
        """Change the main switch and per-device auto-upgrade flags."""
        device_list = [{"device_sn": sn, "auto_upgrade": on} for sn, on in (devices or {}).items()]
        payload = {"main_switch": main_switch, "device_list": device_list}
        return await self._post(Endpoint.SET_AUTO_UPGRADE, payload)

    async def check_ota_update(self, serials: list[str]) -> JsonDict:
        """Firmware versions and available updates of the given serials."""
        device_list = [{"device_sn": sn, "version": ""} for sn in serials]
        return await self._post(Endpoint.OTA_CHECK_UPDATE, {"device_list": device_list})

    async def get_upgrade_record(
        self, device_sn: str = "", site_id: str = "", record_type: int = 1
    ) -> JsonDict:
        """Firmware upgrade history of a device (type 1), site (type 2) or account (type 0)."""
        payload: JsonDict = {"type": record_type}
        if device_sn:
            payload["device_sn"] = device_sn
        if site_id:
            payload["site_id"] = site_id
        return await self._post(Endpoint.GET_UPGRADE_RECORD, payload)

    async def get_message_unread(self) -> JsonDict:
        """Unread message flags (GET)."""
        return await self._get(Endpoint.GET_MESSAGE_UNREAD)

    async def get_wifi_list(self, site_id: str) -> JsonDict:
        """Wi-Fi name and signal per device of a site (owner)."""
        return await self._post(Endpoint.GET_WIFI_INFO_LIST, {"site_id": site_id})

    async def get_products(self) -> JsonList:
        """Product catalogue: list of platforms with their products (GET)."""
        envelope = await self.session.request(GET, Endpoint.PRODUCT_CATEGORIES, {})
        return _data_list(envelope)

    async def get_accessories(self) -> JsonList:
        """Accessory catalogue (GET)."""
        envelope = await self.session.request(GET, Endpoint.PRODUCT_ACCESSORIES, {})
        return _data_list(envelope)

    async def get_currency_list(self) -> JsonDict:
        """Supported currencies and the default currency."""
        return await self._post(Endpoint.GET_CURRENCY_LIST)

    # Parameters and schedules (§4.3)
    async def get_device_param(self, site_id: str, param_type: str) -> JsonDict | None:
        """Decoded ``param_data`` of a site parameter type; ``""`` (unsupported) gives None."""
        data = await self._post(
            Endpoint.GET_SITE_DEVICE_PARAM, {"site_id": site_id, "param_type": str(param_type)}
        )
        return _loads_object(data.get("param_data"))

    async def set_device_param(self, site_id: str, param_type: str, data: JsonDict) -> JsonDict:
        """Write a site parameter type (``cmd`` 17, ``param_data`` as compact JSON string)."""
        payload = {
            "site_id": site_id,
            "param_type": str(param_type),
            "cmd": 17,
            "param_data": compact_json(data),
        }
        return await self._post(Endpoint.SET_SITE_DEVICE_PARAM, payload)

    async def get_device_home_load(self, site_id: str, device_sn: str) -> JsonDict:
        """Active SB1 schedule and presets; ``home_load_data`` decoded (None if empty)."""
        data = await self._post(
            Endpoint.GET_DEVICE_HOME_LOAD, {"site_id": site_id, "device_sn": device_sn}
        )
        return {**data, "home_load_data": _loads_object(data.get("home_load_data"))}

    # Solarbank settings (§4.4)
    async def get_power_cutoff(self, site_id: str, device_sn: str) -> JsonDict:
        """Discharge cut-off options (``power_cutoff_data``)."""
        return await self._post(
            Endpoint.GET_POWER_CUTOFF, {"site_id": site_id, "device_sn": device_sn}
        )

    async def set_power_cutoff(self, device_sn: str, cutoff_data_id: int) -> JsonDict:
        """Select a discharge cut-off option."""
        payload = {"device_sn": device_sn, "cutoff_data_id": cutoff_data_id}
        return await self._post(Endpoint.SET_POWER_CUTOFF, payload)

    async def get_solar_info(self, solarbank_sn: str) -> JsonDict:
        """Inverter configured behind an SB1."""
        return await self._post(Endpoint.GET_COMPATIBLE_SOLAR_INFO, {"solarbank_sn": solarbank_sn})

    async def get_compatible_process(self, solarbank_sn: str) -> JsonDict:
        """Solar info plus OTA process codes (export)."""
        return await self._post(Endpoint.GET_COMPATIBLE_PROCESS, {"solarbank_sn": solarbank_sn})

    async def get_device_fittings(self, site_id: str, device_sn: str) -> JsonDict:
        """Accessories of a device (``data`` list inside)."""
        return await self._post(
            Endpoint.GET_RELATE_DEVICE_FITTINGS, {"site_id": site_id, "device_sn": device_sn}
        )

    async def get_device_attrs(self, device_sn: str, attributes: list[str]) -> JsonDict:
        """Selected device attributes."""
        payload = {"device_sn": device_sn, "attributes": list(attributes)}
        return await self._post(Endpoint.GET_DEVICE_ATTRS, payload)

    async def set_device_attrs(self, device_sn: str, attributes: JsonDict) -> JsonDict:
        """Change device attributes (``ac_power_limit``, ``power_limit``, ``pv_power_limit``, …)."""
        payload = {"device_sn": device_sn, "attributes": dict(attributes)}
        return await self._post(Endpoint.SET_DEVICE_ATTRS, payload)

    async def get_power_limit(self, site_id: str) -> JsonDict:
        """Power limits, parallel type and power dock info of a site (owner)."""
        return await self._post(Endpoint.GET_POWER_LIMIT, {"site_id": site_id})

    async def get_installation(self, site_id: str) -> JsonDict:
        """Installation mode (export)."""
        return await self._post(Endpoint.GET_INSTALLATION, {"site_id": site_id})

    # Prices (§4.5)
    async def get_site_price(self, site_id: str) -> JsonDict:
        """Site price, CO2 factor, price type and dynamic provider (owner)."""
        return await self._post(Endpoint.GET_SITE_PRICE, {"site_id": site_id})

    async def update_site_price(self, site_id: str, **fields: Any) -> JsonDict:
        """Write price fields (``price``, ``site_price_unit``, ``site_co2``, ``price_type``, …)."""
        return await self._post(Endpoint.UPDATE_SITE_PRICE, {"site_id": site_id, **fields})

    async def get_price_providers(self, device_pn: str) -> JsonDict:
        """Dynamic price providers for a device model."""
        payload = {"device_pn": device_pn}
        return await self._post(Endpoint.DYNAMIC_PRICE_SUPPORT_OPTION, payload)

    async def get_price_details(
        self, company: str, area: str, date_ts: int, device_sn: str = ""
    ) -> JsonDict:
        """Spot prices of a provider for the day of ``date_ts`` (Unix seconds)."""
        payload = {"company": company, "area": area, "date": str(date_ts), "device_sn": device_sn}
        return await self._post(Endpoint.DYNAMIC_PRICE_DETAIL, payload)

    async def get_dynamic_price_sites(self) -> JsonDict:
        """Sites supporting dynamic prices (export)."""
        return await self._post(Endpoint.DYNAMIC_PRICE_CHECK_AVAILABLE)

    # Energy, CO2, AI (§4.6, §7.1)
    async def energy_analysis(
        self,
        site_id: str,
        device_sn: str,
        rtype: str,
        start: str,
        end: str,
        device_type: str,
    ) -> JsonDict:
        """Energy statistics (``rtype`` day/week/year; dates ``YYYY-MM-DD``)."""
        payload = {
            "site_id": site_id,
            "device_sn": device_sn,
            "type": rtype,
            "start_time": start,
            "end_time": end,
            "device_type": device_type,
        }
        return await self._post(Endpoint.ENERGY_ANALYSIS, payload)

    async def get_co2_ranking(self, site_id: str) -> JsonDict:
        """CO2 ranking of a site."""
        return await self._post(Endpoint.CO2_RANKING, {"site_id": site_id})

    async def get_ai_ems_status(self, site_id: str) -> JsonDict:
        """AI (smart mode) runtime status."""
        return await self._post(Endpoint.AI_EMS_GET_STATUS, {"site_id": site_id})

    async def get_forecast_schedule(self, site_id: str) -> JsonDict:
        """AI forecast schedule status (export)."""
        return await self._post(Endpoint.GET_SCHEDULE, {"site_id": site_id})

    # MQTT (§4.14, MQTT protocol §1.1)
    async def get_user_mqtt_info(self) -> JsonDict:
        """MQTT credentials of the account: broker, thing name, client certificate and key, CA.

        The answer holds secrets (certificate, private key): never log or store it.
        """
        return await self._post(Endpoint.GET_USER_MQTT_INFO)

    # Vehicles (§4.9)
    async def get_vehicle_brands(self) -> JsonDict:
        """Vehicle brands (``brand_list``)."""
        return await self._post(Endpoint.GET_BRAND_LIST)

    async def get_vehicle_models(self, brand: str) -> JsonDict:
        """Models of a brand (``model_list``)."""
        return await self._post(Endpoint.GET_MODELS, {"brand_name": brand})

    async def get_vehicle_model_years(self, brand: str, model: str) -> JsonDict:
        """Production years of a model (``year_list``)."""
        payload = {"brand_name": brand, "model_name": model}
        return await self._post(Endpoint.GET_MODEL_YEARS, payload)

    async def get_vehicle_year_attributes(self, brand: str, model: str, year: int) -> JsonDict:
        """Vehicle attributes of brand/model/year (``car_model_list``)."""
        payload = {"brand_name": brand, "model_name": model, "productive_year": year}
        return await self._post(Endpoint.GET_MODEL_LIST, payload)

    async def get_vehicle_list(self) -> JsonDict:
        """Vehicles of the account (``vehicle_list``)."""
        return await self._post(Endpoint.GET_VEHICLE_LIST)

    async def get_vehicle_details(self, vehicle_id: str) -> JsonDict:
        """One vehicle."""
        return await self._post(Endpoint.GET_VEHICLE_DETAIL, {"vehicle_id": vehicle_id})

    async def add_vehicle(self, vehicle: JsonDict) -> JsonDict:
        """Create a vehicle (``vehicle_name``, ``brand``, ``model``, ``productive_year``, …)."""
        return await self._post(Endpoint.ADD_VEHICLE, {"user_vehicle_info": [dict(vehicle)]})

    async def update_vehicle(self, vehicle_id: str, **fields: Any) -> JsonDict:
        """Update vehicle attributes."""
        return await self._post(Endpoint.UPDATE_VEHICLE, {"vehicle_id": vehicle_id, **fields})

    async def delete_vehicle(self, vehicle_id: str) -> JsonDict:
        """Delete a vehicle."""
        return await self._post(Endpoint.DELETE_VEHICLE, {"vehicle_id": vehicle_id})

    async def set_default_vehicle(self, vehicle_id: str) -> JsonDict:
        """Make a vehicle the default one."""
        return await self._post(Endpoint.SET_DEFAULT_VEHICLE, {"vehicle_id": vehicle_id})

    async def set_charging_vehicle(
        self, vehicle_id: str, device_sn: str, transaction_id: int
    ) -> JsonDict:
        """Assign a vehicle to an EV charger order."""
        payload = {
            "vehicle_id": vehicle_id,
            "device_sn": device_sn,
            "transaction_id": transaction_id,
        }
        return await self._post(Endpoint.SET_CHARGING_VEHICLE, payload)

    # Standalone inverter (§4.7)
    async def get_pv_status(self, serials: list[str]) -> JsonDict:
        """Power and status of inverters (``pvStatuses``)."""
        return await self._post(Endpoint.PV_GET_PV_STATUS, {"sns": ",".join(serials)})

    async def get_pv_total_statistics(self, device_sn: str) -> JsonDict:
        """Lifetime totals and configured limit of an inverter."""
        return await self._post(Endpoint.PV_GET_PV_TOTAL_STATISTICS, {"sn": device_sn})

    async def get_pv_statistics(
        self, device_sn: str, rtype: str, start: str, end: str = ""
    ) -> JsonDict:
        """Inverter energy per day/week/month/year."""
        payload = {"sn": device_sn, "type": rtype, "start": start, "end": end, "version": "1"}
        return await self._post(Endpoint.PV_STATISTICS_PV, payload)

    async def get_pv_price(self, device_sn: str) -> JsonDict:
        """Inverter electricity price (first tier effective)."""
        return await self._post(Endpoint.PV_SELECT_USER_TIERED_ELEC_PRICE, {"sn": device_sn})

    async def set_pv_price(self, device_sn: str, price: float, currency: str) -> JsonDict:
        """Set the inverter price as one full-day tier."""
        tiers = [{"from": "00:00", "to": "23:59", "price": price}]
        payload = {"sn": device_sn, "currencyUnit": currency, "tieredElecPrices": tiers}
        return await self._post(Endpoint.PV_UPDATE_USER_TIERED_ELEC_PRICE, payload)

    async def set_pv_power_limit(self, device_sn: str, power: int) -> JsonDict:
        """Set the inverter output limit (written to flash)."""
        return await self._post(Endpoint.PV_SET_APS_POWER, {"sn": device_sn, "power": power})

    # Home Energy Systems (§4.12)
    async def get_hes_product_info(self) -> JsonDict:
        """HES product list (``productsInfo``)."""
        return await self._post(Endpoint.HES_GET_DEVICE_PRODUCT_INFO)

    async def get_hes_running_info(self, site_id: str) -> JsonDict:
        """HES system running info."""
        return await self._post(Endpoint.HES_GET_SYSTEM_RUNNING_INFO, {"siteId": site_id})

    async def get_hes_energy(
        self, site_id: str, source: str, date_type: str, start: str, end: str
    ) -> JsonDict:
        """HES energy statistics of a source (solar, hes, home, grid)."""
        payload = {
            "siteId": site_id,
            "sourceType": source,
            "dateType": date_type,
            "start": start,
            "end": end,
        }
        return await self._post(Endpoint.HES_GET_ENERGY_STATISTICS, payload)

    async def get_hes_device_info(self, site_id: str) -> JsonDict:
        """HES device structure."""
        return await self._post(Endpoint.HES_GET_HES_DEV_INFO, {"siteId": site_id})

    async def get_hes_wifi_info(self, device_sn: str) -> JsonDict:
        """HES Wi-Fi info of a device."""
        return await self._post(Endpoint.HES_GET_WIFI_INFO, {"sn": device_sn})

    async def get_hes_profit(self, site_id: str, date_type: str, start: str) -> JsonDict:
        """HES system profit detail."""
        payload = {"siteId": site_id, "dateType": date_type, "start": start}
        return await self._post(Endpoint.HES_GET_SYSTEM_PROFIT_DETAIL, payload)

    # Power panels (§4.13)
    async def get_power_panel_running_info(self, site_id: str) -> JsonDict:
        """Power panel system running info."""
        return await self._post(Endpoint.POWER_PANEL_GET_SYSTEM_RUNNING_INFO, {"siteId": site_id})

    async def get_power_panel_energy(
        self, site_id: str, source: str, date_type: str, start: str, end: str
    ) -> JsonDict:
        """Power panel energy statistics of a source (solar, hes, pps, home, grid, diesel)."""
        payload = {
            "siteId": site_id,
            "sourceType": source,
            "dateType": date_type,
            "start": start,
            "end": end,
            "global": False,
            "productCode": "",
        }
        return await self._post(Endpoint.POWER_PANEL_ENERGY_STATISTICS, payload)
