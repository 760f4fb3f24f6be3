"""sb2_cascaded_sb1: SB2 Pro in manual mode with a cascaded SB1 under an enforced schedule (§6.2).

Base time 2025-03-25 14:40:10 (CET, Tuesday) -> SB2 weekday slot 06:00-17:00: 350 W.
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "8ead84eb-d013-94e0-4b6e-d856f09d2e14"
SB2 = "9V42QGHICX01LIMZ"
SB1 = "SGVTMIBVCPSUKOXY"

EXPECTATIONS = [
    *serials("devices", SB2, SB1),
    *device(SB2, type="solarbank", generation=2, name="Solarbank 2 E1600 Pro", alias="Roof East"),
    *device(SB1, type="solarbank", generation=1, name="Solarbank E1600", alias="Shed SB1"),
    *device(SB2, sw_version="v1.0.6.3", battery_soc="58", charging_power="335"),
    *device(SB1, sw_version="v2.1.0.4", battery_soc="72", charging_power="200", cascaded=True),
    # §8.2: SB2 status 0, charge > 0, out 350 > 0; SB1 status 3, out 180 > 0
    *device(SB2, charging_status_desc="charge_bypass", preset_usage_mode=3),
    *device(SB1, charging_status_desc="charge_bypass"),
    # §8.3: solarbank_count counts the same model only -> 1 each; 350 / 1
    *device(SB2, solarbank_count=1, preset_system_output_power=350, set_output_power="350"),
    *device(SB1, solarbank_count=1, preset_system_output_power=None),
    *device(SB1, set_system_output_power="180"),
    *device(SB2, battery_capacity="1600", battery_energy="928"),
    *device(SB1, battery_capacity="1600", battery_energy="1152"),
    *site(SITE, site_type="solarbank", site_admin=True, solarbank_info__sb_cascaded=True),
    # §8.3 rebuilt totals: pv 685 + 380 - 180; net 335 + 200; SOC (58 + 72) / 2
    *site(SITE, solarbank_info__total_photovoltaic_power="885"),
    *site(SITE, solarbank_info__total_charging_power="535"),
    *site(SITE, solarbank_info__total_battery_power="0.65"),
    *energy(SITE, "today", date="2025-03-25", solar_production="2.95", battery_discharge="0.83"),
    *energy(SITE, "today", home_usage="3.75", solar_production_pv1="1.11"),
    *energy(SITE, "last_period", date="2025-03-24", solar_production="3.67"),
    *energy(SITE, "last_period", battery_discharge="1.27", home_usage="6.90"),
    *energy(SITE, "last_period", battery_to_home="1.27", grid_to_home="2.74"),
]

test_sb2_cascaded_sb1 = value_test("sb2_cascaded_sb1", "2025-03-25 14:40:10", EXPECTATIONS)
