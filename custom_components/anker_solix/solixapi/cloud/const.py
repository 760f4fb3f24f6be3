"""Constants of the Anker power cloud: servers, countries, login key, headers and endpoint paths.

Endpoint naming rule (class `Endpoint`): the constant name is the last path segment in upper
snake case (camelCase split at capitals). Paths outside `power_service/` carry a family prefix:
`HES_` (`charging_hes_svc/`), `POWER_PANEL_` (`charging_energy_service/`), `PV_`
(`charging_pv_svc/`), `MINI_` (`mini_power/v1/app/`). Where a last segment alone says too little,
its folder is prefixed too (`AI_EMS_GET_STATUS`, `THIRD_PLATFORM_LIST`, `OTA_CHECK_UPDATE`).
"""

from __future__ import annotations

from typing import Final

API_SERVERS: Final[dict[str, str]] = {
    "eu": "https://ankerpower-api-eu.anker.com",
    "com": "https://ankerpower-api.anker.com",
}
"""Region key → base URL (§1.1)."""

DEFAULT_SERVER: Final = "eu"
"""Region used for countries in neither list (§1.2)."""

COM_COUNTRIES: Final[frozenset[str]] = frozenset(
    [
        "DZ",
        "LB",
        "SY",
        "EG",
        "LY",
        "TN",
        "IL",
        "MA",
        "JO",
        "PS",
        "AR",
        "AU",
        "BR",
        "HK",
        "IN",
        "JP",
        "MX",
        "NG",
        "NZ",
        "RU",
        "SG",
        "ZA",
        "KR",
        "TW",
        "US",
        "CA",
    ]
)
"""Countries served by the `com` server (§1.2, as of Sept 2025)."""

EU_COUNTRIES: Final[frozenset[str]] = frozenset(
    [
        "DE",
        "BE",
        "EL",
        "LT",
        "PT",
        "BG",
        "ES",
        "LU",
        "RO",
        "CZ",
        "FR",
        "HU",
        "SI",
        "DK",
        "HR",
        "MT",
        "SK",
        "IT",
        "NL",
        "FI",
        "EE",
        "CY",
        "AT",
        "SE",
        "IE",
        "LV",
        "PL",
        "UK",
        "IS",
        "NO",
        "LI",
        "CH",
        "BA",
        "ME",
        "MD",
        "MK",
        "GE",
        "AL",
        "RS",
        "TR",
        "UA",
        "XK",
        "AM",
        "BY",
        "AZ",
    ]
)
"""Countries served by the `eu` server (§1.2)."""

DEFAULT_SERVER_PUBLIC_KEY: Final = (
    "04c5c00c4f8d1197cc7c3167c52bf7acb054d722f0ef08dcd7e0883236e0d72a38"
    "68d9750cb47fa4619248f3d83f0f662671dadc6e2d31c2f41db0161651c7c076"
)
"""The cloud's fixed P-256 login public key, uncompressed point in hex (§2.2)."""


def server_for_country(country: str) -> str:
    """Return the base URL serving an account country (§1.2); unknown countries get `eu`."""
    code = country.strip().upper()
    region = "com" if code in COM_COUNTRIES else DEFAULT_SERVER
    return API_SERVERS[region]


DEFAULT_PRESET_KEY: Final = "e8ad18f61bbd3fbd52d5ed12d14d3b9c"
"""The app's 16-byte AES-128 `presetKey` (hex) of the encrypted transport (§2.7)."""

LOOKUP_URL: Final = "https://uniapp-api-pr.anker.com"
"""Host of the app's server lookup `passport/estimate_domain` (§2.7, app login 1)."""
LOOKUP_HOST_SUFFIX: Final = ".anker.com"
"""A server named by the real lookup must end with this (nothing else gets the password)."""

TRANSPORT_PLAIN: Final = "plain"
TRANSPORT_ENCRYPTED: Final = "encrypted"
TRANSPORT_AUTO: Final = "auto"
TRANSPORTS: Final = (TRANSPORT_PLAIN, TRANSPORT_ENCRYPTED, TRANSPORT_AUTO)
"""Session transport choices: plain (§2.1–§3), encrypted (§2.7), auto (plain, switching once)."""

HEADER_ENCRYPTION_INFO: Final = "x-encryption-info"
HEADER_REPLAY_INFO: Final = "x-replay-info"
HEADER_KEY_IDENT: Final = "x-key-ident"
HEADER_REQUEST_TS: Final = "x-request-ts"
HEADER_REQUEST_ONCE: Final = "x-request-once"
HEADER_SIGNATURE: Final = "x-signature"
HEADER_APP_KEY: Final = "x-app-key"
HEADER_OPENUDID: Final = "openudid"
HEADER_TERMINAL_ID: Final = "x-terminal-id"
ENCRYPTION_ALGO: Final = "algo_ecdh"
REPLAY_INFO: Final = "replay"
CONTENT_TYPE_TEXT: Final = "text/plain"

