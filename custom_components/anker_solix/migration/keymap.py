"""Which entity of ours carries each entity of the community integration, as data.

The table maps their (platform, context kind, key) to our (platform, key); a unique id of theirs
is ``lower(<context>_<key>)``, ours ``<context>_<key>`` with the context as the cloud spells it
(serials upper-case) and the account's user id instead of its e-mail. A key of theirs that means
different entities of ours on different device types lists one target per device type (the
first whose type matches wins; ``None`` matches every type). Keys of theirs without a row here
have no equivalent of ours: their registry rows are listed in the repair issue, never deleted
silently (``UNMAPPED_SETTINGS`` gives the reason for each device setting of theirs). Their MQTT
settings map to our MQTT controls (``live_<setting>``); the registry step re-keys such a row only
where the device gets that control on that platform (owners; the model's command table). A
registry row keeps its entity id only within its platform (Home Assistant never moves an entity
id between domains), so a target always names the same platform as the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NamedTuple

from .legacy_keys import LEGACY_KEYS


class Target(NamedTuple):
    """Our entity for a key of theirs."""

    platform: str
    key: str
    device_type: str | None = None
    """Only for devices of this type (``None``: any context)."""


def _same(platform: str, kind: str, *keys: str) -> dict[tuple[str, str, str], tuple[Target, ...]]:
    """Keys that are spelled the same on both sides."""
    return {(platform, kind, key): (Target(platform, key),) for key in keys}


def _renamed(
    platform: str, kind: str, pairs: Mapping[str, str]
) -> dict[tuple[str, str, str], tuple[Target, ...]]:
    """Keys of theirs and the key of ours that means the same."""
    return {(platform, kind, old): (Target(platform, new),) for old, new in pairs.items()}


_SITE_DAILY: Final = (
    "daily_solar_production",
    "daily_solar_production_pv1",
    "daily_solar_production_pv2",
    "daily_solar_production_pv3",
    "daily_solar_production_pv4",
    "daily_solar_to_home",
    "daily_solar_to_battery",
    "daily_3rd_party_pv_to_bat",
    "daily_3rd_party_pv_to_grid",
    "daily_ac_socket",
    "daily_home_usage",
    "daily_battery_to_home",
    "daily_smartplugs_total",
    "daily_grid_import",
    "daily_grid_to_home",
    "daily_grid_to_battery",
    "daily_solar_to_grid",
    "daily_solar_share",
    "daily_battery_share",
    "daily_grid_share",
)

KEY_MAP: Final[dict[tuple[str, str, str], tuple[Target, ...]]] = {
    # --- sensor · account
    **_same("sensor", "account", "sites_poll_time", "details_poll_time", "energy_poll_time"),
    # --- sensor · site
    **_same(
        "sensor",
        "site",
        "solarbank_output_power",
        "pps_output_power",
        "smart_plugs_power",
        "other_loads_power",
        "home_load_power",
        "other_solar_power",
        "total_co2_saving",
        "solar_forecast_today",
        "solar_forecast_this_hour",
        "battery_count",
        *_SITE_DAILY,
    ),
    **_renamed(
        "sensor",
        "site",
        {
            "solarbank_list": "solarbank_count",
            "pps_list": "pps_count",
            "solar_list": "inverter_count",
            "powerpanel_list": "powerpanel_count",
            "smartmeter_list": "smartmeter_count",
            "smartplug_list": "smartplug_count",
            "hes_list": "hes_count",
            "solarbank_battery_power_signed": "solarbank_battery_power",
            "solarbank_charging_power": "solarbank_battery_power",  # 3.3.2, renamed in 3.4.0
            "solarbank_input_power": "solarbank_solar_power",
            "solarbank_state_of_charge": "solarbank_battery_soc",
            "solarbank_timestamp": "data_timestamp",
            "pps_battery_power_signed": "pps_battery_power",
            "pps_charging_power": "pps_battery_power",  # 3.3.2, renamed in 3.4.0
            "pps_state_of_charge": "pps_battery_soc",
            "total_saved_money": "total_savings",
            "total_output_energy": "total_energy",
            "total_aiems_profit": "ai_savings",
            "aiems_runtime_status": "ai_runtime_status",
            "dynamic_price_total": "dynamic_price",
            "spot_price_mwh": "spot_price",
            "set_system_output_power": "system_output_preset",
            "active_scene_mode": "usage_mode",
            "daily_discharge_energy": "daily_battery_discharge",
            "daily_charge_energy": "daily_battery_charge",
            "daily_solar_production_inverter": "daily_solar_production_microinverter",
            "parallel_device_count": "parallel_devices",
        },
    ),
    # --- sensor · device
    **_same(
        "sensor",
        "device",
        "solar_power_1",
        "solar_power_2",
        "solar_power_3",
        "solar_power_4",
        "heating_power",
        "grid_to_battery_power",
        "micro_inverter_power",
        "micro_inverter_power_limit",
        "battery_energy",
        "tag",
        "power_limit_option",
    ),
    **_renamed(
        "sensor",
        "device",
        {
            "status_desc": "status",
            "charging_status_desc": "charging_status",
            "hes_station_role": "hes_role",
            "input_power": "solar_power",
            "ac_socket": "ac_socket_power",
            "dc_output_power": "output_power",
            "output_power": "output_power",  # 3.3.2, renamed to dc_output_power in 3.4.0
            "battery_power_signed": "battery_power",
            "charging_power": "battery_power",  # 3.3.2, renamed to battery_power_signed in 3.4.0
            "ac_to_home_load": "home_power",
            "ac_generate_power": "inverter_power",
            "all_power_limit": "total_power_limit",
            "all_ac_input_limit": "total_ac_input_limit",
            "energy_today": "plug_energy_today",
            "set_output_power": "output_preset",
            "set_power_mode": "power_mode",
            "state_of_charge": "battery_soc",
            "sub_package_num": "expansion_batteries",
            "inverter_info": "inverter_model",
            "photovoltaic_to_grid_power": "grid_export_power",
            "grid_to_home_power": "grid_import_power",
            "grid_status_desc": "grid_status",
            "err_code": "error_code",
            "discharge_power_avg": "average_discharge_power",
            "charge_power_avg": "average_charge_power",
            "solar_power_avg": "average_solar_power",
            "home_usage_avg": "average_home_power",
            "grid_import_avg": "average_grid_import_power",
            "grid_export_avg": "average_grid_export_power",
        },
    ),
    ("sensor", "device", "current_power"): (
        Target("sensor", "plug_power", "smartplug"),
        Target("sensor", "power"),
    ),
    # --- sensor · live data (MQTT): their MQTT values → our model-map sensors (``live_<name>``,
    # created only for models whose map has the value; same meaning, unit and state class)
    **_renamed(
        "sensor",
        "device",
        {
            "mqtt_timestamp": "live_data_time",
            "temperature": "live_temp_c",
            **{f"exp_{n}_temperature": f"live_exp{n}_temp_c" for n in range(1, 6)},
            **{f"exp_{n}_soc": f"live_exp{n}_soc_pct" for n in range(1, 6)},
            "main_battery_soc": "live_main_soc_pct",
            **{f"device_{n}_temperature": f"live_dev{n}_temp_c" for n in range(1, 7)},
            **{f"usbc_{n}_power": f"live_usbc{n}_w" for n in range(1, 5)},
            **{f"usba_{n}_power": f"live_usba{n}_w" for n in range(1, 3)},
            **{f"dc_12v_{n}_power": f"live_car_port{n}_w" for n in range(1, 3)},
            "usb_power": "live_usb_total_w",
        },
    ),
    # --- switch / select / number · live data (MQTT): their MQTT settings → our MQTT controls
    # (``live_<setting>``, created for owners with live data where the model's command table
    # offers the setting on that platform; see ``mqtt_controls``)
    **_renamed(
        "switch",
        "device",
        {
            "ac_output_power_switch": "live_ac_out_on",
            "dc_output_power_switch": "live_dc_out_on",
            "ac_socket_switch": "live_ac_socket_on",
            "display_switch": "live_display_on",
            "ac_fast_charge_switch": "live_ac_fast_charge_on",
            "silent_mode_switch": "live_quiet_mode_on",
            "plug_lock_switch": "live_cable_lock",
            "auto_start_switch": "live_auto_start_on",
            "auto_charge_restart_switch": "live_auto_restart_on",
            "random_delay_switch": "live_random_delay_on",
            **{f"usbc_{n}_switch": f"live_usbc{n}_on" for n in range(1, 5)},
            "usba_switch": "live_usba_on",
        },
    ),
    **_renamed("text", "device", {"silent_mode_weekdays": "live_quiet_days"}),
    **_renamed(
        "time",
        "device",
        {
            "silent_mode_start_minutes": "live_quiet_start_min",
            "silent_mode_end_minutes": "live_quiet_end_min",
        },
    ),
    **_renamed(
        "select",
        "device",
        {
            "temp_unit": "live_temp_unit_f",
            "light_mode": "live_light_mode",
            "display_mode": "live_display_brightness_level",
            "display_timeout": "live_display_off_s",
            "device_timeout": "live_auto_off_min",
            "ac_output_mode": "live_ac_out_mode",
            "dc_12v_output_mode": "live_car_port_mode",
            "preset_ac_input_limit": "live_ac_charge_limit_w",
            "preset_pv_input_limit": "live_pv_limit_w",
            "min_soc": "live_discharge_cutoff_pct",
            "max_soc": "live_soc_max_pct",
            "wipe_up_mode": "live_swipe_up_action",
            "wipe_down_mode": "live_swipe_down_action",
            "smart_touch_mode": "live_touch_mode",
        },
    ),
    **_renamed(
        "number",
        "device",
        {
            "sb_min_soc": "live_discharge_cutoff_pct",
            "sb_max_soc": "live_soc_max_pct",
            "sb_backup_soc": "live_soc_backup_pct",
            "pps_backup_soc": "live_soc_backup_pct",
            "ac_output_timeout": "live_ac_out_auto_off_s",
            "dc_output_timeout": "live_dc_out_auto_off_s",
            "preset_ac_input_limit": "live_ac_charge_limit_w",
            "device_timeout": "live_auto_off_min",
            "max_evcharge_current": "live_ev_current_limit_a",
            "main_breaker_limit": "live_main_fuse_a",
        },
    ),
    # --- sensor · vehicle
    ("sensor", "vehicle", "update_timestamp"): (Target("sensor", "last_update"),),
    # --- binary_sensor
    **_renamed(
        "binary_sensor",
        "account",
        {"has_unread_msg": "unread_messages", "mqtt_connection": "mqtt_connected"},
    ),
    **_same(
        "binary_sensor",
        "site",
        "site_admin",
        "heating",
        "micro_inverter_power_exceed",
        "offgrid_with_micro_inverter_alert",
    ),
    **_renamed("binary_sensor", "site", {"connected": "cloud_connection"}),
    **_same("binary_sensor", "device", "wifi_connection", "wired_connection", "ai_ems_enabled"),
    **_renamed("binary_sensor", "device", {"auto_switch": "ai_controlled"}),
    **_same("binary_sensor", "vehicle", "smart_charging"),
    **_renamed("binary_sensor", "vehicle", {"connected_to_enodeapi": "enode_connection"}),
    # --- switch
    **_same("switch", "account", "allow_refresh"),
    **_same(
        "switch",
        "device",
        "auto_upgrade",
        "preset_allow_export",
        "preset_discharge_priority",
        "preset_backup_option",
        "allow_grid_export",
    ),
    **_same("switch", "vehicle", "default_vehicle"),
    # --- select
    **_same("select", "site", "system_price_unit", "system_price_type", "dynamic_price_provider"),
    **_same(
        "select",
        "device",
        "power_cutoff",
        "preset_usage_mode",
        "preset_tariff",
        "preset_inverter_limit",
    ),
    **_same(
        "select", "vehicle", "vehicle_brand", "vehicle_model", "vehicle_year", "vehicle_variant"
    ),
    # --- number
    **_same("number", "site", "system_price", "dynamic_price_fee", "dynamic_price_vat"),
    **_same(
        "number",
        "device",
        "preset_system_output_power",
        "preset_device_output_power",
        "preset_charge_priority",
        "preset_tariff_price",
        "battery_capacity",
    ),
    **_same(
        "number",
        "vehicle",
        "battery_capacity",
        "ac_max_charging_power",
        "energy_consumption_per_100km",
    ),
    # --- button
    **_same("button", "account", "refresh_vehicles"),
    **_same("button", "device", "refresh_device"),
    **_renamed("button", "device", {"mqtt_realtime_trigger": "start_live_updates"}),
    # --- update: their firmware entity (3.7.0+); their firmware sensor and update-available
    # binary sensor of ≤3.6.3 cannot move domain (ours are gone for the update entity too).
    ("update", "device", "sw_version"): (Target("update", "firmware"),),
    # --- datetime
    **_same("datetime", "device", "preset_manual_backup_start", "preset_manual_backup_end"),
}
"""Their (platform, context kind, key) → our targets, first matching device type wins."""

_NOT_OFFERED: Final = "setting not offered as a control here (no row in mqtt_controls)"
_EV_CHARGER: Final = "EV charger setting: no EV charger controls here"
_ALTERNATOR: Final = "alternator charger setting: no such controls here"
_USB_CHARGER: Final = "USB charger / smart plug setting: no such controls here"
_SCHEDULE: Final = "charger port timer or schedule: schedule and timer commands are not offered"

UNMAPPED_SETTINGS: Final[dict[tuple[str, str, str], str]] = {
    ("switch", "device", "light_switch"): "LED switch: its on/off meaning is not verified",
    ("switch", "device", "sb_backup_soc_switch"): (
        "no status reports it; the SOC limits control sends it from the backup SOC"
    ),
    ("switch", "device", "mqtt_overlay"): "no overlay switch: the fresher source always shows",
    ("switch", "device", "ac_charge_switch"): "removed by them in 3.8.0 (orphan of theirs)",
    **{
        ("switch", "device", key): _NOT_OFFERED
        for key in (
            "energy_saving_switch",
            "port_memory_switch",
            "device_switch",
            "device_timeout_switch",
        )
    },
    **{
        ("switch", "device", key): _USB_CHARGER
        for key in (
            "ac_1_switch",
            "ac_2_switch",
            "clock_switch",
            "holiday_switch",
        )
    },
    **{
        ("switch", "device", f"{port}_{kind}_switch"): _SCHEDULE
        for port in ("usbc_1", "usbc_2", "usbc_3", "usbc_4", "usba")
        for kind in ("timer", "start", "end")
    },
    ("switch", "device", "light_off_schedule_switch"): _SCHEDULE,
    **{
        ("switch", "device", key): _EV_CHARGER
        for key in (
            "modbus_switch",
            "load_balance_switch",
            "solar_evcharge_switch",
            "auto_phase_switch",
            "charge_schedule_switch",
        )
    },
    ("select", "device", "preset_load_type"): "AC charging in a schedule slot cannot be set here",
    ("select", "device", "max_load"): "output limits: no control of ours yet",
    ("select", "device", "max_load_total"): "output limits: no control of ours yet",
    ("select", "device", "ac_output_timeout"): (
        "select variant: ours is a number on every model (an entity id never changes domain)"
    ),
    ("select", "device", "backup_soc"): (
        "select variant: ours is a number on every model (an entity id never changes domain)"
    ),
    ("select", "device", "pps_usage_mode"): "usage modes are not offered over live data",
    ("select", "device", "light_brightness"): (
        "select variant: ours is a number (EV charger LED brightness; an entity id never changes"
        " domain)"
    ),
    ("select", "device", "display_theme"): "theme commands are not offered",
    **{
        ("select", "device", key): _EV_CHARGER
        for key in (
            "max_evcharge_current",
            "solar_evcharge_min_current",
            "ev_charger_mode",
            "solar_evcharge_mode",
            "schedule_mode",
            "weekend_mode",
        )
    },
    **{
        ("select", "device", key): _ALTERNATOR
        for key in (
            "charger_mode",
            "car_battery_type",
            "car_battery_voltage_type",
            "charge_power_limit",
            "reverse_power_limit",
        )
    },
    **{
        ("select", "device", key): _USB_CHARGER
        for key in ("charger_usage_mode", "knob_mode", "clock_mode", "charger_port_priority")
    },
    ("number", "device", "grid_export_limit"): "grid export limit: no control of ours yet",
    ("number", "device", "solar_evcharge_min_current"): _EV_CHARGER,
    ("number", "device", "charge_voltage_limit"): _ALTERNATOR,
    ("number", "device", "display_brightness"): (
        "percent variant: ours is a select of brightness levels (an entity id never changes domain)"
    ),
    **{
        ("text", "device", key): _USB_CHARGER
        for key in (*(f"port_c{n}_remark" for n in range(1, 5)), "port_a1_remark", "port_a2_remark")
    },
    **{
        ("text", "device", f"{port}_{kind}_weekdays"): _SCHEDULE
        for port in ("usbc_1", "usbc_2", "usbc_3", "usbc_4", "usba")
        for kind in ("start", "end")
    },
    ("text", "device", "clock_display_weekdays"): _USB_CHARGER,
    **{
        ("time", "device", f"{port}_{kind}"): _SCHEDULE
        for port in ("usbc_1", "usbc_2", "usbc_3", "usbc_4", "usba")
        for kind in ("timer_seconds", "start_time", "end_time")
    },
    ("time", "device", "light_off_start_time"): _SCHEDULE,
    ("time", "device", "light_off_end_time"): _SCHEDULE,
    ("time", "device", "clock_display_start_time"): _USB_CHARGER,
    ("time", "device", "clock_display_end_time"): _USB_CHARGER,
    **{
        ("time", "device", key): _EV_CHARGER
        for key in ("week_start_time", "week_end_time", "weekend_start_time", "weekend_end_time")
    },
}
"""Their device settings (switch, select, number, text, time) without an equivalent here, with
the reason (their rows are listed in the repair issue)."""
CONTROLS_WITHOUT_THEIRS: Final = frozenset(
    {"live_timer_delay", "live_timer_target_on", "live_timer_state", "live_light_brightness_pct"}
)
"""Our MQTT controls no setting of theirs meant: the smart plug's delayed switching (theirs
offered no such control), the EV charger's LED brightness (theirs was a select)."""

