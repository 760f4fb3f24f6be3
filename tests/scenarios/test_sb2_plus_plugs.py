"""sb2_plus_plugs: SB2 Plus with three smart plugs in smart-plug mode (blend plan).

Base time 2025-03-23 14:35:50 (CET, Sunday = weekday 0) -> blend plan element [0, 6],
slot 08:00-24:00: 100 W (§6.7).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "24614b6c-ddaf-04a6-2cc1-f9141b7eeff7"
SB = "961JPFEHEZLL1HAC"
FRIDGE = "6YTH9GZBGSSGTRXH"
WASHER = "M1CGG12FTVRTOVIU"
OFFICE = "K8CK9D8130T37HED"

EXPECTATIONS = [
    *serials("devices", SB, FRIDGE, WASHER, OFFICE),
    *device(SB, type="solarbank", generation=2, device_pn="A17C3", alias="Solarbank Plus"),
    *device(SB, name="Solarbank 2 E1600 Plus", sw_version="v1.0.8.2", battery_soc="93"),
    # §8.1: dis 170 -> -170; the site total "0" is replaced by pv - out = 419 - 589 = -170
    *device(SB, charging_power="-170", output_power="589", input_power="419"),
    # §8.2 status 0, charge < 0, pv > 0 -> bypass_discharge
    *device(SB, charging_status_desc="bypass_discharge", battery_energy="1488"),
    *device(SB, preset_usage_mode=2, preset_system_output_power=100, wifi_signal="66"),
    *device(FRIDGE, type="smartplug", alias="Kühlschrank", current_power="85"),
    *device(WASHER, type="smartplug", alias="Waschmaschine", current_power="332"),
    *device(OFFICE, type="smartplug", alias="Büro", current_power="72", sw_version="v0.0.2.9"),
    *device(FRIDGE, energy_today="0.57", energy_last_period="0.95"),
    *device(WASHER, energy_today="0.23", energy_last_period="0.58"),
    *site(SITE, site_type="solarbank", solarbank_info__total_charging_power="-170"),
    *energy(SITE, "today", date="2025-03-23", home_usage="1.62", smartplugs_total="1.04"),
    *energy(SITE, "today", solar_production="2.75", battery_discharge="0.27"),
    *energy(SITE, "last_period", date="2025-03-22", home_usage="4.27", smartplugs_total="2.26"),
    *energy(SITE, "last_period", solar_production_pv1="2.04", battery_to_home="1.97"),
]

test_sb2_plus_plugs = value_test("sb2_plus_plugs", "2025-03-23 14:35:50", EXPECTATIONS)