APP_LOGIN_HEADERS: Final[dict[str, str]] = {
    "model-type": "PHONE",
    "os-version": "14",
    "app-version": "3.23.0",
    "language": "en",
}
"""App-like headers of the app's login (§2.7, app login 5); login only."""

HEADER_CONTENT_TYPE: Final = "content-type"
HEADER_MODEL_TYPE: Final = "model-type"
HEADER_APP_NAME: Final = "app-name"
HEADER_OS_TYPE: Final = "os-type"
HEADER_COUNTRY: Final = "country"
HEADER_TIMEZONE: Final = "timezone"
HEADER_GTOKEN: Final = "gtoken"
HEADER_AUTH_TOKEN: Final = "x-auth-token"

CONTENT_TYPE_JSON: Final = "application/json"
MODEL_TYPE: Final = "DESKTOP"
APP_NAME: Final = "anker_power"
OS_TYPE: Final = "android"

BASE_HEADERS: Final[dict[str, str]] = {
    HEADER_CONTENT_TYPE: CONTENT_TYPE_JSON,
    HEADER_MODEL_TYPE: MODEL_TYPE,
    HEADER_APP_NAME: APP_NAME,
    HEADER_OS_TYPE: OS_TYPE,
}
"""Headers sent on every request, login included (§2.5); country and timezone are added."""

TOKEN_REFRESH_MARGIN: Final = 60.0
"""Seconds before `token_expires_at` at which a token counts as expired (§2.4)."""

RATE_LIMIT_WINDOW: Final = 62.0
"""Sliding window (seconds) of the per-endpoint limiter and of `requests_last_minute` (§3.6)."""


