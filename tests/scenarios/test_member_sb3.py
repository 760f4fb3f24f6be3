"""member_sb3: a member (shared) account of an SB3 + smart meter site (§5.4, §5.5).

Base time 2025-08-06 11:25:00 (CEST). Members get scene values but no owner-only data:
no schedule, prices, power limits, cut-off or firmware.
"""

from tests.scenarios.expect import ABSENT, device, energy, serials, site, value_test

SITE = "fe92121d-00db-f5e6-7a11-0c249aac4b5d"
SB = "0FADU05JOTKF9QEDS"
METER = "QCKCDWFP363ZXXJ6"

EXPECTATIONS = [
    *serials("devices", SB, METER),
    *site(SITE, site_type="solarbank", site_admin=False),
    # the product name comes from the catalogue, the alias from the scene
    *device(SB, type="solarbank", generation=3, name="Solarbank 3 E2700 Pro"),
    *device(SB, alias="Solarbank Dach"),
    *device(SB, is_admin=False, battery_soc="41", input_power="1619", charging_power="1325"),
    *device(SB, charging_status_desc="charge_bypass", battery_capacity="5376"),
    # int(5376 * 0.41) = 2204
    *device(SB, battery_energy="2204"),
    *device(METER, type="smartmeter", is_admin=False, alias="Zähler Keller"),
    # owner-only data is absent
    *device(SB, sw_version=ABSENT, schedule=ABSENT, power_cutoff=ABSENT, power_limit=ABSENT),
    *site(SITE, site_details__price=ABSENT, site_details__legal_power_limit=ABSENT),
    *energy(SITE, "today", date="2025-08-06", solar_production="3.92", home_usage="5.35"),
    *energy(SITE, "today", battery_charge="1.86", battery_discharge="1.82", grid_to_home="1.47"),
    *energy(SITE, "last_period", date="2025-08-05", solar_production="12.06"),
    *energy(SITE, "last_period", home_usage="12.72", battery_discharge="3.90", grid_to_home="2.86"),
]

test_member_sb3 = value_test("member_sb3", "2025-08-06 11:25:00", EXPECTATIONS)
