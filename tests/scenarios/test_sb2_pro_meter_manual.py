"""sb2_pro_meter_manual: SB2 Pro + 1 expansion + smart meter, manual weekday/weekend plan.

Base time 2025-03-21 11:45:12 (CET, Friday = weekday 5) -> plan element [1..5],
slot 09:00-17:00: 180 W (§6.7).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "d34845e9-b4f5-a23d-d89c-ae59e25fe444"
SB = "LMXGZ1W1C003XF18"
METER = "JW6FB59P5E8W52I2"

EXPECTATIONS = [
    *serials("devices", SB, METER),
    *device(SB, type="solarbank", generation=2, name="Solarbank 2 E1600 Pro"),
    *device(SB, alias="Solarbank Pro Dach", sw_version="v1.1.2.4", sub_package_num=1),
    # §8.1 +839; §8.2 status 0, charge > 0, out 180 > 0 -> charge_bypass
    *device(SB, battery_soc="63", charging_power="839", charging_status_desc="charge_bypass"),
    *device(SB, battery_capacity="3200", battery_energy="2016", solar_power_1="275"),
    *device(SB, preset_usage_mode=3, preset_system_output_power=180),
    *device(METER, type="smartmeter", alias="Zähler Keller", grid_to_home_power="158"),
    *device(METER, grid_status="0", grid_status_desc="ok", wifi_signal="60"),
    *site(SITE, site_type="solarbank", site_admin=True, site_info__site_name="Reihenhaus"),
    *site(SITE, site_details__price=0.34, solarbank_info__total_charging_power="839"),
    *energy(SITE, "today", date="2025-03-21", solar_production="2.59", home_usage="3.38"),
    *energy(SITE, "today", grid_to_home="1.58", solar_to_grid="0.05", battery_charge="1.67"),
    *energy(SITE, "last_period", date="2025-03-20", solar_production="7.11", home_usage="8.06"),
    *energy(SITE, "last_period", grid_to_home="2.95", solar_to_grid="2.15"),
    *energy(SITE, "last_period", battery_charge="2.88", solar_production_pv1="1.92"),
]

test_sb2_pro_meter_manual = value_test("sb2_pro_meter_manual", "2025-03-21 11:45:12", EXPECTATIONS)
