"""sb2_ac_usetime_backup: SB2 AC + meter in use_time mode with an active AC charge window.

Base time 2025-03-12 11:05:30 (CET, Wednesday, March = season 1): weekday hour 11 lies in
06-17 = type 3 off-peak at 0.29 €; backup window 1741771800-1741782600 contains now (§6.7).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "10f9b989-4cef-bd3a-c6c9-0bd6b08e0fcf"
SB = "5XFBDC1JWED7U4AX"
METER = "0RXPC38L3YKWAHK8"

EXPECTATIONS = [
    *serials("devices", SB, METER),
    *device(SB, type="solarbank", generation=2, device_pn="A17C2", name="Solarbank 2 E1600 AC"),
    *device(SB, alias="Garage AC", sw_version="v1.0.4.7", battery_soc="46", input_power="434"),
    # §8.1: chg 934 > 0 -> +934; §8.2 status 0, charge > 0, out 150 > 0 -> charge_bypass
    *device(SB, charging_power="934", charging_status_desc="charge_bypass"),
    *device(SB, battery_capacity="3200", battery_energy="1472", wifi_signal="86"),
    *device(SB, preset_usage_mode=4, preset_backup_option=True),
    *device(SB, preset_manual_backup_start=1741771800, preset_manual_backup_end=1741782600),
    *device(SB, preset_tariff=3, preset_tariff_price="0.29", preset_tariff_currency="€"),
    *device(SB, allow_grid_export=True),
    *device(METER, type="smartmeter", alias="House Meter", grid_to_home_power="1020"),
    # the meter's Wi-Fi entry has wifi_signal "": (-60 + 85) * 100 / 35 = 71.4 -> 71
    *device(METER, photovoltaic_to_grid_power="0", wifi_signal="71"),
    *site(SITE, site_type="solarbank", site_admin=True, site_details__price_type="use_time"),
    *site(SITE, scene_mode=4, user_scene_mode=5, solarbank_info__total_charging_power="934"),
    *energy(SITE, "today", date="2025-03-12", solar_production="0.92", battery_discharge="0.00"),
    *energy(SITE, "today", home_usage="2.40", grid_to_home="1.80", grid_to_battery="0.43"),
    *energy(SITE, "today", ac_socket="0.00", solar_production_microinverter="0.00"),
    *energy(SITE, "last_period", date="2025-03-11", solar_production="3.52"),
    *energy(SITE, "last_period", battery_discharge="1.42", home_usage="5.85"),
    *energy(SITE, "last_period", grid_to_home="2.18", grid_to_battery="0.00"),
    *energy(SITE, "last_period", battery_charge="1.27"),
]

test_sb2_ac_usetime_backup = value_test(
    "sb2_ac_usetime_backup", "2025-03-12 11:05:30", EXPECTATIONS
)
