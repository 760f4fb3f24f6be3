"""sb1_single: one Solarbank E1600 behind an MI80, 3-slot schedule, charge priority 85 % > SOC 80 %.

Base time 2025-03-18 12:05:30 (CET) -> slot 10:00-24:00: preset 300 W, export on, priority 85;
the MI80 is configured (solar_model A5143) and 85 > SOC 80, so the effective output is "0" (§6.7).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "42aac864-2bdd-2635-e7dc-ad731a666e2f"
SB1 = "2CBMC6GFUP32YU4Y"

EXPECTATIONS = [
    *serials("devices", SB1),
    *serials("sites", SITE),
    *device(SB1, type="solarbank", generation=1, device_pn="A17C0", name="Solarbank E1600"),
    *device(SB1, alias="Solarbank Balkon", sw_version="v2.1.1", is_admin=True, site_id=SITE),
    # §8.1: chg 396 > 0 -> +396; site total 396 rescales to itself
    *device(SB1, battery_soc="80", input_power="396", output_power="0", charging_power="396"),
    # §8.2 status 3: out 0, pv 396 > preset, charge > 0 -> charge_priority
    *device(SB1, charging_status="3", charging_status_desc="charge_priority"),
    *device(SB1, battery_capacity="1600", battery_energy="1280", solarbank_count=1),
    *device(SB1, preset_system_output_power=300, preset_allow_export=True),
    *device(SB1, preset_charge_priority=85, preset_discharge_priority=0),
    *device(SB1, set_system_output_power="0", set_output_power="0", wifi_signal="69"),
    *site(SITE, site_type="solarbank", site_admin=True, site_info__site_name="Balkon West"),
    *site(SITE, solarbank_info__total_charging_power="396", site_details__price=0.31),
    # week file = 03-17 + 03-18; today from the _today file; yesterday = week - today
    *energy(SITE, "today", date="2025-03-18", solar_production="1.12", battery_discharge="0.00"),
    *energy(SITE, "today", battery_charge="1.12", solar_to_home="0.00", battery_percentage="1.00"),
    *energy(SITE, "last_period", date="2025-03-17", solar_production="4.04"),
    *energy(SITE, "last_period", battery_discharge="1.90", battery_charge="1.45"),
    *energy(SITE, "last_period", solar_to_battery="1.45", solar_to_home="2.59"),
]

test_sb1_single = value_test("sb1_single", "2025-03-18 12:05:30", EXPECTATIONS)
