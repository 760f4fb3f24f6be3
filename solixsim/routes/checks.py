"""The simulator's request checks of read endpoints: HTTP method and mandatory body fields.

The library's replay answers any body; the cloud rejects a read without these fields (HTTP 400).
"""

from __future__ import annotations

GET_PATHS = frozenset(
    {
        "power_service/v1/get_message",
        "power_service/v1/get_message_unread",
        "power_service/v1/product_accessories",
        "power_service/v1/product_categories",
    }
)
"""Read endpoints the cloud serves by GET (every other read is a POST)."""

REQUIRED: dict[str, tuple[str, ...]] = {
    "app/ota/batch/check_update": ("device_list",),
    "charging_energy_service/energy_statistics": ("siteId", "sourceType", "dateType", "start"),
    "charging_energy_service/get_configs": ("sn",),
    "charging_energy_service/get_device_infos": ("siteId", "sns"),
    "charging_energy_service/get_installation_inspection": ("sn",),
    "charging_energy_service/get_sns": ("main_sn",),
    "charging_energy_service/get_system_running_info": ("siteId",),
    "charging_energy_service/get_utility_rate_plan": ("sn",),
    "charging_energy_service/get_wifi_info": ("sn",),
    "charging_energy_service/get_world_monetary_unit": ("sn",),
    "charging_energy_service/report_device_data": ("siteIds",),
    "charging_hes_svc/get_conn_net_tips": ("siteId",),
    "charging_hes_svc/get_energy_statistics": ("siteId", "sourceType", "dateType", "start"),
    "charging_hes_svc/get_evcharger_station_info": ("evChargerSn",),
    "charging_hes_svc/get_hes_dev_info": ("siteId",),
    "charging_hes_svc/get_mi_layout": ("siteId",),
    "charging_hes_svc/get_system_profit_detail": ("siteId", "dateType"),
    "charging_hes_svc/get_system_running_info": ("siteId",),
    "charging_hes_svc/get_system_running_time": ("siteId",),
    "charging_hes_svc/get_wifi_info": ("sn",),
    "charging_hes_svc/get_world_monetary_unit": ("siteId",),
    "charging_hes_svc/report_device_data": ("siteIds",),
    "charging_pv_svc/getPvStatus": ("sns",),
    "charging_pv_svc/getPvTotalStatistics": ("sn",),
    "charging_pv_svc/selectUserTieredElecPrice": ("sn",),
    "charging_pv_svc/statisticsPv": ("sn", "type"),
    "mini_power/v1/app/charging/get_charging_mode_list": ("device_sn",),
    "mini_power/v1/app/egg/get_easter_egg_trigger_list": ("device_sn",),
    "mini_power/v1/app/setting/get_device_setting": ("device_sn",),
    "mini_power/v1/app/style/get_clock_screensavers": ("device_sn",),
    "power_service/v1/ai_ems/get_status": ("site_id",),
    "power_service/v1/app/compatible/get_compatible_process": ("solarbank_sn",),
    "power_service/v1/app/compatible/get_compatible_solar_info": ("solarbank_sn",),
    "power_service/v1/app/compatible/get_installation": ("site_id",),
    "power_service/v1/app/compatible/get_ota_update": ("device_sn",),
    "power_service/v1/app/compatible/get_power_cutoff": ("device_sn",),
    "power_service/v1/app/device/get_device_attrs": ("device_sn",),
    "power_service/v1/app/device/get_device_home_load": ("device_sn",),
    "power_service/v1/app/device/get_device_income": ("device_sn",),
    "power_service/v1/app/get_model_list": ("brand_name", "model_name", "productive_year"),
    "power_service/v1/app/get_model_years": ("brand_name", "model_name"),
    "power_service/v1/app/get_models": ("brand_name",),
    "power_service/v1/app/get_relate_device_fittings": ("device_sn",),
    "power_service/v1/app/get_upgrade_record": ("type",),
    "power_service/v1/app/group/get_group_devices": ("device_sn",),
    "power_service/v1/app/order/get_charge_order_stats": ("device_sn",),
    "power_service/v1/app/order/get_charge_order_stats_list": ("device_sn",),
    "power_service/v1/app/vehicle/get_vehicle_detail": ("vehicle_id",),
    "power_service/v1/device/get_tamper_records": ("device_sn",),
    "power_service/v1/dynamic_price/price_detail": ("company", "area", "date"),
    "power_service/v1/dynamic_price/support_option": ("device_pn",),
    "power_service/v1/rfid/get_device_cards": ("device_sn",),
    "power_service/v1/site/co2_ranking": ("site_id",),
    "power_service/v1/site/energy_analysis": (
        "site_id",
        "device_sn",
        "type",
        "start_time",
        "end_time",
        "device_type",
    ),
    "power_service/v1/site/get_power_limit": ("site_id",),
    "power_service/v1/site/get_scen_info": ("site_id",),
    "power_service/v1/site/get_schedule": ("site_id",),
    "power_service/v1/site/get_site_detail": ("site_id",),
    "power_service/v1/site/get_site_device_param": ("site_id", "param_type"),
    "power_service/v1/site/get_site_price": ("site_id",),
    "power_service/v1/site/get_wifi_info_list": ("site_id",),
}
"""Mandatory body fields by read endpoint (answered with HTTP 400 when one is not set)."""
