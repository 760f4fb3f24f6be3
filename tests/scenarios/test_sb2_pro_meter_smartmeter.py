"""sb2_pro_meter_smartmeter: SB2 Pro + 2 expansions + smart meter in smart-meter mode.

Base time 2025-03-24 12:10:05 (CET, Monday); mode 1 has no plan -> preset null (§6.7).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "82276cdb-87be-c519-d412-0cecadd06952"
SB = "47IHOFZ5UULTII84"
METER = "ZOTF56PPZWLJL7FN"

EXPECTATIONS = [
    *serials("devices", SB, METER),
    *device(SB, type="solarbank", generation=2, name="Solarbank 2 E1600 Pro", alias="SB2 Pro"),
    # §8.1: dis 73 -> -73; site total "0" replaced by 239 - 312 = -73
    *device(SB, battery_soc="33", charging_power="-73", input_power="239", output_power="312"),
    *device(SB, charging_status_desc="bypass_discharge", sub_package_num=2),
    # §8.9: 1600 * 3 = 4800; 4800 * 33 % = 1584
    *device(SB, battery_capacity="4800", battery_energy="1584"),
    *device(SB, preset_usage_mode=1, preset_system_output_power=None, allow_grid_export=True),
    *device(METER, type="smartmeter", alias="Stromzähler", grid_to_home_power="17"),
    *site(SITE, site_type="solarbank", solarbank_info__total_charging_power="-73"),
    *site(SITE, scene_mode=1, site_details__price=0.29),
    *energy(SITE, "today", date="2025-03-24", solar_production="0.64", home_usage="2.71"),
    *energy(SITE, "today", grid_to_home="0.26", battery_discharge="1.88", solar_to_grid="0.01"),
    *energy(SITE, "last_period", date="2025-03-23", solar_production="9.78", home_usage="7.34"),
    *energy(SITE, "last_period", grid_to_home="0.37", battery_discharge="4.58"),
    *energy(SITE, "last_period", solar_to_grid="3.82", solar_production_pv4="2.34"),
]

test_sb2_pro_meter_smartmeter = value_test(
    "sb2_pro_meter_smartmeter", "2025-03-24 12:10:05", EXPECTATIONS
)
