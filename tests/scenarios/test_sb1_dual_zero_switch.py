"""sb1_dual_zero_switch: two Solarbank E1600, advanced split 220/80 W, 0 W switch on the west unit.

Base time 2025-03-19 13:10:40 (CET) -> slot 07:00-19:00: system 300 W, power_setting_mode 2,
device loads Ost 220 / West 80, charge priority 10; no MI80, so the preset is effective (§6.7).
"""

from tests.scenarios.expect import Expect, device, energy, serials, site, value_test

SITE = "7838b645-4794-6dc1-a8ab-db76fcaf3679"
OST = "NFSWNARPOTCEPS53"
WEST = "Q70DW3AG4FBNPIQF"


def _both(**values: object) -> list[Expect]:
    """The same expectations on both Solarbanks."""
    return device(OST, **values) + device(WEST, **values)


EXPECTATIONS = [
    *serials("devices", OST, WEST),
    *_both(type="solarbank", generation=1, name="Solarbank E1600", sw_version="v2.0.9"),
    *_both(solarbank_count=2, battery_capacity="1600", charging_status_desc="charge_bypass"),
    *_both(preset_system_output_power=300, preset_power_mode=2, preset_charge_priority=10),
    *_both(preset_allow_export=True, preset_discharge_priority=None),
    *_both(set_system_output_power="300"),
    # §8.1: both charge (+chg); site total 561 = 236 + 325 keeps each value
    *device(OST, alias="Solarbank Ost", battery_soc="70", charging_power="236"),
    *device(WEST, alias="Solarbank West", battery_soc="66", charging_power="325"),
    *device(OST, output_power="220"),
    *device(WEST, output_power="80"),
    *device(OST, battery_energy="1120", set_output_power="220", preset_device_output_power=220),
    *device(WEST, battery_energy="1056", set_output_power="80", preset_device_output_power=80),
    *device(OST, wifi_signal="77", fittings={}),
    *device(WEST, wifi_signal="51"),
    Expect("devices", WEST, "fittings.@keys", ["M4PPLI9NUNYE"]),
    *site(SITE, site_type="solarbank", site_admin=True, solarbank_info__total_charging_power="561"),
    *site(SITE, site_details__price=0.36, site_details__price_type="fixed"),
    *energy(SITE, "today", date="2025-03-19", solar_production="3.48", battery_discharge="0.37"),
    *energy(SITE, "today", battery_charge="1.85", solar_to_home="1.63"),
    *energy(SITE, "last_period", date="2025-03-18", solar_production="6.00"),
    *energy(SITE, "last_period", battery_discharge="3.18", battery_charge="2.88"),
    *energy(SITE, "last_period", solar_to_home="3.12"),
]

test_sb1_dual_zero_switch = value_test("sb1_dual_zero_switch", "2025-03-19 13:10:40", EXPECTATIONS)
