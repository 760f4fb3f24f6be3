"""sb3_multisystem_dock: three SB3 behind a passive Power Dock AE100 with a smart meter.

Base time 2025-03-06 12:35:50 (CET); smartmeter mode (1) -> no system preset (§6.7).
"""

from tests.scenarios.expect import Expect, device, energy, serials, site, value_test

SITE = "f89e8f06-a45f-2465-f7ca-2e5c1eb6c4ff"
NORTH = "DEFX24CK8Y4ZV8FKQ"
SOUTH = "P4RAW5OIWDPBAENEG"
WEST = "HE6N3ZCGQHXEP4CEM"
METER = "LFFO04LAM2G1C4RE"
DOCK = "7DQ4OWL2URMSOS15Z"


def _banks(**values: object) -> list[Expect]:
    """The same expectations on all three Solarbanks."""
    return [e for serial in (NORTH, SOUTH, WEST) for e in device(serial, **values)]


EXPECTATIONS = [
    # the dock exists only in get_power_limit.ae100_info; it is added, nothing is dropped
    *serials("devices", NORTH, SOUTH, WEST, METER, DOCK),
    *_banks(type="solarbank", generation=3, name="Solarbank 3 E2700 Pro", sw_version="v1.0.3.1"),
    *_banks(solarbank_count=3, station_sn=DOCK, allow_grid_export=True, preset_usage_mode=1),
    *_banks(preset_system_output_power=None),
    # §8.1 multisystem: North out 450 -> 1150 (dis 0 + pv 1150 > 450), +700
    *device(NORTH, alias="Carport North", output_power="1150", charging_power="700"),
    *device(SOUTH, alias="Carport South", output_power="400", charging_power="-250"),
    *device(WEST, alias="Carport West", output_power="380", charging_power="0"),
    *device(NORTH, charging_status_desc="charge_bypass", battery_capacity="8064"),
    *device(SOUTH, charging_status_desc="bypass_discharge", battery_capacity="5376"),
    *device(WEST, charging_status_desc="fully_charged", battery_capacity="2688"),
    *device(NORTH, battery_energy="4032"),
    *device(SOUTH, battery_energy="4408"),
    *device(WEST, battery_energy="2688"),
    # §8.4 power dock
    *device(DOCK, type="combiner_box", device_pn="AE100", alias="Power Dock", is_passive=True),
    *device(DOCK, all_power_limit="3600", all_ac_input_limit="2400", power_cutoff=10),
    *device(DOCK, allow_grid_export=True),
    *device(METER, type="smartmeter", grid_to_home_power="45"),
    *site(SITE, site_type="solarbank", solarbank_info__total_charging_power="450"),
    *site(SITE, site_details__legal_power_limit=3600, site_details__parallel_type="AE100"),
    *site(SITE, site_details__station_sn=DOCK),
    *energy(SITE, "today", date="2025-03-06", solar_production="5.42", battery_discharge="2.94"),
    *energy(SITE, "today", home_usage="5.58", battery_to_home="2.94"),
    *energy(SITE, "last_period", date="2025-03-05", solar_production="6.80"),
    *energy(SITE, "last_period", battery_discharge="7.73", home_usage="11.82"),
    *energy(SITE, "last_period", battery_to_home="7.73", solar_production_pv1="2.33"),
]

test_sb3_multisystem_dock = value_test("sb3_multisystem_dock", "2025-03-06 12:35:50", EXPECTATIONS)