class Endpoint:
    """Endpoint paths (no leading slash) of §4.0 and the camelCase families (§4.7, §4.11–4.14)."""

    LOGIN: Final = "passport/login"
    KEY_EXCHANGE: Final = "openapi/oauth/key/exchange"
    ESTIMATE_DOMAIN: Final = "passport/estimate_domain"

    # power_service/v1/site
    GET_SITE_LIST: Final = "power_service/v1/site/get_site_list"
    GET_SCEN_INFO: Final = "power_service/v1/site/get_scen_info"
    GET_SITE_HOMEPAGE: Final = "power_service/v1/site/get_site_homepage"
    GET_SITE_DETAIL: Final = "power_service/v1/site/get_site_detail"
    GET_SITE_RULES: Final = "power_service/v1/site/get_site_rules"
    LIST_USER_DEVICES: Final = "power_service/v1/site/list_user_devices"
    GET_CHARGING_DEVICE: Final = "power_service/v1/site/get_charging_device"
    GET_SITE_DEVICE_PARAM: Final = "power_service/v1/site/get_site_device_param"
    SET_SITE_DEVICE_PARAM: Final = "power_service/v1/site/set_site_device_param"
    ENERGY_ANALYSIS: Final = "power_service/v1/site/energy_analysis"
    GET_HOME_LOAD_CHART: Final = "power_service/v1/site/get_home_load_chart"
    GET_WIFI_INFO_LIST: Final = "power_service/v1/site/get_wifi_info_list"
    GET_SITE_PRICE: Final = "power_service/v1/site/get_site_price"
    UPDATE_SITE_PRICE: Final = "power_service/v1/site/update_site_price"
    GET_SCHEDULE: Final = "power_service/v1/site/get_schedule"
    CO2_RANKING: Final = "power_service/v1/site/co2_ranking"
    GET_POWER_LIMIT: Final = "power_service/v1/site/get_power_limit"

    # power_service/v1/app
    GET_AUTO_UPGRADE: Final = "power_service/v1/app/get_auto_upgrade"
    SET_AUTO_UPGRADE: Final = "power_service/v1/app/set_auto_upgrade"
    GET_RELATE_AND_BIND_DEVICES: Final = "power_service/v1/app/get_relate_and_bind_devices"
    GET_DEVICE_HOME_LOAD: Final = "power_service/v1/app/device/get_device_home_load"
    SET_DEVICE_HOME_LOAD: Final = "power_service/v1/app/device/set_device_home_load"
    GET_OTA_INFO: Final = "power_service/v1/app/compatible/get_ota_info"
    GET_OTA_UPDATE: Final = "power_service/v1/app/compatible/get_ota_update"
    GET_COMPATIBLE_SOLAR_INFO: Final = "power_service/v1/app/compatible/get_compatible_solar_info"
    GET_POWER_CUTOFF: Final = "power_service/v1/app/compatible/get_power_cutoff"
    SET_POWER_CUTOFF: Final = "power_service/v1/app/compatible/set_power_cutoff"
    GET_COMPATIBLE_PROCESS: Final = "power_service/v1/app/compatible/get_compatible_process"
    GET_INSTALLATION: Final = "power_service/v1/app/compatible/get_installation"
    GET_RELATE_DEVICE_FITTINGS: Final = "power_service/v1/app/get_relate_device_fittings"
    GET_UPGRADE_RECORD: Final = "power_service/v1/app/get_upgrade_record"
    CHECK_UPGRADE_RECORD: Final = "power_service/v1/app/check_upgrade_record"
    GET_DEVICE_ATTRS: Final = "power_service/v1/app/device/get_device_attrs"
    SET_DEVICE_ATTRS: Final = "power_service/v1/app/device/set_device_attrs"
    GET_CONFIG: Final = "power_service/v1/app/get_config"
    THIRD_PLATFORM_LIST: Final = "power_service/v1/app/third/platform/list"
    GET_TOKEN_BY_USERID: Final = "power_service/v1/app/get_token_by_userid"
    GET_USER_OP_SHELLY_STATUS: Final = "power_service/v1/app/get_user_op_shelly_status"
    GET_DEVICE_INCOME: Final = "power_service/v1/app/device/get_device_income"
    GET_GROUP_DEVICES: Final = "power_service/v1/app/group/get_group_devices"
    GET_CHARGE_ORDER_STATS: Final = "power_service/v1/app/order/get_charge_order_stats"
    GET_CHARGE_ORDER_STATS_LIST: Final = "power_service/v1/app/order/get_charge_order_stats_list"
    GET_OCPP_ENDPOINT_LIST: Final = "power_service/v1/app/get_ocpp_endpoint_list"
    GET_OCPP_INFO: Final = "power_service/v1/app/get_ocpp_info"

    # power_service/v1/app vehicles (§4.9)
    GET_BRAND_LIST: Final = "power_service/v1/app/get_brand_list"
    GET_MODELS: Final = "power_service/v1/app/get_models"
    GET_MODEL_YEARS: Final = "power_service/v1/app/get_model_years"
    GET_MODEL_LIST: Final = "power_service/v1/app/get_model_list"
    GET_VEHICLE_LIST: Final = "power_service/v1/app/vehicle/get_vehicle_list"
    GET_VEHICLE_DETAIL: Final = "power_service/v1/app/vehicle/get_vehicle_detail"
    ADD_VEHICLE: Final = "power_service/v1/app/vehicle/add_vehicle"
    UPDATE_VEHICLE: Final = "power_service/v1/app/vehicle/update_vehicle"
    DELETE_VEHICLE: Final = "power_service/v1/app/vehicle/delete_vehicle"
    SET_CHARGING_VEHICLE: Final = "power_service/v1/app/vehicle/set_charging_vehicle"
    SET_DEFAULT_VEHICLE: Final = "power_service/v1/app/vehicle/set_default"

    # other power_service/v1 paths
    GET_TAMPER_RECORDS: Final = "power_service/v1/device/get_tamper_records"
    GET_DEVICE_CARDS: Final = "power_service/v1/rfid/get_device_cards"
    GET_CURRENCY_LIST: Final = "power_service/v1/currency/get_list"
    DYNAMIC_PRICE_CHECK_AVAILABLE: Final = "power_service/v1/dynamic_price/check_available"
    DYNAMIC_PRICE_SUPPORT_OPTION: Final = "power_service/v1/dynamic_price/support_option"
    DYNAMIC_PRICE_DETAIL: Final = "power_service/v1/dynamic_price/price_detail"
    GET_MESSAGE_UNREAD: Final = "power_service/v1/get_message_unread"
    GET_MESSAGE: Final = "power_service/v1/get_message"
    PRODUCT_CATEGORIES: Final = "power_service/v1/product_categories"
    PRODUCT_ACCESSORIES: Final = "power_service/v1/product_accessories"
    AI_EMS_GET_STATUS: Final = "power_service/v1/ai_ems/get_status"
    AI_EMS_PROFIT: Final = "power_service/v1/ai_ems/profit"

    # app/*
    OTA_CHECK_UPDATE: Final = "app/ota/batch/check_update"
    GET_USER_MQTT_INFO: Final = "app/devicemanage/get_user_mqtt_info"
    GET_SHARED_DEVICE: Final = "app/devicerelation/get_shared_device"

    # charging_pv_svc (standalone inverters, §4.7)
    PV_GET_PV_STATUS: Final = "charging_pv_svc/getPvStatus"
    PV_GET_PV_TOTAL_STATISTICS: Final = "charging_pv_svc/getPvTotalStatistics"
    PV_STATISTICS_PV: Final = "charging_pv_svc/statisticsPv"
    PV_SELECT_USER_TIERED_ELEC_PRICE: Final = "charging_pv_svc/selectUserTieredElecPrice"
    PV_UPDATE_USER_TIERED_ELEC_PRICE: Final = "charging_pv_svc/updateUserTieredElecPrice"
    PV_SET_APS_POWER: Final = "charging_pv_svc/set_aps_power"

    # mini_power (Prime chargers, §4.11)
    MINI_GET_CHARGING_MODE_LIST: Final = "mini_power/v1/app/charging/get_charging_mode_list"
    MINI_GET_EASTER_EGG_TRIGGER_LIST: Final = "mini_power/v1/app/egg/get_easter_egg_trigger_list"
    MINI_GET_DAY_POWER_DATA: Final = "mini_power/v1/app/power/get_day_power_data"
    MINI_GET_DEVICE_SETTING: Final = "mini_power/v1/app/setting/get_device_setting"
    MINI_GET_CLOCK_SCREENSAVERS: Final = "mini_power/v1/app/style/get_clock_screensavers"

    # charging_hes_svc (Home Energy Systems, §4.12)
    HES_GET_DEVICE_PRODUCT_INFO: Final = "charging_hes_svc/get_device_product_info"
    HES_GET_SYSTEM_RUNNING_INFO: Final = "charging_hes_svc/get_system_running_info"
    HES_GET_ENERGY_STATISTICS: Final = "charging_hes_svc/get_energy_statistics"
    HES_GET_HES_DEV_INFO: Final = "charging_hes_svc/get_hes_dev_info"
    HES_GET_WIFI_INFO: Final = "charging_hes_svc/get_wifi_info"
    HES_GET_SYSTEM_PROFIT_DETAIL: Final = "charging_hes_svc/get_system_profit_detail"
    HES_GET_WORLD_MONETARY_UNIT: Final = "charging_hes_svc/get_world_monetary_unit"
    HES_GET_INSTALL_INFO: Final = "charging_hes_svc/get_install_info"
    HES_GET_HEAT_PUMP_PLAN_JSON: Final = "charging_hes_svc/get_heat_pump_plan_json"
    HES_GET_ELECTRIC_UTILITY_AND_ELECTRIC_PLAN_LIST: Final = (
        "charging_hes_svc/get_electric_utility_and_electric_plan_list"
    )
    HES_GET_USER_BIND_AND_NOT_IN_STATION_EVCHARGERS: Final = (
        "charging_hes_svc/get_user_bind_and_not_in_station_evchargers"
    )
    HES_GET_EVCHARGER_STATION_INFO: Final = "charging_hes_svc/get_evcharger_station_info"
    HES_GET_INSTALLER_INFO: Final = "charging_hes_svc/get_installer_info"
    HES_GET_SYSTEM_RUNNING_TIME: Final = "charging_hes_svc/get_system_running_time"
    HES_GET_MI_LAYOUT: Final = "charging_hes_svc/get_mi_layout"
    HES_GET_CONN_NET_TIPS: Final = "charging_hes_svc/get_conn_net_tips"
    HES_REPORT_DEVICE_DATA: Final = "charging_hes_svc/report_device_data"

    # charging_energy_service (Power Panels, §4.13; served by the com server only)
    POWER_PANEL_GET_SYSTEM_RUNNING_INFO: Final = "charging_energy_service/get_system_running_info"
    POWER_PANEL_ENERGY_STATISTICS: Final = "charging_energy_service/energy_statistics"
    POWER_PANEL_GET_ERROR_INFOS: Final = "charging_energy_service/get_error_infos"
    POWER_PANEL_GET_ROM_VERSIONS: Final = "charging_energy_service/get_rom_versions"
    POWER_PANEL_GET_DEVICE_INFOS: Final = "charging_energy_service/get_device_infos"
    POWER_PANEL_GET_WIFI_INFO: Final = "charging_energy_service/get_wifi_info"
    POWER_PANEL_GET_INSTALLATION_INSPECTION: Final = (
        "charging_energy_service/get_installation_inspection"
    )
    POWER_PANEL_GET_UTILITY_RATE_PLAN: Final = "charging_energy_service/get_utility_rate_plan"
    POWER_PANEL_REPORT_DEVICE_DATA: Final = "charging_energy_service/report_device_data"
    POWER_PANEL_GET_CONFIGS: Final = "charging_energy_service/get_configs"
    POWER_PANEL_GET_SNS: Final = "charging_energy_service/get_sns"
    POWER_PANEL_GET_WORLD_MONETARY_UNIT: Final = "charging_energy_service/get_world_monetary_unit"


GET_ENDPOINTS: Final[frozenset[str]] = frozenset(
    {
        Endpoint.GET_MESSAGE_UNREAD,
        Endpoint.GET_MESSAGE,
        Endpoint.PRODUCT_CATEGORIES,
        Endpoint.PRODUCT_ACCESSORIES,
    }
)
"""The endpoints that use HTTP GET (§3.1); everything else is POST."""
