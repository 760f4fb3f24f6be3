"""sb3_shelly_dynamic: SB3 + Shelly Pro 3EM in smart (AI) mode with Nordpool dynamic prices.

Base time 2025-03-18 12:20:45 (CET): current price slot 12:00, spot 3.85 €/MWh;
DE defaults fee 0.17895 €/kWh, VAT 19 % -> (3.85 / 1000 + 0.17895) * 1.19 = 0.21753 (§8.5).
"""

from tests.scenarios.expect import device, energy, serials, site, value_test

SITE = "85b17b79-49e1-6e8a-aee1-51c7baea4f5d"
SB = "CM64DY5TZN8S3OS1Y"
METER = "7QCFTHR5R88ZQX"
PRICES = "site_details__dynamic_price_details__"

EXPECTATIONS = [
    *serials("devices", SB, METER),
    *device(SB, type="solarbank", generation=3, name="Solarbank 3 E2700 Pro"),
    *device(SB, alias="Balcony South"),
    # §8.1 +285; §8.2 status 0, charge > 0, out 600 > 0 -> charge_bypass
    *device(SB, battery_soc="62", charging_power="285", charging_status_desc="charge_bypass"),
    *device(SB, battery_capacity="5376", battery_energy="3333", sub_package_num=1),
    *device(SB, preset_usage_mode=7, preset_system_output_power=None, solarbank_count=1),
    *device(METER, type="smartmeter", device_pn="SHEMP3", alias="Grid Meter", sw_version="v1.4.4"),
    *site(SITE, site_type="solarbank", site_admin=True, site_details__price_type="dynamic"),
    *site(SITE, **{f"{PRICES}dynamic_price_provider": "DE/Nordpool/GER"}),
    *site(SITE, **{f"{PRICES}dynamic_price_fee": "0.17895", f"{PRICES}dynamic_price_vat": "19"}),
    *site(SITE, **{f"{PRICES}dynamic_price_total": "0.2175", f"{PRICES}spot_price_unit": "€"}),
    *site(SITE, **{f"{PRICES}spot_price_mwh": "3.85"}),
    *site(SITE, **{f"{PRICES}spot_price_mwh_avg_today": "78.96"}),
    *site(SITE, energy_details__pv_forecast_details__forecast_24h="7.31"),
    *energy(SITE, "today", date="2025-03-18", solar_production="3.11", battery_discharge="1.93"),
    *energy(SITE, "today", home_usage="3.46", battery_charge="1.57"),
    *energy(SITE, "last_period", date="2025-03-17", solar_production="4.13"),
    *energy(SITE, "last_period", battery_discharge="3.53", home_usage="7.22", grid_to_home="0.98"),
]

test_sb3_shelly_dynamic = value_test("sb3_shelly_dynamic", "2025-03-18 12:20:45", EXPECTATIONS)