FITTING_KEY: Final = "fittings"
"""Their per-accessory sensor: unique id ``<sn>_<accessory sn>_fittings``, ours
``<SN>_fitting_<ACCESSORY SN>``."""


def target_for(platform: str, kind: str, key: str, device_type: str | None) -> Target | None:
    """Our entity for a key of theirs on a context of ``kind`` (device type if a device)."""
    for target in KEY_MAP.get((platform, kind, key), ()):
        if target.device_type is None or target.device_type == device_type:
            return target
    return None


def coverage() -> dict[str, tuple[int, int, int, int]]:
    """Per platform of theirs: keys we carry, their keys, and the same for 3.3.2's keys.

    A key is one (platform, context kind, key) of ``legacy_keys`` (descriptions sharing a key
    make one registry row); the accessory sensor counts as carried (handled apart).
    """
    counts: dict[str, list[int]] = {}
    for row in LEGACY_KEYS:
        carried = (row.platform, row.kind, row.key) in KEY_MAP or (
            row.platform,
            row.key,
        ) == ("sensor", FITTING_KEY)
        line = counts.setdefault(row.platform, [0, 0, 0, 0])
        line[0] += carried
        line[1] += 1
        if row.since == "3.3.2":
            line[2] += carried
            line[3] += 1
    return {platform: (a, b, c, d) for platform, (a, b, c, d) in counts.items()}
