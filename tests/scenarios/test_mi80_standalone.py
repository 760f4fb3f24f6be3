"""mi80_standalone: an MI80 bound without any site becomes a virtual site (§8.10, §7.4).

Base time 2025-07-15 12:30:00 (CEST); statisticsPv week = yesterday 6.14, today 2.79 kWh.
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

INVERTER = "RCKDUF2Y6SQ2"
VIRTUAL = f"virtual-{INVERTER}"

EXPECTATIONS = [
    *serials("devices", INVERTER),
    *serials("sites", VIRTUAL),
    *site(VIRTUAL, type="system", site_type="virtual", power_site_type=0, site_admin=True),
    *site(VIRTUAL, site_info__site_name="Standalone inverter"),
    *site(VIRTUAL, solar_info__micro_inverter_power_limit="800W"),
    *site(VIRTUAL, site_details__price=0.35, site_details__site_price_unit="€"),
    *device(INVERTER, type="inverter", device_pn="A5143", site_id=VIRTUAL, alias="Balkon MI80"),
    *device(INVERTER, sw_version="v0.0.1.6", status="1", status_desc="online"),
    *device(INVERTER, generate_power="790", preset_inverter_limit="800"),
    *energy(VIRTUAL, "today", date="2025-07-15", solar_production="2.79"),
    *energy(VIRTUAL, "last_period", date="2025-07-14", solar_production="6.14"),
]

test_mi80_standalone = value_test("mi80_standalone", "2025-07-15 12:30:00", EXPECTATIONS)
