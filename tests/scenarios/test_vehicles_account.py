"""vehicles_account: SB2 Plus site in manual mode plus two registered vehicles (§4.9, §5.9).

Base time 2025-05-20 12:25:00 (CEST, Tuesday) -> weekday slot 08:00-18:00: 300 W (§6.7).
"""

from tests.scenarios.expect import Expect, account, device, energy, serials, site, value_test

SITE = "d2eee334-710a-0ca0-c470-ddd812a1e640"
SB = "96F9Z566SOJRWRM9"
FAMILY = "cccd5bc0-7f8b-2a3e-ff24-a69cceb184bf"
CITY = "1300bf5d-64d6-d136-4146-cfece3f2b7e9"
VEHICLES = "vehicles"

EXPECTATIONS = [
    *serials("devices", SB),
    Expect("account", "", f"{VEHICLES}.@keys", sorted([FAMILY, CITY])),
    *account(**{f"{VEHICLES}__{FAMILY}__vehicle_name": "Familienauto"}),
    *account(**{f"{VEHICLES}__{FAMILY}__brand": "Volkswagen"}),
    *account(**{f"{VEHICLES}__{FAMILY}__model": "ID.3 Pro S"}),
    *account(**{f"{VEHICLES}__{FAMILY}__type": "vehicle"}),
    *account(**{f"{VEHICLES}__{CITY}__vehicle_name": "Stadtflitzer"}),
    *account(**{f"{VEHICLES}__{CITY}__productive_year": 2024}),
    *device(SB, type="solarbank", generation=2, name="Solarbank 2 E1600 Plus"),
    *device(SB, alias="Carport Speicher", sw_version="v2.0.3.7", battery_soc="61"),
    # §8.1 +355 (chg); §8.2 status 0, charge > 0, out 300 > 0 -> charge_bypass
    *device(SB, charging_power="355", charging_status_desc="charge_bypass"),
    *device(SB, battery_capacity="1600", battery_energy="976"),
    *device(SB, preset_usage_mode=3, preset_system_output_power=300),
    *site(SITE, site_type="solarbank", site_admin=True),
    *energy(SITE, "today", date="2025-05-20", solar_production="2.40", home_usage="2.28"),
    *energy(SITE, "today", battery_discharge="0.75", battery_charge="0.87"),
    *energy(SITE, "last_period", date="2025-05-19", solar_production="6.22"),
    *energy(SITE, "last_period", home_usage="5.75", battery_discharge="1.05"),
]

test_vehicles_account = value_test("vehicles_account", "2025-05-20 12:25:00", EXPECTATIONS)
