"""powerpanel: Home Power Panel (US) with one F3800; live values from 5-minute statistics (§7.6).

Base time 2025-02-11 10:30:00 (EST); last published sample 10:20: hes [-1.26, 0.00] kW,
SOC 48 %, solar 2.26, home 1.00, grid 0.00 kW. Capacity 3840 Wh (§8.9): 3840 * 48 % = 1843.
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "b3d09569-eec9-4800-130d-784e71e2b7e9"
PANEL = "A2CJCODQKLGX5YM4"
F3800 = "9KGZDTR9EZ0U69XW"
AVG = "average_power__"

EXPECTATIONS = [
    *serials("devices", PANEL, F3800),
    *site(SITE, site_type="powerpanel", site_admin=True, power_site_type=4),
    *device(PANEL, type="powerpanel", device_pn="A17B1", alias="Garage Panel", sw_version="v1.6.8"),
    *device(F3800, type="pps", device_pn="A1790", alias="F3800 Backup", sw_version="v2.7.1"),
    *device(PANEL, **{f"{AVG}state_of_charge": "48", f"{AVG}charge_power_avg": "1.26"}),
    *device(PANEL, **{f"{AVG}discharge_power_avg": "0.00", f"{AVG}solar_power_avg": "2.26"}),
    *device(PANEL, **{f"{AVG}home_usage_avg": "1.00", f"{AVG}grid_import_avg": "0.00"}),
    *device(PANEL, battery_capacity="3840", battery_energy="1843"),
    # today's totals of the intraday answers (§7.5): hes charge/discharge, home, grid import, solar
    *energy(SITE, "today", date="2025-02-11", solar_production="3.80", home_usage="11.81"),
    *energy(SITE, "today", battery_discharge="1.43", grid_import="9.63"),
    *energy(SITE, "intraday", battery_charge="3.05", home_usage="11.81"),
    *energy(SITE, "last_period", date="2025-02-10", solar_production="16.29"),
]

test_powerpanel = value_test("powerpanel", "2025-02-11 10:30:00", EXPECTATIONS)
